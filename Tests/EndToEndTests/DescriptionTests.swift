import Foundation
import XCTest

/// Register descriptions (`--regs`): CMSIS-SVD checked against the official schema and the
/// cmsis-svd parser, IP-XACT made by PeakRDL during the run, mmio's plain format; names
/// wherever an address goes, and the description's safety rules, each seen through `--trace`
/// and the target's bytes.
final class DescriptionTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Descriptions")
    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    var scratch: Scratch!
    /// 256 bytes counting 0x00...0xff: UART0's registers as offsets inside a file.
    var image: String!
    let svd = fixture("uart.svd")

    override func setUpWithError() throws {
        scratch = try Scratch()
        image = try scratch.file("uart.bin", (0..<256).map { UInt8($0) })
    }

    func mmio(_ arguments: String...) throws -> Outcome { try MMIOProcess.run(arguments) }

    /// Runs a tool the test needs; a missing tool fails the test (CI installs them), never skips it.
    func tool(_ script: String) throws -> Outcome {
        let outcome = try MMIOProcess.shell(script)
        XCTAssertEqual(outcome.status, 0, "\(script): \(outcome.stderr)")
        return outcome
    }

    // MARK: CMSIS-SVD

    func testTheSVDFilesAreValidAgainstTheOfficialSchema() throws {
        let schemas = try tool(
            "python3 -c 'import cmsis_svd, os; print(os.path.join(os.path.dirname(cmsis_svd.__file__), \"schemas\"))'")
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // The test fixture, the lab's description of QEMU's edu device, and the quick start's UART.
        let root = Self.fixtures.deletingLastPathComponent().deletingLastPathComponent()
        let edu = root.appendingPathComponent("lab/edu.svd").path
        for file in [svd, edu, root.appendingPathComponent("examples/uart.svd").path] {
            let outcome = try tool("xmllint --noout --schema '\(schemas)/CMSIS-SVD_1_3_11.xsd' '\(file)'")
            XCTAssertTrue(outcome.stderr.contains("validates"), outcome.stderr)
        }
    }

    /// mmio reads the same registers, addresses, sizes, access, resets, fields and enumerated
    /// values as the cmsis-svd package's own parser.
    func testSVDReadsAsTheReferenceParserReadsIt() throws {
        let reference = try tool("python3 '\(Self.fixture("svd_reference.py"))' '\(svd)'").stdout
        let ours = try mmio("regs", "--json", "--regs", svd)
        XCTAssertEqual(ours.status, 0, ours.stderr)
        let theirs = try Self.summaries(reference)
        let mine = try Self.summaries(ours.stdout)
        XCTAssertEqual(mine.count, 32)
        XCTAssertEqual(mine, theirs)
    }

    // MARK: Names

    func testNamesStandForOffsetsOnAFileWithTheRegistersWidth() throws {
        let cases: [([String], String)] = [
            (["UART0.CTRL"], "0x03020100\n"),
            (["UART1.ID"], "0x13121110\n"),
            (["TIMER.CTRL"], "0x0100\n"),  // 16 bits: the peripheral's <size>
            (["--force", "UART0.DATA"], "0x0908\n"),  // 16 bits: the register's <size>
            (["UART0.FIFO2"], "0x2b2a2928\n"),
            (["UART0.FIFO[2]"], "0x2b2a2928\n"),  // X[3] also names X%s's element 3
            (["UART0.PAD[B]"], "0x31\n"),
            (["UART0.CH1.CFG"], "0x53525150\n"),
            (["UART0.CH[1].CFG"], "0x53525150\n"),
            (["UART0.CTRL.DIV"], "0x01\n"),  // a field, as --bits 15:8 prints it

        ]
        for (words, expected) in cases {
            assertOutcome(try MMIOProcess.run(["read", "-f", image, "--regs", svd] + words), status: 0, stdout: expected, stderrEmpty: true)
        }
        assertOutcome(
            try mmio("read", "-f", image, "--regs", svd, "--decode", "UART0.CTRL"), status: 0,
            stdout: """
                UART0.CTRL = 0x03020100
                  [0]    EN   = 0x0 (OFF)
                  [2:1]  MODE = 0x0 (IDLE)
                  [15:8] DIV  = 0x01

                """, stderrEmpty: true)
        assertOutcome(
            try mmio("read", "-f", image, "--regs", svd, "--json", "--decode", "UART0.CTRL.DIV"), status: 0,
            stdout: #"{"address":"0x00000000","width":32,"name":"UART0.CTRL","value":"0x03020100","fields":[{"name":"DIV","bits":"15:8","value":"0x01"}]}"#
                + "\n")
        assertOutcome(
            try mmio("read", "-f", image, "--regs", svd, "--json", "UART0.CTRL.MODE"), status: 0,
            stdout: #"{"address":"0x00000000","width":32,"bits":"2:1","value":"0x0","name":"UART0.CTRL.MODE"}"#
                + "\n")
    }

    func testAmbiguousUnknownAndMisfitNamesAreUsageErrors() throws {
        let cases: [([String], String)] = [
            (["read", "CTRL"], "'CTRL' names 3 registers: UART0.CTRL, UART1.CTRL, TIMER.CTRL; give more of the path"),
            (["read", "FIFO3"], "'FIFO3' names 2 registers: UART0.FIFO3, UART1.FIFO3"),
            (["read", "UART0.CTLR"], "no register 'UART0.CTLR' in \(svd); did you mean UART0.CTRL"),
            (["read", "UART0.CTRL.SPEED"], "register UART0.CTRL has no field 'SPEED'; its fields: EN, MODE, DIV"),
            (["read", "-w", "16", "UART0.CTRL"], "UART0.CTRL is a 32-bit register; -w 16 disagrees"),
            (["read", "--bits", "3:0", "UART0.CTRL.DIV"], "UART0.CTRL.DIV is a field already; --bits does not go with it"),
            (["write", "UART0.CTRL.MODE", "FAST"], "UART0.CTRL.MODE has no value 'FAST'; its values: IDLE, RX, TX, BOTH"),
            (["write", "UART0.CTRL.DIV", "0x100"], "value 0x100 does not fit in UART0.CTRL.DIV (bits 15:8, 8 bits)"),
            (["write", "UART0.CTRL", "SPEED=1"], "register UART0.CTRL has no field 'SPEED'"),
            (["write", "UART0.CTRL", "ON"], "UART0.CTRL is a whole register: its VALUE is a number"),
            (["set", "UART0.CTRL.EN", "1"], "set UART0.CTRL.EN changes the whole field; give no MASK"),
            (["poll", "--mask", "1", "UART0.CTRL.EN"], "poll UART0.CTRL.EN watches the field; give no --mask"),
        ]
        for (words, fragment) in cases {
            let outcome = try MMIOProcess.run([words[0], "--trace", "-f", image, "--regs", svd] + words.dropFirst())
            assertOutcome(outcome, status: 64, stdout: "", stderrContains: [fragment])
            XCTAssertEqual(try scratch.bytes("uart.bin"), (0..<256).map { UInt8($0) }, "\(words)")
        }
    }

    /// On physical memory a name is the absolute address: peripheral base plus offset.
    func testNamesAreAbsoluteAddressesOnPhysicalMemory() throws {
        try scratch.sparse("dev/mem", size: 0x4000_4000)
        let dev = scratch.path("dev")
        assertOutcome(try mmio("write", "--dev-root", dev, "--regs", svd, "--trace", "UART1.FIFO1", "0x12345678"), status: 0, stdout: "")
        assertOutcome(try mmio("read", "--dev-root", dev, "0x40002024"), status: 0, stdout: "0x12345678\n")
        assertOutcome(
            try mmio("write", "--dev-root", dev, "--regs", svd, "--trace", "TIMER.CTRL.START", "1"), status: 0, stdout: "")
        assertOutcome(try mmio("read", "--dev-root", dev, "-w", "16", "0x40003000"), status: 0, stdout: "0x0001\n")
    }

    func testWithoutADescriptionANameIsAUsageErrorAndMMIORegsGivesOne() throws {
        assertOutcome(
            try mmio("read", "-f", image, "UART0.CTRL"), status: 64, stdout: "",
            stderrContains: ["'UART0.CTRL' is not a number; a register name needs a description (--regs FILE or MMIO_REGS)"])
        assertOutcome(try mmio("read", "-f", image, "--decode", "0"), status: 64, stderrContains: ["--decode needs a register description"])
        assertOutcome(
            try MMIOProcess.run(["read", "-f", image, "UART0.ID"], environment: ["MMIO_REGS": svd]), status: 0, stdout: "0x13121110\n")
        // --regs wins over MMIO_REGS.
        assertOutcome(
            try MMIOProcess.run(["read", "-f", image, "--regs", Self.fixture("board.regs"), "UART0.FIFO[1]"],
                                environment: ["MMIO_REGS": svd]), status: 0, stdout: "0x27262524\n")
    }

    // MARK: Safety

    /// STATUS holds 0x0f: RXNE (read-only), TC and ORE (write 1 to clear) and WAKE (write 1 to
    /// set) all 1. Setting TC writes ORE and WAKE as 0, so neither is cleared or set by accident,
    /// and writes RXNE back as read.
    func testAReadModifyWriteNeverClearsAnotherWrite1ToClearBit() throws {
        image = try scratch.file("uart.bin", [0, 1, 2, 3, 0x0f, 0, 0, 0] + [UInt8](repeating: 0, count: 248))
        let outcome = try mmio("set", "--trace", "-f", image, "--regs", svd, "UART0.STATUS.TC")
        assertOutcome(outcome, status: 0, stdout: "")
        XCTAssertEqual(outcome.stderr, "r32 0x00000004 -> 0x0000000f\nw32 0x00000004 <- 0x00000003\n")
        XCTAssertEqual(Array(try scratch.bytes("uart.bin")[4..<8]), [0x03, 0, 0, 0])

        image = try scratch.file("uart.bin", [0, 1, 2, 3, 0x0f, 0, 0, 0] + [UInt8](repeating: 0, count: 248))
        let clear = try mmio("clear", "--trace", "-f", image, "--regs", svd, "UART0.STATUS", "0x100")
        XCTAssertEqual(clear.stderr, "r32 0x00000004 -> 0x0000000f\nw32 0x00000004 <- 0x00000001\n")

        let fields = try mmio("write", "--trace", "-f", image, "--regs", svd, "UART0.CTRL", "MODE=TX", "EN=ON")
        assertOutcome(fields, status: 0, stdout: "")
        XCTAssertEqual(fields.stderr, "r32 0x00000000 -> 0x03020100\nw32 0x00000000 <- 0x03020105\n")
        let verify = try mmio("write", "--verify", "--trace", "-f", image, "--regs", svd, "UART0.CTRL.DIV", "0x7f")
        XCTAssertEqual(
            verify.stderr, "r32 0x00000000 -> 0x03020105\nw32 0x00000000 <- 0x03027f05\nr32 0x00000000 -> 0x03027f05\n")
    }

    func testTheDescriptionsAccessRulesRefuseBeforeAnyAccess() throws {
        let refused: [([String], String)] = [
            (["write", "UART0.ID", "1"], "UART0.ID is read-only: mmio does not write it"),
            (["write", "UART0.STATUS.RXNE", "1"], "UART0.STATUS.RXNE is read-only"),
            (["set", "UART0.STATUS", "1"], "UART0.STATUS.RXNE is read-only"),
            (["read", "UART0.KEY"], "UART0.KEY is write-only: mmio does not read it"),
            (["set", "UART0.KEY", "1"], "UART0.KEY is write-only: mmio does not read-modify-write it"),
            (["read", "UART0.DATA"], "reading UART0.DATA has side effects"),
            (["poll", "UART0.DATA.BYTE"], "reading UART0.DATA.BYTE has side effects"),
            (["write", "UART0.DATA.BYTE", "1"], "reading UART0.DATA has side effects"),
            (["expect", "UART0.DATA", "0"], "--force reads it anyway"),
        ]
        for (words, fragment) in refused {
            let outcome = try MMIOProcess.run([words[0], "--trace", "-f", image, "--regs", svd] + words.dropFirst())
            assertOutcome(outcome, status: 64, stdout: "", stderrContains: [fragment])
            XCTAssertEqual(try scratch.bytes("uart.bin"), (0..<256).map { UInt8($0) }, "\(words)")
        }
        // A whole-register write of a write-only register is allowed, and makes no read.
        let key = try mmio("write", "--trace", "-f", image, "--regs", svd, "UART0.KEY", "0xc0de")
        assertOutcome(key, status: 0, stdout: "")
        XCTAssertEqual(key.stderr, "w32 0x0000000c <- 0x0000c0de\n")
        // --force allows a read with side effects.
        let forced = try mmio("write", "--force", "--trace", "-f", image, "--regs", svd, "UART0.DATA.BYTE", "0x55")
        XCTAssertEqual(forced.stderr, "r16 0x00000008 -> 0x0908\nw16 0x00000008 <- 0x0955\n")
    }

    func testDumpWithADescriptionDecodesEachRegisterAndSkipsTheUnreadable() throws {
        let outcome = try mmio("dump", "-f", image, "--regs", Self.fixture("board.regs"), "UART0.CTRL", "0x10")
        assertOutcome(
            outcome, status: 0,
            stdout: """
                0x00000000  UART0.CTRL = 0x03020100  EN=0x0(OFF) MODE=0x0(IDLE) DIV=0x01
                0x00000004  UART0.STATUS = 0x07060504  RXNE=0x0 TC=0x0 ORE=0x1
                0x00000008  UART0.DATA: not read: reading UART0.DATA has side effects (the description says a read changes it); --force reads it anyway
                0x0000000c  UART0.KEY: not read: UART0.KEY is write-only: mmio does not read it

                """, stderrEmpty: true)
        let traced = try mmio("dump", "--trace", "-f", image, "--regs", Self.fixture("board.regs"), "UART0.CTRL", "0x10")
        XCTAssertEqual(traced.stderr, "r32 0x00000000 -> 0x03020100\nr32 0x00000004 -> 0x07060504\n", "only the readable are read")
    }

    // MARK: Batch

    func testABatchUsesNamesAndRefusesABadNameBeforeLineOne() throws {
        let good = try scratch.text("good.txt", "write UART0.CTRL MODE=RX EN=ON\nread UART0.CTRL.MODE\nexpect UART0.CTRL.EN ON\nread UART0.FIFO[3]\n")
        assertOutcome(try mmio("batch", "-f", image, "--regs", svd, good), status: 0, stdout: "0x1\n0x2f2e2d2c\n", stderrEmpty: true)
        let bad = try scratch.text("bad.txt", "write UART0.FIFO0 1\nwrite UART0.FIFO1 2\nwrite UART0.FIFO9 3\n")
        let outcome = try mmio("batch", "--trace", "-f", image, "--regs", svd, bad)
        assertOutcome(outcome, status: 64, stdout: "", stderrContains: ["line 3: no register 'UART0.FIFO9'", "did you mean"])
        XCTAssertEqual(Array(try scratch.bytes("uart.bin")[0x20..<0x28]), Array(0x20..<0x28).map { UInt8($0) }, "nothing written")
        // A line's own --regs wins over the batch's.
        let own = try scratch.text("own.txt", "read --regs \(Self.fixture("board.regs")) UART0.FIFO[0]\nread UART0.FIFO0\n")
        assertOutcome(try mmio("batch", "-f", image, "--regs", svd, own), status: 0, stdout: "0x23222120\n0x23222120\n")
    }

    /// Shapes the fixture lacks: a register derived from another, clusters in clusters with an
    /// array, sizes inherited from the device, write-0-to-clear fields; and IP-XACT 2009 register
    /// files.
    func testMoreShapes() throws {
        let svd = try scratch.text("shapes.svd", """
            <device><size>8</size><peripherals><peripheral><name>P</name><baseAddress>0x100</baseAddress><registers>
            <register><name>A</name><addressOffset>0</addressOffset><fields>
              <field><name>G</name><bitRange>[0:0]</bitRange></field>
              <field><name>F</name><bitOffset>1</bitOffset><bitWidth>2</bitWidth><modifiedWriteValues>zeroToClear</modifiedWriteValues></field>
            </fields></register>
            <register derivedFrom="A"><name>B</name><addressOffset>1</addressOffset></register>
            <cluster><name>OUT</name><addressOffset>0x10</addressOffset>
              <cluster><name>IN[%s]</name><dim>2</dim><dimIncrement>4</dimIncrement><addressOffset>0x4</addressOffset>
                <register><name>X</name><addressOffset>0</addressOffset><size>32</size></register>
              </cluster>
            </cluster>
            </registers></peripheral></peripherals></device>
            """)
        assertOutcome(
            try mmio("regs", "--regs", svd), status: 0,
            stdout: """
                0x00000100  P.A            8   rw
                            [0]    G  rw
                            [2:1]  F  rw  zeroToClear
                0x00000101  P.B            8   rw
                            [0]    G  rw
                            [2:1]  F  rw  zeroToClear
                0x00000114  P.OUT.IN[0].X  32  rw
                0x00000118  P.OUT.IN[1].X  32  rw

                """, stderrEmpty: true)
        assertOutcome(try mmio("read", "-f", image, "--regs", svd, "IN[1].X"), status: 0, stdout: "0x1b1a1918\n")
        assertOutcome(try mmio("read", "-f", image, "--regs", svd, "X"), status: 64, stderrContains: ["'X' names 2 registers"])
        // Setting G writes F as ones: a write-0-to-clear field is left alone by writing 1.
        let zeros = try scratch.file("zeros.bin", [UInt8](repeating: 0, count: 8))
        let set = try mmio("set", "--trace", "-f", zeros, "--regs", svd, "P.B.G")
        XCTAssertEqual(set.stderr, "r8 0x00000001 -> 0x00\nw8 0x00000001 <- 0x07\n")

        let ipxact = try scratch.text("files.xml", """
            <spirit:component xmlns:spirit="http://www.spiritconsortium.org/XMLSchema/SPIRIT/1685-2009"><spirit:memoryMaps>
            <spirit:memoryMap><spirit:name>m</spirit:name><spirit:addressBlock><spirit:name>B</spirit:name>
            <spirit:baseAddress>0x1000</spirit:baseAddress><spirit:width>16</spirit:width>
            <spirit:registerFile><spirit:name>RF</spirit:name><spirit:dim>2</spirit:dim>
              <spirit:addressOffset>'h10</spirit:addressOffset><spirit:range>8</spirit:range>
              <spirit:register><spirit:name>R</spirit:name><spirit:addressOffset>2</spirit:addressOffset><spirit:size>16</spirit:size>
                <spirit:field><spirit:name>F</spirit:name><spirit:bitOffset>0</spirit:bitOffset><spirit:bitWidth>4</spirit:bitWidth>
                <spirit:access>read-only</spirit:access></spirit:field></spirit:register>
            </spirit:registerFile></spirit:addressBlock></spirit:memoryMap></spirit:memoryMaps></spirit:component>
            """)
        assertOutcome(
            try mmio("regs", "--regs", ipxact), status: 0,
            stdout: """
                0x00001012  B.RF[0].R  16  ro
                            [3:0]  F  ro
                0x0000101a  B.RF[1].R  16  ro
                            [3:0]  F  ro

                """, stderrEmpty: true)
        assertOutcome(try mmio("read", "-f", image, "--regs", ipxact, "RF[1].R.F"), status: 0, stdout: "0xa\n")
    }

    /// The schema's enumerated words, as vendors spell them: any case, blanks around them
    /// (Nordic's `read-writeonce`), and `write` for write-only as the reference parser reads it.
    func testAccessAndWriteEffectWordsInAnyCase() throws {
        let svd = try scratch.text("words.svd", """
            <device><size>32</size><peripherals><peripheral><name>P</name><baseAddress>0</baseAddress><registers>
            <register><name>A</name><addressOffset>0</addressOffset><access>read-writeonce</access><fields>
              <field><name>F</name><bitRange>[0:0]</bitRange><access> Read-Only </access></field>
              <field><name>G</name><bitRange>[1:1]</bitRange><modifiedWriteValues>OneToClear</modifiedWriteValues></field>
            </fields></register>
            <register><name>B</name><addressOffset>4</addressOffset><access>write</access></register>
            <register><name>C</name><addressOffset>8</addressOffset><access>WRITEONCE</access></register>
            </registers></peripheral></peripherals></device>
            """)
        assertOutcome(
            try mmio("regs", "--regs", svd), status: 0,
            stdout: """
                0x00000000  P.A  32  rw
                            [0]  F  ro
                            [1]  G  rw  oneToClear
                0x00000004  P.B  32  wo
                0x00000008  P.C  32  wo

                """, stderrEmpty: true)
        let words = try scratch.text("bad-word.svd", """
            <device><size>32</size><peripherals><peripheral><name>P</name><baseAddress>0</baseAddress><registers>
            <register><name>A</name><addressOffset>0</addressOffset><access>read-sometimes</access></register>
            </registers></peripheral></peripherals></device>
            """)
        // A word the schema does not have is a tolerated defect: the register is listed, never accessed.
        assertOutcome(try mmio("regs", "--regs", words), status: 0,
                      stdout: "0x00000000  P.A  32  rw  cannot be used: \(words):2: <access> 'read-sometimes' is not an SVD access type\n",
                      stderr: "mmio: warning: \(words):2: <access> 'read-sometimes' is not an SVD access type: what it applies to is listed but never accessed\n")
    }

    /// By name, messages name the register, the field and its enumerated values; `poll
    /// REG.FIELD` prints the field; a wrong case is refused with the right spelling.
    func testMessagesByNameAndFieldsInPoll() throws {
        let uart = DocumentationTests.root.appendingPathComponent("examples/uart.svd").path
        let regs = try scratch.file("uart.bin", [0x05, 0x1a, 0, 0] + [UInt8](repeating: 0, count: 60))
        func named(_ arguments: String...) throws -> Outcome {
            try MMIOProcess.run([arguments[0], "--regs", uart, "-f", regs] + arguments.dropFirst())
        }
        assertOutcome(try named("expect", "UART0.CTRL.MODE", "IDLE"), status: 3, stdout: "",
                      stderr: "mmio: expect failed: UART0.CTRL.MODE: expected IDLE (0x0), read TX (0x2)\n")
        assertOutcome(try named("expect", "UART0.CTRL.EN", "1"), status: 0, stdout: "", stderrEmpty: true)
        assertOutcome(try named("expect", "UART0.CTRL", "5"), status: 3, stdout: "",
                      stderr: "mmio: expect failed: UART0.CTRL: expected 0x00000005, read 0x00001a05\n")
        // A mask given by hand keeps the numeric message: it says which bits were compared.
        assertOutcome(try named("expect", "UART0.CTRL", "6", "--mask", "0xff"), status: 3, stdout: "",
                      stderr: "mmio: expect failed at 0x00000000: expected 0x00000006, read 0x00001a05 (mask 0x000000ff)\n")
        assertOutcome(try named("poll", "UART0.CTRL.MODE", "--value", "TX", "--timeout", "10ms"), status: 0,
                      stdout: "0x2\n", stderrEmpty: true)
        assertOutcome(try named("poll", "UART0.CTRL.MODE", "--value", "RX", "--timeout", "10ms"), status: 2, stdout: "0x2\n",
                      stderr: "mmio: poll timed out after 10ms: UART0.CTRL.MODE: last value TX (0x2), waiting for RX (0x1)\n")
        assertOutcome(try named("poll", "--json", "UART0.CTRL.DIV", "--value", "26", "--timeout", "10ms"), status: 0,
                      stdout: "{\"address\":\"0x00000000\",\"width\":32,\"bits\":\"15:8\",\"value\":\"0x1a\",\"matched\":true}\n")
        assertOutcome(try named("poll", "UART0.CTRL", "--value", "0x1a05", "--timeout", "10ms"), status: 0, stdout: "0x00001a05\n")
        assertOutcome(try named("write", "UART0.CTRL", "MODE=tx"), status: 64, stdout: "",
                      stderr: "mmio: UART0.CTRL.MODE has no value 'tx'; did you mean TX? (its values: IDLE, RX, TX, BOTH)\n")
        assertOutcome(try named("write", "UART0.CTRL", "mode=TX"), status: 64, stdout: "",
                      stderr: "mmio: register UART0.CTRL has no field 'mode'; did you mean MODE? (its fields: EN, MODE, DIV)\n")
        assertOutcome(try named("read", "UART0.CTRL.div"), status: 64, stdout: "",
                      stderr: "mmio: register UART0.CTRL has no field 'div'; did you mean DIV? (its fields: EN, MODE, DIV)\n")
        assertOutcome(try named("read", "UART0.ID.X"), status: 64, stdout: "",
                      stderr: "mmio: register UART0.ID has no field 'X' (it has no fields)\n")
        XCTAssertEqual(try scratch.bytes("uart.bin"), [0x05, 0x1a, 0, 0] + [UInt8](repeating: 0, count: 60))
    }

    /// A peripheral's name alone is its first register where an ADDRESS goes, and its registers
    /// in `regs`; an array index past the end says so.
    func testPeripheralNamesAndArrayIndices() throws {
        assertOutcome(try mmio("read", "--regs", svd, "-f", image, "UART1"), status: 0, stdout: "0x03020100\n", stderrEmpty: true)
        let listed = try mmio("regs", "--regs", svd, "TIMER")
        assertOutcome(listed, status: 0, stderrEmpty: true)
        XCTAssertEqual(listed.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") }.map { String($0.prefix(23)) },
                       ["0x40003000  TIMER.CTRL ", "0x40003004  TIMER.COUNT"])
        let dumped = try mmio("dump", "--regs", svd, "-f", image, "TIMER")
        assertOutcome(dumped, status: 0, stderrEmpty: true)
        XCTAssertEqual(dumped.stdout.split(separator: "\n").map { String($0.prefix(23)) },
                       ["0x00000000  TIMER.CTRL ", "0x00000004  TIMER.COUNT"])
        assertOutcome(try mmio("read", "--regs", svd, "-f", image, "UART0.FIFO[4]"), status: 64, stdout: "",
                      stderr: "mmio: UART0.FIFO[4]: index 4 past the end (0..3)\n")
        assertOutcome(try mmio("write", "--regs", svd, "-f", image, "FIFO[17]", "1"), status: 64, stdout: "",
                      stderr: "mmio: FIFO[17]: index 17 past the end (0..3)\n")
        assertOutcome(try mmio("read", "--regs", svd, "-f", image, "UART0.FIFO[3]"), status: 0, stdout: "0x2f2e2d2c\n")
    }

    /// `decode REG VALUE`: a value field by field, as `read --decode` shows it, with no target.
    func testDecodeShowsAValueWithoutATarget() throws {
        let uart = DocumentationTests.root.appendingPathComponent("examples/uart.svd").path
        let read = try mmio("read", "--regs", uart, "-f", try scratch.file("ctrl.bin", [0x05, 0x1a, 0, 0]), "--decode", "UART0.CTRL")
        assertOutcome(try mmio("decode", "--regs", uart, "UART0.CTRL", "0x1a05"), status: 0, stdout: read.stdout, stderrEmpty: true)
        XCTAssertEqual(read.stdout, """
            UART0.CTRL = 0x00001a05
              [0]    EN   = 0x1 (ON)
              [2:1]  MODE = 0x2 (TX)
              [15:8] DIV  = 0x1a

            """)
        assertOutcome(try mmio("decode", "--regs", uart, "UART0.CTRL.MODE", "0x1a05"), status: 0,
                      stdout: "UART0.CTRL = 0x00001a05\n  [2:1] MODE = 0x2 (TX)\n")
        assertOutcome(try mmio("decode", "--json", "--regs", uart, "CTRL", "0x1a05"), status: 0, stdout: """
            {"address":"0x40001000","width":32,"name":"UART0.CTRL","value":"0x00001a05","fields":[{"name":"EN","bits":"0:0","value":"0x1","enum":"ON"},{"name":"MODE","bits":"2:1","value":"0x2","enum":"TX"},{"name":"DIV","bits":"15:8","value":"0x1a"}]}

            """)
        assertOutcome(try mmio("decode", "--regs", uart, "UART0.CTRL", "0x100000000"), status: 64, stdout: "",
                      stderr: "mmio: value 0x100000000 does not fit in 32 bits\n")
        assertOutcome(try mmio("decode", "--regs", uart, "UART0.CTLR", "1"), status: 64, stdout: "",
                      stderrContains: ["no register 'UART0.CTLR'"])
        assertOutcome(try MMIOProcess.run(["decode", "UART0.CTRL", "1"], environment: ["MMIO_REGS": ""]), status: 64, stdout: "",
                      stderr: "mmio: decode reads a register description: give --regs FILE (or set MMIO_REGS)\n")
        assertOutcome(try MMIOProcess.run(["batch", "--regs", uart], stdin: Data("decode UART0.ID 0x55aa01\n".utf8)), status: 0,
                      stdout: "UART0.ID = 0x0055aa01\n")
    }

    /// `--layout` draws the register as a datasheet does: sixteen bits a row, a box per field
    /// (its name cut to the box), the value's bits under the bit numbers; 67 columns at most.
    func testLayoutDrawsTheRegisterAsADatasheetDoes() throws {
        let uart = DocumentationTests.root.appendingPathComponent("examples/uart.svd").path
        let drawn = """
            UART0.CTRL = 0x00001a05
                31  30  29  28  27  26  25  24  23  22  21  20  19  18  17  16
              +---------------------------------------------------------------+
              |                                                               |
              +---------------------------------------------------------------+
                 0   0   0   0   0   0   0   0   0   0   0   0   0   0   0   0
                15  14  13  12  11  10   9   8   7   6   5   4   3   2   1   0
              +-------------------------------+-------------------+-------+---+
              |              DIV              |                   | MODE  |EN |
              +-------------------------------+-------------------+-------+---+
                 0   0   0   1   1   0   1   0   0   0   0   0   0   1   0   1
              [0]    EN   = 0x1 (ON)
              [2:1]  MODE = 0x2 (TX)
              [15:8] DIV  = 0x1a

            """
        let ctrl = try scratch.file("ctrl.bin", [0x05, 0x1a, 0, 0])
        assertOutcome(try mmio("read", "--regs", uart, "-f", ctrl, "--decode", "--layout", "UART0.CTRL"), status: 0,
                      stdout: drawn, stderrEmpty: true)
        assertOutcome(try mmio("decode", "--regs", uart, "UART0.CTRL", "0x1a05", "--layout"), status: 0, stdout: drawn, stderrEmpty: true)
        // The same through a batch line, and by number with --peripheral.
        assertOutcome(try MMIOProcess.run(["batch", "--regs", uart, "-f", ctrl], stdin: Data("read --decode --layout UART0.CTRL\n".utf8)),
                      status: 0, stdout: drawn)
        assertOutcome(try mmio("read", "--regs", uart, "-f", ctrl, "--peripheral", "UART0", "--decode", "--layout", "0"), status: 0,
                      stdout: drawn)

        // 8, 16 and 64 bits; a field across two rows; names longer than their box; a field
        // over another's bits is drawn where the first listed is not.
        let shapes = try scratch.text("layout.svd", """
            <?xml version="1.0" encoding="utf-8"?>
            <device schemaVersion="1.3"><name>L</name><addressUnitBits>8</addressUnitBits><width>32</width>
              <size>32</size><access>read-write</access><resetValue>0</resetValue><resetMask>0xffffffff</resetMask>
              <peripherals><peripheral><name>P</name><baseAddress>0</baseAddress>
                <registers>
                  <register><name>B</name><addressOffset>0</addressOffset><size>8</size><fields>
                    <field><name>READY</name><bitRange>[0:0]</bitRange></field>
                    <field><name>LEVEL</name><bitRange>[6:4]</bitRange></field>
                  </fields></register>
                  <register><name>H</name><addressOffset>2</addressOffset><size>16</size><fields>
                    <field><name>INTERRUPT_ENABLE</name><bitRange>[3:2]</bitRange></field>
                  </fields></register>
                  <register><name>W</name><addressOffset>4</addressOffset><fields>
                    <field><name>ACROSS</name><bitRange>[19:12]</bitRange></field>
                    <field><name>INNER</name><bitRange>[13:13]</bitRange></field>
                  </fields></register>
                  <register><name>D</name><addressOffset>8</addressOffset><size>64</size><fields>
                    <field><name>TOP</name><bitRange>[63:63]</bitRange></field>
                  </fields></register>
                </registers></peripheral></peripherals></device>
            """)
        assertOutcome(try mmio("decode", "--regs", shapes, "P.B", "0x31", "--layout"), status: 0, stdout: """
            P.B = 0x31
                 7   6   5   4   3   2   1   0
              +---+-----------+-----------+---+
              |   |   LEVEL   |           |REA|
              +---+-----------+-----------+---+
                 0   0   1   1   0   0   0   1
              [0]   READY = 0x1
              [6:4] LEVEL = 0x3

            """, stderrEmpty: true)
        assertOutcome(try mmio("decode", "--regs", shapes, "P.H", "0x000c", "--layout"), status: 0, stdout: """
            P.H = 0x000c
                15  14  13  12  11  10   9   8   7   6   5   4   3   2   1   0
              +-----------------------------------------------+-------+-------+
              |                                               |INTERRU|       |
              +-----------------------------------------------+-------+-------+
                 0   0   0   0   0   0   0   0   0   0   0   0   1   1   0   0
              [3:2] INTERRUPT_ENABLE = 0x3

            """)
        let across = try mmio("decode", "--regs", shapes, "P.W", "0x000ff000", "--layout")
        assertOutcome(across, status: 0, stdout: """
            P.W = 0x000ff000
                31  30  29  28  27  26  25  24  23  22  21  20  19  18  17  16
              +-----------------------------------------------+---------------+
              |                                               |    ACROSS     |
              +-----------------------------------------------+---------------+
                 0   0   0   0   0   0   0   0   0   0   0   0   1   1   1   1
                15  14  13  12  11  10   9   8   7   6   5   4   3   2   1   0
              +---------------+-----------------------------------------------+
              |    ACROSS     |                                               |
              +---------------+-----------------------------------------------+
                 1   1   1   1   0   0   0   0   0   0   0   0   0   0   0   0
              [19:12] ACROSS = 0xff
              [13]    INNER  = 0x1

            """)
        let wide = try mmio("decode", "--regs", shapes, "P.D", "0x8000000000000001", "--layout")
        XCTAssertEqual(wide.status, 0, wide.stderr)
        let lines = wide.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.count, 1 + 4 * 5 + 1 + 1)
        XCTAssertEqual(lines[1], "    63  62  61  60  59  58  57  56  55  54  53  52  51  50  49  48")
        XCTAssertEqual(lines[3], "  |TOP|                                                           |")
        XCTAssertEqual(lines[20], "     0   0   0   0   0   0   0   0   0   0   0   0   0   0   0   1")
        XCTAssertLessThanOrEqual(lines.map(\.count).max() ?? 0, 80)

        // --layout draws what --decode shows, as text.
        assertOutcome(try mmio("read", "--regs", uart, "-f", ctrl, "--layout", "UART0.CTRL"), status: 64, stdout: "",
                      stderr: "mmio: --layout draws the register --decode shows: give --decode too\n")
        assertOutcome(try mmio("read", "--regs", uart, "-f", ctrl, "--layout", "0"), status: 64, stdout: "",
                      stderr: "mmio: --layout draws the register --decode shows: give --decode too\n")
        assertOutcome(try mmio("read", "--json", "--regs", uart, "-f", ctrl, "--decode", "--layout", "UART0.CTRL"), status: 64,
                      stdout: "", stderr: "mmio: --layout draws text: it does not go with --json\n")
        assertOutcome(try mmio("decode", "--json", "--regs", uart, "UART0.CTRL", "1", "--layout"), status: 64, stdout: "",
                      stderr: "mmio: --layout draws text: it does not go with --json\n")
    }

    // MARK: IP-XACT

    /// IP-XACT as PeakRDL writes it, made from the SystemRDL source during this run.
    func testIPXACTFromPeakRDL() throws {
        let xml = scratch.path("demo.xml")
        _ = try tool("python3 '\(Self.fixture("rdl_to_ipxact.py"))' '\(Self.fixture("demo.rdl"))' '\(xml)'")
        assertOutcome(
            try mmio("regs", "--regs", xml, "demo.[CSEU]*"), status: 0,
            stdout: """
                0x00000004  demo.CTRL    32  rw  reset 0x00000100
                            [1:0]   MODE   rw  IDLE=0x0 RUN=0x1 ONESHOT=0x2
                            [4]     EN     rw
                            [15:8]  DIV    rw
                0x00000008  demo.STATUS  32  rw  reset 0x00000000
                            [0]     DONE   rw  oneToClear
                            [1]     ERR    rw  oneToClear
                            [8]     BUSY   ro
                0x0000000c  demo.EVENTS  32  ro  reset 0x00000000
                            [31:0]  COUNT  ro  read-side-effects
                0x00000010  demo.UNLOCK  32  wo  reset 0x00000000
                            [31:0]  KEY    wo

                """, stderrEmpty: true)
        // STATUS = 0x0103: DONE and ERR pending, BUSY set. Clearing ERR (write 1 to it) leaves DONE.
        image = try scratch.file("demo.bin", [0x34, 0x12, 0x02, 0, 0, 0, 0, 0, 0x03, 0x01, 0, 0] + [UInt8](repeating: 0, count: 52))
        let clearError = try mmio("write", "--trace", "-f", image, "--regs", xml, "STATUS.ERR", "1")
        assertOutcome(clearError, status: 0, stdout: "")
        XCTAssertEqual(clearError.stderr, "r32 0x00000008 -> 0x00000103\nw32 0x00000008 <- 0x00000102\n")
        assertOutcome(try mmio("write", "--trace", "-f", image, "--regs", xml, "STATUS.BUSY", "0"), status: 64, stderrContains: ["demo.STATUS.BUSY is read-only"])
        assertOutcome(try mmio("read", "--trace", "-f", image, "--regs", xml, "EVENTS"), status: 64, stderrContains: ["reading demo.EVENTS has side effects"])
        assertOutcome(try mmio("read", "--trace", "-f", image, "--regs", xml, "UNLOCK"), status: 64, stderrContains: ["demo.UNLOCK is write-only"])
        assertOutcome(try mmio("write", "--trace", "-f", image, "--regs", xml, "ID", "0"), status: 64, stderrContains: ["demo.ID is read-only"])
        assertOutcome(try mmio("write", "-f", image, "--regs", xml, "CTRL.MODE", "ONESHOT"), status: 0, stdout: "")
        assertOutcome(try mmio("expect", "-f", image, "--regs", xml, "CTRL.MODE", "ONESHOT"), status: 0, stdout: "")
        assertOutcome(try mmio("read", "-f", image, "--regs", xml, "BUF[3]"), status: 0, stdout: "0x00000000\n")
    }

    func testIPXACT2022AccessPoliciesAndArrays() throws {
        assertOutcome(
            try mmio("regs", "--regs", Self.fixture("timer-2022.xml")), status: 0,
            stdout: """
                0x40003000  TIMER.CTRL    32  rw
                            [0]     START  rw
                            [4]     IRQ    rw  oneToClear
                0x40003004  TIMER.COUNT   32  ro
                            [31:0]  VALUE  ro  read-side-effects
                0x40003010  TIMER.CMP[0]  32  rw
                0x40003018  TIMER.CMP[1]  32  rw

                """, stderrEmpty: true)
    }

    /// `diff --reset`: the live registers against the description's reset values, field by
    /// field, passing over what may not be read or has no reset value; exit 3 when any differs.
    func testDiffResetComparesWithTheDescriptionsResetValues() throws {
        let uart = DocumentationTests.root.appendingPathComponent("examples/uart.svd").path
        let image = try scratch.file("reset.bin", [UInt8](repeating: 0, count: 32))
        func run(_ arguments: String...) throws -> Outcome { try MMIOProcess.run(Array(arguments) + ["--regs", uart, "-f", image]) }
        assertOutcome(try run("write", "UART0.CTRL", "0x1a05"), status: 0)
        assertOutcome(try run("diff", "--reset", "UART0"), status: 3, stdout: """
            0x00000000  UART0.CTRL: 0x00000000 -> 0x00001a05  EN: OFF (0x0) -> ON (0x1), MODE: IDLE (0x0) -> TX (0x2), DIV: 0x00 -> 0x1a
            0x00000008  UART0.DATA: not read: reading UART0.DATA has side effects (the description says a read changes it); --force reads it anyway
            0x00000010  UART0.ID: 0x0055aa01 -> 0x00000000

            """, stderr: "mmio: diff --reset: 2 of 3 registers differ from their reset values\n")
        assertOutcome(try run("diff", "--reset", "--json", "UART0.CTRL"), status: 3, stdout: #"{"address":"0x00000000","width":32,"name":"UART0.CTRL","reset":"0x00000000","value":"0x00001a05","fields":[{"name":"EN","bits":"0:0","reset":"0x0","value":"0x1"},{"name":"MODE","bits":"2:1","reset":"0x0","value":"0x2"},{"name":"DIV","bits":"15:8","reset":"0x00","value":"0x1a"}]}"# + "\n")
        // Back at reset: nothing to say, exit 0; a number with --peripheral is that register.
        assertOutcome(try run("write", "UART0.CTRL", "0"), status: 0)
        assertOutcome(try run("diff", "--reset", "--peripheral", "UART0", "0"), status: 0, stdout: "", stderrEmpty: true)
        // A dry run plans the reads and compares nothing.
        assertOutcome(try run("diff", "--reset", "--dry-run", "UART0"), status: 0,
                      stdout: "r32 0x00000000\nr32 0x00000004\nr32 0x00000010\n", stderrEmpty: true)
        assertOutcome(try MMIOProcess.run(["diff", "--reset", "-f", image, "0"]), status: 64, stdout: "",
                      stderr: "mmio: diff --reset compares with a description's reset values: give --regs FILE (or set MMIO_REGS)\n")
        assertOutcome(try run("diff", "--reset", "UART0", image), status: 64, stdout: "",
                      stderr: "mmio: diff --reset compares with the description's reset values; it takes no FILE\n")
        assertOutcome(try MMIOProcess.run(["diff", "-f", image, "0"]), status: 64, stdout: "",
                      stderr: "mmio: diff needs a FILE to compare with (or --reset, with --regs)\n")
        assertOutcome(try run("diff", "--reset", "UART0.CTRL.EN"), status: 64, stdout: "",
                      stderr: "mmio: diff --reset takes a register or a peripheral, not a field\n")
        XCTAssertEqual(try scratch.bytes("reset.bin"), [UInt8](repeating: 0, count: 32))
    }

    // MARK: The plain format

    func testThePlainFormatOfTheManPage() throws {
        let outcome = try mmio("regs", "--regs", Self.fixture("board.regs"), "*.[CK]*")
        assertOutcome(
            outcome, status: 0,
            stdout: """
                0x40001000  UART0.CTRL   32  rw  reset 0x00000100
                            [0]     EN    rw  OFF=0x0 ON=0x1
                            [2:1]   MODE  rw  IDLE=0x0 RX=0x1 TX=0x2 BOTH=0x3
                            [15:8]  DIV   rw
                0x4000100c  UART0.KEY    32  wo
                0x40003004  TIMER.COUNT  32  ro

                """, stderrEmpty: true)
        assertOutcome(try mmio("regs", "--regs", Self.fixture("board.regs"), "NOPE*"), status: 64, stderrContains: ["no register of"])
        assertOutcome(try mmio("regs"), status: 64, stderrContains: ["regs lists a register description: give --regs FILE"])
    }

    // MARK: Bad and hostile descriptions

    func testAMalformedDescriptionNamesFileLineAndFault() throws {
        let cases: [(String, String, String)] = [
            ("broken.svd", "<device>\n<peripherals>\n</device>\n", ":3: Opening and ending tag mismatch: peripherals line 2 and device"),
            ("nobase.svd", "<device><peripherals>\n<peripheral><name>P</name>\n<registers/></peripheral></peripherals></device>",
             ":2: peripheral P has no <baseAddress>"),
            ("other.xml", "<?xml version=\"1.0\"?>\n<html/>", ":2: <html> is neither a CMSIS-SVD <device> nor an IP-XACT <component>"),
            ("map.regs", "peripheral P 0x1000\nregister R zz\n", ":2: offset 'zz' is not a number"),
            ("orphan.regs", "# no register yet\nfield F 0\n", ":2: a field line must follow a register line"),
            ("wide.regs", "register R 0 8\n  field F 7:4 A=16\n", ":2: A=16 does not fit in 4 bits"),
            ("verb.regs", "registr R 0\n", ":1: 'registr' is not peripheral, register or field"),
        ]
        for (name, content, fragment) in cases {
            let path = try scratch.text(name, content)
            let outcome = try mmio("read", "--trace", "-f", image, "--regs", path, "0")
            assertOutcome(outcome, status: 1, stdout: "", stderrContains: [path + fragment])
        }
    }

    /// A description is untrusted input read as root: no DTD, no entity, no external file, no
    /// network, and a huge or deep document ends in an error.
    func testHostileXMLIsRefusedWithoutReadingAnythingElse() throws {
        let secret = try scratch.text("secret.txt", "TOPSECRET-CONTENT")
        let laughs = (1...9).map { level in
            "<!ENTITY l\(level) \"" + String(repeating: "&l\(level - 1);", count: 10) + "\">"
        }.joined()
        let cases: [(String, String, String)] = [
            ("xxe.svd", "<?xml version=\"1.0\"?>\n<!DOCTYPE device [<!ENTITY x SYSTEM \"file://\(secret)\">]>\n<device><name>&x;</name></device>",
             "a DOCTYPE is not allowed in a register description (no DTD, no entities)"),
            ("laughs.svd", "<?xml version=\"1.0\"?>\n<!DOCTYPE device [<!ENTITY l0 \"ha\">\(laughs)]>\n<device>&l9;</device>",
             "a DOCTYPE is not allowed"),
            ("dtd.svd", "<?xml version=\"1.0\"?>\n<!DOCTYPE device SYSTEM \"http://127.0.0.1:9/device.dtd\">\n<device/>",
             "a DOCTYPE is not allowed"),
            ("undeclared.svd", "<device><name>&x;</name></device>", "Entity 'x' not defined"),
            ("xinclude.svd", "<device xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"\(secret)\" parse=\"text\"/></device>",
             "<device> has no <peripherals>"),
            ("deep.svd", "<device>" + String(repeating: "<a>", count: 5000) + String(repeating: "</a>", count: 5000) + "</device>",
             "elements nested more than 256 deep"),
        ]
        for (name, content, fragment) in cases {
            let path = try scratch.text(name, content)
            let outcome = try mmio("read", "-f", image, "--regs", path, "0")
            assertOutcome(outcome, status: 1, stdout: "", stderrContains: [fragment])
            XCTAssertFalse(outcome.stderr.contains("TOPSECRET"), name)
        }
        // Too many elements, and too many bytes.
        let many = try scratch.text("many.svd", "<device>" + String(repeating: "<a/>", count: 2_000_001) + "</device>")
        assertOutcome(try mmio("read", "-f", image, "--regs", many, "0"), status: 1, stderrContains: ["more than 2000000 elements"])
        let huge = try scratch.sparse("huge.svd", size: 65 << 20)
        assertOutcome(try mmio("read", "-f", image, "--regs", huge, "0"), status: 1, stderrContains: ["larger than 64 MiB, too large for a register description"])
    }

    /// One line per register: address, width, access, reset, and each field with its bits,
    /// access and enumerated values; from either JSON (numbers or hex strings).
    static func summaries(_ lines: String) throws -> [String] {
        func number(_ value: Any?) -> UInt64 {
            if let text = value as? String { return UInt64(text.dropFirst(2), radix: 16)! }
            return (value as? NSNumber)?.uint64Value ?? 0
        }
        return try lines.split(separator: "\n").map { line -> String in
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let fields = (object["fields"] as? [[String: Any]] ?? []).map { field -> String in
                let enums = (field["enums"] as? [Any] ?? []).map { value -> String in
                    if let pair = value as? [Any] { return "\(pair[0])=\(number(pair[1]))" }
                    let named = value as! [String: Any]
                    return "\(named["name"]!)=\(number(named["value"]))"
                }
                return "\(field["name"]!) \(field["bits"]!) \(field["access"]!) [\(enums.joined(separator: " "))]"
            }
            return String(number(object["address"]), radix: 16) + " w\(number(object["width"])) \(object["access"]!)"
                + " reset \(number(object["reset"])): " + fields.joined(separator: "; ")
        }.sorted()
    }
}
