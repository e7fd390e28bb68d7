import XCTest

/// The default target, physical memory, through a `mem` file under `--dev-root` (a sparse
/// regular file standing in for /dev/mem).
final class PhysicalMemoryTests: XCTestCase {
    var scratch: Scratch!

    override func setUpWithError() throws {
        scratch = try Scratch()
        try scratch.sparse("dev/mem", size: 0x3000)
    }

    var devRoot: String { scratch.path("dev") }

    func testReadAndWritePhysicalAddresses() throws {
        assertOutcome(try MMIOProcess.run(["write", "--dev-root", devRoot, "0x2ff8", "0xcafef00d"]), status: 0)
        assertOutcome(try MMIOProcess.run(["read", "--dev-root", devRoot, "0x2ff8"]), status: 0, stdout: "0xcafef00d\n")
        let bytes = try scratch.bytes("dev/mem")
        XCTAssertEqual(Array(bytes[0x2ff8..<0x2ffc]), [0x0d, 0xf0, 0xfe, 0xca])
        // The environment names the same root.
        assertOutcome(
            try MMIOProcess.run(["read", "-w", "16", "0x2ffa"], environment: ["MMIO_DEV_ROOT": devRoot]),
            status: 0, stdout: "0xcafe\n")
    }

    func testDumpDefaultsTo256Bytes() throws {
        let outcome = try MMIOProcess.run(["dump", "-v", "--dev-root", devRoot, "0x1000"])
        XCTAssertEqual(outcome.status, 0)
        let lines = outcome.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 16)
        XCTAssertEqual(lines.first, "00001000  00000000 00000000 00000000 00000000  |................|")
        XCTAssertEqual(lines.last, "000010f0  00000000 00000000 00000000 00000000  |................|")
    }

    func testAnAccessThatFaultsIsABusErrorWithItsAddress() throws {
        // The mem file ends at 0x3000: the page beyond it faults (SIGBUS) when touched.
        assertOutcome(
            try MMIOProcess.run(["read", "--dev-root", devRoot, "0x5000"]), status: 4, stdout: "",
            stderrContains: ["bus error reading 32 bits at 0x00005000 of physical memory (SIGBUS)"])
        assertOutcome(
            try MMIOProcess.run(["write", "-w", "64", "--dev-root", devRoot, "0x4008", "1"]), status: 4,
            stderrContains: ["bus error writing 64 bits at 0x00004008"])
        // A dump prints the lines it read before the fault, then reports it.
        let dump = try MMIOProcess.run(["dump", "--dev-root", devRoot, "0x2ff0", "0x20"])
        assertOutcome(
            dump, status: 4, stdout: "00002ff0  00000000 00000000 00000000 00000000  |................|\n",
            stderrContains: ["bus error reading 32 bits at 0x00003000"])
    }

    func testMissingMemIsAnErrorWithAHint() throws {
        assertOutcome(
            try MMIOProcess.run(["read", "--dev-root", scratch.path("nowhere"), "0x1000"]), status: 1,
            stderrContains: ["cannot open \(scratch.path("nowhere"))/mem for physical memory: No such file or directory", "CONFIG_DEVMEM"])
    }

    func testDryRunOpensNothing() throws {
        assertOutcome(
            try MMIOProcess.run(["write", "--dry-run", "--dev-root", scratch.path("nowhere"), "0x1000", "7"]),
            status: 0, stdout: "w32 0x00001000 <- 0x00000007\n")
    }
}
