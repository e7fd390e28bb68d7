import Foundation
import XCTest

/// SIGINT and SIGTERM sent to a real mmio process mid-work: it stops soon, what it printed is
/// whole lines, `poll` prints the last value it read, and the status is 128 + the signal.
final class SignalTests: RegisterImageTestCase {
    /// Starts mmio, waits until it has had time to start its long step, signals it, and
    /// returns its outcome and how long it took to end after the signal.
    func interrupt(_ arguments: [String], with signal: Int32, after delay: TimeInterval = 0.5, stdin: String? = nil)
        throws -> (outcome: Outcome, seconds: TimeInterval)
    {
        let running = try MMIOProcess.start(arguments, stdin: stdin.map { Data($0.utf8) })
        Thread.sleep(forTimeInterval: delay)
        let sent = Date()
        running.signal(signal)
        running.process.waitUntilExit()
        let seconds = Date().timeIntervalSince(sent)
        return (running.finish(), seconds)
    }

    /// A bound that only a hang would break: the issue asks for 100 ms, the benchmark machine is
    /// noisy, and timing is not for tests to judge.
    static let prompt: TimeInterval = 2

    func testPollPrintsTheLastValueAndExits130OnSIGINT() throws {
        let (outcome, seconds) = try interrupt(
            ["poll", "-f", image, "--mask", "0x80", "--timeout", "30s", "--interval", "10ms", "0"], with: SIGINT)
        assertOutcome(outcome, status: 130, stdout: "0x03020100\n", stderrEmpty: true)
        XCTAssertLessThan(seconds, Self.prompt)
    }

    func testPollExits143OnSIGTERM() throws {
        let (outcome, seconds) = try interrupt(
            ["poll", "-f", image, "--mask", "0x80", "--timeout", "30s", "--json", "0"], with: SIGTERM)
        assertOutcome(outcome, status: 143, stdout: #"{"address":"0x00000000","width":32,"value":"0x03020100","matched":false}"# + "\n", stderrEmpty: true)
        XCTAssertLessThan(seconds, Self.prompt)
    }

    func testSleepAndABatchStopBetweenLines() throws {
        let sleep = try interrupt(["sleep", "30"], with: SIGTERM)
        assertOutcome(sleep.outcome, status: 143, stdout: "", stderrEmpty: true)
        XCTAssertLessThan(sleep.seconds, Self.prompt)
        let batch = try interrupt(["batch", "-f", image], with: SIGINT, stdin: "read 0\nsleep 30\nwrite 4 0\nread 4\n")
        assertOutcome(batch.outcome, status: 130, stdout: "0x03020100\n", stderrEmpty: true)
        XCTAssertLessThan(batch.seconds, Self.prompt)
        XCTAssertEqual(try scratch.bytes("regs.bin"), counting, "the line after the sleep did not run")
    }

    func testALongDumpAndALongReadEndOnAWholeLine() throws {
        for (arguments, signal, status) in [
            (["dump", "-v", "-f", "/dev/zero", "0", "64G"], SIGINT, Int32(130)),
            (["read", "-n", "100000000000", "-w", "8", "-f", "/dev/zero", "0"], SIGTERM, 143),
            (["dump", "--json", "-f", "/dev/zero", "0", "64G"], SIGTERM, 143),
        ] {
            let (outcome, seconds) = try interrupt(arguments, with: signal, after: 0.3)
            XCTAssertEqual(outcome.status, status, "\(arguments): \(outcome.stderr)")
            XCTAssertEqual(outcome.stderr, "", "\(arguments)")
            XCTAssertLessThan(seconds, Self.prompt, "\(arguments)")
            XCTAssertFalse(outcome.stdout.isEmpty, "\(arguments) printed something first")
            XCTAssertTrue(outcome.stdout.hasSuffix("\n"), "\(arguments) ends on a whole line: \(outcome.stdout.suffix(40).debugDescription)")
            let last = outcome.stdout.dropLast().split(separator: "\n").last.map(String.init) ?? ""
            let whole = arguments[0] == "read" ? try Regex("^0x[0-9a-f]{8,}: 0x00$") : arguments.contains("--json")
                ? try Regex(#"^\{"address":"0x[0-9a-f]+","width":32,"values":\["0x00000000","0x00000000","0x00000000","0x00000000"\]\}$"#)
                : try Regex("^[0-9a-f]{8,} +00000000 00000000 00000000 00000000  \\|\\.{16}\\|$")
            XCTAssertNotNil(try whole.wholeMatch(in: last), "\(arguments): last line \(last.debugDescription)")
        }
    }
}
