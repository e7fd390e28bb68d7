@testable import MMIOBasics
@testable import MMIODescriptions
@testable import MMIOTargets
@testable import MMIOEngine
import XCTest

/// The byte-level readers a description loads through, each against the plain Swift it
/// replaced for speed, on generated inputs: they must agree on every one.
final class DescriptionSpeedupTests: XCTestCase {
    func testBitRangesParseAsSplitAndIntParsedThem() {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789:+- x")
        var texts = ["", ":", "1:", ":1", "+5", "-0", "+", "-", "63:0", "9223372036854775807", "9223372036854775808",
                     "-9223372036854775808", "99999999999999999999:0", "1:2:3", "7:4", "٣", "1\u{301}"]
        for _ in 0..<20_000 {
            let length = Int.random(in: 1...7, using: &random)
            texts.append(String((0..<length).map { _ in alphabet.randomElement(using: &random)! }))
        }
        for text in texts {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            var expected: BitRange?
            if (1...2).contains(parts.count), let high = Int(parts[0]), let low = parts.count == 2 ? Int(parts[1]) : high {
                expected = try? BitRange(high: high, low: low)
            }
            XCTAssertEqual(try? BitRange(parsing: text), expected, text)
        }
    }

    func testNameTableAnswersAsADictionary() {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("AB_.[]0123é\u{301}")
        func name() -> String {
            String((0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
        }
        for size in [0, 1, 3, 100, 2_000] {
            var entries: [String: Int32] = [:]
            while entries.count < size { entries[name()] = Int32.random(in: -5...1_000, using: &random) }
            let ordered = Array(entries)
            var writer = ByteWriter()
            NameTable.build(ordered, into: &writer)
            let table = NameTable(MapBytes(copying: writer.bytes), at: 0, end: writer.count)!
            XCTAssertEqual(table.keys, ordered.map(\.key))
            for (entry, (key, _)) in ordered.enumerated() { XCTAssertEqual(table.key(entry), key) }
            for (key, value) in entries { XCTAssertEqual(table[key], value, key) }
            for _ in 0..<2_000 {
                let probe = name()
                XCTAssertEqual(table[probe], entries[probe], probe)
            }
        }
    }

    /// A plain description read with its words spaced any way the format allows (spaces, tabs,
    /// CRs, comments) is the same description.
    func testPlainWordsSplitOnEverySpacing() throws {
        let lines = [
            ["peripheral", "UART0", "0x40001000"], ["register", "CTRL", "0x00", "32", "rw", "reset=0"],
            ["field", "EN", "0"], ["field", "MODE", "2:1", "IDLE=0", "RUN=1"], ["register", "BUF[4]", "0x10", "stride=4"],
            ["field", "DONE", "0", "w1c"],
        ]
        func text(_ spacing: () -> String, _ comment: () -> String) -> [UInt8] {
            Array(lines.map { words in spacing() + words.joined(separator: spacing() + " ") + spacing() + comment() }
                .joined(separator: "\n").utf8)
        }
        let canonical = try PlainMapReader.read(text({ "" }, { "" }), file: "canonical").registers
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let spaced = text(
                { String((0..<Int.random(in: 0...3, using: &random)).map { _ in [" ", "\t", "\r"].randomElement(using: &random)! }) },
                { Bool.random(using: &random) ? "# note: register x 0x0 \t#" : "" })
            let read = try PlainMapReader.read(spaced, file: "spaced").registers
            XCTAssertEqual(read.map(\.name), canonical.map(\.name))
            XCTAssertEqual(read.map(\.address), canonical.map(\.address))
            XCTAssertEqual(read.map { $0.fields.map(\.name) }, canonical.map { $0.fields.map(\.name) })
            XCTAssertEqual(read.map { $0.fields.map(\.bits) }, canonical.map { $0.fields.map(\.bits) })
            XCTAssertEqual(read.map { $0.fields.map(\.enums) }, canonical.map { $0.fields.map(\.enums) })
            XCTAssertEqual(read.map(\.reset), canonical.map(\.reset))
        }
    }
}
