import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// `list`: every PCI device with its BARs, every UIO device with its maps and every platform
/// device with its regions: what a newcomer runs first to see what this machine offers.
public struct ListOperation {
    public var pci: Bool
    public var uio: Bool
    public var platform: Bool
    /// lspci's `-s` and `-d` filters, read by libpci itself; a device must match both.
    public var slot: String?
    public var id: String?

    public init(pci: Bool, uio: Bool, platform: Bool = false, slot: String? = nil, id: String? = nil) {
        self.pci = pci
        self.uio = uio
        self.platform = platform
        self.slot = slot
        self.id = id
    }

    /// What `list` found, read before anything is printed (and, in a batch, before line 1 runs).
    public struct Listing {
        var roots: SystemRoots
        var pci: [PCIDevice]?
        var uio: [UIODevice]?
        var platform: [PlatformDevice]?

        func show(to results: Results) throws {
            if let pci {
                if results.json {
                    for device in pci { try results.line(ListOperation.json(device)) }
                } else {
                    try results.line("PCI devices under \(roots.pciDevices): \(pci.count)")
                    for device in pci { try ListOperation.text(device, to: results) }
                }
            }
            if let uio {
                if results.json {
                    for device in uio { try results.line(ListOperation.json(device)) }
                } else {
                    try results.line("UIO devices under \(roots.uioClass): \(uio.count)")
                    for device in uio { try ListOperation.text(device, roots: roots, to: results) }
                }
            }
            if let platform {
                if results.json {
                    for device in platform { try results.line(ListOperation.json(device)) }
                } else {
                    try results.line("Platform devices under \(roots.sysfs)/bus (platform, amba, pnp): \(platform.count)")
                    for device in platform { try ListOperation.text(device, to: results) }
                }
            }
        }
    }

    /// Reads the devices. A sysfs root that does not exist is an error, not an empty list; a
    /// machine with no PCI bus (or no UIO class) has nothing of that kind to list.
    public func collect(roots: SystemRoots) throws -> Listing {
        guard Sysfs.isDirectory(roots.sysfs) else {
            throw MMIOError.failure("sysfs root \(roots.sysfs) is not a directory")
        }
        return Listing(
            roots: roots, pci: pci ? try pciDevices(roots: roots) : nil, uio: uio ? UIODevice.all(roots: roots) : nil,
            platform: platform ? PlatformInventory(roots: roots).withRegions : nil)
    }

    private func pciDevices(roots: SystemRoots) throws -> [PCIDevice] {
        guard Sysfs.exists(roots.pciDevices) else { return [] }
        let library = try LibPCI(roots: roots)
        var devices = try library.devices()
        for query in [slot.map(PCIDeviceQuery.slot), id.map { PCIDeviceQuery.id($0, index: nil) }] {
            guard let query else { continue }
            let matching = Set(try library.devices(matching: query).map(\.slot))
            devices.removeAll { !matching.contains($0.slot) }
        }
        return devices
    }

    static func text(_ device: PCIDevice, to results: Results) throws {
        var heading = "\(device.slot) [\(device.ids)]"
        if let className = device.className { heading += " \(className):" }
        heading += " " + (device.name ?? "device \(device.ids)")
        if device.memoryDecodingEnabled == false { heading += " (memory decoding off)" }
        try results.line(heading)
        // Who owns it: what an unbind, a mapping refusal or VFIO depends on.
        var owner = [device.driver.map { driver in
            "driver " + driver + (device.module.map { $0 == driver ? "" : " (module \($0))" } ?? "")
                + (device.isBoundToVFIO ? ": reachable through VFIO" : "")
        } ?? "no driver"]
        if let group = device.iommuGroup { owner.append("IOMMU group \(group)") }
        try results.line("    " + owner.joined(separator: ", "))
        if device.bars.isEmpty { try results.line("    no BARs") }
        for bar in device.bars {
            let files = [
                bar.hasResourceFile ? "resource\(bar.index)" : nil,
                bar.hasWriteCombiningFile ? "resource\(bar.index)_wc" : nil,
            ].compactMap { $0 }
            let columns = [
                pad("BAR\(bar.index)", 5), pad(bar.typeName, 4),
                pad(Hex.string(bar.base, digits: 16), 19), pad("size " + SizeText.short(bar.size), 11),
                pad(bar.flagWords.joined(separator: ", "), 26),
                files.isEmpty ? "no resource file" : files.joined(separator: " "),
            ]
            try results.line("    " + columns.joined(separator: " "))
        }
    }

    static func text(_ device: UIODevice, roots: SystemRoots, to results: Results) throws {
        var heading = "\(device.node) \(device.name)"
        if let version = device.version { heading += " version \(version)" }
        if !Sysfs.exists("\(roots.dev)/\(device.node)") { heading += " (no \(roots.dev)/\(device.node))" }
        try results.line(heading)
        if device.maps.isEmpty { try results.line("    no maps") }
        for map in device.maps {
            var line = [
                pad("map\(map.index)", 5), pad("addr " + Hex.string(map.address, digits: 16), 24),
                pad("size " + SizeText.short(map.size), 11), "offset " + Hex.string(map.offset),
            ].joined(separator: " ")
            if let name = map.name { line += " " + name }
            try results.line("    " + line)
        }
    }

    static func text(_ device: PlatformDevice, to results: Results) throws {
        var heading = device.displayName
        if let node = device.node { heading += " " + node }
        if !device.compatible.isEmpty { heading += " [" + device.compatible.joined(separator: ", ") + "]" }
        if !device.pnpIDs.isEmpty { heading += " [" + device.pnpIDs.joined(separator: ", ") + "]" }
        try results.line(heading)
        var facts = [device.driver.map { "driver \($0)" } ?? "no driver"]
        if device.node != nil { facts.append("status " + (device.status.map { ArgumentText.printable($0) } ?? "okay")) }
        if let runtime = device.runtimeStatus { facts.append("runtime PM " + ArgumentText.printable(runtime)) }
        if device.bigEndian { facts.append("big-endian") }
        try results.line("    " + facts.joined(separator: ", "))
        for region in device.regions {
            var line = [pad("region\(region.index)", 8), pad(Hex.string(region.physical, digits: 16), 19)].joined(separator: " ")
            line += " " + (region.name.map { pad("size " + SizeText.short(region.size), 11) + " " + $0 } ?? "size " + SizeText.short(region.size))
            try results.line("    " + line)
        }
        if let stop = device.regionStop { try results.line("    " + stop) }
    }

    static func json(_ device: PlatformDevice) -> String {
        let regions = device.regions.map { region in
            JSONText.object([
                ("index", "\(region.index)"), ("name", JSONText.optional(region.name)),
                ("physical", JSONText.address(region.physical)), ("size", JSONText.hex(region.size)),
            ])
        }
        return JSONText.object([
            ("kind", "\"platform\""), ("name", JSONText.optional(device.name)), ("node", JSONText.optional(device.node)),
            ("compatible", "[" + device.compatible.map(JSONText.string).joined(separator: ",") + "]"),
            ("pnp_id", JSONText.optional(device.pnpIDs.first)),
            ("regions", "[" + regions.joined(separator: ",") + "]"),
            ("driver", JSONText.optional(device.driver)), ("status", JSONText.string(device.status ?? "okay")),
            ("runtime_status", JSONText.optional(device.runtimeStatus)),
            ("endian", JSONText.string(device.bigEndian ? "big" : "little")),
        ])
    }

    static func json(_ device: PCIDevice) -> String {
        let bars = device.bars.map { bar in
            JSONText.object([
                ("bar", "\(bar.index)"), ("kind", JSONText.string(bar.isIO ? "io" : "memory")),
                ("physical", JSONText.address(bar.base)), ("size", JSONText.hex(bar.size)),
                ("is_64bit", "\(bar.is64Bit)"), ("prefetchable", "\(bar.isPrefetchable)"),
                ("resource", "\(bar.hasResourceFile)"), ("resource_wc", "\(bar.hasWriteCombiningFile)"),
            ])
        }
        return JSONText.object([
            ("kind", "\"pci\""), ("slot", JSONText.string(device.slot)),
            ("vendor", JSONText.hex(UInt64(device.vendorID), digits: 4)),
            ("device", JSONText.hex(UInt64(device.deviceID), digits: 4)),
            ("class", JSONText.hex(UInt64(device.deviceClass), digits: 4)),
            ("name", JSONText.optional(device.name)), ("class_name", JSONText.optional(device.className)),
            ("memory_decoding", device.memoryDecodingEnabled.map { "\($0)" } ?? "null"),
            ("driver", JSONText.optional(device.driver)), ("module", JSONText.optional(device.module)),
            ("iommu_group", JSONText.optional(device.iommuGroup)), ("vfio", "\(device.isBoundToVFIO)"),
            ("bars", "[" + bars.joined(separator: ",") + "]"),
        ])
    }

    static func json(_ device: UIODevice) -> String {
        let maps = device.maps.map { map in
            JSONText.object([
                ("map", "\(map.index)"), ("name", JSONText.optional(map.name)),
                ("physical", JSONText.address(map.address)), ("size", JSONText.hex(map.size)),
                ("offset", JSONText.address(map.offset)),
            ])
        }
        return JSONText.object([
            ("kind", "\"uio\""), ("node", JSONText.string(device.node)), ("name", JSONText.string(device.name)),
            ("version", JSONText.optional(device.version)), ("maps", "[" + maps.joined(separator: ",") + "]"),
        ])
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
