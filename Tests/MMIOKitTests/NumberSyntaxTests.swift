import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine
import XCTest

final class NumberSyntaxTests: XCTestCase {
    func testNumbersWithPrefixesAndSeparators() throws {
        XCTAssertEqual(try NumberSyntax.number("0"), 0)
        XCTAssertEqual(try NumberSyntax.number("4096"), 4096)
        XCTAssertEqual(try NumberSyntax.number("0x1000"), 0x1000)
        XCTAssertEqual(try NumberSyntax.number("0XfeED"), 0xfeed)
        XCTAssertEqual(try NumberSyntax.number("0o777"), 0o777)
        XCTAssertEqual(try NumberSyntax.number("0b1010"), 10)
        XCTAssertEqual(try NumberSyntax.number("1_000_000"), 1_000_000)
        XCTAssertEqual(try NumberSyntax.number("0xdead_beef"), 0xdead_beef)
        XCTAssertEqual(try NumberSyntax.number("0xffff_ffff_ffff_ffff"), .max)
        XCTAssertEqual(try NumberSyntax.number("18446744073709551615"), .max)
    }

    func testRejectedNumbers() {
        for text in ["", "0x", "x10", "12a", "0b102", "0o8", "-1", "+1", "1.5", "_1", "1_", "1__0",
                     "0x_1", "18446744073709551616", "0x1_0000_0000_0000_0000", "1k", " 1"] {
            XCTAssertThrowsError(try NumberSyntax.number(text), text) { error in
                XCTAssertEqual((error as? MMIOError)?.kind, .usage, text)
            }
        }
    }

    func testSizes() throws {
        XCTAssertEqual(try NumberSyntax.size("256"), 256)
        XCTAssertEqual(try NumberSyntax.size("4k"), 4096)
        XCTAssertEqual(try NumberSyntax.size("4K"), 4096)
        XCTAssertEqual(try NumberSyntax.size("64M"), 64 << 20)
        XCTAssertEqual(try NumberSyntax.size("2G"), 2 << 30)
        XCTAssertEqual(try NumberSyntax.size("0x10"), 16)
        XCTAssertEqual(try NumberSyntax.size("0b1k"), 1024)
        XCTAssertEqual(try NumberSyntax.size("1_024k"), 1 << 20)
        for text in ["k", "4m", "4T", "0x1M", "16777216T", "17179869184G"] {
            XCTAssertThrowsError(try NumberSyntax.size(text), text)
        }
    }

    func testDurations() throws {
        XCTAssertEqual(try NumberSyntax.duration("5ns"), 5)
        XCTAssertEqual(try NumberSyntax.duration("20us"), 20_000)
        XCTAssertEqual(try NumberSyntax.duration("250ms"), 250_000_000)
        XCTAssertEqual(try NumberSyntax.duration("2s"), 2_000_000_000)
        XCTAssertEqual(try NumberSyntax.duration("1.5ms"), 1_500_000)
        XCTAssertEqual(try NumberSyntax.duration("3"), 3_000_000_000, "a bare number is seconds")
        XCTAssertEqual(try NumberSyntax.duration("0"), 0)
        XCTAssertEqual(try NumberSyntax.duration("1_000us"), 1_000_000)
        for text in ["", "ms", "1m", "1h", "-1s", "1e3s", "fast", "1 s", "inf"] {
            XCTAssertThrowsError(try NumberSyntax.duration(text), text)
        }
    }

    func testDurationsDescribeThemselvesInTheLargestExactUnit() {
        XCTAssertEqual(Clock.describe(1_000_000_000), "1s")
        XCTAssertEqual(Clock.describe(1_500_000), "1500us")
        XCTAssertEqual(Clock.describe(50_000_000), "50ms")
        XCTAssertEqual(Clock.describe(7), "7ns")
    }

    func testBitRanges() throws {
        let field = try BitRange(parsing: "11:4")
        XCTAssertEqual(field.bitCount, 8)
        XCTAssertEqual(field.registerMask, 0xff0)
        XCTAssertEqual(field.extract(from: 0x1234_5678), 0x67)
        XCTAssertEqual(field.insert(0xab, into: 0x1234_5678), 0x1234_5ab8)
        XCTAssertEqual(field.hexDigits, 2)
        let bit = try BitRange(parsing: "31")
        XCTAssertEqual(bit.registerMask, 0x8000_0000)
        XCTAssertEqual(try BitRange(parsing: "63:0").fieldMask, .max)
        XCTAssertNoThrow(try field.check(fitsIn: .w16))
        XCTAssertThrowsError(try field.check(fitsIn: .w8))
        XCTAssertThrowsError(try field.check(fieldValue: 0x100))
        for text in ["4:11", "64:0", "a:b", "1:2:3", "", ":", "-1"] {
            XCTAssertThrowsError(try BitRange(parsing: text), text)
        }
    }

    func testWidthChecks() {
        XCTAssertNoThrow(try Width.w8.check(0xff))
        XCTAssertThrowsError(try Width.w8.check(0x100))
        XCTAssertNoThrow(try Width.w32.check(0xffff_ffff))
        XCTAssertThrowsError(try Width.w32.check(0x1_0000_0000))
        XCTAssertNoThrow(try Width.w64.check(.max))
        XCTAssertEqual(Width.w16.mask, 0xffff)
        XCTAssertTrue(Width.w64.isSupported, "this project's machines are 64-bit")
    }

    func testHexFormatting() {
        XCTAssertEqual(Hex.string(0x1f, digits: 8), "0x0000001f")
        XCTAssertEqual(Hex.string(0x123456789, digits: 8), "0x123456789")
        XCTAssertEqual(Hex.string(0), "0x0")
        XCTAssertEqual(Hex.addressDigits(upTo: 0xffff_ffff), 8)
        XCTAssertEqual(Hex.addressDigits(upTo: 0x1_0000_0000), 9)
    }
}
