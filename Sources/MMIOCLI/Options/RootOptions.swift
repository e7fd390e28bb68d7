import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

/// The test seams: where sysfs, the device nodes and /proc are (`/sys`, `/dev`, `/proc` by
/// default). Hidden from help and completions (a user has no use for them); documented in the
/// man page, and also taken from the environment (`MMIO_SYSFS_ROOT`, `MMIO_DEV_ROOT`,
/// `MMIO_PROC_ROOT`).
struct RootOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Test seam: sysfs root (default /sys, or $MMIO_SYSFS_ROOT).", valueName: "dir", visibility: .hidden), completion: .directory)
    var sysfsRoot: String?

    @Option(help: ArgumentHelp(
        "Test seam: device-node root for mem and uioN (default /dev, or $MMIO_DEV_ROOT).", valueName: "dir", visibility: .hidden), completion: .directory)
    var devRoot: String?

    @Option(help: ArgumentHelp(
        "Test seam: /proc root, for iomem (default /proc, or $MMIO_PROC_ROOT).", valueName: "dir", visibility: .hidden), completion: .directory)
    var procRoot: String?

    var named: Bool { sysfsRoot != nil || devRoot != nil || procRoot != nil }

    func roots(pciIDs: String? = nil) -> SystemRoots {
        SystemRoots.resolve(sysfsOption: sysfsRoot, devOption: devRoot, procOption: procRoot, pciIDsOption: pciIDs)
    }
}
