import ArgumentParser
import Foundation
@testable import MMIOCLI
import MMIOGrammar
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine
import XCTest

/// The fast reader against ArgumentParser, on command lines generated from every subcommand's
/// own description: whatever line the fast reader takes, ArgumentParser must read into the very
/// same command and request; and each line, written as a batch line, must split back into the
/// same words, so that a batch line means what the command line means.
final class GrammarTests: XCTestCase {
    /// Command lines per run (the issue asks for at least 100,000).
    static let lineCount = Int(ProcessInfo.processInfo.environment["MMIO_GRAMMAR_LINES"] ?? "") ?? 100_000

    func testFastReaderReadsEveryLineItTakesAsArgumentParserDoes() throws {
        // A fixed seed, so that a run is repeatable; MMIO_GRAMMAR_SEED tries others.
        let seed = UInt64(ProcessInfo.processInfo.environment["MMIO_GRAMMAR_SEED"] ?? "") ?? 20_261_203
        var generator = LineGenerator(description: try GrammarTableGenerator.toolInfo(), seed: seed)
        var taken = 0
        var compared = 0
        var leftToFullParse = 0
        var takenBy: [String: Int] = [:]
        var mismatches: [String] = []
        for _ in 0..<Self.lineCount {
            let words = generator.line()
            // A batch line of these words splits back into them.
            // A batch line of these words splits back into them (a word holding a newline cannot
            // be part of one line).
            if !words.contains(where: { $0.contains("\n") }) {
                let line = generator.batchLine(words)
                let split = try? CommandLineWords.split(ArgumentText.bytes(line))
                if split != words { mismatches.append("batch line \(line.debugDescription) of \(words) split as \(String(describing: split))") }
            }

            guard GrammarCheck.isTaken(words) else {
                // Declined: ArgumentParser alone reads it. Refused by it too is agreement; a line it
                // reads is one the fast reader leaves to it, the share counted below.
                if (try? MMIOCommand.parseAsRoot(words)) != nil { leftToFullParse += 1 }
                continue
            }
            taken += 1
            takenBy[words[0], default: 0] += 1
            if let mismatch = GrammarCheck.mismatch(words) {
                mismatches.append(mismatch)
            } else {
                // Both readers took the line (GrammarCheck says so): neither may throw now, and
                // their requests (or their refusals) must be the same.
                do {
                    let fast = try CommandGrammar.parse(words)
                    let full = try MMIOCommand.parseAsRoot(words)
                    let (fastRequest, fullRequest) = (describeRequest(fast), describeRequest(full))
                    if fastRequest != fullRequest {
                        mismatches.append("\(words): requests differ: \(fastRequest) != \(fullRequest)")
                    }
                    compared += 1
                } catch {
                    mismatches.append("\(words): taken, then refused: \(error)")
                }
            }
            if mismatches.count > 20 { break }
        }
        XCTAssertEqual(mismatches, [], "seed \(seed) (MMIO_GRAMMAR_SEED reproduces it)")
        // Every line the fast reader took was compared; the lines it declined (ArgumentParser
        // reads those alone) are the counted share left, and the reader must take a good share
        // of lines, of every subcommand, or it proves little.
        XCTAssertEqual(compared, taken, "seed \(seed): taken lines not compared")
        print("GrammarTests: seed \(seed): \(Self.lineCount) lines: \(compared) taken and compared, "
            + "\(Self.lineCount - taken - leftToFullParse) refused by both, \(leftToFullParse) valid but left to ArgumentParser")
        XCTAssertLessThan(leftToFullParse, Self.lineCount / 5, "seed \(seed): valid lines the fast reader declines")
        XCTAssertGreaterThan(taken, Self.lineCount / 10, "seed \(seed)")
        for name in MMIOCommand.configuration.subcommands.map({ $0._commandName }) {
            XCTAssertGreaterThan(takenBy[name, default: 0], 0, "no generated \(name) line was taken; seed \(seed)")
        }
    }

    /// Fixed lines, each declined or read as ArgumentParser reads it (and the `write 0x20 b`
    /// that once wrote 0 is refused by both).
    func testLinesOnceMisreadAreRefused() throws {
        // A word that is not a number may be a register name, so these parse; without a
        // description, planning them is a usage error, before anything is opened.
        for words in [["write", "-f", "r", "0x20", "b"], ["write", "0x10", "h"], ["read", "l"], ["set", "0", "w"]] {
            guard let reading = try? CommandGrammar.read(words) else { continue }  // refused by the grammar
            guard case .request(let planned) = reading else { XCTFail("\(words)"); continue }
            XCTAssertThrowsError(try Pipeline(console: Console.standard()).plan(planned), "\(words)") { error in
                XCTAssertEqual((error as? MMIOError)?.kind, .usage, "\(words)")
            }
        }
        let devmem = try XCTUnwrap(GrammarTable.reader("devmem")?.command(["0x10", "h"]) as? MMIOCommand.Devmem)
        XCTAssertEqual(devmem.width, "h")
        XCTAssertNil(devmem.value)
    }

    private func describeRequest(_ command: ParsableCommand) -> String {
        guard let planned = command as? PlannedCommand else { return "not planned: \(type(of: command))" }
        do { return String(reflecting: try planned.request()) } catch { return "error: \(error)" }
    }
}

/// Random command lines built from the subcommands' tool description, with the words that have
/// gone wrong before: every number syntax, busybox width letters, option-looking values, repeats,
/// `--opt=value`, `--`, and words that are not UTF-8 or hold control characters.
struct LineGenerator {
    let description: [String: [GrammarTableGenerator.Argument]]
    let names: [String]
    var state: UInt64

    init(description: [String: [GrammarTableGenerator.Argument]], seed: UInt64) {
        self.description = description
        names = description.keys.sorted()
        state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    }

    static let values = [
        "0", "1", "4", "8", "16", "32", "64", "12", "0x10", "0X1F", "0x", "0o17", "0b101", "0b2", "1_000", "_1",
        "1__0", "1_", "18446744073709551615", "18446744073709551616", "0xffffffffffffffff", "0x1_0000_0000_0000_0000",
        "-1", "+5", "1.5", "1e3", "", " ", "10ms", "1s", "5us", "7ns", "0.5", "2k", "4M", "1G", "0x1G", "3K",
        "b", "h", "w", "l", "B", "L", "7:4", "3", "63:0", "64:0", "4:7", "0:0", "/tmp/x", "regs.bin", "-", "--",
        "-x", "-n", "--json", "--width=16", "-w16", "-vw", "@1", "1234:11e8", "1234:11e8@1", "00:04.0", "0:0.0",
        "uio0", "é", "a\nb", "\u{F7FF}", "x\u{7}y", "help",
        // Register names and field values (names need --regs, which the line may or may not give).
        "CTRL", "UART0.CTRL", "UART0.CTRL.EN", "FIFO[2]", "CH[1].CFG", "EN=1", "MODE=RUN", "EN=", "=1", "1=EN",
        "A.", ".A", "_x", "x-y", "RUN",
    ]

    mutating func next(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }

    mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }

    mutating func line() -> [String] {
        if next(50) == 0 {
            return ([pick(["help", "frobnicate", "--help", "--version", "-h", ""])] + (0..<next(3)).map { _ in pick(Self.values) })
                .map { ArgumentText.string(Array($0.utf8)) }
        }
        let name = pick(names)
        let arguments = description[name]!
        let options = arguments.filter { $0.kind != "positional" }
        let positionals = arguments.filter { $0.kind == "positional" }
        var words = [name]
        var pieces: [[String]] = []
        // Positional words: usually as many as the command takes, sometimes more or fewer.
        var count = positionals.filter { !$0.optional }.count + next(3) - (next(4) == 0 ? 1 : 0)
        if positionals.contains(where: \.repeating) { count += next(4) }
        for _ in 0..<max(0, count) { pieces.append([positionalWord()]) }
        for _ in 0..<next(5) {
            guard !options.isEmpty else { break }
            let option = pick(options)
            let name = pick(option.names)
            switch (option.kind, next(20)) {
            case ("flag", _): pieces.append([name])
            case (_, 0): pieces.append([name])  // value missing
            case (_, 1): pieces.append(["\(name)=\(optionValue(name))"])
            default: pieces.append([name, optionValue(name)])
            }
        }
        // A required option (poll's --mask) is usually there.
        for option in options where !option.optional && next(5) != 0 {
            pieces.append([option.names.first!, optionValue(option.names.first!)])
        }
        if next(30) == 0 { pieces.append(["--"]) }
        if next(15) == 0, let repeated = pieces.randomElement(using: &self) { pieces.append(repeated) }
        // Options and positional words in any order.
        for index in stride(from: pieces.count - 1, to: 0, by: -1) { pieces.swapAt(index, next(index + 1)) }
        for piece in pieces { words += piece }
        // As main.swift reads argv: bytes to text, with the escape range escaped.
        return words.map { ArgumentText.string(Array($0.utf8)) }
    }

    mutating func positionalWord() -> String {
        next(6) == 0 ? pick(Self.values) : pick(["0", "4", "0x10", "0x3c", "1", "0xff", "255", "0b1", "1_0", "8", "CTRL", "UART0.CTRL.EN", "EN=1"])
    }

    /// A value that suits the option most of the time.
    mutating func optionValue(_ name: String) -> String {
        if next(6) == 0 { return pick(Self.values) }
        switch name {
        case "-w", "--width": return pick(["8", "16", "32", "64"])
        case "--bits": return pick(["7:4", "0", "15:8", "31:0"])
        case "-s", "--slot": return pick(["00:04.0", "0000:00:04.0", "4.0"])
        case "-d", "--device": return pick(["1234:11e8", "1234:11e8@0", "8086:"])
        case "-b", "--bar", "-m", "--map": return pick(["0", "2", "5", "0x1"])
        case "--timeout", "--interval": return pick(["10ms", "1s", "0", "250us"])
        case "--endian": return pick(["little", "big", "Big", "le"])
        case "-f", "--file", "--sysfs-root", "--dev-root", "--proc-root", "-i", "--pci-ids", "--regs": return pick(["/tmp/regs", "regs.bin", "/sys", "dir with space"])
        default: return pick(["0", "1", "0x10", "0xff", "3"])
        }
    }

    /// The words as one batch line: each quoted or escaped in one of the ways a script may.
    mutating func batchLine(_ words: [String]) -> String {
        words.map { word in
            let plain = !word.isEmpty && !word.contains { " \t\r\n'\"\\#".contains($0) }
            switch next(4) {
            case 0 where plain: return word
            case 1 where !word.contains("'"): return "'" + word + "'"
            case 2: return "\"" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            default:
                guard !word.isEmpty else { return "''" }
                return word.map { " \t\r'\"\\#".contains($0) ? "\\" + String($0) : String($0) }.joined()
            }
        }.joined(separator: next(2) == 0 ? " " : " \t ")
    }
}

extension LineGenerator: RandomNumberGenerator {
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}
