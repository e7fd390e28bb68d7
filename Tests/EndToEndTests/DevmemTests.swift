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
