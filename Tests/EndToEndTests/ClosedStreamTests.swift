import Foundation
import XCTest

/// mmio started with standard input, output or error closed: the target must never become
/// descriptor 1 or 2 and receive mmio's own text. Against a file standing in for /dev/mem
/// (`--dev-root`) and a `-f` file, as a shell runs `mmio ... >&-`.
final class ClosedStreamTests: XCTestCase {
    var scratch: Scratch!
    /// The stand-in for /dev/mem and the -f image start with the same non-zero bytes, so that
    /// any stray write shows.
    var original: [UInt8] = []

    override func setUpWithError() throws {
        scratch = try Scratch()
        var generator = SeededGenerator(seed: 7)
        original = (0..<0x3000).map { _ in UInt8.random(in: 0x80...0xff, using: &generator) }
        try scratch.file("dev/mem", original)
        try scratch.file("image.bin", original)
        try scratch.file("eight.bin", [1, 2, 3, 4, 5, 6, 7, 8])
        try scratch.text("script.txt", "read 0x100\nwrite 0x104 0x11223344\nread 0x104\n")
    }

    /// Runs mmio through bash with the descriptors in `closed` closed.
    func run(_ arguments: [String], closed: Set<Int32>) throws -> Outcome {
        let redirections = closed.sorted().map { "\($0)>&-" }.joined(separator: " ")
        var environment = MMIOProcess.childEnvironment
        environment["MMIO"] = MMIOProcess.binary.path
        for name in ["MMIO_SYSFS_ROOT", "MMIO_DEV_ROOT", "MMIO_REGS", "MMIO_PROC_ROOT"] { environment[name] = nil }
        return try MMIOProcess.tool("/bin/bash", ["-c", "\"$MMIO\" \"$@\" \(redirections)", "mmio"] + arguments, environment: environment)
    }

    var devRoot: String { scratch.path("dev") }

    func testTheIssuesCasesWriteOnlyWhatWasAskedForAndFail() throws {
        // The JSON line (or the trace line) once landed at offset 0 of physical memory.
        var outcome = try run(["write", "--json", "--dev-root", devRoot, "0x1000", "0x41414141", "0x42424242"], closed: [1])
        XCTAssertEqual(outcome.status, 1, "output that cannot be written is a failure")
        var memory = try scratch.bytes("dev/mem")
        XCTAssertEqual(Array(memory[0..<0x1000]), Array(original[0..<0x1000]), "nothing but the asked-for stores")
        XCTAssertEqual(Array(memory[0x1000..<0x1004]), [0x41, 0x41, 0x41, 0x41])
        XCTAssertEqual(Array(memory[0x1008...]), Array(original[0x1008...]))

        outcome = try run(["write", "--trace", "--dev-root", devRoot, "0x2000", "0x41"], closed: [2])
        XCTAssertEqual(outcome.status, 1, "a trace that cannot be written is a failure")
        memory = try scratch.bytes("dev/mem")
        XCTAssertEqual(Array(memory[0..<0x1000]), Array(original[0..<0x1000]))
        XCTAssertEqual(Array(memory[0x2000..<0x2004]), [0x41, 0, 0, 0])

        outcome = try run(["read", "-f", scratch.path("image.bin"), "0"], closed: [1])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertEqual(outcome.stderr, "mmio: cannot write standard output: Bad file descriptor\n")
        XCTAssertEqual(try scratch.bytes("image.bin"), original)

        // No output asked for: the write is done and it is a success.
        outcome = try run(["write", "-f", scratch.path("image.bin"), "0x10", "0x0a0b0c0d"], closed: [0, 1, 2])
        XCTAssertEqual(outcome.status, 0)
        XCTAssertEqual(Array(try scratch.bytes("image.bin")[0x10..<0x14]), [0x0d, 0x0c, 0x0b, 0x0a])

        // A batch whose script is standard input, closed: nothing to read, nothing run.
        outcome = try run(["batch", "-f", scratch.path("image.bin")], closed: [0])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertEqual(outcome.stderr, "mmio: cannot read -: Bad file descriptor\n")
    }

    /// Generated runs (seeded): random commands that write, read, trace and print JSON, on
    /// physical memory and on a file, each with a random non-empty set of 0, 1 and 2 closed.
    /// Afterwards every byte of both targets is what it was or what an asked-for store put
    /// there; a run whose output could not be written does not end with 0.
    func testNoRunWithClosedDescriptorsWritesBeyondItsStores() throws {
        var generator = SeededGenerator(seed: UInt64(ProcessInfo.processInfo.environment["MMIO_TEST_SEED"] ?? "") ?? 2026)
        let runs = 200
        var failures: [String] = []
        for number in 0..<runs {
            try scratch.file("dev/mem", original)
            try scratch.file("image.bin", original)
            let onFile = Bool.random(using: &generator)
            let target = onFile ? ["-f", scratch.path("image.bin")] : ["--dev-root", devRoot]
            let address = UInt64.random(in: 0..<0x2f0, using: &generator) * 16
            let value = UInt32.random(in: 0...UInt32.max, using: &generator)
            var flags: [String] = []
            if Bool.random(using: &generator) { flags.append("--json") }
            if Bool.random(using: &generator) { flags.append("--trace") }
            // Each command and the bytes it may store: offset -> allowed value.
            var stores: [Int: UInt8] = [:]
            func store(_ at: UInt64, _ word: UInt32) {
                for byte in 0..<4 { stores[Int(at) + byte] = UInt8(truncatingIfNeeded: word >> (8 * UInt32(byte))) }
            }
            var printsOutput = flags.contains("--json")
            let arguments: [String]
            switch Int.random(in: 0..<7, using: &generator) {
            case 0:
                arguments = ["write"] + flags + target + [Hex(address), Hex(value), Hex(~value)]
                store(address, value)
                store(address + 4, ~value)
            case 1:
                arguments = ["read"] + flags + target + ["-n", "3", Hex(address)]
                printsOutput = true
            case 2:
                arguments = ["dump"] + flags + target + [Hex(address), "64"]
                printsOutput = true
            case 3:
                let old = UInt32(original[Int(address)]) | UInt32(original[Int(address) + 1]) << 8
                    | UInt32(original[Int(address) + 2]) << 16 | UInt32(original[Int(address) + 3]) << 24
                arguments = ["set"] + flags + target + [Hex(address), Hex(value)]
                store(address, old | value)
            case 4:
                arguments = ["load"] + flags + target + [Hex(address), scratch.path("eight.bin")]
                for (index, byte) in [UInt8](1...8).enumerated() { stores[Int(address) + index] = byte }
            case 5:
                arguments = ["batch"] + flags + target + [scratch.path("script.txt")]
                store(0x104, 0x1122_3344)
                printsOutput = true
            default:
                // devmem has no --trace, and physical memory is its only target.
                flags.removeAll { $0 == "--trace" }
                arguments = ["devmem", "--dev-root", devRoot, Hex(address), "32", Hex(value)] + flags
                if onFile { continue }
                store(address, value)
            }
            var closed: Set<Int32> = []
            while closed.isEmpty {
                for descriptor: Int32 in 0...2 where Bool.random(using: &generator) { closed.insert(descriptor) }
            }
            let outcome = try run(arguments, closed: closed)
            let after = try scratch.bytes(onFile ? "image.bin" : "dev/mem")
            let untouched = try scratch.bytes(onFile ? "dev/mem" : "image.bin")
            let label = "run \(number): mmio \(arguments.joined(separator: " ")) with \(closed.sorted()) closed"
            if untouched != original { failures.append("\(label): the other target changed") }
            for index in after.indices where after[index] != original[index] && stores[index] != after[index] {
                failures.append("\(label): byte \(Hex(UInt64(index))) is \(after[index]), not asked for")
                break
            }
            let outputLost = (closed.contains(1) && printsOutput) || (closed.contains(2) && flags.contains("--trace"))
            if outputLost && outcome.status == 0 { failures.append("\(label): exit 0 although its output was lost") }
            if !outputLost && outcome.status != 0 { failures.append("\(label): exit \(outcome.status): \(outcome.stderr)") }
        }
        XCTAssertEqual(failures, [], "seed: set MMIO_TEST_SEED to repeat")
    }

    private func Hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
    private func Hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }
}

/// A small deterministic generator (SplitMix64), so that a failing generated case can be
/// repeated from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
