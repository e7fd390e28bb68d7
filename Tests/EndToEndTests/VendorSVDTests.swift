import Foundation
import XCTest

/// Descriptions as vendors write them: the defects the cmsis-svd parser reads past cost only the
/// item they are in (one warning per kind, a refusal of each use of the item, `--strict` to
/// refuse the file), and every CMSIS-SVD file pyOCD 0.46's wheel ships loads.
final class VendorSVDTests: XCTestCase {
    var scratch: Scratch!
    var image: String!
    let defects = DescriptionTests.fixture("defects.svd")

    override func setUpWithError() throws {
        scratch = try Scratch()
        image = try scratch.file("blk.bin", [UInt8](repeating: 0, count: 32))
    }

    func mmio(_ arguments: String...) throws -> Outcome { try MMIOProcess.run(arguments) }

    /// `regs` of a copy of `svd` with `text` replaced: refused (exit 1, nothing listed). The
    /// copy's path and the error.
    func refusedCopy(of svd: String, as name: String, replacing text: String, with replacement: String) throws -> (String, String) {
        let copy = try scratch.text(name, try String(contentsOfFile: svd, encoding: .utf8).replacingOccurrences(of: text, with: replacement))
        let refused = try mmio("regs", "--regs", copy)
        assertOutcome(refused, status: 1, stdout: "")
        return (copy, refused.stderr)
    }

    /// The file is valid against the official SVD schema (the one cmsis-svd ships).
    func assertValidAgainstTheSchema(_ svd: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let schemas = try MMIOProcess.shell(
            "python3 -c 'import cmsis_svd, os; print(os.path.join(os.path.dirname(cmsis_svd.__file__), \"schemas\"))'")
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let valid = try MMIOProcess.shell("xmllint --noout --schema '\(schemas)/CMSIS-SVD_1_3_11.xsd' '\(svd)'")
        XCTAssertTrue(valid.stderr.contains("validates"), valid.stderr, file: file, line: line)
    }

    var warnings: String {
        """
        mmio: warning: \(defects):29: enumerated value WIDE = 5 does not fit in 2 bits: the value is left out
        mmio: warning: \(defects):33: field PAST (bits 7:32) does not fit in a 32-bit register: the field is left out
        mmio: warning: \(defects):37: field NONE: bitWidth 0 at bitOffset 8: the field is left out
        mmio: warning: \(defects):46: <access> 'read' is not an SVD access type: the field is left out
        mmio: warning: \(defects):53: <access> 'read' is not an SVD access type: what it applies to is listed but never accessed
        mmio: warning: \(defects):55: register array 'DATA' has no %s in its name (its elements have no names): the array is left out
        mmio: warning: \(defects):64: <resetValue> '0x' is not a number: the reset value is unknown
        mmio: warning: \(defects):70: register ODD has size 24: mmio accesses 8, 16, 32 or 64 bits: the register is listed but never accessed
        mmio: warning: \(defects):66: a second register named BLK.Reserved: the name is refused (the registers keep their rules)

        """
    }

    func testEachToleratedDefectIsOneWarningAndTheFileLoads() throws {
        assertOutcome(try mmio("regs", "--regs", defects), status: 0, stdout: """
            0x40000000  BLK.GOOD      32  rw  reset 0x00000000
                        [1:0]  MODE  rw  OFF=0x0 ON=0x1 ANY=0b1x
            0x40000004  BLK.STATUS    32  rw  reset 0x00000000  cannot be used: \(defects):53: <access> 'read' is not an SVD access type
            0x40000010  BLK.Reserved  32  rw
            0x40000014  BLK.Reserved  32  rw  reset 0x00000000
            0x40000018  BLK.ODD       32  rw  reset 0x00000000  cannot be used: \(defects):70: register ODD has size 24: mmio accesses 8, 16, 32 or 64 bits

            """, stderr: warnings)
        // What no defect touches works as ever; the warnings come once, however many lines use the file.
        let script = try scratch.text("lines.batch", "read BLK.GOOD.MODE\nwrite BLK.GOOD.MODE ON\nread BLK.GOOD\n")
        assertOutcome(try mmio("batch", "--regs", defects, "-f", image, script), status: 0, stdout: "0x0\n0x00000001\n", stderr: warnings)
    }

    func testAUseOfADefectiveItemIsRefusedNamingTheDefect() throws {
        let refusals: [([String], String)] = [
            (["read", "BLK.STATUS"], "BLK.STATUS cannot be used: \(defects):53: <access> 'read' is not an SVD access type"),
            (["write", "BLK.STATUS", "1"], "BLK.STATUS cannot be used: \(defects):53: <access> 'read' is not an SVD access type"),
            // By number too, and inside a range: the register is there, and nothing about it is trusted.
            (["read", "-n", "2", "--peripheral", "BLK", "0"], "BLK.STATUS cannot be used: \(defects):53: <access> 'read' is not an SVD access type"),
            (["read", "BLK.GOOD.PAST"], "BLK.GOOD.PAST cannot be used: \(defects):33: field PAST (bits 7:32) does not fit in a 32-bit register"),
            (["write", "BLK.GOOD", "NONE=1"], "BLK.GOOD.NONE cannot be used: \(defects):37: field NONE: bitWidth 0 at bitOffset 8"),
            (["read", "BLK.GOOD.FLAG"], "BLK.GOOD.FLAG cannot be used: \(defects):46: <access> 'read' is not an SVD access type"),
            (["write", "BLK.GOOD.MODE", "WIDE"],
             "BLK.GOOD.MODE value WIDE cannot be used: \(defects):29: enumerated value WIDE = 5 does not fit in 2 bits"),
            (["read", "BLK.DATA"], "BLK.DATA cannot be used: \(defects):55: register array 'DATA' has no %s in its name (its elements have no names)"),
            (["read", "BLK.Reserved"], "BLK.Reserved cannot be used: \(defects):66: a second register named BLK.Reserved"),
            (["read", "-w", "32", "--peripheral", "BLK", "0x18"],
             "BLK.ODD cannot be used: \(defects):70: register ODD has size 24: mmio accesses 8, 16, 32 or 64 bits"),
        ]
        for (words, message) in refusals {
            let outcome = try MMIOProcess.run(words + ["--regs", defects, "-f", image])
            assertOutcome(outcome, status: 64, stdout: "", stderr: warnings + "mmio: \(message)\n")
            XCTAssertEqual(try scratch.bytes("blk.bin"), [UInt8](repeating: 0, count: 32), "\(words)")
        }
        // dump passes over the register it may not read, and says why.
        assertOutcome(try mmio("dump", "BLK", "--regs", defects, "-f", image), status: 0, stdout: """
            0x00000000  BLK.GOOD = 0x00000000  MODE=0x0(OFF)
            0x00000004  BLK.STATUS: not read: BLK.STATUS cannot be used: \(defects):53: <access> 'read' is not an SVD access type
            0x00000010  BLK.Reserved = 0x00000000
            0x00000014  BLK.Reserved = 0x00000000
            0x00000018  BLK.ODD: not read: BLK.ODD cannot be used: \(defects):70: register ODD has size 24: mmio accesses 8, 16, 32 or 64 bits

            """, stderr: warnings)
    }

    func testStrictRefusesAFileWithAnyDefect() throws {
        let refused = "mmio: \(defects):29: enumerated value WIDE = 5 does not fit in 2 bits (--strict: a description with a defect is refused)\n"
        assertOutcome(try mmio("regs", "--strict", "--regs", defects), status: 1, stdout: "", stderr: refused)
        assertOutcome(try mmio("read", "--strict", "--regs", defects, "-f", image, "BLK.GOOD"), status: 1, stdout: "", stderr: refused)
        assertOutcome(try mmio("decode", "--strict", "--regs", defects, "BLK.GOOD", "1"), status: 1, stdout: "", stderr: refused)
        let script = try scratch.text("one.batch", "read BLK.GOOD\n")
        assertOutcome(try mmio("batch", "--strict", "--regs", defects, "-f", image, script), status: 1, stdout: "",
                      stderr: "mmio: line 1: " + refused.dropFirst("mmio: ".count))
        // A file without defects is the same with --strict.
        let uart = DocumentationTests.root.appendingPathComponent("examples/uart.svd").path
        assertOutcome(try mmio("decode", "--strict", "--regs", uart, "UART0.CTRL.MODE", "0x2"), status: 0, stderrEmpty: true)
    }

    /// pyOCD 0.46's wheel (fetched from PyPI by `make unit`): all 105 files load, and the ones
    /// with defects the reference parser reads past are exactly these, each refused by --strict.
    /// Each is listed twice with a cache directory of its own: parsed (and kept, where it is
    /// 256 KiB or more), then read from its parsed-map cache file, every byte of the listing and
    /// of the warnings the same.
    func testEveryPyOCDVendorFileLoads() throws {
        let directory = DocumentationTests.root.appendingPathComponent(".build/pyocd-svd").path
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { !$0.hasPrefix(".") }.sorted()
        XCTAssertEqual(files.count, 105, "make unit unpacks pyOCD 0.46's 105 SVD files into \(directory)")
        let cache = scratch.path("cache")
        var withDefects: [String] = []
        var registers = 0
        var kept = 0
        for file in files {
            let path = directory + "/" + file
            // The second run's dynamic loader says whether libxml2 was loaded: it is for a parse
            // of XML, and not for a map read from its cache file.
            let listed = try MMIOProcess.shell("""
                export XDG_CACHE_HOME='\(cache)'; cd '\(scratch.path(""))'; rm -f loader.*
                "$MMIO" regs --json --regs '\(path)' > parsed.json 2> parsed.err; status=$?
                LD_DEBUG=files LD_DEBUG_OUTPUT=loader "$MMIO" regs --json --regs '\(path)' > cached.json 2> cached.err
                cmp -s parsed.json cached.json && cmp -s parsed.err cached.err || echo "read back differently"
                grep -qs 'file=libxml2' loader.* && echo "parsed again"
                cat parsed.err >&2; wc -l < parsed.json; exit $status
                """)
            XCTAssertEqual(listed.status, 0, "\(file): \(listed.stderr)")
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
            if size >= 256 << 10 { kept += 1 }
            let lines = listed.stdout.split(separator: "\n")
            XCTAssertEqual(lines.dropLast(), size >= 256 << 10 ? [] : ["parsed again"], "\(file)")
            registers += lines.last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cache + "/mmio").filter { $0.hasSuffix(".map") }.count,
                           kept, "\(file): a cache file for each file of 256 KiB or more")
            if !listed.stderr.isEmpty {
                withDefects.append(file)
                XCTAssertTrue(listed.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("mmio: warning: \(path):") }, listed.stderr)
                let strict = try MMIOProcess.shell("\"$MMIO\" regs --strict --regs '\(path)' > /dev/null")
                XCTAssertEqual(strict.status, 1, "\(file) --strict")
            }
        }
        XCTAssertEqual(withDefects, [
            "M2354_v1.svd", "M251_v1.svd", "M261_v1.svd", "M460_v1.svd", "M480_v1.svd", "Musca.svd", "Musca_B1.svd",
            "Musca_S1.svd", "max32665.svd", "max32670.svd",
        ])
        print("pyOCD 0.46: \(files.count) files, \(registers) registers loaded; \(withDefects.count) with tolerated defects; "
              + "\(kept) read back from their cache files")
        XCTAssertEqual(kept, 103)
        XCTAssertGreaterThan(registers, 100_000)
    }

    /// Every register of every pyOCD file, field by field, against the reference parser
    /// (svd_compare.py): names, addresses, sizes, access, resets, fields' bits and access and
    /// enumerated values agree, or differ under one of the SPEC's rules (the schema wins, or
    /// mmio left out an item whose defect it warned of), counted here rule by rule. The files
    /// and the archive are pyOCD 0.46's and cmsis-svd 0.6's: the versions are pinned.
    func testEveryPyOCDFileReadsAsTheReferenceParserReadsIt() throws {
        let directory = DocumentationTests.root.appendingPathComponent(".build/pyocd-svd").path
        let compare = DescriptionTests.fixture("svd_compare.py")
        // What the reference parser read of each file: made by `make svd-reference` (over ten
        // minutes for the largest), committed.
        let archive = DescriptionTests.fixture("cmsis-svd-0.6-pyocd-0.46.json.xz")
        let outcome = try MMIOProcess.shell("python3 '\(compare)' --reference '\(archive)' \"$MMIO\" '\(directory)'/*")
        XCTAssertEqual(outcome.status, 0, outcome.stdout + outcome.stderr)
        let files = outcome.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") }
        XCTAssertEqual(files.count, 105, outcome.stdout)
        var registers = 0
        var fields = 0
        var rules: [String: Int] = [:]
        for line in files {
            let parts = line.components(separatedBy: "; ")
            // FILE: N registers M fields compared
            let counts = parts[0].split(separator: " ")
            XCTAssertTrue(counts.count == 6 && counts[5] == "compared", String(line))
            registers += counts.count > 1 ? Int(counts[1]) ?? 0 : 0
            fields += counts.count > 3 ? Int(counts[3]) ?? 0 : 0
            for part in parts.dropFirst() {
                let words = part.components(separatedBy: " by the rule: ")
                if words.count == 2 { rules[words[1], default: 0] += Int(words[0]) ?? 0 }
            }
        }
        print("cmsis-svd and mmio compared on \(files.count) files, \(registers) registers, \(fields) fields; where the schema wins or a defect was warned of:")
        for (rule, count) in rules.sorted(by: { $0.key < $1.key }) { print("  \(count)  \(rule)") }
        XCTAssertGreaterThan(registers, 200_000)
        XCTAssertGreaterThan(fields, 900_000)
        // Each rule was needed: none is a dead letter.
        XCTAssertEqual(Set(rules.keys), [
            "a cluster's register is named PERIPH.CLUSTER.REG, not CLUSTER_REG",
            "prependToName/appendToName are for C headers, not part of a name",
            "blanks around a name are not part of it",
            "don't-care bits (#1x) match several values: cmsis-svd reads x as 0 or as no value",
            "a binary value (0b10) is a value: cmsis-svd reads none",
            "a derived field keeps its enumerated values: cmsis-svd drops them",
            "an enumerated value wider than its field: left out, with a warning",
            "a field that does not fit its register (bitWidth 0, [7:8]): left out, with a warning",
            "an array whose name has no %s: left out, with a warning",
            "a register of a cluster inside a cluster is listed: cmsis-svd leaves it out",
        ], "\(rules)")
    }

    /// derivedFrom through chains, which the reference parser gets wrong for registers (it gives
    /// PDIR1 no fields): the schema wins, a derived element is all of what it derives from. And a
    /// peripheral's second <registers> section is read, not dropped.
    func testDerivationChainsAndSeveralRegisterSectionsAreReadWhole() throws {
        let derived = DescriptionTests.fixture("derived.svd")
        assertOutcome(try mmio("regs", "--regs", derived), status: 0, stdout: """
            0x40030000  SSP1.CR0    32  rw  reset 0x00000000
                        [3:0]  DSS  rw
            0x40030004  SSP1.CR1    32  rw  reset 0x00000000
            0x40088000  SSP0.CR0    32  rw  reset 0x00000000
                        [3:0]  DSS  rw
            0x40088004  SSP0.CR1    32  rw  reset 0x00000000
            0x400ac000  SSP2.CR0    32  rw  reset 0x00000000
                        [3:0]  DSS  rw
            0x400ac004  SSP2.CR1    32  rw  reset 0x00000000
            0x40040000  GPIO.PFR1   32  rw  reset 0x00000000
                        [0]    P0   rw
                        [1]    P1   rw
            0x40040010  GPIO.DDR1   32  rw  reset 0x00000000
                        [0]    P0   rw
                        [1]    P1   rw
            0x40040020  GPIO.PDIR1  32  ro  reset 0x00000000
                        [0]    P0   ro
                        [1]    P1   ro
            0x40050000  SYS.A       32  rw  reset 0x00000000
            0x40050004  SYS.B       32  rw  reset 0x00000000

            """, stderrEmpty: true)
        // The reference parser agrees on every address, width and access (and, but for the
        // register chain it misreads, on every field).
        let reference = try MMIOProcess.shell("python3 '\(DescriptionTests.fixture("svd_reference.py"))' '\(derived)'")
        XCTAssertEqual(reference.status, 0, reference.stderr)
        let addresses = reference.stdout.split(separator: "\n").compactMap { line -> String? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let address = object["address"] as? Int, let access = object["access"] as? String else { return nil }
            return String(format: "0x%08x ", address) + access
        }
        XCTAssertEqual(addresses.sorted(), [
            "0x40030000 rw", "0x40030004 rw", "0x40040000 rw", "0x40040010 rw", "0x40040020 ro", "0x40050000 rw",
            "0x40050004 rw", "0x40088000 rw", "0x40088004 rw", "0x400ac000 rw", "0x400ac004 rw",
        ])
        // A chain that comes back on itself is malformed.
        let (looped, refused) = try refusedCopy(
            of: derived, as: "looped.svd", replacing: "<peripheral>\n      <name>SSP1</name>",
            with: "<peripheral derivedFrom=\"SSP2\">\n      <name>SSP1</name>")
        XCTAssertTrue(refused.hasPrefix("mmio: \(looped):"), refused)
        XCTAssertTrue(refused.hasSuffix(": the chain of derivations comes back on itself\n"), refused)
    }

    /// `derivedFrom` naming an element of an array (Renesas' `P100PFS` from `P000PFS`, an element
    /// of `P00%sPFS`): the derived register gets the element's fields, enumerated values and
    /// properties, but not its dimensions; a chain on from it too. The reference parser gives
    /// such a register no fields at all, and the chain's last link not its access (the schema
    /// wins); it agrees on the addresses.
    func testADerivationFromAnElementOfAnArray() throws {
        let svd = DescriptionTests.fixture("array-element.svd")
        try assertValidAgainstTheSchema(svd)
        assertOutcome(try mmio("regs", "--regs", svd), status: 0, stdout: """
            0x40080800  PFS.P000PFS  32  rw  reset 0x00000000
                        [0]  PODR  rw  LOW=0x0 HIGH=0x1
                        [2]  PDR   rw
            0x40080804  PFS.P001PFS  32  rw  reset 0x00000000
                        [0]  PODR  rw  LOW=0x0 HIGH=0x1
                        [2]  PDR   rw
            0x40080840  PFS.P100PFS  32  rw  reset 0x00000000
                        [0]  PODR  rw  LOW=0x0 HIGH=0x1
                        [2]  PDR   rw
            0x40080844  PFS.P101PFS  32  ro  reset 0x00000000
                        [0]  PODR  ro  LOW=0x0 HIGH=0x1
                        [2]  PDR   ro
            0x40080848  PFS.P102PFS  32  ro  reset 0x00000000
                        [0]  PODR  ro  LOW=0x0 HIGH=0x1
                        [2]  PDR   ro

            """, stderrEmpty: true)
        let reference = try MMIOProcess.shell("python3 '\(DescriptionTests.fixture("svd_reference.py"))' '\(svd)'")
        XCTAssertEqual(reference.status, 0, reference.stderr)
        let derived = reference.stdout.split(separator: "\n").compactMap { line -> String? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let address = object["address"] as? Int, let access = object["access"] as? String,
                let fields = object["fields"] as? [Any], address >= 0x4008_0840 else { return nil }
            return String(format: "0x%08x %@ %d fields", address, access, fields.count)
        }
        XCTAssertEqual(derived, ["0x40080840 rw 0 fields", "0x40080844 ro 0 fields", "0x40080848 rw 0 fields"])
        // By name, as any register: the element's enumerated values apply.
        let image = try scratch.file("pfs.bin", [UInt8](repeating: 0, count: 0x50))
        assertOutcome(try mmio("write", "--regs", svd, "-f", image, "--peripheral", "PFS", "P100PFS", "PODR=HIGH"), status: 0, stdout: "")
        assertOutcome(try mmio("read", "--regs", svd, "-f", image, "P100PFS.PODR"), status: 0, stdout: "0x1\n")
        assertOutcome(try mmio("write", "--regs", svd, "-f", image, "P101PFS", "1"), status: 64, stdout: "",
                      stderrContains: ["P101PFS is read-only"])
        // The reference parser, rule by rule.
        let compared = try MMIOProcess.shell("python3 '\(DescriptionTests.fixture("svd_compare.py"))' \"$MMIO\" '\(svd)'")
        assertOutcome(compared, status: 0, stdout: "array-element.svd: 5 registers 4 fields compared; 7 by the rule: "
            + "a derived register keeps what it derives (fields, access): cmsis-svd drops it\n")
        // An element that is not there names nothing.
        let (_, refused) = try refusedCopy(
            of: svd, as: "missing.svd", replacing: "derivedFrom=\"P001PFS\"", with: "derivedFrom=\"P009PFS\"")
        XCTAssertTrue(refused.hasSuffix(": derivedFrom 'P009PFS' names nothing at this level\n"), refused)
    }

    /// The schema's alternates (`alternateRegister`, `alternateGroup`: registers at one address)
    /// and array forms (`dimIndex` as a list, `dimArrayIndex`), valid against the schema, read as
    /// the reference parser reads them; a number there applies the rules of the registers the
    /// access may be made to, a name its own register's.
    func testAlternatesAndArrayIndexForms() throws {
        let svd = DescriptionTests.fixture("alternates.svd")
        try assertValidAgainstTheSchema(svd)
        assertOutcome(try mmio("regs", "--regs", svd), status: 0, stdout: """
            0x40000018  TIM.CCMR_Output  32  rw  reset 0x00000000
                        [6:4]  OCM  rw
            0x40000018  TIM.CCMR_Input   32  rw  reset 0x00000000
                        [7:4]  ICF  rw
            0x40000020  TIM.PRESCALE_RD  32  ro  reset 0x00000000
            0x40000020  TIM.PRESCALE_WR  32  wo  reset 0x00000000
            0x40000030  TIM.CH_A         32  rw  reset 0x00000000
            0x40000034  TIM.CH_B         32  rw  reset 0x00000000
            0x40000038  TIM.CH_C         32  rw  reset 0x00000000

            """, stderrEmpty: true)
        let compared = try MMIOProcess.shell("python3 '\(DescriptionTests.fixture("svd_compare.py"))' \"$MMIO\" '\(svd)'")
        assertOutcome(compared, status: 0, stdout: "alternates.svd: 7 registers 2 fields compared\n")
        let image = try scratch.file("tim.bin", [UInt8](repeating: 0, count: 0x40))
        assertOutcome(try mmio("write", "--regs", svd, "-f", image, "--peripheral", "TIM", "0x20", "5"), status: 0, stdout: "")
        assertOutcome(try mmio("read", "--regs", svd, "-f", image, "--peripheral", "TIM", "0x20"), status: 0, stdout: "0x00000005\n")
        assertOutcome(try mmio("read", "--regs", svd, "-f", image, "TIM.PRESCALE_WR"), status: 64, stdout: "",
                      stderrContains: ["PRESCALE_WR is write-only"])
        assertOutcome(try mmio("write", "--regs", svd, "-f", image, "TIM.PRESCALE_RD", "1"), status: 64, stdout: "",
                      stderrContains: ["PRESCALE_RD is read-only"])
        assertOutcome(try mmio("write", "--regs", svd, "-f", image, "TIM.CCMR_Input", "ICF=3"), status: 0, stdout: "")
        assertOutcome(try mmio("read", "--regs", svd, "-f", image, "TIM.CCMR_Output.OCM"), status: 0, stdout: "0x3\n")
        assertOutcome(try mmio("read", "--regs", svd, "-f", image, "TIM.CH_B"), status: 0, stdout: "0x00000000\n")
    }

    /// SVD's don't-care bits (`#1xx`, `0b0X1`) and `isDefault` name every value they match,
    /// after the exact values; as a value to write they are refused, for they stand for several.
    func testDontCareBitsAndTheDefaultNameTheValuesTheyMatch() throws {
        let svd = try scratch.text("dont-care.svd", """
            <device><peripherals><peripheral><name>P</name><baseAddress>0</baseAddress><registers><register><name>R</name>
            <addressOffset>0</addressOffset><fields><field><name>M</name><bitRange>[2:0]</bitRange><enumeratedValues>
            <enumeratedValue><name>OFF</name><value>0</value></enumeratedValue>
            <enumeratedValue><name>HIGH</name><value>#1xx</value></enumeratedValue>
            <enumeratedValue><name>ODD</name><value>0b0X1</value></enumeratedValue>
            <enumeratedValue><name>OTHER</name><isDefault>true</isDefault></enumeratedValue>
            </enumeratedValues></field></fields></register></registers></peripheral></peripherals></device>
            """)
        assertOutcome(try mmio("regs", "--regs", svd), status: 0, stdout: """
            0x00000000  P.R  32  rw
                        [2:0]  M  rw  OFF=0x0 HIGH=#1xx ODD=0b0X1 OTHER=default

            """, stderrEmpty: true)
        for (value, name) in [(0, "OFF"), (1, "ODD"), (2, "OTHER"), (3, "ODD"), (4, "HIGH"), (7, "HIGH")] {
            assertOutcome(try mmio("decode", "--regs", svd, "P.R.M", "\(value)"), status: 0,
                          stdout: "P.R = 0x0000000\(value)\n  [2:0] M = 0x\(value) (\(name))\n", stderrEmpty: true)
        }
        assertOutcome(try mmio("write", "--regs", svd, "-f", image, "P.R.M", "HIGH"), status: 64, stdout: "",
                      stderr: "mmio: P.R.M value HIGH stands for several values (#1xx): give a number\n")
        assertOutcome(try mmio("write", "--regs", svd, "-f", image, "P.R.M", "OFF"), status: 0, stdout: "", stderrEmpty: true)
        XCTAssertEqual(try scratch.bytes("blk.bin"), [UInt8](repeating: 0, count: 32))
        let json = try mmio("regs", "--json", "--regs", svd)
        XCTAssertTrue(json.stdout.contains(##""enum_patterns":[{"name":"HIGH","pattern":"#1xx"},{"name":"ODD","pattern":"0b0X1"},{"name":"OTHER","pattern":"default"}]"##), json.stdout)
    }

    /// With pyOCD's largest file (24 MB, 273,324 names), a TAB after part of a name gets only the
    /// names that start with it: handing the shell every name made bash filter them for a minute.
    func testACompletionOfTheLargestDescriptionOffersOnlyWhatMatches() throws {
        let largest = DocumentationTests.root.appendingPathComponent(".build/pyocd-svd/MIMXRT1176_cm7.xml").path
        let offered = try MMIOProcess.run(
            ["---completion", "read", "--", "positional@0", "4", "10", "mmio", "read", "--regs", largest, "LPUART1.CT"])
        XCTAssertEqual(offered.status, 0, offered.stderr)
        let names = offered.stdout.split(separator: "\n")
        XCTAssertEqual(names.count, 29, offered.stdout)
        XCTAssertTrue(names.allSatisfy { $0.hasPrefix("LPUART1.CT") }, offered.stdout)
        XCTAssertTrue(names.contains("LPUART1.CTRL") && names.contains("LPUART1.CTRL.PE"), offered.stdout)
        // A value after the register: its fields, then a field's enumerated names.
        let fields = try MMIOProcess.run(
            ["---completion", "write", "--", "positional@1", "5", "1", "mmio", "write", "--regs", largest, "LPUART1.CTRL", "P"])
        XCTAssertEqual(fields.stdout, "PT=\nPE=\nPEIE=\n", fields.stderr)
        let values = try MMIOProcess.run(
            ["---completion", "write", "--", "positional@1", "5", "3", "mmio", "write", "--regs", largest, "LPUART1.CTRL", "PT="])
        XCTAssertEqual(values.stdout, "PT=EVEN\nPT=ODD\n", values.stderr)
    }
}
