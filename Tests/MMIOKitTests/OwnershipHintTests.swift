import Foundation
@testable import MMIOBasics
@testable import MMIODescriptions
@testable import MMIOTargets
@testable import MMIOEngine
import SystemPackage
import XCTest

/// The hint a refused mapping carries (EPERM on /dev/mem, EINVAL on resourceN): only the cause
/// that applies, found in a /proc/iomem and a sysfs driver link built here. (The lab sees the
/// same messages from a real kernel refusing a BAR that e1000 and netx hold.)
final class OwnershipHintTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("mmio-hints-\(UUID().uuidString)")
        let files = FileManager.default
        try files.createDirectory(at: root.appendingPathComponent("proc"), withIntermediateDirectories: true)
        try """
            00001000-0009fbff : System RAM
            c0000000-febfffff : PCI Bus 0000:00
              fe000000-fe000fff : 0000:00:05.0
              febc0000-febdffff : 0000:00:04.0
                febc0000-febdffff : e1000
            fed00000-fed003ff : HPET 0
              fed00000-fed003ff : PNP0103:00

            """.write(to: root.appendingPathComponent("proc/iomem"), atomically: true, encoding: .utf8)
        let device = root.appendingPathComponent("sys/bus/pci/devices/0000:00:04.0")
        try files.createDirectory(at: device, withIntermediateDirectories: true)
        try files.createDirectory(at: root.appendingPathComponent("sys/bus/pci/drivers/e1000"), withIntermediateDirectories: true)
        try Data().write(to: root.appendingPathComponent("sys/bus/pci/drivers/e1000/unbind"))
        try files.createSymbolicLink(
            atPath: device.appendingPathComponent("driver").path, withDestinationPath: "../../../../bus/pci/drivers/e1000")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    var roots: SystemRoots { SystemRoots(sysfs: root.path + "/sys", dev: root.path + "/dev", proc: root.path + "/proc") }

    func physical() -> ResolvedTarget {
        let target = ResolvedTarget(kind: .physical, name: "physical memory", path: "/dev/mem", size: nil, physicalBase: 0)
        target.roots = roots
        return target
    }

    func testADriversRegionNamesTheDriverAndTheUnbindCommand() {
        let hint = Hints.map(.notPermitted, physical(), fileOffset: 0xfebc_1000)
        XCTAssertEqual(
            hint,
            "; 0xfebc1000 is claimed by driver e1000 (/proc/iomem: febc0000-febdffff : e1000 in 0000:00:04.0), "
                + "and under CONFIG_IO_STRICT_DEVMEM the kernel keeps a claimed region from user space: "
                + "unbind it (echo 0000:00:04.0 > /sys/bus/pci/drivers/e1000/unbind) or boot with iomem=relaxed")
        // The BAR's resource file: EINVAL, the address from the BAR's base.
        let bar = ResolvedTarget(kind: .pci(slot: "0000:00:04.0"), name: "0000:00:04.0 BAR0", path: "resource0", size: 0x20000, physicalBase: 0xfebc_0000)
        bar.roots = roots
        XCTAssertEqual(Hints.map(.invalidArgument, bar, fileOffset: 0x1000), hint)
    }

    /// A platform device's region, refused because its driver holds it: the driver and the
    /// platform bus's unbind command; a device with no driver falls back to /proc/iomem.
    func testAPlatformDevicesDriverAndItsUnbindCommand() throws {
        let files = FileManager.default
        let device = root.appendingPathComponent("sys/bus/amba/devices/3f201000.serial")
        try files.createDirectory(at: device, withIntermediateDirectories: true)
        try files.createDirectory(at: root.appendingPathComponent("sys/bus/amba/drivers/uart-pl011"), withIntermediateDirectories: true)
        try Data().write(to: root.appendingPathComponent("sys/bus/amba/drivers/uart-pl011/unbind"))
        try files.createSymbolicLink(atPath: device.appendingPathComponent("driver").path, withDestinationPath: "../../drivers/uart-pl011")
        func target(_ device: String, at base: UInt64) -> ResolvedTarget {
            let target = ResolvedTarget(
                kind: .platform(.init(device: device, node: nil, region: 0)), name: device, path: "/dev/mem", origin: base,
                size: 0x1000, physicalBase: base, synchronous: true)
            target.roots = roots
            return target
        }
        XCTAssertEqual(
            Hints.map(.notPermitted, target("3f201000.serial", at: 0x3f20_1000), fileOffset: 0x3f20_1018),
            "; 3f201000.serial is claimed by driver uart-pl011, and under CONFIG_IO_STRICT_DEVMEM the kernel keeps a claimed "
                + "region from user space: unbind it (echo 3f201000.serial > /sys/bus/amba/drivers/uart-pl011/unbind) or boot with iomem=relaxed")
        let hpet = Hints.map(.notPermitted, target("PNP0103:00", at: 0xfed0_0000), fileOffset: 0xfed0_0000)
        XCTAssertTrue(hpet.contains("is claimed by driver PNP0103:00 (/proc/iomem: fed00000-fed003ff : PNP0103:00)"), hpet)
    }

    func testSystemRAMNamesStrictDevmemOnly() {
        XCTAssertEqual(
            Hints.map(.notPermitted, physical(), fileOffset: 0x2000),
            "; 0x00002000 is System RAM (/proc/iomem: 00001000-0009fbff : System RAM), which CONFIG_STRICT_DEVMEM "
                + "keeps from /dev/mem (a device's registers are never in System RAM: check the address)")
    }

    func testAClaimOutsideAnyPCIDeviceSaysWhoAndNoUnbind() {
        let hint = Hints.map(.notPermitted, physical(), fileOffset: 0xfed0_0000)
        XCTAssertTrue(hint.contains("is claimed by driver PNP0103:00 (/proc/iomem: fed00000-fed003ff : PNP0103:00)"), hint)
        XCTAssertTrue(hint.hasSuffix("unload it or boot with iomem=relaxed"), hint)
        XCTAssertFalse(hint.contains("unbind"), hint)
    }

    /// Where /proc/iomem names no owner (an unclaimed BAR, no /proc), every policy that can
    /// refuse any address is named, as before.
    func testNoOwnerFallsBackToThePolicies() {
        let unclaimed = Hints.map(.notPermitted, physical(), fileOffset: 0xfe00_0000)
        XCTAssertTrue(unclaimed.contains("CONFIG_STRICT_DEVMEM") && unclaimed.contains("kernel lockdown"), unclaimed)
        let target = physical()
        target.roots = SystemRoots(sysfs: "/nonexistent", dev: "/nonexistent", proc: "/nonexistent")
        XCTAssertEqual(Hints.map(.notPermitted, target, fileOffset: 0xfebc_0000), unclaimed)
        XCTAssertEqual(Hints.map(.noSuchFileOrDirectory, physical(), fileOffset: 0xfebc_0000), "")
    }
}
