import Foundation
import XCTest

/// `--vfio`: everything decided before VFIO's ioctls, on sysfs trees built here (driver links,
/// IOMMU groups). The ioctls themselves, the busy group and the mapped BAR are checked in the
/// lab, on a real kernel with an emulated IOMMU.
final class VFIOTests: XCTestCase {
    var scratch: Scratch!
    var tree: SysfsTree!

    /// 0000:00:04.0 bound to e1000 (group 3); 0000:00:05.0 bound to vfio-pci (group 12);
    /// 0000:00:06.0 no driver (group 4); 0000:00:07.0 no IOMMU group.
    override func setUpWithError() throws {
        scratch = try Scratch()
        tree = SysfsTree(scratch: scratch)
        let bar = SysfsTree.BAR(index: 0, start: 0xfe00_0000, size: 0x1000, flags: SysfsTree.BAR.memory32)
        try tree.add(.init(slot: "0000:00:04.0", vendor: 0x8086, device: 0x100e, bars: [bar], driver: "e1000", module: "e1000", iommuGroup: "3"))
        try tree.add(.init(slot: "0000:00:05.0", vendor: 0x1234, device: 0x11e8, bars: [bar], driver: "vfio-pci", module: "vfio_pci", iommuGroup: "12"))
        try tree.add(.init(slot: "0000:00:06.0", vendor: 0x1234, device: 0x11e8, bars: [bar], iommuGroup: "4"))
        try tree.add(.init(slot: "0000:00:07.0", vendor: 0x1234, device: 0x11e8, bars: [bar]))
        try FileManager.default.createDirectory(atPath: scratch.path("dev"), withIntermediateDirectories: true)
    }

    func mmio(_ arguments: [String]) throws -> Outcome {
        try MMIOProcess.run(arguments + ["--sysfs-root", tree.root, "--dev-root", tree.devRoot],
                            environment: ["MMIO_PCI_IDS": try tree.pciIDs()])
    }

    func testNotBoundToVFIONamesTheCommandsThatBindIt() throws {
        assertOutcome(try mmio(["read", "-s", "00:04.0", "--vfio", "0"]), status: 1, stdout: "", stderrContains: [
            "mmio: 0000:00:04.0 is bound to e1000, not vfio-pci; bind it: modprobe vfio-pci; "
                + "echo vfio-pci > /sys/bus/pci/devices/0000:00:04.0/driver_override; "
                + "echo 0000:00:04.0 > /sys/bus/pci/drivers/e1000/unbind; echo 0000:00:04.0 > /sys/bus/pci/drivers_probe\n",
        ])
        assertOutcome(try mmio(["read", "-s", "00:06.0", "--vfio", "0"]), status: 1, stdout: "", stderrContains: [
            "mmio: 0000:00:06.0 is bound to no driver, not vfio-pci; bind it: modprobe vfio-pci; "
                + "echo vfio-pci > /sys/bus/pci/devices/0000:00:06.0/driver_override; "
                + "echo 0000:00:06.0 > /sys/bus/pci/drivers_probe\n",
        ])
    }

    func testNoIOMMU() throws {
        assertOutcome(try mmio(["read", "-s", "00:07.0", "--vfio", "0"]), status: 1, stdout: "", stderrContains: [
            "mmio: 0000:00:07.0 has no IOMMU group: there is no IOMMU for it (boot with intel_iommu=on or amd_iommu=on",
        ])
    }

    /// Bound and grouped: the container is opened only when the command runs.
    func testContainerErrors() throws {
        assertOutcome(try mmio(["read", "-s", "00:05.0", "--vfio", "0"]), status: 1, stdout: "", stderrContains: [
            "mmio: cannot open \(tree.devRoot)/vfio/vfio: No such file or directory; load VFIO (modprobe vfio-pci)\n",
        ])
        _ = try scratch.text("dev/vfio/vfio", "")
        assertOutcome(try mmio(["read", "-s", "00:05.0", "--vfio", "0"]), status: 1, stdout: "", stderrContains: [
            "mmio: \(tree.devRoot)/vfio/vfio is not a VFIO container: ",
        ])
    }

    func testDryRunAndInfoOpenNothing() throws {
        assertOutcome(try mmio(["write", "-s", "00:05.0", "--vfio", "-b", "0", "0x10", "1", "--dry-run"]), status: 0,
                      stdout: "w32 0x00000010 <- 0x00000001\n", stderrEmpty: true)
        assertOutcome(try mmio(["info", "-s", "00:05.0", "--vfio"]), status: 0, stdout: """
            target:   0000:00:05.0 BAR0 (VFIO) (vfio)
            file:     \(tree.devRoot)/vfio/12 (missing)
            offset:   0x0
            size:     0x1000 (4K)
            physical: 0xfe000000
            flags:    32-bit, non-prefetchable
            access:   VFIO: container, IOMMU group 12, type1 IOMMU, the device's region 0, mapped where VFIO allows, else pread/pwrite of each access's width
            note:     1234:11e8 Test Vendor Register Playground

            """)
    }

    func testRefusals() throws {
        for (arguments, status, fragment) in [
            (["read", "--vfio", "0"], Int32(64), "--vfio goes with --slot or --device"),
            (["read", "-s", "00:05.0", "--vfio", "--config", "0"], 64, "--vfio reaches a BAR, --config the config space"),
            (["read", "-s", "00:05.0", "--vfio", "--wc", "0"], 64, "--vfio and --wc do not go together"),
            (["read", "-s", "00:05.0", "--vfio", "0x1000"], 64, "outside 0000:00:05.0 BAR0 (VFIO)"),
            (["read", "-s", "00:05.0", "--vfio", "-b", "2", "0"], 1, "0000:00:05.0 has no BAR2"),
        ] as [([String], Int32, String)] {
            assertOutcome(try mmio(arguments), status: status, stdout: "", stderrContains: ["mmio: ", fragment])
        }
    }
}
