import Foundation
import XCTest

/// `batch`: scripts of subcommand lines on shared targets.
final class BatchTests: RegisterImageTestCase {
    func batch(_ script: String, _ arguments: [String] = []) throws -> Outcome {
        try MMIOProcess.run(["batch"] + arguments, stdin: Data(script.utf8))
    }

    func testLinesRunInOrderWithCommentsAndBlankLines() throws {
        let other = try scratch.file("other.bin", [UInt8](repeating: 0xee, count: 16))
        let outcome = try batch("""
            # bring-up sequence
            write 0x10 0xabcd      # start

            read 0x10
            read -f \(other) -w 8 3
            set 0x10 0x10000
            read -w 16 -n 2 0x10
            expect 0x10 0x1abcd
            expect 0x10 0xcd --mask 0xff
            sleep 1ms
            """, ["-f", image])
        assertOutcome(outcome, status: 0, stdout: "0x0000abcd\n0xee\n0x00000010: 0xabcd\n0x00000012: 0x0001\n", stderrEmpty: true)
        var expected = counting
        expected.replaceSubrange(0x10..<0x14, with: [0xcd, 0xab, 0x01, 0x00])
        XCTAssertEqual(try scratch.bytes("regs.bin"), expected)
    }

    func testEachTargetIsMappedOnce() throws {
        let lines = (0..<1000).map { "write \(Hex(($0 % 16) * 4)) \($0)\nread \(Hex(($0 % 16) * 4))" }
        let outcome = try batch(lines.joined(separator: "\n") + "\n", ["--stats", "-f", image])
        XCTAssertEqual(outcome.status, 0)
        XCTAssertEqual(outcome.stderr, "mmio: batch: 2000 lines; \(image!): 1 mmap\n")
        XCTAssertEqual(outcome.stdout.split(separator: "\n").last, "0x000003e7")
    }

    func testAFailingLineStopsEverythingAfterIt() throws {
        let outcome = try batch("""
            write 0 1
            expect 0 2
            write 4 3
            """, ["-f", image])
        assertOutcome(outcome, status: 3, stdout: "", stderrContains: ["line 2: expect failed at 0x00000000: expected 0x00000002, read 0x00000001"])
        var expected = counting
        expected.replaceSubrange(0..<4, with: [1, 0, 0, 0])
        XCTAssertEqual(try scratch.bytes("regs.bin"), expected, "line 1 ran, line 3 did not")
    }

    func testEveryLineIsCheckedBeforeTheFirstRuns() throws {
        for (script, status, message) in [
            ("write 0 1\nwrite 0x40 2\n", Int32(64), "line 2: 4 byte(s) at 0x40 lie outside"),
            ("write 0 1\n\nwrite -w 8 1 0x100\n", 64, "line 3: value 0x100 does not fit in 8 bits"),
            ("write 0 1\nfrobnicate 3\n", 64, "line 2: "),
            ("write 0 1\nread -w 12 0\n", 64, "line 2: The value '12' is invalid for '-w <bits>'"),
            ("write 0 1\nread -f \(scratch.path("absent")) 0\n", 1, "line 2: cannot open"),
            ("write 0 1\nwrite 'unterminated 2\n", 64, "line 2: unterminated ' quote"),
            ("write 0 1\nbatch x\n", 64, "line 2: batch cannot run inside a batch"),
            ("write 0 1\nread --help\n", 64, "line 2: help is not a batch command"),
            ("write 0 1\nexpect 0 0x100 --mask 0xff\n", 64, "line 2: expected value 0x100 has bits outside --mask 0xff"),
        ] {
            let outcome = try batch(script, ["-f", image])
            assertOutcome(outcome, status: status, stdout: "", stderrContains: [message])
            XCTAssertEqual(try scratch.bytes("regs.bin"), counting, script)
        }
    }

    func testPollAndExpectWithBitsInABatch() throws {
        assertOutcome(try batch("poll --mask 0x0100 0\nexpect --bits 15:8 0 0x01\n", ["-f", image]), status: 0, stdout: "0x03020100\n")
        assertOutcome(
            try batch("poll --mask 0x80 --timeout 5ms 0\nread 4\n", ["-f", image]), status: 2, stdout: "0x03020100\n",
            stderrContains: ["line 1: poll timed out after 5ms"])
    }

    func testJSONAndDryRun() throws {
        assertOutcome(try batch("read 4\nread -w 8 -n 2 8\n", ["--json", "-f", image]), status: 0, stdout: """
            {"address":"0x00000004","width":32,"value":"0x07060504"}
            {"address":"0x00000008","width":8,"value":"0x08"}
            {"address":"0x00000009","width":8,"value":"0x09"}

            """)
        assertOutcome(try batch("write --dry-run 4 1\nread 4\n", ["-f", image]), status: 0,
                      stdout: "w32 0x00000004 <- 0x00000001\n0x07060504\n")
        XCTAssertEqual(try scratch.bytes("regs.bin"), counting)
    }

    func testScriptFromAFileAndLinesNamingTheirOwnTarget() throws {
        let script = try scratch.text("script.txt", "write -f \(image!) 0 0xfeedface\nread -f \(image!) 0\n")
        assertOutcome(try MMIOProcess.run(["batch", script]), status: 0, stdout: "0xfeedface\n", stderrEmpty: true)
        assertOutcome(try MMIOProcess.run(["batch", scratch.path("none.txt")]), status: 1, stderrContains: ["cannot open"])
    }

    func testAHundredThousandLineBatchFinishes() throws {
        var script = ""
        for index in 0..<100_000 {
            let address = Hex((index * 7 % 16) * 4)
            script += index % 2 == 0 ? "write \(address) \(index)\n" : "read \(address)\n"
        }
        let outcome = try batch(script, ["-f", image])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.stdout.split(separator: "\n").count, 50_000)
        // The last write to 0x28 is the last even index with index * 7 % 16 == 10: 99,990.
        assertOutcome(try MMIOProcess.run(["read", "-f", image, "0x28"]), status: 0, stdout: "0x00018696\n")
    }
}

private func Hex(_ value: Int) -> String { "0x" + String(value, radix: 16) }
