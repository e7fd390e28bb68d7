import MMIOBasics
/// What a command line could name as a target on this machine: the PCI devices' slots, ids and
/// BARs, the UIO devices and their maps. Completions offer these; they come from the same libpci
/// scan and sysfs reading as `list` and the resolvers, so a candidate is something the command
/// would accept. Nothing here throws: a tree that cannot be read has no candidates.
public struct TargetInventory {
    public let roots: SystemRoots

    public init(roots: SystemRoots) {
        self.roots = roots
    }

    private var devices: [PCIDevice] { (try? LibPCI(roots: roots).devices()) ?? [] }

    /// The slots present, as `lspci -s` takes them: `00:04.0` where the domain is 0 (as lspci
    /// prints them), `0000:00:04.0` otherwise, or for every device once `typed` has begun a domain
    /// (more than two characters before its first colon).
    public func slots(typed: String = "") -> [String] {
        let withDomain = typed.prefix { $0 != ":" }.count > 2
        return devices.map { device in
            withDomain || device.domain != 0 ? device.slot : String(device.slot.dropFirst(5))
        }
    }

    /// The ids present, as `lspci -d` takes them; an id several devices share is offered as
    /// `ID@0`, `ID@1`, ... (a bare shared id is refused as ambiguous).
    public func ids() -> [String] {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for device in devices {
            if counts[device.ids] == nil { order.append(device.ids) }
            counts[device.ids, default: 0] += 1
        }
        return order.flatMap { id in
            counts[id] == 1 ? [id] : (0..<counts[id]!).map { "\(id)@\($0)" }
        }
    }

    /// The BARs (with a size) of the device `query` names; 0 to 5 when it names none or several.
    public func bars(of query: PCIDeviceQuery?) -> [Int] {
        guard let query, let device = try? PCITargetResolver.find(query, roots: roots) else { return Array(0...5) }
        return device.bars.map(\.index)
    }

    /// The UIO devices by node (`uio0`), and by name where the name is unique.
    public func uioDevices() -> [String] {
        let all = UIODevice.all(roots: roots)
        let names = all.map(\.name).filter { name in !name.isEmpty && all.filter { $0.name == name }.count == 1 }
        return all.map(\.node) + names
    }

    /// The map indexes of the UIO device `device` names; none when it names none.
    public func uioMaps(of device: String?) -> [Int] {
        guard let device, let uio = try? UIOTargetResolver.find(device, roots: roots) else { return [] }
        return uio.maps.map(\.index)
    }

    /// The platform and AMBA devices with memory regions, PNP devices with them, and the tree's
    /// aliases.
    public func platformDevices() -> [String] {
        let inventory = PlatformInventory(roots: roots)
        return inventory.withRegions.compactMap(\.name) + (inventory.tree?.aliases() ?? [])
    }

    /// The regions of the device `word` names, by index and by `reg-names` entry.
    public func regions(of word: String?) -> [String] {
        guard let word, let device = try? PlatformTargetResolver.find(word, in: PlatformInventory(roots: roots)) else { return [] }
        return device.regions.map { "\($0.index)" } + device.regions.compactMap(\.name)
    }
}
