import Foundation
import XCTest

/// The description's rules hold for every register a command touches, whatever the user typed
/// and however many registers one command covers. Generated commands (seeded) are run against
/// a model written here from the rules alone: which registers the accesses overlap, and whether
/// each may be read, written, or reached at that width.
final class AccessPlanTests: XCTestCase {
    /// A 32-bit register, a read-side-effect one, write-only, read-only, two 16-bit ones.
    struct Register {
        var name: String
        var offset: UInt64
        var bits: Int = 32
        var readable = true
        var writable = true
        var sideEffect = false
    }

    static let base: UInt64 = 0x1000
    static let registers = [
        Register(name: "A", offset: 0x00), Register(name: "B", offset: 0x04),
        Register(name: "CLR", offset: 0x08, sideEffect: true), Register(name: "WO", offset: 0x0c, readable: false),
        Register(name: "RO", offset: 0x10, writable: false), Register(name: "H", offset: 0x14, bits: 16),
        Register(name: "H2", offset: 0x16, bits: 16), Register(name: "C", offset: 0x18), Register(name: "D", offset: 0x1c),
    ]
    static let description = """
        peripheral P 0x1000
        register A 0x00
        register B 0x04
        register CLR 0x08 rclr
        register WO 0x0c wo
        register RO 0x10 ro
        register H 0x14 16
        register H2 0x16 16
        register C 0x18
        register D 0x1c

        """

    var scratch: Scratch!
    var regs = ""
    var devRoot: String { scratch.path("dev") }
    let zeros = [UInt8](repeating: 0, count: 0x3000)

    override func setUpWithError() throws {
        scratch = try Scratch()
        regs = try scratch.text("board.regs", Self.description)
        try scratch.file("dev/mem", zeros)
    }

    enum Kind { case read, write, readWrite }

    /// What the rules say of `count` accesses of `bits` from `offset`: the first refusal, and the
    /// registers a skippable command passes over.
    static func model(offset: UInt64, count: Int, bits: Int, kind: Kind) -> (refused: Bool, touched: [Register]) {
        let end = offset + UInt64(count * bits / 8)
        let touched = registers.filter { $0.offset < end && $0.offset + UInt64($0.bits / 8) > offset }
        let refused = touched.contains { register in
            (kind != .write && (!register.readable || register.sideEffect)) || (kind != .read && !register.writable)
                || register.bits != bits || register.offset < offset || (register.offset - offset) % UInt64(bits / 8) != 0
        }
        return (refused, touched)
    }

    func testGeneratedCommandsKeepEveryRuleForEveryRegisterTheyTouch() throws {
        var generator = SeededGenerator(seed: UInt64(ProcessInfo.processInfo.environment["MMIO_TEST_SEED"] ?? "") ?? 23)
        // Thousands by default; the sanitizer run, whose every process is several times slower,
        // asks for fewer (the unit and release runs keep the full count).
        let cases = Int(ProcessInfo.processInfo.environment["MMIO_PLAN_CASES"] ?? "") ?? 2000
        var failures: [String] = []
        var refusals = 0
        try scratch.file("zeros.bin", [UInt8](repeating: 0, count: 64))
        for number in 0..<cases {
            // An address: a register's name, or a number at 16 or 32 bits, on physical memory or
            // as an offset in a file that --peripheral says is P.
            let byName = Bool.random(using: &generator)
            let onFile = !byName && Bool.random(using: &generator)
            let numberBase = onFile ? 0 : Self.base
            let register = Self.registers.randomElement(using: &generator)!
            var bits = byName ? register.bits : [16, 32].randomElement(using: &generator)!
            var offset = byName ? register.offset : UInt64.random(in: 0..<(0x20 / UInt64(bits / 8)), using: &generator) * UInt64(bits / 8)
            let address = byName ? register.name : "0x" + String(numberBase + offset, radix: 16)
            let width = byName ? [] : ["-w", String(bits)]
            let count = Int.random(in: 1...3, using: &generator)
            let words = count * bits / 8
            var arguments: [String]
            let kind: Kind
            var skippable = false
            switch Int.random(in: 0..<8, using: &generator) {
            case 0:
                arguments = ["read", "-n", String(count), address] + width
                kind = .read
            case 1:
                arguments = ["write", address] + (0..<count).map { _ in "0x1" } + width
                kind = .write
            case 2:
                arguments = [Bool.random(using: &generator) ? "set" : "clear", address, "0x1"] + width
                kind = .readWrite
            case 3:
                arguments = ["watch", address, String(words), "--timeout", "1ms"] + width
                kind = .read
                skippable = true
            case 4:
                try scratch.file("image.bin", [UInt8](repeating: 0, count: words))
                arguments = ["diff", address, scratch.path("image.bin")] + width
                kind = .read
            case 5:
                // load takes numbers only.
                try scratch.file("image.bin", [UInt8](repeating: 0, count: words))
                arguments = ["load", "0x" + String(numberBase + offset, radix: 16), scratch.path("image.bin"), "-w", String(bits)]
                kind = .write
            case 6:
                arguments = ["poll", address, "--mask", "0x1", "--value", "0", "--timeout", "10ms"] + width
                kind = .read
            default:
                arguments = ["expect", address, "0"] + width
                kind = .read
            }
            if kind == .readWrite || arguments[0] == "poll" || arguments[0] == "expect" {
                // One register's worth.
                bits = byName ? register.bits : bits
                offset = byName ? register.offset : offset
            }
            let accesses = ["read", "watch", "diff", "write", "load"].contains(arguments[0]) ? count : 1
            let expected = Self.model(offset: offset, count: accesses, bits: bits, kind: kind)
            // watch passes over what it may not read, but a register named as its start must be
            // one it may read.
            let startRefused = byName && skippable && (!register.readable || register.sideEffect)
            let refused = (expected.refused && !skippable) || startRefused
            if refused { refusals += 1 }
            let label = "case \(number): mmio \(arguments.joined(separator: " "))\(onFile ? " on a file with --peripheral P" : "")"

            // Alone on the command line, with --trace: a refusal makes no access at all.
            try scratch.file("dev/mem", zeros)
            try scratch.file("p.bin", zeros)
            let target = onFile ? ["-f", scratch.path("p.bin"), "--peripheral", "P"] : ["--dev-root", devRoot]
            let alone = try MMIOProcess.run(arguments + ["--regs", regs, "--trace"] + target)
            if refused {
                if alone.status != 64 || !alone.stderr.hasPrefix("mmio: ") || alone.stderr.filter({ $0 == "\n" }).count != 1 {
                    failures.append("\(label): expected one refusal line and 64, got \(alone.status): \(alone.stderr)")
                }
            } else if alone.status != 0 {
                failures.append("\(label): expected success, got \(alone.status): \(alone.stderr)")
            } else if skippable {
                // What is passed over is never read, not one byte of it: every traced read
                // (`r16 0x00001002 -> ...`) is checked against each register it may not read.
                let reads = alone.stderr.split(separator: "\n").compactMap { line -> (UInt64, UInt64)? in
                    let parts = line.split(separator: " ")
                    guard parts.count >= 2, parts[0].hasPrefix("r"), let size = UInt64(parts[0].dropFirst()),
                        let at = UInt64(parts[1].dropFirst(2), radix: 16) else { return nil }
                    return (at, size / 8)
                }
                for skipped in expected.touched where !skipped.readable || skipped.sideEffect || skipped.bits != bits {
                    let start = numberBase + skipped.offset, end = start + UInt64(skipped.bits / 8)
                    if reads.contains(where: { $0.0 < end && $0.0 + $0.1 > start }) {
                        failures.append("\(label): \(skipped.name) was read: \(alone.stderr)")
                    }
                }
            }
            if try scratch.bytes("dev/mem") != zeros || scratch.bytes("p.bin") != zeros, refused || kind == .read {
                failures.append("\(label): memory changed")
            }

            // The same line in a batch, after a write: refused before line 1 runs.
            try scratch.file("dev/mem", zeros)
            try scratch.file("p.bin", zeros)
            let script = try scratch.text("script.txt", "write 0x1100 0x5\n" + arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ") + "\n")
            let batch = try MMIOProcess.run(["batch", "--regs", regs, script] + target)
            if refused {
                if batch.status != 64 || !batch.stderr.hasPrefix("mmio: line 2: ") {
                    failures.append("\(label) in a batch: expected 64 at line 2, got \(batch.status): \(batch.stderr)")
                }
                if try scratch.bytes("dev/mem") != zeros || scratch.bytes("p.bin") != zeros { failures.append("\(label) in a batch: line 1 ran") }
            } else if batch.status != 0 {
                failures.append("\(label) in a batch: expected success, got \(batch.status): \(batch.stderr)")
            }
        }
        XCTAssertEqual(failures, [], "seed: set MMIO_TEST_SEED to repeat")
        // The generator covered both outcomes in earnest.
        XCTAssertGreaterThan(refusals, cases / 5)
        XCTAssertLessThan(refusals, cases * 4 / 5)
    }

    /// The issue's own cases, exactly.
    func testTheIssuesCases() throws {
        let uart = DocumentationTests.root.appendingPathComponent("Tests/Descriptions/uart.svd").path
        let image = try scratch.file("uart.bin", (0..<64).map { UInt8($0) })
        func run(_ arguments: String...) throws -> Outcome { try MMIOProcess.run(Array(arguments) + ["--regs", uart, "--trace"]) }
        assertOutcome(
            try run("read", "-f", image, "-n", "4", "UART0.CTRL"), status: 64, stdout: "",
            stderrContains: ["mmio: reading UART0.DATA has side effects (the description says a read changes it); --force reads it anyway"])
        assertOutcome(
            try run("read", "-f", image, "-n", "4", "UART0.CTRL", "--force"), status: 64, stdout: "",
            stderrContains: ["mmio: UART0.DATA is a 16-bit register at 0x8: a 32-bit access at 0x8 would touch it"])
        assertOutcome(
            try run("read", "--dev-root", devRoot, "-w", "16", "0x40001008"), status: 64, stdout: "",
            stderrContains: ["mmio: reading UART0.DATA has side effects"])
        assertOutcome(
            try run("write", "--dev-root", devRoot, "0x40001010", "1"), status: 64, stdout: "",
            stderrContains: ["mmio: UART0.ID is read-only: mmio does not write it"])
        assertOutcome(
            try run("write", "-f", image, "UART0.CTRL", "1", "2", "3", "4", "5"), status: 64, stdout: "",
            stderrContains: ["mmio: UART0.DATA is a 16-bit register at 0x8: a 32-bit access at 0x8 would touch it"])
        assertOutcome(
            try run("diff", "-f", image, "UART0.CTRL", image), status: 64, stdout: "",
            stderrContains: ["mmio: reading UART0.DATA has side effects"])
        // watch passes over what it may not read, and says so.
        let watch = try run("watch", "-f", image, "UART0.CTRL", "0x14", "--timeout", "1ms")
        XCTAssertEqual(watch.status, 0, watch.stderr)
        XCTAssertEqual(watch.stdout, """
            0x00000000: 0x03020100
            0x00000004: 0x07060504
            0x00000008: not read: reading UART0.DATA has side effects (the description says a read changes it); --force reads it anyway
            0x0000000c: not read: UART0.KEY is write-only: mmio does not read it
            0x00000010: 0x13121110

            """)
        XCTAssertEqual(watch.stderr, "r32 0x00000000 -> 0x03020100\nr32 0x00000004 -> 0x07060504\nr32 0x00000010 -> 0x13121110\n")
        // A number on a file names no peripheral: no decoding, no guessing.
        let dump = try run("dump", "-f", image, "0", "0x20")
        XCTAssertEqual(dump.status, 0, dump.stderr)
        XCTAssertTrue(dump.stdout.hasPrefix("00000000  03020100 07060504"), dump.stdout)
        assertOutcome(
            try run("read", "--decode", "-f", image, "0x0"), status: 64, stdout: "",
            stderrContains: ["--decode of a number on this target needs a register name (offsets of different peripherals overlap here); registers at offset 0x0 in: UART0, UART1, TIMER"])
        XCTAssertEqual(try scratch.bytes("uart.bin"), (0..<64).map { UInt8($0) })
        XCTAssertEqual(try scratch.bytes("dev/mem"), zeros)
    }

    /// Under --dry-run with --json every line is JSON, in a batch too (each is validated against
    /// the schema with the other --json outputs).
    func testADryRunInJSONPrintsOnlyJSON() throws {
        let image = try scratch.file("image.bin", [UInt8](repeating: 0, count: 64))
        assertOutcome(
            try MMIOProcess.run(["batch", "--json", "--dry-run", "-f", image], stdin: Data("read 0\nwrite 4 1\nset 8 0x10\nwatch 0 8\n".utf8)),
            status: 0, stdout: """
                {"planned":"read","address":"0x00000000","width":32}
                {"planned":"write","address":"0x00000004","width":32,"value":"0x00000001"}
                {"planned":"modify","address":"0x00000008","width":32,"clearing":"0x00000000","setting":"0x00000010"}
                {"planned":"read","address":"0x00000000","width":32}
                {"planned":"read","address":"0x00000004","width":32}

                """, stderrEmpty: true)
        assertOutcome(
            try MMIOProcess.run(["dump", "--json", "--dry-run", "-f", image, "0", "8"]), status: 0, stdout: """
                {"planned":"read","address":"0x00000000","width":32}
                {"planned":"read","address":"0x00000004","width":32}

                """, stderrEmpty: true)
        XCTAssertEqual(try scratch.bytes("image.bin"), [UInt8](repeating: 0, count: 64))
    }

    /// A word ArgumentParser quotes in its message, with its control characters escaped: the
    /// error stays one line.
    func testArgumentParsersMessagesStayOneLine() throws {
        let image = try scratch.file("image.bin", [UInt8](repeating: 0, count: 64))
        assertOutcome(
            try MMIOProcess.run(["read", "-f", image, "0x\n10"]), status: 64, stdout: "",
            stderrContains: [#"mmio: The value '0x\n10' is invalid for '<address>': '0x\n10' is not a number"#])
        assertOutcome(
            try MMIOProcess.run(["read", "-f", image, "--width", "3\r2", "0"]), status: 64, stdout: "",
            stderrContains: [#"'3\r2'"#])
    }

    /// --peripheral binds the description to a file: numbers are that peripheral's offsets, and a
    /// name is looked up in it first.
    func testPeripheralBindsADescriptionToAFile() throws {
        let uart = DocumentationTests.root.appendingPathComponent("Tests/Descriptions/uart.svd").path
        let image = try scratch.file("uart.bin", (0..<64).map { UInt8($0) })
        func run(_ arguments: String...) throws -> Outcome { try MMIOProcess.run(Array(arguments) + ["--regs", uart, "-f", image]) }
        assertOutcome(
            try run("read", "--peripheral", "UART0", "-n", "4", "0"), status: 64, stdout: "",
            stderrContains: ["mmio: reading UART0.DATA has side effects"])
        assertOutcome(try run("read", "--peripheral", "UART0", "--decode", "0"), status: 0, stdout: """
            UART0.CTRL = 0x03020100
              [0]    EN   = 0x0 (OFF)
              [2:1]  MODE = 0x0 (IDLE)
              [15:8] DIV  = 0x01

            """, stderrEmpty: true)
        assertOutcome(try run("read", "--peripheral", "UART1", "CTRL"), status: 0, stdout: "0x03020100\n", stderrEmpty: true)
        assertOutcome(
            try run("read", "--peripheral", "NOPE", "0"), status: 64, stdout: "",
            stderrContains: ["mmio: --peripheral: no peripheral 'NOPE' in \(uart); its peripherals: UART0, UART1, TIMER"])
        assertOutcome(
            try run("read", "--peripheral", "UART1", "UART0.CTRL"), status: 64, stdout: "",
            stderrContains: ["mmio: UART0.CTRL is a register of UART0, not of --peripheral UART1"])
        assertOutcome(
            try run("write", "--peripheral", "UART0", "0x10", "1"), status: 64, stdout: "",
            stderrContains: ["mmio: UART0.ID is read-only: mmio does not write it"])
        let batch = try MMIOProcess.run(
            ["batch", "--regs", uart, "-f", image, "--peripheral", "UART0"], stdin: Data("write 0x4 1\nwrite 0x10 1\n".utf8))
        assertOutcome(batch, status: 64, stdout: "", stderrContains: ["mmio: line 2: UART0.ID is read-only: mmio does not write it"])
        XCTAssertEqual(try scratch.bytes("uart.bin"), (0..<64).map { UInt8($0) })
    }
}
