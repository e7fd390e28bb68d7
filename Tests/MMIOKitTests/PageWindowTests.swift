import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine
import XCTest

/// The mapping layer maps only the pages an operation needs.
final class PageWindowTests: XCTestCase {
    let page: UInt64 = 4096

    func testOneRegisterMapsOnePage() throws {
        XCTAssertEqual(
            try PageWindow.covering(start: 0xfebf_1004, length: 4, pageSize: page),
            PageWindow(offset: 0xfebf_1000, length: 4096))
    }

    func testAHighPhysicalAddressMapsOnlyItsPages() throws {
        let window = try PageWindow.covering(start: 0x38_0000_0ffc, length: 4096, pageSize: page)
        XCTAssertEqual(window, PageWindow(offset: 0x38_0000_0000, length: 8192))
    }

    func testARangeCrossingAPageMapsBoth() throws {
        XCTAssertEqual(
            try PageWindow.covering(start: 0xffe, length: 4, pageSize: page),
            PageWindow(offset: 0, length: 8192))
        XCTAssertEqual(
            try PageWindow.covering(start: 0x1000, length: 0x1000, pageSize: page),
            PageWindow(offset: 0x1000, length: 0x1000))
    }

    func testAnAnchoredWindowStartsAtItsAnchor() throws {
        // UIO: map 2 is selected by mmap offset 2 pages, so every window starts there.
        XCTAssertEqual(
            try PageWindow.covering(start: 0x2000 + 0x1800, length: 4, pageSize: page, anchor: 0x2000),
            PageWindow(offset: 0x2000, length: 0x2000))
    }

    func testOverflowIsRefused() {
        XCTAssertThrowsError(try PageWindow.covering(start: .max - 2, length: 4, pageSize: page))
        XCTAssertThrowsError(try PageWindow.covering(start: .max - 4090, length: 4, pageSize: page))
    }

    func testContains() {
        let window = PageWindow(offset: 0x1000, length: 0x2000)
        XCTAssertTrue(window.contains(start: 0x1000, length: 0x2000))
        XCTAssertTrue(window.contains(start: 0x2ffc, length: 4))
        XCTAssertFalse(window.contains(start: 0x2ffe, length: 4))
        XCTAssertFalse(window.contains(start: 0xffc, length: 4))
    }

    func testTargetBounds() throws {
        let target = ResolvedTarget(kind: .file, name: "regs", path: "/x", size: 0x40)
        XCTAssertNoThrow(try target.checkBounds(address: 0x3c, length: 4))
        XCTAssertThrowsError(try target.checkBounds(address: 0x3d, length: 4))
        XCTAssertThrowsError(try target.checkBounds(address: .max, length: 4))
        let unbounded = ResolvedTarget(kind: .physical, name: "physical memory", path: "/dev/mem", size: nil)
        XCTAssertNoThrow(try unbounded.checkBounds(address: 0xffff_ffff_0000, length: 4))
    }
}
