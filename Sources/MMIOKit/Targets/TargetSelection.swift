/// The target a command names, before it is resolved.
public enum TargetSelection: Hashable, Sendable {
    /// Physical memory through `/dev/mem`; addresses are physical.
    case physical
    /// Any mmap-able file; addresses are offsets, bounded by its size.
    case file(path: String)
    /// A BAR of a PCI device found through libpci.
    case pci(PCIDeviceQuery, bar: Int, writeCombining: Bool)
    /// A PCI device's configuration space, through libpci (`--config`).
    case config(PCIDeviceQuery)
    /// x86 I/O port space, 0 to 0xffff (`-p`).
    case ports
    /// A BAR of a PCI device through VFIO (`--vfio`).
    case vfio(PCIDeviceQuery, bar: Int)
    /// A map of a UIO device, by node (`uio3`) or by name.
    case uio(device: String, map: Int)

    /// Resolves the selection to a file, an origin and a size. Nothing is opened for writing.
    public func resolve(roots: SystemRoots) throws -> ResolvedTarget {
        var target = try resolveHere(roots: roots)
        target.roots = roots
        return target
    }

    private func resolveHere(roots: SystemRoots) throws -> ResolvedTarget {
        switch self {
        case .physical:
            return ResolvedTarget(
                kind: .physical, name: "physical memory", path: roots.mem, size: nil,
                physicalBase: 0, synchronous: true)
        case .file(let path):
            return try FileTargetResolver.resolve(path: path)
        case .pci(let query, let bar, let writeCombining):
            return try PCITargetResolver.resolve(
                query, bar: bar, writeCombining: writeCombining, roots: roots)
        case .config(let query):
            return try PCIConfigResolver.resolve(query, roots: roots)
        case .ports:
            return try PortTargetResolver.resolve()
        case .vfio(let query, let bar):
            return try VFIOTargetResolver.resolve(query, bar: bar, roots: roots)
        case .uio(let device, let map):
            return try UIOTargetResolver.resolve(device: device, map: map, roots: roots)
        }
    }
}
