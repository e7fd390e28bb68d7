@testable import MMIOBasics
@testable import MMIODescriptions
@testable import MMIOTargets
@testable import MMIOEngine
import XCTest

/// Numbers as SVD and IP-XACT files write them, and SVD array names.
final class DescriptionNumberTests: XCTestCase {
    func testSVDNumbers() {
        let cases: [(String, UInt64?)] = [
            ("0", 0), ("42", 42), ("+7", 7), ("0x1F", 31), ("0X1f", 31), ("#101", 5), ("0b11", 3), ("4k", 4096),
            ("2M", 2 << 20), ("1G", 1 << 30), ("1T", 1 << 40), ("0xffffffffffffffff", .max), ("18446744073709551616", nil),
            ("0x", nil), ("#", nil), ("", nil), ("-1", nil), ("1.5", nil), ("0x1g", 1 << 30), ("#102", nil), ("16777216T", nil),
        ]
        for (text, expected) in cases { XCTAssertEqual(DescriptionNumbers.svd(text), expected, text) }
    }

    func testIPXACTNumbers() {
        let cases: [(String, UInt64?)] = [
            ("'h1F", 31), ("32'h4000_3000", 0x4000_3000), ("'d10", 10), ("'b101", 5), ("'o17", 15), ("8'sh7f", 127),
            ("0x10", 16), ("12", 12), ("'h", nil), ("'x10", nil), ("a'h1", nil), ("WIDTH-1", nil), ("", nil),
        ]
        for (text, expected) in cases { XCTAssertEqual(DescriptionNumbers.ipxact(text), expected, text) }
    }

    func testSVDArrayNames() throws {
        XCTAssertEqual(try ArrayNames.svd(name: "CH%s", dim: 2, increment: 16, index: nil).map(\.name), ["CH0", "CH1"])
        XCTAssertEqual(try ArrayNames.svd(name: "CH%s", dim: 2, increment: 16, index: nil).map(\.alias), ["CH[0]", "CH[1]"])
        XCTAssertEqual(try ArrayNames.svd(name: "CH%s", dim: 2, increment: 16, index: nil).map(\.offset), [0, 16])
        XCTAssertEqual(try ArrayNames.svd(name: "P[%s]", dim: 3, increment: 1, index: "A-C").map(\.name), ["P[A]", "P[B]", "P[C]"])
        XCTAssertEqual(try ArrayNames.svd(name: "R%s", dim: 2, increment: 4, index: "lo,hi").map(\.name), ["Rlo", "Rhi"])
        XCTAssertEqual(try ArrayNames.svd(name: "R%s", dim: 3, increment: 4, index: "4-6").map(\.name), ["R4", "R5", "R6"])
        XCTAssertThrowsError(try ArrayNames.svd(name: "R%s", dim: 3, increment: 4, index: "0-1"))
        XCTAssertThrowsError(try ArrayNames.svd(name: "R", dim: 2, increment: 4, index: nil))
        XCTAssertThrowsError(try ArrayNames.svd(name: "R%s", dim: 0, increment: 4, index: nil))
    }
}
