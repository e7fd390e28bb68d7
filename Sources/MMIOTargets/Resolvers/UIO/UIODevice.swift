import MMIOBasics
/// A UIO device as sysfs describes it under `class/uio/uioN`.
public struct UIODevice: Equatable, Sendable {
    public struct Map: Equatable, Sendable {
        public var index: Int
        public var name: String?
        /// Physical address of the map (the page holding its first register, plus `offset`).
        public var address: UInt64
        public var size: UInt64
        /// Where the registers start inside the first mapped page.
        public var offset: UInt64
    }

    /// `uio0`, `uio1`, ...
    public var node: String
    public var name: String
    public var version: String?
    public var maps: [Map]

    /// Every UIO device under `roots.uioClass`, in node order.
    public static func all(roots: SystemRoots) -> [UIODevice] {
        Sysfs.entries(roots.uioClass).filter { $0.hasPrefix("uio") }.map {
            load(node: $0, roots: roots)
        }
    }

    static func load(node: String, roots: SystemRoots) -> UIODevice {
        let directory = "\(roots.uioClass)/\(node)"
        let maps = Sysfs.entries("\(directory)/maps").compactMap { entry -> Map? in
            // The kernel numbers maps from 0 and has at most a handful (MAX_UIO_MAPS).
            guard entry.hasPrefix("map"), let index = Int(entry.dropFirst(3)), (0..<256).contains(index) else { return nil }
            let map = "\(directory)/maps/\(entry)"
            return Map(
                index: index, name: Sysfs.attribute("\(map)/name"),
                address: Sysfs.number("\(map)/addr") ?? 0, size: Sysfs.number("\(map)/size") ?? 0,
                offset: Sysfs.number("\(map)/offset") ?? 0)
        }
        return UIODevice(
            node: node, name: Sysfs.attribute("\(directory)/name") ?? "",
            version: Sysfs.attribute("\(directory)/version"), maps: maps)
    }
}
