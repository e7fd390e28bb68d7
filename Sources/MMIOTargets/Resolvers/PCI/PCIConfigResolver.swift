import MMIOBasics
/// `-s`/`-d` with `--config`: the device's configuration space, 256 bytes or 4096 where it has
/// extended space, reached through libpci's config accessors, with the capabilities libpci
/// finds in it.
enum PCIConfigResolver {
    static func resolve(_ query: PCIDeviceQuery, roots: SystemRoots) throws -> ResolvedTarget {
        let pci = try LibPCI(roots: roots)
        let device = try PCITargetResolver.find(query, in: pci, roots: roots)
        let config = try PCIConfigDevice(pci: pci, slot: device.slot)
        let size = config.size
        let facts = ResolvedTarget.PCIConfigFacts(
            slot: device.slot, capabilities: config.capabilities,
            headerType: UInt8(truncatingIfNeeded: config.read(1, at: 0x0e) ?? 0) & 0x7f)
        return ResolvedTarget(
            kind: .config(facts), name: "\(device.slot) config space", path: "\(roots.pciDevices)/\(device.slot)/config",
            size: size, method: .config,
            notes: ["\(device.ids)" + (device.name.map { " \($0)" } ?? "")],
            flags: [size > 256 ? "extended" : "conventional"])
    }
}
