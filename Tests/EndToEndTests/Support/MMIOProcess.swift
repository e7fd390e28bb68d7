import Foundation
import XCTest

/// The outcome of one run of the built `mmio` binary.
struct Outcome: Equatable {
    var stdout: String
    var stderr: String
    var status: Int32
}

/// Runs the real `mmio` executable that `swift build` made, the way a user would.
enum MMIOProcess {
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["MMIO_BINARY"] {
            return URL(fileURLWithPath: path)
        }
        // The test bundle sits next to the products it was built with.
        var directory = Bundle.main.bundleURL
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("mmio")
    }()

    /// The binary `make build` made (`make release-check`), which carries the commit stamp.
    static var isReleaseBinary: Bool { binary.path.hasSuffix("/.build/release/mmio") }

    /// Every subcommand, from the top-level help's list.
    static var subcommandNames: [String] {
        ["read", "write", "set", "clear", "dump", "load", "poll", "expect", "watch", "diff", "sleep", "list", "info",
         "batch", "devmem", "regs", "decode"]
    }

    @discardableResult
    static func run(
        _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:]
    ) throws -> Outcome {
        try start(arguments, stdin: stdin, environment: environment).finish()
    }

    /// Starts mmio and collects its output as it comes (so a large output cannot block it).
    static func start(
        _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:]
    ) throws -> Running {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = childEnvironment
        env["MMIO_SYSFS_ROOT"] = nil
        env["MMIO_DEV_ROOT"] = nil
        env["MMIO_REGS"] = nil
        env["MMIO_PROC_ROOT"] = nil
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        let running = Running(process)
        // A batch whose script asks for JSON on some lines only prints both; its own --json, all JSON.
        running.json = arguments.contains("--json")
        try process.run()
        for (pipe, isError) in [(out, false), (err, true)] {
            running.collecting.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                running.lock.withLock { if isError { running.stderr = data } else { running.stdout = data } }
                running.collecting.leave()
            }
        }
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        return running
    }

    /// An mmio process under way.
    final class Running: @unchecked Sendable {
        let process: Process
        let lock = NSLock()
        let collecting = DispatchGroup()
        var stdout = Data()
        var stderr = Data()
        /// Whether the command line (or a batch script on standard input) asked for JSON.
        var json = false

        init(_ process: Process) { self.process = process }

        func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

        /// Waits for the process to end and its output to be read.
        func finish() -> Outcome {
            process.waitUntilExit()
            collecting.wait()
            let outcome = lock.withLock {
                Outcome(
                    stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
                    status: process.terminationStatus)
            }
            if json { JSONOutputs.keep(outcome.stdout) }
            return outcome
        }
    }

    /// The environment of an mmio process a test starts. Under make sanitize the test runner's
    /// own leaks (Foundation's, XCTest's) are not looked for, but every mmio process's are.
    static var childEnvironment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        if let child = env["MMIO_CHILD_ASAN_OPTIONS"] { env["ASAN_OPTIONS"] = child }
        return env
    }

    /// Runs a shell pipeline with `$MMIO` set to the binary.
    static func shell(_ script: String) throws -> Outcome {
        var env = childEnvironment
        env["MMIO"] = binary.path
        return try tool("/bin/bash", ["-c", script], environment: env)
    }

    /// Runs another program (found on PATH) to the end, in `directory` if given.
    static func tool(
        _ program: String, _ arguments: [String], environment: [String: String], directory: String? = nil
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self),
            status: process.terminationStatus)
    }
}

/// The scratch folders made so far, removed when the process exits as well: XCTest keeps every
/// test case, and the scratch it holds, alive until the run ends, when no deinit runs.
private var scratchFolders: [URL] = []
private let scratchFoldersLock = NSLock()
private let scratchRemovedAtExit: Void = {
    atexit {
        scratchFoldersLock.lock()
        for folder in scratchFolders { try? FileManager.default.removeItem(at: folder) }
        scratchFoldersLock.unlock()
    }
}()

/// A temporary directory for one test, removed afterwards.
final class Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("mmio-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        _ = scratchRemovedAtExit
        scratchFoldersLock.lock()
        scratchFolders.append(url)
        scratchFoldersLock.unlock()
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `bytes` to `name` (creating folders) and returns its path.
    @discardableResult
    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let target = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: target)
        return target.path
    }

    @discardableResult
    func text(_ name: String, _ text: String) throws -> String {
        try file(name, Array(text.utf8))
    }

    func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url.appendingPathComponent(name)))
    }

    /// A sparse file of `size` bytes.
    @discardableResult
    func sparse(_ name: String, size: Int) throws -> String {
        let target = path(name)
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: target).deletingLastPathComponent(), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: target, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: target))
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
        return target
    }
}

/// Asserts one run's whole outcome, or parts of it.
func assertOutcome(
    _ outcome: Outcome, status: Int32, stdout: String? = nil, stderr: String? = nil, stderrContains: [String] = [],
    stderrEmpty: Bool = false, file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(outcome.status, status, "exit status; stderr: \(outcome.stderr)", file: file, line: line)
    if let stdout { XCTAssertEqual(outcome.stdout, stdout, "stdout", file: file, line: line) }
    if let stderr { XCTAssertEqual(outcome.stderr, stderr, "stderr", file: file, line: line) }
    for fragment in stderrContains {
        XCTAssertTrue(outcome.stderr.contains(fragment), "stderr \(outcome.stderr.debugDescription) lacks \(fragment.debugDescription)", file: file, line: line)
    }
    if !stderrContains.isEmpty {
        XCTAssertTrue(outcome.stderr.hasPrefix("mmio: "), "error line starts with mmio:", file: file, line: line)
        XCTAssertEqual(outcome.stderr.filter { $0 == "\n" }.count, 1, "one error line", file: file, line: line)
    }
    if stderrEmpty { XCTAssertEqual(outcome.stderr, "", "stderr", file: file, line: line) }
}

/// The 64-byte register image most tests start from: 0x00, 0x01, ... 0x3f.
let counting: [UInt8] = (0..<64).map { UInt8($0) }

/// Every `--json` output the tests produce, kept for `make unit` to validate against
/// `schema/mmio.schema.json` (Tests/check-json-outputs.py) once the tests have run.
enum JSONOutputs {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/json-outputs")
    static let lock = NSLock()
    nonisolated(unsafe) static var count = 0

    static func keep(_ text: String) {
        guard !text.isEmpty else { return }
        lock.withLock {
            count += 1
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let name = "\(ProcessInfo.processInfo.processIdentifier)-\(count).jsonl"
            try? text.write(to: directory.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
    }
}
