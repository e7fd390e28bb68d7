#if canImport(Glibc)
import Glibc
#endif
import MMIOBasics
import MMIOTargets

/// Fuzzed device-tree properties (cell counts, `ranges`, `reg`, `reg-names`, `status`,
/// `compatible`, an alias) and a PNP device's `id` and `resources`: `list --platform` and
/// resolving `-P` end in a result or an `MMIOError`, never a crash; every region `list` shows
/// resolves through `-P NAME -r INDEX` (and through its `reg-names` entry) to the same place.
enum DeviceTreeTarget {
    static let root: String = {
        let made = SysfsTarget.tree("dt", [
            "/firmware/devicetree/base/soc/dev@0", "/firmware/devicetree/base/aliases", "/bus/platform/devices/0.dev",
            "/bus/pnp/devices/00:01",
        ])
        symlink("../../../../firmware/devicetree/base/soc/dev@0", made + "/bus/platform/devices/0.dev/of_node")
        return made
    }()

    static let files = [
        "/firmware/devicetree/base/#address-cells", "/firmware/devicetree/base/#size-cells",
        "/firmware/devicetree/base/soc/#address-cells", "/firmware/devicetree/base/soc/#size-cells",
        "/firmware/devicetree/base/soc/ranges", "/firmware/devicetree/base/soc/dev@0/reg",
        "/firmware/devicetree/base/soc/dev@0/reg-names", "/firmware/devicetree/base/soc/dev@0/status",
        "/firmware/devicetree/base/soc/dev@0/compatible", "/firmware/devicetree/base/aliases/a",
        "/bus/pnp/devices/00:01/id", "/bus/pnp/devices/00:01/resources",
    ]

    /// The input is the properties' bytes, separated by 0xff bytes (a cell's 0xff bytes are
    /// written as a part of their own, so every value stays reachable).
    static func check(_ data: [UInt8]) throws {
        let parts = data.prefix(4096).split(separator: 0xff, maxSplits: files.count - 1, omittingEmptySubsequences: false)
        for (index, file) in files.enumerated() {
            let path = root + file
            if index < parts.count { SysfsTarget.write(path, Array(parts[index])) } else { unlink(path) }
        }
        let roots = SystemRoots(sysfs: root, dev: root + "/dev")
        // What `list --platform` shows.
        for device in PlatformInventory(roots: roots).withRegions {
            guard let name = device.name else { continue }
            for region in device.regions {
                var ways = [String(region.index)]
                if let label = region.name, device.regions.first(where: { $0.name == label })?.index == region.index,
                    (try? NumberSyntax.number(label)) == nil
                {
                    ways.append(label)
                }
                for way in ways {
                    let target = try TargetSelection.platform(device: name, region: way).resolve(roots: roots)
                    try FuzzTargets.require(
                        target.physicalBase == region.physical && target.size == region.size,
                        "\(name) -r \(way): \(target.physicalBase ?? 0)+\(target.size ?? 0), listed \(region.physical)+\(region.size)")
                }
            }
        }
        for word in ["0.dev", "/soc/dev@0", "a", "00:01", "PNP0C01", String(decoding: parts.count > 8 ? Array(parts[8].prefix(40)) : [], as: UTF8.self)] {
            try SysfsTarget.survives { _ = try TargetSelection.platform(device: word, region: nil).resolve(roots: roots) }
        }
    }
}
