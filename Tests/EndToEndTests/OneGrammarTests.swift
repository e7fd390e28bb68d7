import Foundation
import XCTest

/// The cases that once broke mmio's first promise (no access the user did not ask for) and its
/// honesty about failures, each through the built binary.
final class OneGrammarTests: RegisterImageTestCase {
    func batch(_ script: String, _ arguments: [String] = [], environment: [String: String] = [:]) throws -> Outcome {
        try MMIOProcess.run(["batch"] + arguments, stdin: Data(script.utf8), environment: environment)
    }

    // MARK: One grammar

    func testBusyboxWidthLettersAreNotNumbersOutsideDevmem() throws {
        let image: String = self.image
        for arguments: [String] in [
            ["write", "-f", image, "0x20", "b"], ["write", "-f", image, "0x10", "h"], ["write", "-f", image, "w", "1"],
            ["set", "-f", image, "0", "l"], ["read", "-f", image, "b"], ["expect", "-f", image, "0", "h"],
            ["write", "0x10", "h", "--dev-root", scratch.path("nowhere")],
        ] {
            assertOutcome(try MMIOProcess.run(arguments), status: 64, stderrContains: ["is not a number"])
            XCTAssertEqual(try scratch.bytes("regs.bin"), counting, "\(arguments)")
        }
    }

    func testBatchLinesReadAsCommandLinesDo() throws {
        // The same words, on the command line and as a batch line, give the same outcome.
        for words in [["read", "-w", "16", "0x10"], ["read", "-n", "2", "-w", "8", "0x3e"], ["write", "0x20", "b"]] {
            let line = try MMIOProcess.run(words + ["-f", image])
            let inBatch = try batch(words.joined(separator: " ") + "\n", ["-f", image])
            XCTAssertEqual(line.stdout, inBatch.stdout, "\(words)")
            XCTAssertEqual(line.status, inBatch.status, "\(words)")
        }
    }

    // MARK: A batch touches nothing until every line is ready

    /// Ten writes, then a line that cannot run: nothing may be written.
    func testALineThatCannotBeResolvedStopsTheBatchBeforeLineOne() throws {
        let tree = SysfsTree(scratch: scratch)
        try tree.add(.init(slot: "0000:00:04.0", vendor: 0x1234, device: 0x11e8, bars: [.init(index: 0, start: 0xfe00_0000, size: 4096, flags: SysfsTree.BAR.memory32)]))
        let writes = (0..<10).map { "write \($0 * 4) 0xffffffff\n" }.joined()
        for (line, status, message) in [
            ("info -f \(scratch.path("nonexistent"))", Int32(1), "line 11: cannot open"),
            ("info -s 07:00.0", 1, "line 11: no PCI device matches slot 07:00.0"),
            ("list --sysfs-root \(scratch.path("broken"))", 1, "line 11: sysfs root"),
            ("dump -f /dev/null", 1, "line 11: cannot map"),
            ("read -f \(scratch.path("nonexistent")) 0", 1, "line 11: cannot open"),
            ("dump 0 0x20 -f \(image!) -w 64 --bits 3:0", 64, "line 11: --bits does not apply to dump"),
        ] {
            let outcome = try batch(writes + line + "\n", ["-f", image], environment: ["MMIO_SYSFS_ROOT": tree.root])
            assertOutcome(outcome, status: status, stdout: "", stderrContains: [message])
            XCTAssertEqual(try scratch.bytes("regs.bin"), counting, line)
        }
    }

    func testOnlyRunTimeOutcomesStopABatchMidway() throws {
        let outcome = try batch("write 0 0x11\nexpect 0 0x12\nwrite 4 0x13\n", ["-f", image])
        assertOutcome(outcome, status: 3, stdout: "", stderrContains: ["line 2: expect failed"])
        XCTAssertEqual(Array(try scratch.bytes("regs.bin")[0..<8]), [0x11, 0, 0, 0, 4, 5, 6, 7])
    }

    func testTheBatchTargetAndJSONApplyToEveryLineKind() throws {
        let tree = SysfsTree(scratch: scratch)
        try tree.add(.init(slot: "0000:00:04.0", vendor: 0x1234, device: 0x11e8, bars: [.init(index: 0, start: 0xfe00_0000, size: 4096, flags: SysfsTree.BAR.memory32)]))
        let mem = try scratch.file("dev/mem", [UInt8](repeating: 0xab, count: 0x2000))
        _ = mem
        let outcome = try batch(
            "info\ndump 0 16\ndevmem 0x1000 8\nlist --pci\nread 4\n",
            ["--json", "-f", image, "--dev-root", tree.devRoot], environment: ["MMIO_SYSFS_ROOT": tree.root])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        guard lines.count == 5 else { return XCTFail("5 lines: \(outcome.stdout)") }
        for line in lines {
            XCTAssertNotNil(try? JSONSerialization.jsonObject(with: Data(line.utf8)), "not JSON: \(line)")
        }
        XCTAssertTrue(lines[0].contains("\"kind\":\"file\"") && lines[0].contains("\"file\":\"\(image!)\""), lines[0])
        XCTAssertEqual(lines[1], #"{"address":"0x00000000","width":32,"values":["0x03020100","0x07060504","0x0b0a0908","0x0f0e0d0c"]}"#)
        XCTAssertEqual(lines[2], #"{"address":"0x00001000","width":8,"value":"0xab"}"#)
        XCTAssertTrue(lines[3].contains("\"slot\":\"0000:00:04.0\""), lines[3])
        XCTAssertEqual(lines[4], #"{"address":"0x00000004","width":32,"value":"0x07060504"}"#)
    }

    func testTheBatchTraceAndDryRunApplyToEveryLine() throws {
        let traced = try batch("write 0 1\nread 0\n", ["--trace", "-f", image])
        XCTAssertEqual(traced.stdout, "0x00000001\n")
        XCTAssertEqual(traced.stderr, "w32 0x00000000 <- 0x00000001\nr32 0x00000000 -> 0x00000001\n")
        let written = try scratch.bytes("regs.bin")
        XCTAssertEqual(Array(written[0..<4]), [1, 0, 0, 0])
        let dry = try batch("write 0 2\nset 4 0x100\n", ["--dry-run", "-f", image])
        assertOutcome(dry, status: 0, stdout: "w32 0x00000000 <- 0x00000002\nr32 0x00000004\nw32 0x00000004 <- v | 0x00000100\n", stderrEmpty: true)
        XCTAssertEqual(try scratch.bytes("regs.bin"), written)
    }

    func testStatsCountLinesNotNewlines() throws {
        for (script, lines) in [("read 0\n", 1), ("read 0", 1), ("read 0\n\nread 4\n", 3), ("", 0)] {
            let outcome = try batch(script, ["--stats", "-f", image])
            XCTAssertEqual(outcome.status, 0)
            XCTAssertTrue(outcome.stderr.hasPrefix("mmio: batch: \(lines) lines;"), "\(script.debugDescription): \(outcome.stderr)")
        }
    }

    // MARK: Honest error paths

    func testUnwritableOutputIsAFailure() throws {
        let image = self.image!
        for (command, status, fragment) in [
            ("read -f '\(image)' 0", Int32(1), "mmio: cannot write standard output: No space left on device"),
            ("dump -f '\(image)'", 1, "mmio: cannot write standard output: No space left on device"),
            ("poll -f '\(image)' --mask 0x80 --timeout 5ms 0", 1, "before that: poll timed out"),
            ("batch -f '\(image)' <<< $'read 0\\nexpect 0 5'", 1, "before that: line 2: expect failed"),
            ("list --sysfs-root /sys", 1, "mmio: cannot write standard output"),
        ] {
            let outcome = try MMIOProcess.shell("\"$MMIO\" \(command) > /dev/full")
            XCTAssertEqual(outcome.status, status, command)
            XCTAssertTrue(outcome.stderr.hasPrefix("mmio: ") && outcome.stderr.contains(fragment), "\(command): \(outcome.stderr)")
            XCTAssertEqual(outcome.stderr.filter { $0 == "\n" }.count, 1, command)
        }
        // A reader that goes away is not a failure.
        let piped = try MMIOProcess.shell("set -o pipefail; \"$MMIO\" dump -v -f /dev/zero 0 16M | head -c 10 > /dev/null")
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertEqual(piped.stderr, "")
    }

    func testTargetsThatAreNotFilesOrDevicesAreRefusedAtOnce() throws {
        let fifo = scratch.path("fifo")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let socket = scratch.path("socket")
        XCTAssertEqual(try MMIOProcess.shell("python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \(socket)").status, 0)
        for (path, what) in [(fifo, "a FIFO"), (socket, "a socket"), (scratch.url.path, "a directory"), ("/dev/ptmx", "a terminal")] {
            for arguments in [["read", "-f", path, "0"], ["info", "-f", path], ["dump", "-f", path]] {
                let started = Date()
                assertOutcome(try MMIOProcess.run(arguments), status: 1, stderrContains: ["it is \(what), not a regular file or a device node"])
                XCTAssertLessThan(Date().timeIntervalSince(started), 5, "\(arguments) must not block")
            }
        }
        // A FIFO as /dev/mem (through --dev-root) is refused the same way.
        try FileManager.default.createDirectory(atPath: scratch.path("dev"), withIntermediateDirectories: true)
        XCTAssertEqual(mkfifo(scratch.path("dev/mem"), 0o600), 0)
        assertOutcome(try MMIOProcess.run(["read", "--dev-root", scratch.path("dev"), "0"]), status: 1, stderrContains: ["it is a FIFO"])
    }

    func testPathsAreUsedByteForByte() throws {
        let directory = scratch.url.path
        // A file name with bytes that are not UTF-8, made and read by bash, not by Swift.
        let make = try MMIOProcess.shell("printf 'ABCD' > \(directory)/$'\\xff\\xfe'regs && \"$MMIO\" read -f \(directory)/$'\\xff\\xfe'regs 0")
        assertOutcome(make, status: 0, stdout: "0x44434241\n", stderrEmpty: true)
        let write = try MMIOProcess.shell("\"$MMIO\" write -w 8 -f \(directory)/$'\\xff\\xfe'regs 1 0x7a && cat \(directory)/$'\\xff\\xfe'regs")
        assertOutcome(write, status: 0, stdout: "AzCD", stderrEmpty: true)
        let missing = try MMIOProcess.shell("\"$MMIO\" read -f \(directory)/$'\\xfd'none 0")
        assertOutcome(missing, status: 1, stderrContains: ["cannot open \(directory)/\\xfdnone: No such file or directory"])
        // The same name in a batch script, as bytes.
        let script = try MMIOProcess.shell("printf 'read -w 16 -f %s 2\\n' \(directory)/$'\\xff\\xfe'regs | \"$MMIO\" batch")
        assertOutcome(script, status: 0, stdout: "0x4443\n", stderrEmpty: true)
    }

    func testControlCharactersInArgumentsAreEscapedSoAnErrorIsOneLine() throws {
        let image: String = self.image
        for arguments: [String] in [["read", "-f", "a\nb", "0"], ["read", "-f", image, "1\n2"], ["frob\nnicate"], ["read", "--bits", "3\r:\t0", "0"]] {
            let outcome = try MMIOProcess.run(arguments)
            XCTAssertNotEqual(outcome.status, 0)
            XCTAssertTrue(outcome.stderr.hasPrefix("mmio: "), outcome.stderr)
            XCTAssertEqual(outcome.stderr.filter { $0 == "\n" || $0 == "\r" }.count, 1, outcome.stderr.debugDescription)
        }
        assertOutcome(try MMIOProcess.run(["read", "-f", "a\nb", "0"]), status: 1, stderrContains: ["cannot open a\\nb: No such file"])
    }

    func testListWithAMissingSysfsRootIsAnError() throws {
        assertOutcome(
            try MMIOProcess.run(["list", "--sysfs-root", scratch.path("nonexistent")]), status: 1,
            stderrContains: ["sysfs root \(scratch.path("nonexistent")) is not a directory"])
        // A sysfs root with no PCI bus and no UIO class lists nothing, successfully.
        try FileManager.default.createDirectory(atPath: scratch.path("empty-sys"), withIntermediateDirectories: true)
        assertOutcome(try MMIOProcess.run(["list", "--sysfs-root", scratch.path("empty-sys")]), status: 0, stdout: """
            PCI devices under \(scratch.path("empty-sys"))/bus/pci/devices: 0
            UIO devices under \(scratch.path("empty-sys"))/class/uio: 0
            Platform devices under \(scratch.path("empty-sys"))/bus (platform, amba, pnp): 0

            """, stderrEmpty: true)
    }

    func testNoArgumentsIsAUsageError() throws {
        assertOutcome(try MMIOProcess.run([]), status: 64, stdout: "", stderrContains: ["no subcommand; usage: mmio SUBCOMMAND"])
    }
}
