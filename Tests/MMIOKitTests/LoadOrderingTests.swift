import CMMIOAccess
@testable import MMIOBasics
@testable import MMIODescriptions
@testable import MMIOTargets
@testable import MMIOEngine
import XCTest

/// Which memory a mapped target's loads are ordered for: write-combining memory (`--wc`) has
/// each load fenced; uncached device memory and files are kept in order by the CPU on x86.
final class LoadOrderingTests: XCTestCase {
    func testOnlyWriteCombiningTargetsAreWeaklyOrdered() {
        let target = ResolvedTarget(kind: .pci(slot: "0000:01:00.0"), name: "0000:01:00.0 BAR0", path: "/nonexistent/resource0", size: 4096)
        XCTAssertEqual(MappedSpace(target: target, writable: false, console: Console.standard()).memory, MMIO_MEMORY_ORDERED)
        target.writeCombining = true
        XCTAssertEqual(MappedSpace(target: target, writable: true, console: Console.standard()).memory, MMIO_MEMORY_WEAK)
        let file = ResolvedTarget(kind: .file, name: "regs.bin", path: "/nonexistent/regs.bin", size: 4096)
        XCTAssertEqual(MappedSpace(target: file, writable: false, console: Console.standard()).memory, MMIO_MEMORY_ORDERED)
    }
}
