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

    public var kind: Kind
    /// A one-line name for messages: `physical memory`, `0000:00:03.0 BAR0`, `uio0 map1`.
    public var name: String
    public var path: String
    /// Offset in the file of the target's address 0.
    public var origin: UInt64
    /// Bytes an access may reach past `origin`; nil where the target has no size (/dev/mem).
    public var size: UInt64?
    /// Where address 0 sits in the physical address space, when known.
    public var physicalBase: UInt64?
    /// Open with O_SYNC (so the kernel maps /dev/mem uncached).
    public var synchronous: Bool
    /// Where every mapping must start (UIO maps are selected by their mmap offset); nil lets
    /// the mapping layer map just the pages an operation needs.
    public var mappingAnchor: UInt64?
    public var method: Method
    /// Extra facts for `info`, such as the device a BAR belongs to.
    public var notes: [String]
    /// How the target is reached when it is not the obvious way (a BAR through /dev/mem):
    /// shown by `info` and announced by `--trace`.
    public var fallback: String?
    /// Flags for `info`: `64-bit`, `prefetchable`, `write-combining`, `I/O ports`.
    public var flags: [String]
    /// Things the user should know before the first access (memory decoding off, say); shown
    /// on standard error as `mmio: warning: ...`.
    public var warnings: [String] = []
    /// Facts only some kinds of target have, boxed: every batch line copies its target, and a
    /// copy should not retain each of these one by one.
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

    private final class DeviceBox: Equatable, Sendable {
        let device: Device
        init(_ device: Device) { self.device = device }
        static func == (a: DeviceBox, b: DeviceBox) -> Bool { a === b || a.device == b.device }
        static let none = DeviceBox(Device())
    }

    private var deviceBox = DeviceBox.none

    public var device: Device {
        get { deviceBox.device }
        set { deviceBox = DeviceBox(newValue) }
    }

    public var roots: SystemRoots {
        get { deviceBox.device.roots }
        set { device.roots = newValue }
    }
    public var slot: String? {
        get { deviceBox.device.slot }
        set { device.slot = newValue }
    }
    public var capabilities: [PCICapability] {
        get { deviceBox.device.capabilities }
        set { device.capabilities = newValue }
    }
    public var headerType: UInt8 {
        get { deviceBox.device.headerType }
        set { device.headerType = newValue }
    }
    public var bar: Int? {
        get { deviceBox.device.bar }
        set { device.bar = newValue }
    }
    public var iommuGroup: String? {
        get { deviceBox.device.iommuGroup }
        set { device.iommuGroup = newValue }
    }

    public init(
        kind: Kind, name: String, path: String, origin: UInt64 = 0, size: UInt64?,
        physicalBase: UInt64? = nil, synchronous: Bool = false, mappingAnchor: UInt64? = nil,
        method: Method = .mmap, notes: [String] = [], flags: [String] = []
    ) {
        self.kind = kind
        self.name = name
        self.path = path
        self.origin = origin
        self.size = size
        self.physicalBase = physicalBase
        self.synchronous = synchronous
        self.mappingAnchor = mappingAnchor
        self.method = method
        self.notes = notes
        self.flags = flags
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
