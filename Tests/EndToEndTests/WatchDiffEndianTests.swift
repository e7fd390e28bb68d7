import Foundation
import XCTest

/// `watch`, `diff` and `--endian` on a register image (`counting`: 0x00, 0x01, ... 0x3f).
final class WatchDiffEndianTests: RegisterImageTestCase {
    /// Writes `bytes` into the image at `offset`, as another process would (mmio sees it
    /// through its shared mapping).
    func poke(_ offset: UInt64, _ bytes: [UInt8]) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: image))
        try handle.seek(toOffset: offset)
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
    }

    /// `+1.234` times vary from run to run; everything else is exact.
    func timesHidden(_ text: String) -> String {
        text.replacingOccurrences(of: #"\+[0-9]+\.[0-9]{3} "#, with: "+S ", options: .regularExpression)
            .replacingOccurrences(of: #""seconds":[0-9]+\.[0-9]{3}"#, with: "\"seconds\":S", options: .regularExpression)
    }

    // MARK: - watch

    func testWatchPrintsTheFirstValuesThenOnlyChanges() throws {
        let running = try MMIOProcess.start(["watch", "-f", image, "0x10", "8", "--interval", "5ms", "--changes", "2"])
        Thread.sleep(forTimeInterval: 0.5)
        try poke(0x10, [0xef, 0xbe, 0xad, 0xde])
        Thread.sleep(forTimeInterval: 0.3)
        try poke(0x14, [0x01, 0x00, 0x00, 0x00])
        running.process.waitUntilExit()
        let outcome = running.finish()
        assertOutcome(outcome, status: 0, stderrEmpty: true)
        XCTAssertEqual(timesHidden(outcome.stdout), """
            0x00000010: 0x13121110
            0x00000014: 0x17161514
            +S 0x00000010: 0x13121110 -> 0xdeadbeef
            +S 0x00000014: 0x17161514 -> 0x00000001

            """)
    }

    func testWatchJSON() throws {
        let running = try MMIOProcess.start(["watch", "-f", image, "-w", "16", "0x20", "--interval", "5ms", "--changes", "1", "--json"])
        Thread.sleep(forTimeInterval: 0.5)
        try poke(0x20, [0x34, 0x12])
        running.process.waitUntilExit()
        let outcome = running.finish()
        assertOutcome(outcome, status: 0)
        XCTAssertEqual(timesHidden(outcome.stdout), """
            {"address":"0x00000020","width":16,"value":"0x2120"}
            {"seconds":S,"address":"0x00000020","width":16,"old":"0x2120","value":"0x1234"}

            """)
    }

    /// SIGINT and SIGTERM are how a watch ends: exit 0, what was printed kept. So does the time-out.
    func testWatchEndsWithExit0() throws {
        for signal in [SIGINT, SIGTERM] {
            let running = try MMIOProcess.start(["watch", "-f", image, "0x8", "--interval", "10ms"])
            Thread.sleep(forTimeInterval: 0.4)
            running.signal(signal)
            running.process.waitUntilExit()
            assertOutcome(running.finish(), status: 0, stdout: "0x00000008: 0x0b0a0908\n", stderrEmpty: true)
        }
        assertOutcome(try mmio("watch", "-f", image, "0x8", "--timeout", "50ms"), status: 0, stdout: "0x00000008: 0x0b0a0908\n")
        assertOutcome(try mmio("watch", "-f", image, "0x8", "--dry-run"), status: 0,
                      stdout: "r32 0x00000008\n(repeated every 100000000 ns, printing changes)\n")
    }

    func testWatchRefusals() throws {
        let image: String = self.image
        for (arguments, fragment) in [
            (["watch", "-f", image, "0", "6"], "length 6 is not a whole number"),
            (["watch", "-f", image, "0", "--changes", "0"], "--changes must be at least 1"),
            (["watch", "-f", image, "0x3c", "8"], "lie outside"),
            (["watch", "-f", image, "0", "--bits", "3:0"], "--bits does not apply to watch"),
            (["watch", "-f", image, "0", "--interval", "fast"], "fast"),
        ] {
            assertOutcome(try MMIOProcess.run(arguments), status: 64, stdout: "", stderrContains: ["mmio: ", fragment])
        }
    }

    // MARK: - diff

    func testDiffAgainstASavedDump() throws {
        let saved = scratch.path("saved.bin")
        let dumped = try MMIOProcess.shell("'\(MMIOProcess.binary.path)' dump --raw -f '\(image!)' 0x10 0x10 > '\(saved)'")
        XCTAssertEqual(dumped.status, 0, dumped.stderr)
        assertOutcome(try mmio("diff", "-f", image, "0x10", saved), status: 0, stdout: "", stderrEmpty: true)
        try poke(0x14, [0xaa])
        try poke(0x1c, [0x00, 0x00, 0x00, 0x00])
        assertOutcome(try mmio("diff", "-f", image, "0x10", saved), status: 3, stdout: """
            0x00000014: 0x17161514 -> 0x171615aa
            0x0000001c: 0x1f1e1d1c -> 0x00000000

            """, stderrContains: ["mmio: diff: 2 of 4 registers differ from \(saved)\n"])
        assertOutcome(try mmio("diff", "-f", image, "-w", "8", "0x10", saved), status: 3, stdout: """
            0x00000014: 0x14 -> 0xaa
            0x0000001c: 0x1c -> 0x00
            0x0000001d: 0x1d -> 0x00
            0x0000001e: 0x1e -> 0x00
            0x0000001f: 0x1f -> 0x00

            """)
        assertOutcome(try mmio("diff", "-f", image, "-w", "64", "0x10", saved, "--json"), status: 3, stdout: """
            {"address":"0x00000010","width":64,"saved":"0x1716151413121110","value":"0x171615aa13121110"}
            {"address":"0x00000018","width":64,"saved":"0x1f1e1d1c1b1a1918","value":"0x000000001b1a1918"}

            """)
    }

    /// A batch checks a diff line's image before line 1, and stops at a diff that differs.
    func testDiffInABatch() throws {
        let saved = try scratch.file("saved.bin", Array(counting[0..<8]))
        let odd = try scratch.file("odd.bin", [1, 2, 3])
        assertOutcome(try MMIOProcess.run(["batch", "-f", image], stdin: Data("write 0 1\ndiff 0 \(odd)\n".utf8)),
                      status: 64, stdout: "", stderrContains: ["line 2", "3 bytes, not a whole number of 32-bit registers"])
        XCTAssertEqual(try scratch.bytes("regs.bin"), counting)
        assertOutcome(try MMIOProcess.run(["batch", "-f", image], stdin: Data("diff 0 \(saved)\nwrite 0 1\ndiff 0 \(saved)\nread 4\n".utf8)),
                      status: 3, stdout: "0x00000000: 0x03020100 -> 0x00000001\n", stderrContains: ["line 3", "1 of 2 registers differ"])
    }

    func testDiffRefusals() throws {
        let image: String = self.image
        let empty = try scratch.file("empty.bin", [])
        let big = try scratch.file("big.bin", [UInt8](repeating: 0, count: 0x20))
        for (arguments, status, fragment) in [
            (["diff", "-f", image, "0", empty], Int32(64), "is empty: nothing to compare"),
            (["diff", "-f", image, "0x30", big], 64, "lie outside"),
            (["diff", "-f", image, "0", scratch.path("missing.bin")], 1, "cannot open"),
            (["diff", "-f", image, "0"], 64, "diff needs a FILE to compare with (or --reset, with --regs)"),
        ] as [([String], Int32, String)] {
            assertOutcome(try MMIOProcess.run(arguments), status: status, stdout: "", stderrContains: ["mmio: ", fragment])
        }
    }

    /// With a description, a register name starts the range; a field cannot.
    func testByName() throws {
        let board = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Descriptions/board.regs").path
        assertOutcome(try mmio("watch", "-f", image, "--regs", board, "UART0.STATUS", "--timeout", "10ms"), status: 0,
                      stdout: "0x00000004: 0x07060504\n")
        let saved = try scratch.file("saved.bin", Array(counting[4..<8]))
        assertOutcome(try mmio("diff", "-f", image, "--regs", board, "STATUS", saved), status: 0, stdout: "")
        assertOutcome(try mmio("diff", "-f", image, "--regs", board, "UART0.CTRL.EN", saved), status: 64, stdout: "",
                      stderrContains: ["mmio: diff takes registers: UART0.CTRL.EN is a field"])
        assertOutcome(try mmio("watch", "-f", image, "--regs", board, "UART0.DATA"), status: 64, stdout: "",
                      stderrContains: ["mmio: reading UART0.DATA has side effects"])
    }

    // MARK: - --endian

    /// A big-endian value is the bytes the other way round, at every width; the access itself
    /// (what --trace shows) is unchanged.
    func testEndianAtEveryWidth() throws {
        for (width, little, big) in [
            ("8", "0x10", "0x10"), ("16", "0x1110", "0x1011"), ("32", "0x13121110", "0x10111213"),
            ("64", "0x1716151413121110", "0x1011121314151617"),
        ] {
            assertOutcome(try mmio("read", "-f", image, "-w", width, "0x10", "--endian", "little"), status: 0, stdout: little + "\n")
            let outcome = try mmio("read", "-f", image, "-w", width, "0x10", "--endian", "big", "--trace")
            assertOutcome(outcome, status: 0, stdout: big + "\n")
            XCTAssertEqual(outcome.stderr, "r\(width) 0x00000010 -> \(little)\n")
        }
        for (width, value, bytes) in [
            ("16", "0x1122", [0x11, 0x22] as [UInt8]), ("32", "0x11223344", [0x11, 0x22, 0x33, 0x44]),
            ("64", "0x1122334455667788", [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88]),
        ] {
            assertOutcome(try mmio("write", "-f", image, "-w", width, "0x20", value, "--endian", "big"), status: 0, stdout: "")
            XCTAssertEqual(Array(try scratch.bytes("regs.bin")[0x20..<0x20 + bytes.count]), bytes, "width \(width)")
        }
    }

    func testEndianReadModifyWriteDumpAndBatch() throws {
        // 0x10111213 | 0x100, stored big-endian.
        let set = try mmio("set", "-f", image, "0x10", "0x100", "--endian", "big", "--trace")
        assertOutcome(set, status: 0, stdout: "")
        XCTAssertEqual(set.stderr, "r32 0x00000010 -> 0x13121110\nw32 0x00000010 <- 0x13131110\n")
        assertOutcome(try mmio("set", "-f", image, "0x10", "0x100", "--endian", "big", "--dry-run"), status: 0,
                      stdout: "r32 0x00000010\nw32 0x00000010 <- v | 0x00010000\n")
        assertOutcome(try mmio("dump", "-f", image, "0", "0x10", "--endian", "big"), status: 0,
                      stdout: "00000000  00010203 04050607 08090a0b 0c0d0e0f  |................|\n")
        assertOutcome(try MMIOProcess.run(["batch", "-f", image, "--endian", "big"], stdin: Data("read 0\nread 0 --endian little\nread -w 16 2\n".utf8)),
                      status: 0, stdout: "0x00010203\n0x03020100\n0x0203\n")
        assertOutcome(try mmio("read", "-f", image, "0", "--endian", "middle"), status: 64, stdout: "",
                      stderrContains: ["mmio: ", "--endian takes little or big, not 'middle'"])
    }
}
