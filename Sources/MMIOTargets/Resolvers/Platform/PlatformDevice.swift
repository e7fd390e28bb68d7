import MMIOBasics
/// A platform, AMBA or PNP device as sysfs shows it, or a device-tree node the kernel made no
/// device of (a disabled one): where its registers are, and what guards an access to them.
public struct PlatformDevice: Equatable, Sendable {
    public enum Bus: String, Sendable {
        case platform, amba, pnp
    }

    public typealias Region = NodeRegions.Region

    /// The device's name under `/sys/bus/BUS/devices` (`3f201000.serial`, `PNP0103:00`, `00:05`);
    /// nil for a node with no device.
    public var name: String?
    public var bus: Bus?
    /// The device-tree node (`/soc/serial@7e201000`).
    public var node: String?
    public var compatible: [String] = []
    /// The ACPI or PNP ids (`PNP0103`).
    public var pnpIDs: [String] = []
    public var regions: [Region] = []
    /// Why the regions stop short of the node's `reg`, naming the node.
    public var regionStop: String?
    public var driver: String?
    /// The node's `status`, nil where it has none.
    public var status: String?
    /// `power/runtime_status`: `active`, `suspended`, `unsupported`, ...
    public var runtimeStatus: String?
    public var bigEndian = false

    /// The name a user would give: the device's, else the node's path.
    public var displayName: String { name ?? node ?? "?" }

    public var isOkay: Bool { DeviceTree.isOkay(status) }

    /// The sysfs directory of the device.
    func directory(roots: SystemRoots) -> String? {
        guard let name, let bus else { return nil }
        switch bus {
        case .platform: return roots.platformDevices + "/" + name
        case .amba: return roots.ambaDevices + "/" + name
        case .pnp: return roots.pnpDevices + "/" + name
        }
    }
}

/// The platform devices of a machine, read once from sysfs, the device tree and /proc/iomem.
package struct PlatformInventory {
    package let roots: SystemRoots
    package let tree: DeviceTree?
    /// The devices of the platform and AMBA buses, then PNP, each in natural order.
    package let devices: [PlatformDevice]
    private let iomem: IOMem?

    package init(roots: SystemRoots) {
        self.roots = roots
        tree = DeviceTree(roots: roots)
        iomem = IOMem.read(roots.iomem)
        var devices: [PlatformDevice] = []
        for (bus, directory) in [(PlatformDevice.Bus.platform, roots.platformDevices), (.amba, roots.ambaDevices), (.pnp, roots.pnpDevices)] {
            for name in Sysfs.entries(directory) where !name.contains("/") {
                devices.append(Self.load(name, bus: bus, directory: directory + "/" + name, tree: tree, iomem: iomem, roots: roots))
            }
        }
        self.devices = devices
    }

    /// The devices that have memory regions or a node with `reg`: what `list` shows.
    package var withRegions: [PlatformDevice] { devices.filter { !$0.regions.isEmpty } }

    private static func load(
        _ name: String, bus: PlatformDevice.Bus, directory: String, tree: DeviceTree?, iomem: IOMem?, roots: SystemRoots
    ) -> PlatformDevice {
        var device = PlatformDevice(name: name, bus: bus)
        device.driver = Sysfs.linkName(directory + "/driver")
        device.runtimeStatus = Sysfs.attribute(directory + "/power/runtime_status")
        if let tree, let node = nodePath(of: directory + "/of_node", tree: tree) {
            device.node = node
            describe(&device, node: node, tree: tree)
        } else if bus == .pnp {
            device.pnpIDs = (Sysfs.attribute(directory + "/id") ?? "").split(separator: "\n").map(String.init)
            device.regions = pnpRegions(Sysfs.attribute(directory + "/resources") ?? "")
        } else {
            if let hid = Sysfs.attribute(directory + "/firmware_node/hid") { device.pnpIDs = [hid] }
            // An ACPI device's resources are in /proc/iomem under its name, in address order.
            let lines = (iomem?.regions ?? []).filter { $0.name == name && $0.end - $0.start < UInt64.max }.sorted { $0.start < $1.start }
            device.regions = lines.enumerated().map {
                PlatformDevice.Region(index: $0.offset, name: nil, physical: $0.element.start, size: $0.element.end - $0.element.start + 1)
            }
        }
        return device
    }

    /// What the tree says of a node: compatible, status, endianness and regions.
    static func describe(_ device: inout PlatformDevice, node: String, tree: DeviceTree) {
        device.compatible = tree.strings(node, "compatible") ?? []
        device.status = tree.status(node)
        device.bigEndian = tree.property(node, "big-endian") != nil
        let translated = NodeRegions(node: node, tree: tree)
        device.regions = translated.regions
        device.regionStop = translated.stop
    }

    /// A node with no device (disabled, or one the kernel had no bus for), as a device.
    package func device(node: String) -> PlatformDevice {
        if let known = devices.first(where: { $0.node == node }) { return known }
        var device = PlatformDevice()
        device.node = node
        if let tree { Self.describe(&device, node: node, tree: tree) }
        return device
    }

    /// The node an `of_node` link points at, as a path inside the tree.
    private static func nodePath(of link: String, tree: DeviceTree) -> String? {
        guard let target = Sysfs.realPath(link), let base = Sysfs.realPath(tree.base) else { return nil }
        if target == base { return "/" }
        guard target.hasPrefix(base + "/") else { return nil }
        return String(target.dropFirst(base.count))
    }

    /// The `mem START-END` lines of a PNP device's `resources`, in order; flags after the range
    /// (`window`) are ignored, `disabled` lines are not regions.
    static func pnpRegions(_ text: String) -> [PlatformDevice.Region] {
        var regions: [PlatformDevice.Region] = []
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            guard words.count >= 2, words[0] == "mem" else { continue }
            let range = words[1].split(separator: "-")
            guard range.count == 2, let start = try? NumberSyntax.number(String(range[0])),
                let end = try? NumberSyntax.number(String(range[1])), start <= end, end - start < UInt64.max
            else { continue }
            regions.append(PlatformDevice.Region(index: regions.count, name: nil, physical: start, size: end - start + 1))
        }
        return regions
    }
}
