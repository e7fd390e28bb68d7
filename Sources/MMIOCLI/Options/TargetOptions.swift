import ArgumentParser
import MMIOKit

/// At most one target; physical memory when none is named.
struct TargetOptions: ParsableArguments {
    @Option(name: [.customShort("s"), .long], help: ArgumentHelp(
        "PCI device by slot, as lspci -s.", valueName: "[[domain:]bus:]dev.fn"))
    var slot: String?

    @Option(name: [.customShort("d"), .long], help: ArgumentHelp(
        "PCI device by id, as lspci -d; @K picks the K-th match (from 0).",
        valueName: "vendor:device[@K]"))
    var device: String?

    @Option(name: [.customShort("b"), .long], help: ArgumentHelp(
        "With -s/-d: the BAR, 0 to 5 (default 0).", valueName: "n"))
    var bar: Int?

    @Flag(name: .customLong("wc"), help: "With -s/-d: map resourceN_wc (write-combining; prefetchable BARs only).")
    var writeCombining = false

    @Option(name: [.customShort("u"), .long], help: ArgumentHelp(
        "UIO device by node (uio0) or by its sysfs name.", valueName: "uioN|name"))
    var uio: String?

    @Option(name: [.customShort("m"), .long], help: ArgumentHelp(
        "With -u: the UIO map index (default 0).", valueName: "n"))
    var map: Int?

    @Option(name: [.customShort("f"), .long], help: ArgumentHelp(
        "Any mmap-able file: a resourceN file, a saved register image.", valueName: "path"))
    var file: String?

    @Option(help: ArgumentHelp(
        "Test seam: sysfs root (default /sys, or $MMIO_SYSFS_ROOT).", valueName: "dir"))
    var sysfsRoot: String?

    @Option(help: ArgumentHelp(
        "Test seam: device-node root for mem and uioN (default /dev, or $MMIO_DEV_ROOT).",
        valueName: "dir"))
    var devRoot: String?

    func validate() throws {
        let named = [("--slot", slot), ("--device", device), ("--uio", uio), ("--file", file)]
            .filter { $0.1 != nil }.map(\.0)
        if named.count > 1 {
            throw ValidationError("\(named.joined(separator: " and ")) name two targets; give at most one")
        }
        let pci = slot != nil || device != nil
        if let bar {
            guard pci else { throw ValidationError("--bar goes with --slot or --device") }
            guard (0...5).contains(bar) else { throw ValidationError("--bar \(bar) is not a BAR (0 to 5)") }
        }
        if writeCombining && !pci { throw ValidationError("--wc goes with --slot or --device") }
        if let map {
            guard uio != nil else { throw ValidationError("--map goes with --uio") }
            guard map >= 0 else { throw ValidationError("--map \(map) is not a map index") }
        }
    }

    var selection: TargetSelection {
        get throws {
            if let slot { return .pci(.slot(slot), bar: bar ?? 0, writeCombining: writeCombining) }
            if let device {
                return .pci(try PCIDeviceQuery.id(parsing: device), bar: bar ?? 0, writeCombining: writeCombining)
            }
            if let uio { return .uio(device: uio, map: map ?? 0) }
            if let file { return .file(path: file) }
            return .physical
        }
    }

    var roots: SystemRoots { SystemRoots.resolve(sysfsOption: sysfsRoot, devOption: devRoot) }
}
