import MMIOBasics
/// What every target kind resolves to: a file, where the target's address 0 sits in it, and
/// how far accesses may go, and the facts of its own kind. The mapping layer needs nothing else.
/// A class: its resolver fills it in, and from then on it is only read, by every line that
/// names it, each holding one reference.
public final class ResolvedTarget: @unchecked Sendable {
    /// What the target is, with the facts only that kind has.
    public enum Kind: Equatable, Sendable {
        case physical, file, uio, port
        /// A PCI BAR through its resource file (or /dev/mem at its base).
        case pci(slot: String)
        /// PCI config space through libpci.
        case config(PCIConfigFacts)
        /// A BAR through VFIO.
        case vfio(VFIOFacts)
        /// A region of a platform, AMBA or ACPI/PNP device, through /dev/mem.
        case platform(PlatformFacts)

        /// The kind's one word, for `info` and JSON.
        public var name: String {
            switch self {
            case .physical: "physical"
            case .file: "file"
            case .uio: "uio"
            case .port: "port"
            case .pci: "pci"
            case .config: "config"
            case .vfio: "vfio"
            case .platform: "platform"
            }
        }

        /// The PCI device, for the kinds that are part of one.
        public var slot: String? {
            switch self {
            case .pci(let slot): slot
            case .config(let facts): facts.slot
            case .vfio(let facts): facts.slot
            case .physical, .file, .uio, .port, .platform: nil
            }
        }
    }

    /// Config space (`--config`): the device, the capabilities libpci found (which
    /// `CAP_*`/`ECAP_*` names reach) and HEADER_TYPE's layout bits (0 normal, 1 bridge, 2 CardBus).
    public struct PCIConfigFacts: Equatable, Sendable {
        public var slot: String
        public var capabilities: [PCICapability]
        public var headerType: UInt8

        public init(slot: String, capabilities: [PCICapability], headerType: UInt8) {
            self.slot = slot
            self.capabilities = capabilities
            self.headerType = headerType
        }
    }

    /// A BAR through VFIO (`--vfio`): the device, the BAR (the VFIO region index) and its IOMMU group.
    public struct VFIOFacts: Equatable, Sendable {
        public var slot: String
        public var bar: Int
        public var iommuGroup: String

        public init(slot: String, bar: Int, iommuGroup: String) {
            self.slot = slot
            self.bar = bar
            self.iommuGroup = iommuGroup
        }
    }

    /// A platform device's region (`-P`): the device (nil for a node the kernel made no device
    /// of), its device-tree node, and the region's index.
    public struct PlatformFacts: Equatable, Sendable {
        public var device: String?
        public var node: String?
        public var region: Int

        public init(device: String?, node: String?, region: Int) {
            self.device = device
            self.node = node
            self.region = region
        }
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
    /// How the file is accessed.
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
    /// Mapped write-combining (`--wc`): memory whose loads the CPU may reorder, so each load
    /// is fenced on every architecture.
    public var writeCombining = false
    /// The registers are big-endian (a device-tree node with `big-endian`): `--endian big`
    /// unless `--endian` says otherwise.
    public var bigEndian = false
    /// Why no access may be made without `--force` (a disabled node, a suspended device).
    public var refusal: String?
    /// Where it was resolved (sysfs, /dev, /proc): config access and ownership hints read there.
    public var roots = SystemRoots()

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

    /// This target narrowed to a window of its file (a VFIO region, found when it is opened).
    public func window(origin: UInt64, size: UInt64?) -> ResolvedTarget {
        let window = ResolvedTarget(
            kind: kind, name: name, path: path, origin: origin, size: size, physicalBase: physicalBase,
            synchronous: synchronous, mappingAnchor: mappingAnchor, method: method, notes: notes, flags: flags)
        window.fallback = fallback
        window.warnings = warnings
        window.writeCombining = writeCombining
        window.bigEndian = bigEndian
        window.refusal = refusal
        window.roots = roots
        return window
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
