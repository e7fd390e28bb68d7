import ArgumentParser
import MMIOKit

/// The test seams: where sysfs and the device nodes are (`/sys` and `/dev` by default).
struct RootOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Test seam: sysfs root (default /sys, or $MMIO_SYSFS_ROOT).", valueName: "dir"))
    var sysfsRoot: String?

    @Option(help: ArgumentHelp(
        "Test seam: device-node root for mem and uioN (default /dev, or $MMIO_DEV_ROOT).", valueName: "dir"))
    var devRoot: String?

    var named: Bool { sysfsRoot != nil || devRoot != nil }

    func roots(pciIDs: String? = nil) -> SystemRoots {
        SystemRoots.resolve(sysfsOption: sysfsRoot, devOption: devRoot, pciIDsOption: pciIDs)
    }
}
