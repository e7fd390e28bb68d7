import MMIOBasics
#if canImport(Glibc)
import Glibc
#endif

/// `-u uioN|NAME -m M`: map M of a UIO device, mmapped from `/dev/uioN` at offset
/// M × page size (the kernel picks the map by that offset), bounded by the map's size, with
/// address 0 at the map's `offset` inside its first page.
enum UIOTargetResolver {
    static func resolve(device: String, map index: Int, roots: SystemRoots) throws -> ResolvedTarget {
        let uio = try find(device, roots: roots)
        guard let map = uio.maps.first(where: { $0.index == index }) else {
            let existing = uio.maps.map { "map\($0.index)" }.joined(separator: ", ")
            throw MMIOError.failure(
                "\(uio.node) (\(uio.name)) has no map\(index); "
                    + (existing.isEmpty ? "it has no maps" : "its maps: \(existing)"))
        }
        let pageSize = UInt64(sysconf(Int32(_SC_PAGESIZE)))
        let anchor = UInt64(index) * pageSize
        // The kernel puts a map's registers inside its first page; sysfs is read as given.
        guard map.offset < pageSize, map.size <= UInt64.max - anchor - map.offset else {
            throw MMIOError.failure(
                "\(uio.node) map\(index): offset \(Hex.string(map.offset)) and size \(Hex.string(map.size)) in sysfs "
                    + "do not describe a map (the offset must lie inside the first page)")
        }
        return ResolvedTarget(
            kind: .uio, name: "\(uio.node) map\(index)", path: "\(roots.dev)/\(uio.node)",
            origin: anchor + map.offset, size: map.size, physicalBase: map.address,
            mappingAnchor: anchor,
            notes: ["uio device \(uio.name)" + (map.name.map { ", map \($0)" } ?? "")])
    }

    /// A device by node (`uio3`) or by the `name` in its sysfs directory.
    static func find(_ device: String, roots: SystemRoots) throws -> UIODevice {
        let all = UIODevice.all(roots: roots)
        if let byNode = all.first(where: { $0.node == device }) { return byNode }
        let named = all.filter { $0.name == device }
        if named.count == 1 { return named[0] }
        if named.count > 1 {
            throw MMIOError.failure(
                "UIO name '\(device)' is ambiguous: "
                    + named.map(\.node).joined(separator: ", ") + " (use -u uioN)")
        }
        let known = all.map { "\($0.node) (\($0.name))" }.joined(separator: ", ")
        throw MMIOError.failure(
            "no UIO device '\(device)' under \(roots.uioClass)"
                + (known.isEmpty ? "" : "; devices: \(known)"))
    }
}
