import MMIOBasics
/// What every target kind resolves to: a file, where the target's address 0 sits in it, and
/// how far accesses may go. The mapping layer needs nothing else.
public struct ResolvedTarget: Equatable, Sendable {
    public enum Kind: String, Sendable {
        case physical, file, pci, uio, config, port, vfio
    }

    /// How the file is accessed.
    public enum Method: String, Sendable {
        /// mmap and one volatile access per load or store.
        case mmap
        /// pread/pwrite of the width, for PCI I/O-port BARs (the kernel does the in/out).
        case portIO = "port-io"
        /// libpci's config accessors (`--config`): one config read or write of the width.
        case config
        /// x86 I/O ports (`-p`): ioperm() and one in/out instruction of the width.
        case ports
        /// A BAR through VFIO (`--vfio`): the region of the VFIO device, mapped where VFIO allows,
        /// else pread/pwrite of the width.
        case vfio
    }

    /// Everything a target is, in one box shared by its copies: every batch line copies its
    /// target several times, and a copy should be one retain, not one per string and array.
    private struct Facts: Equatable, Sendable {
        var kind: Kind
        var name: String
        var path: String
        var origin: UInt64
        var size: UInt64?
        var physicalBase: UInt64?
        var synchronous: Bool
        var mappingAnchor: UInt64?
        var method: Method
        var notes: [String]
        var fallback: String?
        var flags: [String]
        var warnings: [String] = []
        var writeCombining = false
        var device = Device()
    }

    private final class Storage: @unchecked Sendable {
        // Written only through `edit`, on a box no other copy holds.
        var facts: Facts
        init(_ facts: Facts) { self.facts = facts }
    }

    private var storage: Storage

    /// Changes this copy's facts, first giving it a box of its own if another copy shares it.
    private mutating func edit(_ change: (inout Facts) -> Void) {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.facts) }
        change(&storage.facts)
    }

    public var kind: Kind {
        get { storage.facts.kind }
        set { edit { $0.kind = newValue } }
    }
    /// A one-line name for messages: `physical memory`, `0000:00:03.0 BAR0`, `uio0 map1`.
    public var name: String {
        get { storage.facts.name }
        set { edit { $0.name = newValue } }
    }
    public var path: String {
        get { storage.facts.path }
        set { edit { $0.path = newValue } }
    }
    /// Offset in the file of the target's address 0.
    public var origin: UInt64 {
        get { storage.facts.origin }
        set { edit { $0.origin = newValue } }
    }
    /// Bytes an access may reach past `origin`; nil where the target has no size (/dev/mem).
    public var size: UInt64? {
        get { storage.facts.size }
        set { edit { $0.size = newValue } }
    }
    /// Where address 0 sits in the physical address space, when known.
    public var physicalBase: UInt64? {
        get { storage.facts.physicalBase }
        set { edit { $0.physicalBase = newValue } }
    }
    /// Open with O_SYNC (so the kernel maps /dev/mem uncached).
    public var synchronous: Bool {
        get { storage.facts.synchronous }
        set { edit { $0.synchronous = newValue } }
    }
    /// Where every mapping must start (UIO maps are selected by their mmap offset); nil lets
    /// the mapping layer map just the pages an operation needs.
    public var mappingAnchor: UInt64? {
        get { storage.facts.mappingAnchor }
        set { edit { $0.mappingAnchor = newValue } }
    }
    /// How the file is accessed.
    public var method: Method {
        get { storage.facts.method }
        set { edit { $0.method = newValue } }
    }
    /// Extra facts for `info`, such as the device a BAR belongs to.
    public var notes: [String] {
        get { storage.facts.notes }
        set { edit { $0.notes = newValue } }
    }
    /// How the target is reached when it is not the obvious way (a BAR through /dev/mem):
    /// shown by `info` and announced by `--trace`.
    public var fallback: String? {
        get { storage.facts.fallback }
        set { edit { $0.fallback = newValue } }
    }
    /// Flags for `info`: `64-bit`, `prefetchable`, `write-combining`, `I/O ports`.
    public var flags: [String] {
        get { storage.facts.flags }
        set { edit { $0.flags = newValue } }
    }
    /// Things the user should know before the first access (memory decoding off, say); shown
    /// on standard error as `mmio: warning: ...`.
    public var warnings: [String] {
        get { storage.facts.warnings }
        set { edit { $0.warnings = newValue } }
    }

    /// Mapped write-combining (`--wc`): memory whose loads the CPU may reorder, so each load
    /// is fenced on every architecture.
    public var writeCombining: Bool {
        get { storage.facts.writeCombining }
        set { edit { $0.writeCombining = newValue } }
    }

    /// Facts only some kinds of target have.
    public struct Device: Equatable, Sendable {
        /// Where it was resolved (sysfs, /dev, /proc): config access and ownership hints read there.
        public var roots = SystemRoots()
        /// The PCI device's slot, for a BAR or config space.
        public var slot: String?
        /// For `--config`: the capabilities libpci found, which `CAP_*`/`ECAP_*` names reach.
        public var capabilities: [PCICapability] = []
        /// For `--config`: HEADER_TYPE's layout bits (0 normal, 1 bridge, 2 CardBus).
        public var headerType: UInt8 = 0
        /// For `--vfio`: the BAR (the VFIO region index) and the IOMMU group.
        public var bar: Int?
        public var iommuGroup: String?
    }

    public var device: Device {
        get { storage.facts.device }
        set { edit { $0.device = newValue } }
    }

    public var roots: SystemRoots {
        get { storage.facts.device.roots }
        set { edit { $0.device.roots = newValue } }
    }
    public var slot: String? {
        get { storage.facts.device.slot }
        set { edit { $0.device.slot = newValue } }
    }
    public var capabilities: [PCICapability] {
        get { storage.facts.device.capabilities }
        set { edit { $0.device.capabilities = newValue } }
    }
    public var headerType: UInt8 {
        get { storage.facts.device.headerType }
        set { edit { $0.device.headerType = newValue } }
    }
    public var bar: Int? {
        get { storage.facts.device.bar }
        set { edit { $0.device.bar = newValue } }
    }
    public var iommuGroup: String? {
        get { storage.facts.device.iommuGroup }
        set { edit { $0.device.iommuGroup = newValue } }
    }

    public init(
        kind: Kind, name: String, path: String, origin: UInt64 = 0, size: UInt64?,
        physicalBase: UInt64? = nil, synchronous: Bool = false, mappingAnchor: UInt64? = nil,
        method: Method = .mmap, notes: [String] = [], flags: [String] = []
    ) {
        storage = Storage(Facts(
            kind: kind, name: name, path: path, origin: origin, size: size, physicalBase: physicalBase,
            synchronous: synchronous, mappingAnchor: mappingAnchor, method: method, notes: notes, fallback: nil,
            flags: flags))
    }

    public static func == (a: ResolvedTarget, b: ResolvedTarget) -> Bool {
        a.storage === b.storage || a.storage.facts == b.storage.facts
    }

    /// The path for a message, and the target's name where it is not just the path.
    public var pathAndName: String {
        let shown = ArgumentText.printable(path)
        return name == shown ? shown : "\(shown) for \(name)"
    }

    /// Refuses a range that does not lie inside the target, before anything is mapped.
    public func checkBounds(address: UInt64, length: UInt64) throws {
        let (end, overflow) = address.addingReportingOverflow(length)
        guard !overflow, !origin.addingReportingOverflow(end).overflow else {
            throw MMIOError.usage("range \(Hex.string(address)) + \(length) overflows the address space")
        }
        if let size, end > size {
            throw MMIOError.usage(
                "\(length) byte(s) at \(Hex.string(address)) lie outside \(name) "
                    + "(size \(Hex.string(size)), last address \(Hex.string(size == 0 ? 0 : size - 1)))")
        }
    }
}
