import MMIOTargets
import XCTest

@testable import MMIOEngine

/// On arm64 an unaligned access to device memory faults (x86 splits it): there `--unaligned`
/// is refused on every target but a file, whichever machine the tests run on.
final class Arm64RuleTests: XCTestCase {
    func testUnalignedIsForFilesOnlyOnArm64() {
        let file = ResolvedTarget(kind: .file, name: "regs.bin", path: "regs.bin", size: 4096)
        let physical = ResolvedTarget(kind: .physical, name: "physical memory", path: "/dev/mem", size: nil, physicalBase: 0)
        let bar = ResolvedTarget(kind: .pci(slot: "0000:01:00.0"), name: "0000:01:00.0 BAR0", path: "resource0", size: 4096)
        let uio = ResolvedTarget(kind: .uio, name: "uio0 map0", path: "/dev/uio0", size: 4096)
        XCTAssertNil(AccessSettings.unalignedRefusal(file, arm64: true))
        for target in [physical, bar, uio] {
            XCTAssertNil(AccessSettings.unalignedRefusal(target, arm64: false))
            XCTAssertEqual(
                AccessSettings.unalignedRefusal(target, arm64: true),
                "\(target.name): --unaligned does not apply on arm64 (an unaligned access to device memory faults there; a file target takes one)")
        }
    }
}
