import Foundation
import XCTest

/// Inputs an attacker or an unlucky user gives mmio: descriptions whose addresses wrap or whose
/// arrays explode, streams without an end, signals while mmio waits, text with control
/// characters. Each must end in one clear line and its exit status, with nothing written.
final class HostileInputTests: XCTestCase {
    var scratch: Scratch!
    var image = ""

    override func setUpWithError() throws {
        scratch = try Scratch()
        image = try scratch.file("regs.bin", counting)
        try scratch.sparse("dev/mem", size: 0x3000)
    }

    var devRoot: String { scratch.path("dev") }

    /// mmio under a memory limit (`ulimit -v`, 512 MiB) and a time limit (`timeout`): what a
    /// description or a stream can make it allocate or spend is bounded, whatever the input.
    /// AddressSanitizer reserves terabytes of address space, so under `make sanitize` only the
    /// time limit applies; the plain runs of the same tests hold the memory limit.
    func bounded(_ arguments: [String], seconds: Int = 20, environment: [String: String] = [:]) throws -> Outcome {
        var env = MMIOProcess.childEnvironment
        env["MMIO"] = MMIOProcess.binary.path
        for name in ["MMIO_SYSFS_ROOT", "MMIO_DEV_ROOT", "MMIO_REGS", "MMIO_PROC_ROOT"] { env[name] = nil }
        env.merge(environment) { $1 }
        let memory = env["ASAN_OPTIONS"] == nil ? "ulimit -v 524288; " : ""
        return try MMIOProcess.tool(
            "/bin/bash", ["-c", memory + "exec timeout -s KILL \(seconds) \"$MMIO\" \"$@\"", "mmio"] + arguments,
            environment: env)
    }

    // MARK: 2. Address arithmetic that wraps

    func testADescriptionWhoseAddressesWrapIsRefusedAndNothingIsWritten() throws {
        let plain = try scratch.text("wrap.regs", "peripheral P 0xfffffffffffffff8\nregister C 0x1000\n")
        let svd = try scratch.text("wrap.svd", """
            <device><name>d</name><peripherals>
            <peripheral><name>P</name><baseAddress>0xfffffffffffffff8</baseAddress><registers>
            <register><name>C</name><addressOffset>0x1000</addressOffset></register>
            </registers></peripheral></peripherals></device>
            """)
        let ipxact = try scratch.text("wrap.xml", """
            <ipxact:component xmlns:ipxact="http://www.accellera.org/XMLSchema/IPXACT/1685-2014">
            <ipxact:memoryMaps><ipxact:memoryMap><ipxact:name>m</ipxact:name>
            <ipxact:addressBlock><ipxact:name>P</ipxact:name><ipxact:baseAddress>'hfffffffffffffff8</ipxact:baseAddress>
            <ipxact:register><ipxact:name>C</ipxact:name><ipxact:addressOffset>'h1000</ipxact:addressOffset><ipxact:size>32</ipxact:size></ipxact:register>
            </ipxact:addressBlock></ipxact:memoryMap></ipxact:memoryMaps></ipxact:component>
            """)
        // The last byte of a register counts too: a 64-bit register at 2^64 - 4 passes the end.
        let edge = try scratch.text("edge.regs", "peripheral P 0xfffffffffffffff0\nregister D 0xc 64\n")
        for (file, line) in [(plain, 2), (svd, 3), (ipxact, 4)] {
            assertOutcome(
                try MMIOProcess.run(["write", "--dev-root", devRoot, "--regs", file, "C", "0x41414141"]), status: 1,
                stderrContains: ["mmio: \(file):\(line): C at 0xfffffffffffffff8 + 0x0 + 0x1000 + 0x0 is past the end of the 64-bit address space"
                    .replacingOccurrences(of: " + 0x0 + 0x1000", with: file == plain ? " + 0x1000" : " + 0x0 + 0x1000")])
        }
        assertOutcome(
            try MMIOProcess.run(["read", "--dev-root", devRoot, "--regs", edge, "D"]), status: 1,
            stdout: "", stderrContains: ["\(edge):2: D at 0xfffffffffffffff0 + 0xc + 0x0 is past the end of the 64-bit address space"])
        XCTAssertEqual(try scratch.bytes("dev/mem"), [UInt8](repeating: 0, count: 0x3000))
    }

    func testArraysAndMapOffsetsNearTwoToTheSixtyFourAreRefusedNotTrapped() throws {
        let fields = try scratch.text("fields.svd", """
            <device><name>d</name><peripherals><peripheral><name>P</name><baseAddress>0</baseAddress><registers>
            <register><name>R</name><addressOffset>0</addressOffset><fields>
            <field><name>F%s</name><dim>2</dim><dimIncrement>9223372036854775808</dimIncrement><bitOffset>0</bitOffset><bitWidth>1</bitWidth></field>
            </fields></register></registers></peripheral></peripherals></device>
            """)
        // The element past the register is a tolerated defect: left out, and the rest reads on.
        assertOutcome(
            try bounded(["read", "-f", image, "--regs", fields, "R.F1"]), status: 64, stdout: "",
            stderr: "mmio: warning: \(fields):3: field F1 (9223372036854775808 bits past bits 0:0) does not fit in 32-bit register R: "
                + "the field is left out\nmmio: P.R.F1 cannot be used: \(fields):3: field F1 (9223372036854775808 bits past bits 0:0) "
                + "does not fit in 32-bit register R\n")
        let stride = try scratch.text("stride.regs", "peripheral P 0x8000000000000000\nregister R[2] 0 stride=0x8000000000000000\n")
        assertOutcome(
            try bounded(["read", "-f", image, "--regs", stride, "R[0]"]), status: 1,
            stdout: "", stderrContains: ["\(stride):2: R[1] at 0x8000000000000000 + 0x0 + 0x8000000000000000 is past the end"])
        let tree = SysfsTree(scratch: scratch)
        try tree.addUIO(node: "uio0", name: "edu", maps: [(0xfe00_0000, 0x1000, UInt64.max, nil)])
        assertOutcome(
            try bounded(["read", "--sysfs-root", tree.root, "--dev-root", tree.devRoot, "-u", "uio0", "0"]), status: 1,
            stdout: "", stderrContains: ["uio0 map0: offset 0xffffffffffffffff and size 0x1000 in sysfs do not describe a map"])
        assertOutcome(
            try MMIOProcess.run(["dump", "--dev-root", devRoot, "0xffffffffffffff00", "0x200"]), status: 64,
            stdout: "", stderrContains: ["overflows the address space"])
    }

    // MARK: 3. The XML reader stops copying when it refuses

    func testAnElementWithTwentyThousandAttributesIsRefusedCleanly() throws {
        let attributes = (0..<20_000).map { "a\($0)=\"v\($0)\"" }.joined(separator: " ")
        let file = try scratch.text("attributes.svd", "<device \(attributes)><name>d</name></device>\n")
        assertOutcome(
            try bounded(["regs", "--regs", file]), status: 1, stdout: "",
            stderrContains: ["mmio: \(file):1: more than 512 different element and attribute names"])
    }

    // MARK: 4. What a description can expand to is bounded, before expanding

    func testExplodingArraysAreRefusedWithTheLimitBeforeMemoryRunsOut() throws {
        let cluster = { (name: String, dim: Int, inner: String) in
            "<cluster><name>\(name)%s</name><dim>\(dim)</dim><dimIncrement>4</dimIncrement><addressOffset>0</addressOffset>\(inner)</cluster>"
        }
        let register = "<register><name>R</name><addressOffset>0</addressOffset></register>"
        func svd(_ body: String) -> String {
            "<device><name>d</name><peripherals><peripheral><name>P</name><baseAddress>0</baseAddress><registers>\(body)</registers></peripheral></peripherals></device>\n"
        }
        let squared = try scratch.text("squared.svd", svd(cluster("O", 65536, cluster("I", 65536, register))))
        let nested = try scratch.text("nested.svd", svd((0..<40).reduce(register) { inner, level in cluster("L\(level)_", 2, inner) }))
        let ipxact = try scratch.text("files.xml", """
            <ipxact:component xmlns:ipxact="http://www.accellera.org/XMLSchema/IPXACT/1685-2014">
            <ipxact:memoryMaps><ipxact:memoryMap><ipxact:name>m</ipxact:name>
            <ipxact:addressBlock><ipxact:name>B</ipxact:name><ipxact:baseAddress>0</ipxact:baseAddress>
            <ipxact:registerFile><ipxact:name>F</ipxact:name><ipxact:dim>65536</ipxact:dim><ipxact:addressOffset>0</ipxact:addressOffset><ipxact:range>0x40000</ipxact:range>
            <ipxact:register><ipxact:name>R</ipxact:name><ipxact:dim>65536</ipxact:dim><ipxact:addressOffset>0</ipxact:addressOffset><ipxact:size>32</ipxact:size></ipxact:register>
            </ipxact:registerFile></ipxact:addressBlock></ipxact:memoryMap></ipxact:memoryMaps></ipxact:component>
            """)
        let plain = try scratch.text("arrays.regs", "peripheral P 0\n" + (0..<200).map { "register R\($0)[65536] 0\n" }.joined())
        let limit = "expands to more than 1048576 registers, the most mmio reads from one description"
        for (file, message) in [
            (squared, "\(squared):1: peripheral P \(limit)"), (nested, "\(nested):1: peripheral P \(limit)"),
            (ipxact, "\(ipxact):3: address block B \(limit)"), (plain, "\(plain):18: \(limit)"),
        ] {
            assertOutcome(try bounded(["regs", "--regs", file]), status: 1, stdout: "", stderrContains: [message])
        }
    }

    // MARK: 5. Streams without an end

    func testStreamsWithoutAnEndAreRefusedAtTheirLimit() throws {
        assertOutcome(
            try bounded(["load", "-f", image, "0", "/dev/zero"]), status: 64, stdout: "",
            stderrContains: ["mmio: /dev/zero holds more than the 64 byte(s) from 0x0 to the end of \(image)"])
        assertOutcome(
            try bounded(["load", "--dev-root", devRoot, "0x1000", "/dev/zero"]), status: 1, stdout: "",
            stderrContains: ["mmio: /dev/zero: more than 64 MiB, the most one load writes"])
        assertOutcome(
            try bounded(["batch", "-f", image, "/dev/zero"]), status: 1, stdout: "",
            stderrContains: ["mmio: /dev/zero: larger than 64 MiB, too large for a batch script"])
        XCTAssertEqual(try scratch.bytes("regs.bin"), counting)
        XCTAssertEqual(try scratch.bytes("dev/mem"), [UInt8](repeating: 0, count: 0x3000))
    }

    // MARK: 6. SIGINT and SIGTERM before the first access

    /// Starts mmio, signals it once it waits, and returns the outcome and how long it took to
    /// end after the signal. `stdin`: a pipe kept open (a writer that never finishes).
    func interrupt(
        _ arguments: [String], with signal: Int32, environment: [String: String] = [:], holdStdin: Bool = false
    ) throws -> (Outcome, TimeInterval) {
        let process = Process()
        process.executableURL = MMIOProcess.binary
        process.arguments = arguments
        var env = MMIOProcess.childEnvironment
        for name in ["MMIO_SYSFS_ROOT", "MMIO_DEV_ROOT", "MMIO_REGS", "MMIO_PROC_ROOT"] { env[name] = nil }
        env.merge(environment) { $1 }
        process.environment = env
        let input = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = holdStdin ? input : FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        Thread.sleep(forTimeInterval: 0.5)
        let sent = Date()
        kill(process.processIdentifier, signal)
        // One that does not end fails the test rather than hanging it.
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(sent)
        try? input.fileHandleForWriting.close()
        return (Outcome(stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
                        status: process.terminationStatus), seconds)
    }

    func testASignalWhileWaitingOnAFIFOOrAPipeEndsMmioAtOnceWithNothingWritten() throws {
        let fifo = scratch.path("fifo")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let regs = try scratch.text("board.regs", "peripheral P 0x1000\nregister CTRL 0\n")
        _ = regs
        for (arguments, signal, environment, hold) in [
            (["write", "--dev-root", devRoot, "CTRL", "1"], SIGINT, ["MMIO_REGS": fifo], false),
            (["write", "--dev-root", devRoot, "--regs", fifo, "CTRL", "1"], SIGTERM, [:], false),
            (["batch", "-f", image, fifo], SIGINT, [:], false),
            (["load", "-f", image, "0", fifo], SIGTERM, [:], false),
            (["load", "-f", image, "0", "-"], SIGINT, [:], true),
            (["batch", "-f", image], SIGINT, [:], true),
        ] {
            let (outcome, seconds) = try interrupt(arguments, with: signal, environment: environment, holdStdin: hold)
            XCTAssertEqual(outcome.status, 128 + signal, "\(arguments): \(outcome.stderr)")
            XCTAssertEqual(outcome.stdout, "", "\(arguments)")
            XCTAssertEqual(outcome.stderr, "", "\(arguments)")
            XCTAssertLessThan(seconds, 2, "\(arguments) ended soon after the signal")
        }
        XCTAssertEqual(try scratch.bytes("regs.bin"), counting)
        XCTAssertEqual(try scratch.bytes("dev/mem"), [UInt8](repeating: 0, count: 0x3000))
    }

    // MARK: 7. A batch cut short by a closed pipe says so

    func testABatchWhoseReaderWentAwayExits141AndSaysWhereItStopped() throws {
        // Enough reads to fill the output buffer several times, then writes that must not run.
        let script = String(repeating: "read 0\n", count: 60_000) + (0..<2_000).map { "write \(4 * ($0 % 8) + 32) 0xffffffff\n" }.joined()
        let path = try scratch.text("script.txt", script)
        let outcome = try MMIOProcess.shell("\"$MMIO\" batch -f \(image) \(path) | head -c 10 > /dev/null; echo ${PIPESTATUS[0]}")
        XCTAssertEqual(outcome.stdout, "141\n")
        let note = try Regex(#"^mmio: batch stopped at line ([0-9]+): standard output was closed; the ([0-9]+) command line\(s\) after it did not run\n$"#)
        let match = try XCTUnwrap(outcome.stderr.wholeMatch(of: note), outcome.stderr)
        XCTAssertEqual(Int(match.output[1].substring!)! + Int(match.output[2].substring!)!, 62_000)
        XCTAssertEqual(try scratch.bytes("regs.bin"), counting, "no write after the reads ran")
        // Every line ran: the reader's leaving is nobody's failure.
        let whole = try MMIOProcess.shell("\"$MMIO\" batch -f \(image) \(path) > /dev/null; echo $?")
        XCTAssertEqual(whole.stdout, "0\n")
    }

    // MARK: 8. Text from outside is escaped wherever it is printed

    func testControlCharactersFromADescriptionAreEscaped() throws {
        let file = try scratch.text("names.svd", """
            <device><name>d</name><peripherals><peripheral><name>P</name><baseAddress>0x1000</baseAddress><registers>
            <register><name>CTRL&#13;&#10;mmio: forged</name><addressOffset>0</addressOffset><fields>
            <field><name>EN&#x9b;31m&#x85;</name><bitOffset>0</bitOffset><bitWidth>1</bitWidth></field>
            </fields></register></registers></peripheral></peripherals></device>
            """)
        let listing = try MMIOProcess.run(["regs", "--regs", file])
        XCTAssertEqual(listing.status, 0, listing.stderr)
        XCTAssertFalse(listing.stdout.contains("\r") || listing.stdout.contains("\u{9b}") || listing.stdout.contains("\u{85}"), listing.stdout)
        XCTAssertFalse(listing.stdout.split(separator: "\n").contains { $0.hasPrefix("mmio:") }, "no forged line: \(listing.stdout)")
        XCTAssertTrue(listing.stdout.contains(#"P.CTRL\r\nmmio: forged"#), listing.stdout)
        XCTAssertTrue(listing.stdout.contains(#"EN\u009b31m\u0085"#), listing.stdout)
        // In an error, the same escapes, and the argument's own C1 controls too.
        assertOutcome(
            try MMIOProcess.run(["read", "-f", image, "--regs", file, "CTRL\u{9b}2J"]), status: 64,
            stderrContains: [#"'CTRL\u009b2J' is not a number"#])
        // JSON escapes them as JSON does.
        let json = try MMIOProcess.run(["regs", "--json", "--regs", file])
        XCTAssertTrue(json.stdout.contains(#"P.CTRL\r\nmmio: forged"#) && json.stdout.contains(#"EN\u009b31m\u0085"#), json.stdout)
        // A completion offers the names one to a line.
        let completion = try MMIOProcess.run(["---completion", "read", "--", "positional@0", "2", "mmio", "read", "--regs", file, ""])
        XCTAssertFalse(completion.stdout.contains("\r") || completion.stdout.contains("\u{9b}"), completion.stdout)
        XCTAssertFalse(completion.stdout.split(separator: "\n").contains { $0.hasPrefix("mmio:") }, completion.stdout)
    }

    func testControlCharactersFromSysfsAndIomemAreEscapedAndSuggestedCommandsQuoted() throws {
        let tree = SysfsTree(scratch: scratch)
        let driver = "x $(touch pwned); y"
        try tree.add(.init(slot: "0000:00:04.0", vendor: 0x8086, device: 0x100e, bars: [
            .init(index: 0, start: 0xfebc_0000, size: 0x20000, flags: SysfsTree.BAR.memory32)], driver: driver))
        try tree.addUIO(node: "uio0", name: "edu\u{1b}]0;owned\u{7}\u{85}", maps: [(0xfe00_0000, 0x1000, 0, nil)])
        _ = try scratch.text("proc/iomem", """
            c0000000-febfffff : PCI Bus 0000:00
              febc0000-febdffff : 0000:00:04.0
                febc0000-febdffff : \(driver)
            fed00000-fed003ff : HPET\u{1b}[2J 0

            """)
        let roots = ["--sysfs-root", tree.root, "--proc-root", scratch.path("proc")]
        let list = try MMIOProcess.run(["list", "--uio"] + roots)
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains(#"edu\x1b]0;owned\x07\u0085"#), list.stdout)
        XCTAssertFalse(list.stdout.contains("\u{1b}"), list.stdout)
        let hpet = try MMIOProcess.run(["info", "0xfed00000"] + roots)
        XCTAssertTrue(hpet.stdout.contains(#"HPET\x1b[2J 0"#), hpet.stdout)
        XCTAssertFalse(hpet.stdout.contains("\u{1b}"), hpet.stdout)
        let owner = try MMIOProcess.run(["info", "0xfebc0010"] + roots)
        let quoted = "echo 0000:00:04.0 > '/sys/bus/pci/drivers/x $(touch pwned); y/unbind'"
        XCTAssertTrue(owner.stdout.contains(quoted), owner.stdout)
        // The quoted path is one word to the shell, and nothing in it runs.
        let echoed = try MMIOProcess.shell("cd \(scratch.path("")) && printf '%s\\n' '/sys/bus/pci/drivers/x $(touch pwned); y/unbind'")
        XCTAssertEqual(echoed.stdout, "/sys/bus/pci/drivers/x $(touch pwned); y/unbind\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("pwned")))
    }

    // MARK: 9. Linear time on large inputs

    func testLargeDescriptionsAndLongLinesTakeLinearTime() throws {
        let fields = try scratch.text("fields.regs", "peripheral P 0\nregister R[1024] 0\n" + (0..<2_500).map { "  field F\($0) \($0 % 32)\n" }.joined())
        assertOutcome(try bounded(["read", "-f", image, "--regs", fields, "R[3].F2499"], seconds: 10), status: 0, stdout: "0x1\n")
        let derived = try scratch.text("derived.svd", """
            <device><name>d</name><peripherals><peripheral><name>P</name><baseAddress>0</baseAddress><registers>
            <register><name>R0</name><addressOffset>0</addressOffset><fields><field><name>F</name><bitRange>[3:0]</bitRange></field></fields></register>
            \((1..<30_000).map { "<register derivedFrom=\"R0\"><name>R\($0)</name><addressOffset>\($0 * 4)</addressOffset></register>" }.joined(separator: "\n"))
            </registers></peripheral></peripherals></device>
            """)
        let big = try scratch.sparse("big.bin", size: 0x80000)
        assertOutcome(try bounded(["read", "-f", big, "--regs", derived, "R29999.F"], seconds: 10), status: 0, stdout: "0x0\n")
        let values = (1...70_000).map { "0x\(String($0, radix: 16))" }
        assertOutcome(try bounded(["write", "-f", big, "0"] + values, seconds: 10), status: 0, stdout: "", stderrEmpty: true)
        assertOutcome(try bounded(["read", "-f", big, "-n", "2", "0x44598"], seconds: 10), status: 0, stdout: "0x00044598: 0x00011167\n0x0004459c: 0x00011168\n")
        let script = try scratch.text("line.txt", "write 0 " + values.reversed().joined(separator: " ") + "\n")
        assertOutcome(try bounded(["batch", "-f", big, script], seconds: 10), status: 0, stdout: "", stderrEmpty: true)
        // A long line the fast reader cannot take is refused, not handed to a parse that takes minutes.
        assertOutcome(
            try bounded(["write", "-f", big, "--width=32", "0"] + values, seconds: 10), status: 64, stdout: "",
            stderrContains: ["a command line of more than 1024 words (this one has 70005) is read only in its plain form"])
    }

    // MARK: 10. Smaller

    func testATargetSwappedForAFIFOCannotBlockTheOpen() throws {
        // A FIFO put in the target's place after mmio's check and before its open, every time:
        // a preloaded open() renames it over the path just before opening.
        let shim = try scratch.text("swap.c", """
            #define _GNU_SOURCE
            #include <dlfcn.h>
            #include <fcntl.h>
            #include <stdarg.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            static int swapped;
            static void swap(const char *path) {
                const char *fifo = getenv("SWAP_FIFO"), *target = getenv("SWAP_TARGET");
                if (!swapped && fifo && target && strcmp(path, target) == 0) { swapped = 1; rename(fifo, target); }
            }
            #define OPEN(name) int name(const char *path, int flags, ...) { \\
                va_list list; va_start(list, flags); int mode = va_arg(list, int); va_end(list); \\
                swap(path); \\
                int (*real)(const char *, int, ...) = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, #name); \\
                return real(path, flags, mode); }
            OPEN(open)
            OPEN(open64)
            """)
        let library = scratch.path("swap.so")
        let compiled = try MMIOProcess.tool("cc", ["-shared", "-fPIC", "-o", library, shim, "-ldl"], environment: ProcessInfo.processInfo.environment)
        XCTAssertEqual(compiled.status, 0, compiled.stderr)
        for (arguments, target) in [
            (["read", "-f", scratch.path("target.bin"), "0"], "target.bin"),
            (["write", "--dev-root", devRoot, "0x10", "1"], "dev/mem"),
        ] {
            try scratch.file(target, counting)
            let fifo = scratch.path("fifo")
            try? FileManager.default.removeItem(atPath: fifo)
            XCTAssertEqual(mkfifo(fifo, 0o600), 0)
            var environment = [
                "LD_PRELOAD": library, "SWAP_FIFO": fifo, "SWAP_TARGET": scratch.path(target),
            ]
            // The sanitizers' runtime is linked into the binary; a preloaded library is fine.
            if let options = MMIOProcess.childEnvironment["ASAN_OPTIONS"] { environment["ASAN_OPTIONS"] = options + ":verify_asan_link_order=0" }
            let outcome = try bounded(arguments, seconds: 5, environment: environment)
            assertOutcome(outcome, status: 1, stdout: "", stderrContains: ["it is a FIFO, not a regular file or a device node"])
            XCTAssertFalse(FileManager.default.fileExists(atPath: fifo), "the FIFO was swapped in")
        }
    }

    func testASysfsAttributeThatIsAFIFOCannotHangList() throws {
        let tree = SysfsTree(scratch: scratch)
        try tree.add(.init(slot: "0000:00:04.0", vendor: 0x1234, device: 0x11e8, bars: [
            .init(index: 0, start: 0xfe00_0000, size: 0x1000, flags: SysfsTree.BAR.memory32)]))
        let resource = scratch.path("sys/bus/pci/devices/0000:00:04.0/resource")
        try FileManager.default.removeItem(atPath: resource)
        XCTAssertEqual(mkfifo(resource, 0o600), 0)
        assertOutcome(
            try bounded(["list", "--sysfs-root", tree.root], seconds: 10), status: 1, stdout: "",
            stderrContains: ["mmio: \(resource) is not a sysfs attribute file (a FIFO, socket or device node)"])
    }

    func testErrorLinesAreBounded() throws {
        let nul = try scratch.file("nul.regs", [UInt8](repeating: 0, count: 1 << 20))
        let outcome = try bounded(["regs", "--regs", nul])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertEqual(outcome.stderr.filter { $0 == "\n" }.count, 1, "one line")
        XCTAssertLessThan(outcome.stderr.utf8.count, 2048, outcome.stderr)
        XCTAssertTrue(outcome.stderr.hasPrefix("mmio: \(nul):1: '\\x00\\x00"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.hasSuffix("\\x00' is not peripheral, register or field\n"), outcome.stderr)
        let word = String(repeating: "Z", count: 100_000)
        let long = try MMIOProcess.run(["read", "-f", image, word])
        XCTAssertEqual(long.status, 64)
        XCTAssertLessThan(long.stderr.utf8.count, 2048, long.stderr)
        XCTAssertTrue(long.stderr.contains("ZZZ...ZZZ"), long.stderr)
    }

    /// In mmio's own format a name twice is an error; in SVD, where vendors' files repeat names
    /// and the reference parser reads past them, the name is refused and the registers stay.
    func testARegisterNamedTwiceIsRefusedAtLoadOrByName() throws {
        let plain = try scratch.text("twice.regs", "peripheral P 0\nregister A 0\nregister B 4\nregister A 8\n")
        assertOutcome(
            try MMIOProcess.run(["read", "-f", image, "--regs", plain, "B"]), status: 1, stdout: "",
            stderrContains: ["mmio: \(plain):4: a second register named P.A: names must be unique"])
        let svd = try scratch.text("twice.svd", """
            <device><name>d</name><peripherals><peripheral><name>P</name><baseAddress>0</baseAddress><registers>
            <register><name>A</name><addressOffset>0</addressOffset></register>
            <register><name>A</name><addressOffset>4</addressOffset></register>
            </registers></peripheral></peripherals></device>
            """)
        let warning = "mmio: warning: \(svd):3: a second register named P.A: the name is refused (the registers keep their rules)\n"
        assertOutcome(
            try MMIOProcess.run(["regs", "--regs", svd]), status: 0, stdout: "0x00000000  P.A  32  rw\n0x00000004  P.A  32  rw\n",
            stderr: warning)
        assertOutcome(
            try MMIOProcess.run(["read", "-f", image, "--regs", svd, "P.A"]), status: 64, stdout: "",
            stderr: warning + "mmio: P.A cannot be used: \(svd):3: a second register named P.A\n")
    }

    func testDevmemAndLoadTakeNoNamesSoMMIORegsDoesNotConcernThem() throws {
        let eight = try scratch.file("eight.bin", [1, 2, 3, 4, 5, 6, 7, 8])
        let missing = ["MMIO_REGS": scratch.path("missing.svd")]
        assertOutcome(try MMIOProcess.run(["devmem", "--dev-root", devRoot, "0x10"], environment: missing), status: 0, stdout: "0x00000000\n", stderrEmpty: true)
        assertOutcome(try MMIOProcess.run(["load", "-f", image, "8", eight], environment: missing), status: 0, stdout: "", stderrEmpty: true)
        XCTAssertEqual(Array(try scratch.bytes("regs.bin")[8..<16]), [1, 2, 3, 4, 5, 6, 7, 8])
        // A command that takes names still reads it.
        assertOutcome(
            try MMIOProcess.run(["read", "-f", image, "0"], environment: missing), status: 1,
            stderrContains: ["cannot open \(scratch.path("missing.svd"))"])
    }
}
