import MMIOBasics
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
    /// A region of a platform device (`-P`), by index or `reg-names` entry (`-r`).
    case platform(device: String, region: String?)

    /// Written out, and inlinable, because every batch line compares its target with the line
    /// before's from another module (the engine): the synthesized one is a call there, with an
    /// outlined copy of both sides.
    @inlinable
    public static func == (a: TargetSelection, b: TargetSelection) -> Bool {
        switch (a, b) {
        case (.physical, .physical), (.ports, .ports): return true
        case (.file(let x), .file(let y)): return x == y
        case (.pci(let x, let bar, let wc), .pci(let y, let otherBar, let otherWC)): return bar == otherBar && wc == otherWC && x == y
        case (.config(let x), .config(let y)): return x == y
        case (.vfio(let x, let bar), .vfio(let y, let otherBar)): return bar == otherBar && x == y
        case (.uio(let x, let map), .uio(let y, let otherMap)): return map == otherMap && x == y
        case (.platform(let x, let region), .platform(let y, let otherRegion)): return region == otherRegion && x == y
        default: return false
        }
    }

    /// Resolves the selection to a file, an origin and a size. Nothing is opened for writing.
    public func resolve(roots: SystemRoots) throws -> ResolvedTarget {
        let target = try resolveHere(roots: roots)
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
        case .platform(let device, let region):
            return try PlatformTargetResolver.resolve(device: device, region: region, roots: roots)
        }
    }
}
