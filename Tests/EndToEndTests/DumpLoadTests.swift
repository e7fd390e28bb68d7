import XCTest

/// `dump` and `load` on register images and large files.
final class DumpLoadTests: RegisterImageTestCase {
    func testDumpOfTheWholeTarget() throws {
        assertOutcome(try mmio("dump", "-f", image), status: 0, stdout: """
            00000000  03020100 07060504 0b0a0908 0f0e0d0c  |................|
            00000010  13121110 17161514 1b1a1918 1f1e1d1c  |................|
            00000020  23222120 27262524 2b2a2928 2f2e2d2c  | !"#$%&'()*+,-./|
            00000030  33323130 37363534 3b3a3938 3f3e3d3c  |0123456789:;<=>?|

            """, stderrEmpty: true)
    }

    func testDumpEveryWidthAndAPartialLastLine() throws {
        assertOutcome(try mmio("dump", "-w", "8", "-f", image, "0x20", "20"), status: 0, stdout: """
            00000020  20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f  | !"#$%&'()*+,-./|
            00000030  30 31 32 33                                      |0123|

            """)
        assertOutcome(try mmio("dump", "-w", "16", "-f", image, "0x30"), status: 0, stdout: """
            00000030  3130 3332 3534 3736 3938 3b3a 3d3c 3f3e  |0123456789:;<=>?|

            """)
        assertOutcome(try mmio("dump", "-w", "64", "-f", image, "0x28", "24"), status: 0, stdout: """
            00000028  2f2e2d2c2b2a2928 3736353433323130  |()*+,-./01234567|
            00000038  3f3e3d3c3b3a3938                   |89:;<=>?|

            """)
    }

    func testRepeatedLinesFoldUnlessVerbose() throws {
        var bytes = [UInt8](repeating: 0, count: 96)
        bytes[0] = 0x41
        bytes[80] = 0x42
        let path = try scratch.file("folds.bin", bytes)
        assertOutcome(try mmio("dump", "-f", path), status: 0, stdout: """
            00000000  00000041 00000000 00000000 00000000  |A...............|
            00000010  00000000 00000000 00000000 00000000  |................|
            *
            00000050  00000042 00000000 00000000 00000000  |B...............|

            """)
        let verbose = try mmio("dump", "-v", "-f", path)
        XCTAssertEqual(verbose.status, 0)
        XCTAssertEqual(verbose.stdout.split(separator: "\n").count, 6)
        XCTAssertFalse(verbose.stdout.contains("*"))
        // A dump that ends inside a fold closes with the end address, as hexdump does.
        assertOutcome(try mmio("dump", "-f", path, "0x10", "48"), status: 0, stdout: """
            00000010  00000000 00000000 00000000 00000000  |................|
            *
            00000040

            """)
    }

    func testRawAndJSON() throws {
        let raw = try mmio("dump", "--raw", "-f", image, "4", "8")
        assertOutcome(raw, status: 0, stdout: "\u{04}\u{05}\u{06}\u{07}\u{08}\u{09}\u{0a}\u{0b}")
        assertOutcome(try mmio("dump", "--json", "-w", "16", "-f", image, "0x38"), status: 0, stdout: """
            {"address":"0x00000038","width":16,"values":["0x3938","0x3b3a","0x3d3c","0x3f3e"]}

            """)
        assertOutcome(try mmio("dump", "--raw", "--json", "-f", image), status: 64, stderrContains: ["--raw and --json"])
    }

    func testDumpDryRunAndTrace() throws {
        assertOutcome(try mmio("dump", "--dry-run", "-w", "16", "-f", image, "0x10", "6"), status: 0,
                      stdout: "r16 0x00000010\nr16 0x00000012\nr16 0x00000014\n", stderrEmpty: true)
        let traced = try mmio("dump", "--trace", "-w", "64", "-f", image, "0x30", "16")
        assertOutcome(traced, status: 0, stdout: """
            00000030  3736353433323130 3f3e3d3c3b3a3938  |0123456789:;<=>?|

            """)
        XCTAssertEqual(traced.stderr, "r64 0x00000030 -> 0x3736353433323130\nr64 0x00000038 -> 0x3f3e3d3c3b3a3938\n")
    }

    func testDumpsInABatchKeepTheirOrder() throws {
        let outcome = try MMIOProcess.run(
            ["batch", "-f", image], stdin: Data("read 0\ndump --raw 4 4\nread -w 8 8\ndump --json -w 32 0x3c\nread 0\n".utf8))
        assertOutcome(outcome, status: 0, stdout: """
            0x03020100
            \u{04}\u{05}\u{06}\u{07}0x08
            {"address":"0x0000003c","width":32,"values":["0x3f3e3d3c"]}
            0x03020100

            """, stderrEmpty: true)
    }

    func testDumpRangeChecks() throws {
        assertOutcome(try mmio("dump", "-f", image, "0", "6"), status: 64, stderrContains: ["length 6 is not a whole number of 32-bit words"])
        assertOutcome(try mmio("dump", "-f", image, "0x30", "0x20"), status: 64, stderrContains: ["32 byte(s) at 0x30 lie outside"])
        assertOutcome(try mmio("dump", "-f", image, "0x40"), status: 64, stderrContains: ["address 0x40 lies outside"])
        assertOutcome(try mmio("dump", "-f", image, "0", "1k"), status: 64, stderrContains: ["1024 byte(s) at 0x0 lie outside"])
        assertOutcome(try mmio("dump", "--bits", "3:0", "-f", image), status: 64, stderrContains: ["--bits does not apply to dump"])
    }

    func testLargeDumpIntoHeadEndsQuietly() throws {
        let big = try scratch.sparse("big.bin", size: 64 << 20)
        let outcome = try MMIOProcess.shell(
            "\"$MMIO\" dump -v -f '\(big)' | head -1; echo \"status ${PIPESTATUS[0]}\"")
        XCTAssertEqual(outcome.stdout, "00000000  00000000 00000000 00000000 00000000  |................|\nstatus 0\n")
        XCTAssertEqual(outcome.stderr, "")
        let raw = try MMIOProcess.shell(
            "\"$MMIO\" dump --raw -f '\(big)' | head -c 10 | wc -c; echo \"status ${PIPESTATUS[0]}\"")
        XCTAssertEqual(raw.stdout, "10\nstatus 0\n")
        XCTAssertEqual(raw.stderr, "")
    }

    func testLargeDumpMatchesTheFile() throws {
        // 3 MiB crosses several mapping windows and output blocks.
        let bytes = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 7) }
        let path = try scratch.file("big.bin", bytes)
        let outcome = try MMIOProcess.shell("\"$MMIO\" dump --raw -w 64 -f '\(path)' | cmp - '\(path)' && echo same")
        XCTAssertEqual(outcome.stdout, "same\n")
        // The byte columns of a verbose text dump are the file's bytes, in order.
        let text = try MMIOProcess.shell(
            "\"$MMIO\" dump -v -w 8 -f '\(path)' | sed -E 's/^[0-9a-f]+  //; s/  \\|.*//' | xxd -r -p | cmp - '\(path)' && echo same")
        XCTAssertEqual(text.stdout, "same\n", text.stderr)
    }

    func testLoadWritesTheFile() throws {
        let payload = try scratch.file("payload.bin", [0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4])
        let outcome = try mmio("load", "--trace", "-f", image, "0x10", payload)
        assertOutcome(outcome, status: 0, stdout: "")
        XCTAssertEqual(outcome.stderr, "w32 0x00000010 <- 0xefbeadde\nw32 0x00000014 <- 0x04030201\n")
        var expected = counting
        expected.replaceSubrange(0x10..<0x18, with: [0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4])
        XCTAssertEqual(try scratch.bytes("regs.bin"), expected)
        let stdin = try MMIOProcess.run(["load", "-w", "8", "-f", image, "0", "-"], stdin: Data([9, 9]))
        assertOutcome(stdin, status: 0)
        expected[0] = 9
        expected[1] = 9
        XCTAssertEqual(try scratch.bytes("regs.bin"), expected)
    }

    func testLoadRefusals() throws {
        let odd = try scratch.file("odd.bin", [1, 2, 3])
        assertOutcome(try mmio("load", "-f", image, "0", odd), status: 64, stderrContains: ["file of 3 bytes is not a whole number of 32-bit words"])
        let long = try scratch.file("long.bin", [UInt8](repeating: 7, count: 16))
        assertOutcome(try mmio("load", "-f", image, "0x38", long), status: 64, stderrContains: ["16 byte(s) at 0x38 lie outside"])
        assertOutcome(try mmio("load", "-f", image, "0", scratch.path("absent")), status: 1, stderrContains: ["cannot open"])
        XCTAssertEqual(try scratch.bytes("regs.bin"), counting)
    }
}
