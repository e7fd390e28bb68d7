import XCTest

/// `mmio devmem` against busybox devmem on the same bytes: busybox opens /dev/mem, so it runs in
/// a private mount namespace where a regular file is bind-mounted over /dev/mem. Root only;
/// this suite runs as root by design, and fails (never skips) without it.
final class DevmemTests: XCTestCase {
    var scratch: Scratch!

    override func setUpWithError() throws {
        scratch = try Scratch()
        let bytes = (0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 181 &+ 7) }
        try scratch.file("dev/mem", bytes)
    }

    func busybox(_ arguments: String) throws -> Outcome {
        try MMIOProcess.shell("""
            unshare -m sh -c 'mount -t tmpfs tmpfs /dev && touch /dev/mem && \
            mount --bind \(scratch.path("dev/mem")) /dev/mem && busybox devmem \(arguments)'
            """)
    }

    func mmio(_ arguments: [String]) throws -> Outcome {
        try MMIOProcess.run(["devmem", "--dev-root", scratch.path("dev")] + arguments)
    }

    /// Every way of writing a number busybox's `strtoul(..., 0)` reads, generated (octal with a
    /// leading 0, hex in both cases, decimal) reads the same address as busybox; a word busybox
    /// refuses, mmio refuses too.
    func testDevmemReadsNumbersAsBusyboxDoes() throws {
        var generator = SystemRandomNumberGenerator()
        var addresses: [UInt64] = [0, 8, 0o20, 0o1000, 0x1ff8]
        for _ in 0..<12 { addresses.append(UInt64.random(in: 0..<1024, using: &generator) * 8) }
        for address in addresses {
            for word in ["0" + String(address, radix: 8), "0x" + String(address, radix: 16), "0X" + String(address, radix: 16, uppercase: true), "\(address)"] {
                let reference = try busybox("\(word) 64")
                XCTAssertEqual(reference.status, 0, "busybox devmem \(word): \(reference.stderr)")
                assertOutcome(try mmio([word, "64"]), status: 0, stdout: reference.stdout)
            }
        }
        for word in ["08", "0b1", "0x", "1k", "0x1g", "099"] {
            XCTAssertNotEqual(try busybox("\(word)").status, 0, "busybox takes \(word)")
            assertOutcome(try mmio([word]), status: 64, stdout: "", stderrContains: [
                "bad number '\(word)': devmem reads numbers as busybox does (0x for hex, a leading 0 for octal, else decimal)"])
        }
        // A value too: 0177 is 0x7f, as busybox writes it.
        assertOutcome(try mmio(["0x40", "16", "0177"]), status: 0, stdout: "", stderrEmpty: true)
        XCTAssertEqual(try busybox("0x40 16").stdout, "0x007F\n")
        XCTAssertEqual(try busybox("0x48 16 0200").stdout, "")
        assertOutcome(try mmio(["0x48", "16"]), status: 0, stdout: "0x0080\n")
    }

    func testAMisalignedDevmemNamesTheCommandThatTakesUnaligned() throws {
        assertOutcome(try mmio(["0x21"]), status: 64, stdout: "", stderr: """
            mmio: address 0x21 is not aligned to the 32-bit width (devmem makes aligned accesses only; mmio read -w 32 --unaligned 0x21 makes an unaligned one)

            """)
        let help = try MMIOProcess.run(["devmem", "--help"]).stdout
        XCTAssertFalse(help.contains("--unaligned"))
        XCTAssertTrue(try MMIOProcess.run(["read", "--help"]).stdout.contains("--unaligned"))
    }

    func testReadsAreByteIdenticalToBusybox() throws {
        for address in ["0", "0x10", "0x1ff8", "4096"] {
            for width in ["", "8", "16", "32", "64", "b", "h", "w", "l"] {
                let reference = try busybox("\(address) \(width)")
                XCTAssertEqual(reference.status, 0, "busybox must run here (root, unshare): \(reference.stderr)")
                var arguments = ["devmem", "--dev-root", scratch.path("dev"), address]
                if !width.isEmpty { arguments.append(width) }
                let outcome = try MMIOProcess.run(arguments)
                XCTAssertEqual(outcome.status, 0, outcome.stderr)
                XCTAssertEqual(outcome.stdout, reference.stdout, "devmem \(address) \(width)")
                XCTAssertFalse(outcome.stdout.isEmpty)
            }
        }
    }

    func testWritesAreSilentAndLandLikeBusybox() throws {
        assertOutcome(try MMIOProcess.run(["devmem", "--dev-root", scratch.path("dev"), "0x20", "16", "0xbeef"]), status: 0, stdout: "", stderrEmpty: true)
        XCTAssertEqual(try busybox("0x20 16").stdout, "0xBEEF\n")
        XCTAssertEqual(try busybox("0x24 32 0x12345678").stdout, "")
        assertOutcome(try MMIOProcess.run(["devmem", "--dev-root", scratch.path("dev"), "0x24"]), status: 0, stdout: "0x12345678\n")
    }

    func testWhereMMIORefusesWhatBusyboxAccepts() throws {
        let dev = scratch.path("dev")
        // busybox truncates 0x1ff to 0xff; mmio refuses and writes nothing.
        assertOutcome(try MMIOProcess.run(["devmem", "--dev-root", dev, "0x20", "8", "0x1ff"]), status: 64, stderrContains: ["value 0x1ff does not fit in 8 bits"])
        // busybox makes a misaligned access; mmio refuses.
        assertOutcome(try MMIOProcess.run(["devmem", "--dev-root", dev, "0x21"]), status: 64, stderrContains: ["not aligned"])
        assertOutcome(try MMIOProcess.run(["devmem", "--dev-root", dev, "0x20", "12"]), status: 64, stderrContains: ["bad width '12'"])
        // busybox dies of SIGBUS (exit 135); mmio reports the fault.
        XCTAssertEqual(try busybox("0x100000").status, 135)
        assertOutcome(try MMIOProcess.run(["devmem", "--dev-root", dev, "0x100000"]), status: 4, stderrContains: ["bus error reading 32 bits at 0x00100000"])
        XCTAssertEqual(try busybox("0x20 8").stdout, "0x\(String(format: "%02X", UInt8(truncatingIfNeeded: 0x20 &* 181 &+ 7)))\n")
    }
}
