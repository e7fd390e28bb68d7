import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

/// At most one target; physical memory when none is named.
struct TargetOptions: ParsableArguments {
    @Option(name: [.customShort("s"), .long], help: ArgumentHelp(
        "PCI device by slot, as lspci -s.", valueName: "[[domain:]bus:]dev.fn"), completion: MachineCompletions.slot)
    var slot: String?

    @Option(name: [.customShort("d"), .long], help: ArgumentHelp(
        "PCI device by id, as lspci -d; @K picks the K-th match (from 0).",
        valueName: "vendor:device[@K]"), completion: MachineCompletions.device)
    var device: String?

    @Option(name: [.customShort("b"), .long], help: ArgumentHelp(
        "With -s/-d: the BAR, 0 to 5 (default 0).", valueName: "n"), completion: MachineCompletions.bar, transform: { try Number.parse($0) })
    var bar: Number?

    @Flag(name: .customLong("wc"), help: "With -s/-d: map resourceN_wc (write-combining; prefetchable BARs only).")
    var writeCombining = false

    @Flag(name: .customLong("config"), help: "With -s/-d: the device's PCI configuration space, through libpci (setpci's names work as ADDRESS).")
    var config = false

    @Flag(name: .customLong("vfio"), help: "With -s/-d: the BAR through VFIO (the device bound to vfio-pci, behind the IOMMU).")
    var vfio = false

    @Option(name: [.customShort("u"), .long], help: ArgumentHelp(
        "UIO device by node (uio0) or by its sysfs name.", valueName: "uioN|name"), completion: MachineCompletions.uio)
    var uio: String?

    @Option(name: [.customShort("m"), .long], help: ArgumentHelp(
        "With -u: the UIO map index (default 0).", valueName: "n"), completion: MachineCompletions.map, transform: { try Number.parse($0) })
    var map: Number?

    @Option(name: [.customShort("f"), .long], help: ArgumentHelp(
        "Any mmap-able file: a resourceN file, a saved register image.", valueName: "path"), completion: .file())
    var file: String?

    @Option(name: [.customShort("P"), .customLong("platform")], help: ArgumentHelp(
        "A platform, AMBA or ACPI/PNP device: its name, device-tree node path, alias, compatible[@K] or ACPI/PNP id[@K].",
        valueName: "device"), completion: MachineCompletions.platform)
    var platform: String?

    @Option(name: [.customShort("r"), .customLong("region")], help: ArgumentHelp(
        "With -P: the region, by index or reg-names entry (default 0).", valueName: "n|name"), completion: MachineCompletions.region)
    var region: String?

    @Flag(name: [.customShort("p"), .customLong("port")], help: "x86 I/O port space (0 to 0xffff): ioperm() and one in/out instruction of the width.")
    var port = false

    @OptionGroup var system: RootOptions

    func validate() throws {
        // Counted first: this runs for every batch line, and almost every line names one target.
        let count = (slot != nil ? 1 : 0) + (device != nil ? 1 : 0) + (uio != nil ? 1 : 0) + (file != nil ? 1 : 0)
            + (port ? 1 : 0) + (platform != nil ? 1 : 0)
        if count > 1 {
            let named = [("--slot", slot), ("--device", device), ("--uio", uio), ("--file", file), ("--port", port ? "" : nil), ("--platform", platform)]
                .filter { $0.1 != nil }.map(\.0)
            throw ValidationError("\(named.joined(separator: " and ")) name two targets; give at most one")
        }
        let pci = slot != nil || device != nil
        if let bar {
            guard pci else { throw ValidationError("--bar goes with --slot or --device") }
            guard bar.value <= 5 else { throw ValidationError("--bar \(bar.value) is not a BAR (0 to 5)") }
        }
        if writeCombining && !pci { throw ValidationError("--wc goes with --slot or --device") }
        if vfio {
            guard pci else { throw ValidationError("--vfio goes with --slot or --device") }
            if config { throw ValidationError("--vfio reaches a BAR, --config the config space: give one") }
            if writeCombining { throw ValidationError("--vfio and --wc do not go together (VFIO maps as it maps)") }
        }
        if config {
            guard pci else { throw ValidationError("--config goes with --slot or --device") }
            if bar != nil { throw ValidationError("--config names config space, not a BAR: --bar does not go with it") }
            if writeCombining { throw ValidationError("--config and --wc do not go together") }
        }
        if region != nil && platform == nil { throw ValidationError("--region goes with --platform") }
        if let map {
            guard uio != nil else { throw ValidationError("--map goes with --uio") }
            guard map.value <= UInt64(Int32.max) else { throw ValidationError("--map \(map.value) is not a map index") }
        }
    }

    var selection: TargetSelection {
        get throws {
            let bar = Int(self.bar?.value ?? 0)
            let query: PCIDeviceQuery? = try slot.map { .slot($0) } ?? device.map { try PCIDeviceQuery.id(parsing: $0) }
            if let query {
                if config { return .config(query) }
                if vfio { return .vfio(query, bar: bar) }
                return .pci(query, bar: bar, writeCombining: writeCombining)
            }
            if let uio { return .uio(device: uio, map: Int(map?.value ?? 0)) }
            if let platform { return .platform(device: platform, region: region) }
            if let file { return .file(path: file) }
            if port { return .ports }
            return .physical
        }
    }

    /// A request for `action` on this target, with the register description `regs`.
    func request(_ action: Request.Action, _ settings: AccessSettings, regs: String? = nil, peripheral: String? = nil) throws -> Request {
        var request = Request(
            action, selection: try selection, roots: system.roots(), settings: settings,
            namesTarget: slot != nil || device != nil || uio != nil || file != nil || port || platform != nil || system.named)
        request.regs = regs
        request.peripheral = peripheral
        return request
    }
}
