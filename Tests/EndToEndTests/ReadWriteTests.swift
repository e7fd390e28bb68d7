import XCTest

/// `read`, `write`, `set`, `clear` on a `-f` register image: exact outputs, exact exit codes,
/// and the file left byte-for-byte unchanged whenever a command is refused.
final class ReadWriteTests: RegisterImageTestCase {
    func testReadsEveryWidth() throws {
        assertOutcome(try mmio("read", "-f", image, "-w", "8", "5"), status: 0, stdout: "0x05\n", stderrEmpty: true)
        assertOutcome(try mmio("read", "-f", image, "-w", "16", "6"), status: 0, stdout: "0x0706\n")
        assertOutcome(try mmio("read", "-f", image, "0"), status: 0, stdout: "0x03020100\n")
        assertOutcome(try mmio("read", "-f", image, "--width", "32", "0x3c"), status: 0, stdout: "0x3f3e3d3c\n")
        assertOutcome(try mmio("read", "-f", image, "-w", "64", "8"), status: 0, stdout: "0x0f0e0d0c0b0a0908\n")
    }

    func testReadCountPrintsAddressAndValue() throws {
        assertOutcome(
            try mmio("read", "-f", image, "-n", "3", "4"), status: 0,
            stdout: "0x00000004: 0x07060504\n0x00000008: 0x0b0a0908\n0x0000000c: 0x0f0e0d0c\n")
        assertOutcome(
            try mmio("read", "-f", image, "-w", "8", "-n", "0b10", "0x1_0"), status: 0,
            stdout: "0x00000010: 0x10\n0x00000011: 0x11\n")
    }

    func testReadJSON() throws {
        assertOutcome(
            try mmio("read", "--json", "-f", image, "-w", "64", "-n", "2", "0x30"), status: 0,
            stdout: """
                {"address":"0x00000030","width":64,"value":"0x3736353433323130"}
                {"address":"0x00000038","width":64,"value":"0x3f3e3d3c3b3a3938"}

                """)
        assertOutcome(
            try mmio("read", "--json", "--bits", "11:4", "-f", image, "0"), status: 0,
            stdout: "{\"address\":\"0x00000000\",\"width\":32,\"bits\":\"11:4\",\"value\":\"0x10\"}\n")
    }

    func testReadBitField() throws {
        assertOutcome(try mmio("read", "--bits", "11:4", "-f", image, "0"), status: 0, stdout: "0x10\n")
        assertOutcome(try mmio("read", "--bits", "8", "-f", image, "0"), status: 0, stdout: "0x1\n")
        assertOutcome(
            try mmio("read", "--bits", "32:0", "-f", image, "0"), status: 64,
            stderrContains: ["bits 32:0 do not fit in a 32-bit access"])
        assertOutcome(try mmio("read", "--bits", "4:7", "-f", image, "0"), status: 64, stderrContains: ["HI:LO"])
    }

    func testWritesEveryWidth() throws {
        assertOutcome(try mmio("write", "-f", image, "-w", "8", "1", "0xaa"), status: 0, stdout: "", stderrEmpty: true)
        assertOutcome(try mmio("write", "-f", image, "-w", "16", "2", "0xbbcc"), status: 0, stdout: "")
        assertOutcome(try mmio("write", "-f", image, "4", "0x11223344"), status: 0, stdout: "")
        assertOutcome(try mmio("write", "-f", image, "-w", "64", "8", "0x0102030405060708"), status: 0)
        var expected = counting
        expected.replaceSubrange(0..<16, with: [0x00, 0xaa, 0xcc, 0xbb, 0x44, 0x33, 0x22, 0x11,
                                                0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01])
        XCTAssertEqual(try scratch.bytes("regs.bin"), expected)
    }

    func testWriteSeveralValuesGoToConsecutiveAddresses() throws {
        assertOutcome(try mmio("write", "-f", image, "-w", "16", "0x20", "1", "2", "0xffff"), status: 0)
        var expected = counting
        expected.replaceSubrange(0x20..<0x26, with: [1, 0, 2, 0, 0xff, 0xff])
        XCTAssertEqual(try scratch.bytes("regs.bin"), expected)
    }

    func testValueWiderThanWidthIsRefusedAndNothingIsWritten() throws {
        assertOutcome(
            try mmio("write", "-f", image, "-w", "8", "0", "0x100"), status: 64,
            stderrContains: ["value 0x100 does not fit in 8 bits"])
        // The first values fit; the last does not: still nothing is written.
        assertOutcome(
            try mmio("write", "-f", image, "-w", "16", "0", "1", "2", "0x10000"), status: 64,
            stderrContains: ["value 0x10000 does not fit in 16 bits"])
        assertOutcome(
            try mmio("write", "-f", image, "0", "0x1_0000_0000"), status: 64,
            stderrContains: ["value 0x100000000 does not fit in 32 bits"])
        assertOutcome(
            try mmio("write", "-f", image, "-w", "64", "0", "0x1_0000_0000_0000_0000"), status: 64,
            stderrContains: ["'0x1_0000_0000_0000_0000' is not a number"])
        XCTAssertEqual(try scratch.bytes("regs.bin"), counting)
    }

    func testMisalignedAddressIsRefusedUnlessAllowed() throws {
        assertOutcome(
            try mmio("read", "-f", image, "2"), status: 64,
            stderrContains: ["address 0x2 is not aligned to the 32-bit width", "--unaligned"])
        assertOutcome(
            try mmio("write", "-f", image, "-w", "64", "4", "0"), status: 64,
            stderrContains: ["not aligned to the 64-bit width"])
        XCTAssertEqual(try scratch.bytes("regs.bin"), counting)
        assertOutcome(try mmio("read", "--unaligned", "-f", image, "2"), status: 0, stdout: "0x05040302\n")
        assertOutcome(try mmio("write", "--unaligned", "-f", image, "-w", "16", "3", "0xbeef"), status: 0)
        var expected = counting
        expected.replaceSubrange(3..<5, with: [0xef, 0xbe])
        XCTAssertEqual(try scratch.bytes("regs.bin"), expected)
    }

    func testAccessesPastTheEndAreRefused() throws {
        assertOutcome(
            try mmio("read", "-f", image, "0x40"), status: 64,
            stderrContains: ["4 byte(s) at 0x40 lie outside", "size 0x40, last address 0x3f"])
        assertOutcome(try mmio("read", "-f", image, "-w", "64", "0x3c", "--unaligned"), status: 64, stderrContains: ["outside"])
        assertOutcome(try mmio("read", "-f", image, "-n", "2", "0x3c"), status: 64, stderrContains: ["8 byte(s) at 0x3c"])
        assertOutcome(try mmio("write", "-f", image, "0x3c", "1", "2"), status: 64, stderrContains: ["outside"])
        assertOutcome(
            try mmio("read", "-f", image, "0xffff_ffff_ffff_fffc"), status: 64, stderrContains: ["overflows"])
        XCTAssertEqual(try scratch.bytes("regs.bin"), counting)
    }

    func testWriteBitsReplacesOnlyTheField() throws {
        let outcome = try mmio("write", "--trace", "--bits", "15:8", "-f", image, "4", "0xab")
        assertOutcome(outcome, status: 0, stdout: "")
        XCTAssertEqual(outcome.stderr, "r32 0x00000004 -> 0x07060504\nw32 0x00000004 <- 0x0706ab04\n")
        var expected = counting
        expected[5] = 0xab
        XCTAssertEqual(try scratch.bytes("regs.bin"), expected)
        assertOutcome(
            try mmio("write", "--bits", "15:8", "-f", image, "4", "0x100"), status: 64,
            stderrContains: ["value 0x100 does not fit in bits 15:8 (8 bits)"])
        XCTAssertEqual(try scratch.bytes("regs.bin"), expected)
    }

    func testSetAndClearMakeExactlyOneReadAndOneWrite() throws {
        let set = try mmio("set", "--trace", "-f", image, "8", "0xf0000001")
        assertOutcome(set, status: 0, stdout: "")
        XCTAssertEqual(set.stderr, "r32 0x00000008 -> 0x0b0a0908\nw32 0x00000008 <- 0xfb0a0909\n")
        let clear = try mmio("clear", "--trace", "-w", "16", "-f", image, "8", "0x0909")
        assertOutcome(clear, status: 0, stdout: "")
        XCTAssertEqual(clear.stderr, "r16 0x00000008 -> 0x0909\nw16 0x00000008 <- 0x0000\n")
        var expected = counting
        expected.replaceSubrange(8..<12, with: [0x00, 0x00, 0x0a, 0xfb])
        XCTAssertEqual(try scratch.bytes("regs.bin"), expected)
        assertOutcome(
            try mmio("set", "-w", "8", "-f", image, "8", "0x100"), status: 64,
            stderrContains: ["mask 0x100 does not fit in 8 bits"])
        assertOutcome(try mmio("set", "--bits", "3:0", "-f", image, "8", "1"), status: 64, stderrContains: ["--bits does not apply to set"])
    }

    func testTraceShowsEveryAccessOfAWrite() throws {
        let outcome = try mmio("write", "--trace", "--verify", "-f", image, "4", "0x12345678")
        assertOutcome(outcome, status: 0, stdout: "")
        XCTAssertEqual(outcome.stderr, "w32 0x00000004 <- 0x12345678\nr32 0x00000004 -> 0x12345678\n")
    }

    func testDryRunPrintsAccessesAndChangesNothing() throws {
        assertOutcome(
            try mmio("write", "--dry-run", "-f", image, "4", "1", "2"), status: 0,
            stdout: "w32 0x00000004 <- 0x00000001\nw32 0x00000008 <- 0x00000002\n", stderrEmpty: true)
        assertOutcome(
            try mmio("set", "--dry-run", "-w", "8", "-f", image, "4", "0x80"), status: 0,
            stdout: "r8 0x00000004\nw8 0x00000004 <- v | 0x80\n")
        assertOutcome(
            try mmio("write", "--dry-run", "--bits", "7:4", "-f", image, "4", "3"), status: 0,
            stdout: "r32 0x00000004\nw32 0x00000004 <- (v & ~0x000000f0) | 0x00000030\n")
        assertOutcome(try mmio("read", "--dry-run", "-n", "2", "-f", image, "0"), status: 0,
                      stdout: "r32 0x00000000\nr32 0x00000004\n")
        assertOutcome(try mmio("load", "--dry-run", "-w", "16", "-f", image, "0x10", image), status: 64,
                      stderrContains: ["outside"])
        XCTAssertEqual(try scratch.bytes("regs.bin"), counting)
        // Nothing is opened for writing: a read-only file is fine.
        chmod(image, 0o444)
        assertOutcome(try mmio("write", "--dry-run", "-f", image, "0", "5"), status: 0)
        XCTAssertEqual(try scratch.bytes("regs.bin"), counting)
    }

    func testBadArgumentsAreUsageErrors() throws {
        assertOutcome(try mmio("read", "-f", image, "0xZZ"), status: 64, stderrContains: ["'0xZZ' is not a number"])
        assertOutcome(try mmio("read", "-f", image, "-w", "12", "0"), status: 64, stderrContains: ["width '12' must be 8, 16, 32 or 64"])
        assertOutcome(try mmio("read", "-f", image, "-w", "b", "0"), status: 64, stderrContains: ["width 'b'"])
        assertOutcome(try mmio("read", "-f", image), status: 64, stderrContains: ["Missing expected argument '<address>'"])
        assertOutcome(try mmio("read", "-f", image, "-n", "0", "0"), status: 64, stderrContains: ["-n COUNT must be at least 1"])
        assertOutcome(try mmio("write", "-f", image, "0"), status: 64, stderrContains: ["write needs at least one VALUE"])
        assertOutcome(try mmio("frobnicate"), status: 64, stderrContains: ["frobnicate"])
        assertOutcome(try mmio("read", "-f", image, "-s", "00:01.0", "0"), status: 64, stderrContains: ["--slot and --file name two targets"])
        assertOutcome(try mmio("read", "-f", image, "-b", "1", "0"), status: 64, stderrContains: ["--bar goes with --slot or --device"])
        assertOutcome(try mmio("read", "-f", image, "-m", "1", "0"), status: 64, stderrContains: ["--map goes with --uio"])
        assertOutcome(try mmio("read", "-f", image, "--wc", "0"), status: 64, stderrContains: ["--wc goes with"])
        XCTAssertEqual(try scratch.bytes("regs.bin"), counting)
    }

    func testMissingTargetIsAnError() throws {
        assertOutcome(
            try mmio("read", "-f", scratch.path("absent"), "0"), status: 1,
            stderrContains: ["cannot open \(scratch.path("absent")): No such file or directory"])
        assertOutcome(try mmio("read", "-f", scratch.url.path, "0"), status: 1, stderrContains: ["is a directory"])
    }

    func testHelpAndVersionSucceed() throws {
        let help = try mmio("--help")
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("USAGE: mmio <subcommand>"))
        let readHelp = try mmio("read", "--help")
        XCTAssertEqual(readHelp.status, 0)
        XCTAssertTrue(readHelp.stdout.contains("--unaligned"))
        let version = try mmio("--version")
        assertOutcome(version, status: 0)
        XCTAssertTrue(version.stdout.hasPrefix("mmio 0.1.0\ncommit:  "), version.stdout)
    }
}
