import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// `info ADDRESS` on physical memory: where the address lives (its /proc/iomem regions and
/// their owner), the PCI BAR and UIO maps holding it, and how mmio can reach it.
public struct AddressReport {
    public struct BARHit {
        var device: PCIDevice
        var bar: PCIDevice.BAR
        var offset: UInt64
    }

    /// A platform device's region holding the address.
    public struct PlatformHit {
        var device: PlatformDevice
        var region: Int
        var offset: UInt64
    }

    public struct UIOHit {
        var node: String
        var map: Int
        var offset: UInt64
    }

    let address: UInt64
    let owner: AddressOwner
    let bar: BARHit?
    let uio: [UIOHit]
    let platform: [PlatformHit]
    /// Whether the physical-memory device exists (a kernel without CONFIG_DEVMEM has none).
    let hasDevMem: Bool
    let devMemPath: String

    /// Reads /proc/iomem, the PCI devices (through libpci) and the UIO maps under `roots`.
    public static func collect(_ address: UInt64, roots: SystemRoots) throws -> AddressReport {
        let devices = Sysfs.exists(roots.pciDevices) ? try LibPCI(roots: roots).devices() : []
        var bar: BARHit?
        for device in devices {
            for candidate in device.bars where !candidate.isIO && candidate.base <= address
                && address - candidate.base < candidate.size
            {
                bar = BARHit(device: device, bar: candidate, offset: address - candidate.base)
            }
        }
        var uio: [UIOHit] = []
        for device in UIODevice.all(roots: roots) {
            for map in device.maps where map.address <= address && address - map.address < map.size {
                uio.append(UIOHit(node: device.node, map: map.index, offset: address - map.address))
            }
        }
        var platform: [PlatformHit] = []
        for device in PlatformInventory(roots: roots).withRegions {
            for region in device.regions where region.physical <= address && address - region.physical < region.size {
                platform.append(PlatformHit(device: device, region: region.index, offset: address - region.physical))
            }
        }
        return AddressReport(
            address: address, owner: AddressOwner(address: address, roots: roots), bar: bar, uio: uio, platform: platform,
            hasDevMem: Sysfs.exists(roots.mem), devMemPath: roots.mem)
    }

    /// mmio commands that reach the address, each with why it may be refused.
    var ways: [String] {
        let at = Hex.string(address, digits: 8)
        // A claimed region is kept from /dev/mem and from the BAR's resource file alike.
        let claimed = owner.driver.map { driver in
            " (refused while \(driver) holds it under CONFIG_IO_STRICT_DEVMEM"
                + (owner.unbindCommand.map { "; \($0)" } ?? "") + ")"
        } ?? ""
        var ways: [String] = []
        if hasDevMem {
            ways.append("mmio read \(at)" + (owner.isSystemRAM ? " (System RAM: refused under CONFIG_STRICT_DEVMEM)" : claimed))
        }
        if let bar {
            // Without its resourceN file a BAR is reached through /dev/mem.
            if bar.bar.hasResourceFile || hasDevMem {
                ways.append("mmio read -s \(bar.device.slot) -b \(bar.bar.index) \(Hex.string(bar.offset))" + claimed)
            }
            // Bound to vfio-pci: the way the IOMMU protects.
            if bar.device.isBoundToVFIO {
                ways.append("mmio read -s \(bar.device.slot) -b \(bar.bar.index) --vfio \(Hex.string(bar.offset))")
            }
        }
        for map in uio { ways.append("mmio read -u \(map.node) -m \(map.map) \(Hex.string(map.offset))") }
        if hasDevMem {
            for hit in platform {
                guard let name = hit.device.name.flatMap(ShellWord.quoted) else { continue }
                ways.append("mmio read -P \(name)" + (hit.region == 0 ? "" : " -r \(hit.region)") + " \(Hex.string(hit.offset))" + claimed)
            }
        }
        return ways
    }

    /// What this machine lacks for the ways it does not offer, said instead of advice that
    /// would lead nowhere.
    var missing: [String] {
        var missing: [String] = []
        if !hasDevMem { missing.append("\(devMemPath) does not exist (the kernel is built without CONFIG_DEVMEM)") }
        if let bar, !bar.bar.hasResourceFile {
            missing.append("\(bar.device.slot) has no resource\(bar.bar.index) file for BAR\(bar.bar.index) "
                + "(the kernel offers none for this device)")
        }
        return missing
    }

    func show(to results: Results) throws {
        if results.json {
            let regions = owner.chain.map {
                JSONText.object([
                    ("start", JSONText.address($0.start)), ("end", JSONText.address($0.end)),
                    ("name", JSONText.string($0.name)),
                ])
            }
            let pci = bar.map {
                JSONText.object([
                    ("slot", JSONText.string($0.device.slot)), ("bar", "\($0.bar.index)"),
                    ("offset", JSONText.address($0.offset)), ("physical", JSONText.address($0.bar.base)),
                    ("size", JSONText.hex($0.bar.size)), ("driver", JSONText.optional($0.device.driver)),
                    ("vfio", "\($0.device.isBoundToVFIO)"),
                ])
            } ?? "null"
            let maps = uio.map {
                JSONText.object([
                    ("device", JSONText.string($0.node)), ("map", "\($0.map)"), ("offset", JSONText.address($0.offset)),
                ])
            }
            let devices = platform.map {
                JSONText.object([
                    ("name", JSONText.optional($0.device.name)), ("node", JSONText.optional($0.device.node)),
                    ("region", "\($0.region)"), ("offset", JSONText.address($0.offset)),
                    ("driver", JSONText.optional($0.device.driver)),
                ])
            }
            try results.line(JSONText.object([
                ("address", JSONText.address(address)),
                ("regions", "[" + regions.joined(separator: ",") + "]"),
                ("owner", JSONText.optional(owner.summary)), ("driver", JSONText.optional(owner.driver)),
                ("system_ram", "\(owner.isSystemRAM)"), ("pci", pci),
                ("uio", "[" + maps.joined(separator: ",") + "]"),
                ("platform", "[" + devices.joined(separator: ",") + "]"),
                ("reach", "[" + ways.map(JSONText.string).joined(separator: ",") + "]"),
                ("missing", "[" + missing.map(JSONText.string).joined(separator: ",") + "]"),
            ]))
            return
        }
        var lines = [("address", Hex.string(address, digits: 8))]
        if owner.chain.isEmpty {
            lines.append(("region", "none in /proc/iomem"))
        }
        for region in owner.chain {
            lines.append(("region", String(repeating: "  ", count: region.depth) + region.line))
        }
        lines.append(("owner", owner.summary ?? "none"))
        lines.append(("ram", owner.isSystemRAM ? "yes (System RAM)" : "no"))
        if let bar {
            lines.append((
                "pci",
                "\(bar.device.slot) BAR\(bar.bar.index) offset \(Hex.string(bar.offset)) (base \(Hex.string(bar.bar.base, digits: 8)), "
                    + "size \(SizeText.short(bar.bar.size)))"
                    + (bar.device.driver.map { ", driver \($0)" } ?? ", no driver")))
        }
        for map in uio { lines.append(("uio", "\(map.node) map\(map.map) offset \(Hex.string(map.offset))")) }
        for hit in platform {
            lines.append((
                "platform",
                "\(hit.device.displayName) region \(hit.region) offset \(Hex.string(hit.offset))"
                    + (hit.device.node.map { " (node \($0))" } ?? "")
                    + (hit.device.driver.map { ", driver \($0)" } ?? ", no driver")))
        }
        lines += ways.map { ("reach", $0) }
        lines += missing.map { ("missing", $0) }
        if ways.isEmpty { lines.append(("reach", "none from this machine")) }
        for (key, value) in lines { try results.line(ListOperation.pad(key + ":", 10) + value) }
    }
}
