import Foundation
import XCTest

/// `poll`: a real second process changes the register while mmio polls it.
final class PollTests: XCTestCase {
    var scratch: Scratch!
    var image: String!

    override func setUpWithError() throws {
        scratch = try Scratch()
        image = try scratch.file("regs.bin", [UInt8](repeating: 0, count: 64))
    }

    /// Two processes on one register: one polls for a bit, the other sets it (one read, one
    /// write), and then writes the whole register.
    func testPollSeesAnotherProcessSetTheBit() throws {
        let start = Date()
        let poller = try MMIOProcess.start(["poll", "-f", image, "--mask", "0x80", "--timeout", "10s", "--interval", "1ms", "0x10"])
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertTrue(poller.process.isRunning, "poll must still be waiting")
        assertOutcome(try MMIOProcess.run(["set", "-f", image, "0x10", "0x80"]), status: 0, stdout: "", stderrEmpty: true)
        assertOutcome(poller.finish(), status: 0, stdout: "0x00000080\n", stderrEmpty: true)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5, "poll noticed the change long before its timeout")

        let second = try MMIOProcess.start(["poll", "-f", image, "--mask", "0x1000_0000", "--timeout", "10s", "0x10"])
        Thread.sleep(forTimeInterval: 0.3)
        assertOutcome(try MMIOProcess.run(["write", "-f", image, "0x10", "0x1234_5680"]), status: 0)
        assertOutcome(second.finish(), status: 0, stdout: "0x12345680\n", stderrEmpty: true)
    }

    /// A dry run plans the first read and says how the loop goes on, as a trace line, or under
    /// `--json` as a JSON object like every other line of a plan (it was a trace line there too).
    func testADryRunPlansTheRepeatedReadInTheLinesForm() throws {
        assertOutcome(
            try MMIOProcess.run(["poll", "--dry-run", "-f", image, "--mask", "0x6", "--value", "0x2", "--timeout", "2s", "0x10"]),
            status: 0,
            stdout: "r32 0x00000010 (repeated every 1000000 ns until (v & 0x00000006) == 0x00000002, at most 2000000000 ns)\n",
            stderrEmpty: true)
        assertOutcome(
            try MMIOProcess.run(["poll", "--json", "--dry-run", "-w", "16", "-f", image, "--mask", "0x6", "--interval", "5ms", "0x10"]),
            status: 0,
            stdout: "{\"planned\":\"read\",\"address\":\"0x00000010\",\"width\":16,\"repeat\":{\"interval_ns\":5000000,"
                + "\"mask\":\"0x0006\",\"value\":\"0x0006\",\"timeout_ns\":1000000000}}\n",
            stderrEmpty: true)
        let batch = try scratch.text("poll.batch", "poll --mask 1 0x10\nread 0x10\n")
        assertOutcome(
            try MMIOProcess.run(["batch", "--json", "--dry-run", "-f", image, batch]),
            status: 0,
            stdout: "{\"planned\":\"read\",\"address\":\"0x00000010\",\"width\":32,\"repeat\":{\"interval_ns\":1000000,"
                + "\"mask\":\"0x00000001\",\"value\":\"0x00000001\",\"timeout_ns\":1000000000}}\n"
                + "{\"planned\":\"read\",\"address\":\"0x00000010\",\"width\":32}\n",
            stderrEmpty: true)
    }

    func testPollUntilClear() throws {
        try scratch.file("regs.bin", [0xff, 0x00, 0x00, 0x00] + [UInt8](repeating: 0, count: 60))
        assertOutcome(
            try MMIOProcess.run(["poll", "-f", image, "--mask", "0xff00", "--value", "0", "0"]),
            status: 0, stdout: "0x000000ff\n", stderrEmpty: true)
        assertOutcome(
            try MMIOProcess.run(["poll", "--json", "-w", "8", "-f", image, "--mask", "1", "0"]),
            status: 0, stdout: "{\"address\":\"0x00000000\",\"width\":8,\"value\":\"0xff\",\"matched\":true}\n")
    }

    func testPollTimesOutWithExit2AndPrintsTheLastValue() throws {
        try scratch.file("regs.bin", [0x0e, 0, 0, 0] + [UInt8](repeating: 0, count: 60))
        let outcome = try MMIOProcess.run(["poll", "-f", image, "--mask", "1", "--timeout", "50ms", "0"])
        assertOutcome(
            outcome, status: 2, stdout: "0x0000000e\n",
            stderrContains: ["poll timed out after 50ms at 0x00000000: last value 0x0000000e, waiting for (v & 0x00000001) == 0x00000001"])
    }

    func testPollRefusals() throws {
        assertOutcome(
            try MMIOProcess.run(["poll", "-f", image, "--mask", "1", "--value", "2", "0"]), status: 64,
            stderrContains: ["--value 0x2 has bits outside --mask 0x1"])
        assertOutcome(
            try MMIOProcess.run(["poll", "-f", image, "--mask", "0x100", "-w", "8", "0"]), status: 64,
            stderrContains: ["mask 0x100 does not fit in 8 bits"])
        assertOutcome(
            try MMIOProcess.run(["poll", "-f", image, "--mask", "1", "--timeout", "soon", "0"]), status: 64,
            stderrContains: ["'soon' is not a duration"])
        assertOutcome(try MMIOProcess.run(["poll", "-f", image, "0"]), status: 64, stderrContains: ["--mask"])
    }
}
