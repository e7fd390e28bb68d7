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
        "With -s/-d: the BAR, 0 to 5 (default 0).", valueName: "n"), transform: { try Number.parse($0) })
    var bar: Number?

    @Flag(name: .customLong("wc"), help: "With -s/-d: map resourceN_wc (write-combining; prefetchable BARs only).")
    var writeCombining = false

    @Option(name: [.customShort("u"), .long], help: ArgumentHelp(
        "UIO device by node (uio0) or by its sysfs name.", valueName: "uioN|name"))
    var uio: String?

    @Option(name: [.customShort("m"), .long], help: ArgumentHelp(
        "With -u: the UIO map index (default 0).", valueName: "n"), transform: { try Number.parse($0) })
    var map: Number?

    @Option(name: [.customShort("f"), .long], help: ArgumentHelp(
        "Any mmap-able file: a resourceN file, a saved register image.", valueName: "path"))
    var file: String?

    @OptionGroup var system: RootOptions

    func validate() throws {
        // Counted first: this runs for every batch line, and almost every line names one target.
        let count = (slot != nil ? 1 : 0) + (device != nil ? 1 : 0) + (uio != nil ? 1 : 0) + (file != nil ? 1 : 0)
        if count > 1 {
            let named = [("--slot", slot), ("--device", device), ("--uio", uio), ("--file", file)]
                .filter { $0.1 != nil }.map(\.0)
            throw ValidationError("\(named.joined(separator: " and ")) name two targets; give at most one")
        }
        let pci = slot != nil || device != nil
        if let bar {
            guard pci else { throw ValidationError("--bar goes with --slot or --device") }
            guard bar.value <= 5 else { throw ValidationError("--bar \(bar.value) is not a BAR (0 to 5)") }
        }
        if writeCombining && !pci { throw ValidationError("--wc goes with --slot or --device") }
        if let map {
            guard uio != nil else { throw ValidationError("--map goes with --uio") }
            guard map.value <= UInt64(Int32.max) else { throw ValidationError("--map \(map.value) is not a map index") }
        }
    }

    var selection: TargetSelection {
        get throws {
            let bar = Int(self.bar?.value ?? 0)
            if let slot { return .pci(.slot(slot), bar: bar, writeCombining: writeCombining) }
            if let device {
                return .pci(try PCIDeviceQuery.id(parsing: device), bar: bar, writeCombining: writeCombining)
            }
            if let uio { return .uio(device: uio, map: Int(map?.value ?? 0)) }
            if let file { return .file(path: file) }
            return .physical
        }
    }

    /// A request for `action` on this target, with the register description `regs`.
    func request(_ action: Request.Action, _ settings: AccessSettings, regs: String? = nil) throws -> Request {
        var request = Request(
            action, selection: try selection, roots: system.roots(), settings: settings,
            namesTarget: slot != nil || device != nil || uio != nil || file != nil || system.named)
        request.regs = regs
        return request
    }
}
