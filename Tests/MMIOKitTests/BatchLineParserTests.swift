@testable import MMIOCLI
import MMIOKit
import XCTest

/// The batch parser's shape cache must give exactly what a full ArgumentParser parse gives.
final class BatchLineParserTests: XCTestCase {
    func describe(_ line: BatchLineParser.Line) -> String {
        switch line {
        case .plan(let plan): return "plan \(plan.operation) \(plan.selection) \(plan.roots) \(plan.settings) \(plan.namesTarget)"
        case .command(let command): return "command \(command)"
        }
    }

    /// Every line twice through one cached parser, with varied numbers, against a fresh full parse.
    func testCachedParsesEqualFullParses() throws {
        var generator = SystemRandomNumberGenerator()
        let shapes: [(inout SystemRandomNumberGenerator) -> String] = [
            { "read \(hex(&$0))" },
            { "read -f /tmp/x -n \(Int.random(in: 1...9, using: &$0)) \(hex(&$0))" },
            { "read -w 16 --bits 7:4 -s 00:03.0 \(hex(&$0))" },
            { "write \(hex(&$0)) \(hex(&$0)) \(hex(&$0))" },
            { "write --verify -w 8 -u uio0 -m 1 \(hex(&$0)) \(Int.random(in: 0...255, using: &$0))" },
            { "write --bits 3:0 -d 1234:11e8@1 -b 2 \(hex(&$0)) 5" },
            { "set -f /tmp/x \(hex(&$0)) 0b1_0000" },
            { "clear --trace \(hex(&$0)) \(hex(&$0))" },
            { "poll --mask \(hex(&$0)) --value 0 --timeout 5ms --interval 0 \(hex(&$0))" },
            { "poll --mask 1 --timeout 2 \(hex(&$0))" },
            { "expect \(hex(&$0)) \(hex(&$0)) --mask 0xff" },
            { "dump -f 123 \(hex(&$0)) 4k" },
            { "dump --raw \(hex(&$0)) \(Int.random(in: 1...64, using: &$0) * 16)" },
            { "devmem \(hex(&$0)) 16 \(hex(&$0))" },
            { "devmem \(hex(&$0)) b" },
            { "read -w \([8, 16, 32, 64].randomElement(using: &$0)!) \(hex(&$0))" },
            { "sleep \(Int.random(in: 0...3, using: &$0))ms" },
            { "read -b 2 -s 1:00.0 \(Int.random(in: 0...4096, using: &$0))" },
        ]
        let cached = BatchLineParser()
        for round in 0..<4 {
            for shape in shapes {
                let line = shape(&generator)
                let words = try CommandLineWords.split(Substring(line))
                XCTAssertEqual(
                    describe(try cached.parse(words)), describe(try BatchLineParser().full(words)),
                    "round \(round): \(line)")
            }
        }
        XCTAssertLessThan(cached.fullParses, shapes.count * 8, "later rounds reuse earlier parses")
    }

    func testRepeatedShapesAreParsedOnce() throws {
        let parser = BatchLineParser()
        for address in stride(from: 0, to: 4000, by: 4) {
            _ = try parser.parse(["write", "-f", "/tmp/x", Hex.string(UInt64(address)), "\(address * 3)"])
        }
        XCTAssertLessThanOrEqual(parser.fullParses, 3, "one probe and one template parse for the shape")
    }

    func testLinesThatFailStillFailAsAFullParseWould() throws {
        let parser = BatchLineParser()
        _ = try parser.parse(["read", "0x10"])
        for words in [["read", "0x1_0000_0000_0000_0000"], ["read", "-w", "12", "0"], ["read", "0", "1"],
                      ["read", "-b", "9", "-s", "0:1.0", "0"], ["poll", "0", "--mask"]] {
            XCTAssertThrowsError(try parser.parse(words), "\(words)")
        }
    }

}

/// A random word-aligned address or value in hex.
private func hex(_ generator: inout SystemRandomNumberGenerator) -> String {
    Hex.string(UInt64.random(in: 0...0xffff, using: &generator) * 4)
}
