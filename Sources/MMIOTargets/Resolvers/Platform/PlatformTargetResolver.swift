import MMIOBasics
/// `-P DEVICE [-r REGION]`: a region of a platform, AMBA or ACPI/PNP device, reached through
/// `/dev/mem` at its physical address and bounded by its size. The guards (a disabled node, a
/// runtime-suspended device) are found here and applied by the pipeline, where `--force` is known.
enum PlatformTargetResolver {
    static func resolve(device word: String, region: String?, roots: SystemRoots) throws -> ResolvedTarget {
        let inventory = PlatformInventory(roots: roots)
        let device = try find(word, in: inventory)
        let chosen = try pick(region, of: device)
        var name = device.displayName
        if device.regions.count > 1 || region != nil { name += " region \(chosen.index)" + (chosen.name.map { " (\($0))" } ?? "") }
        let target = ResolvedTarget(
            kind: .platform(ResolvedTarget.PlatformFacts(device: device.name, node: device.node, region: chosen.index)),
            name: name, path: roots.mem, origin: chosen.physical, size: chosen.size, physicalBase: chosen.physical,
            synchronous: true)
        if let node = device.node, device.name != nil { target.notes.append("device-tree node \(node)") }
        if !device.compatible.isEmpty { target.notes.append("compatible " + device.compatible.joined(separator: ", ")) }
        if !device.pnpIDs.isEmpty { target.notes.append("id " + device.pnpIDs.joined(separator: ", ")) }
        target.notes.append(device.driver.map { "driver \($0)" } ?? "no driver")
        if let runtime = device.runtimeStatus { target.notes.append("runtime PM \(runtime)") }
        target.bigEndian = device.bigEndian
        if !device.isOkay { target.notes.append("status " + ArgumentText.printable(device.status ?? "")) }
        target.refusal = guardRefusal(device, roots: roots)
        if let refusal = target.refusal { target.notes.append("refused without --force: " + refusal) }
        return target
    }

    /// Why an access must not go ahead without `--force`: the block may be off.
    static func guardRefusal(_ device: PlatformDevice, roots: SystemRoots) -> String? {
        if !device.isOkay, let node = device.node {
            return "\(node) has status \"\(ArgumentText.printable(device.status ?? ""))\": the kernel made no device of it, "
                + "and the block may be unclocked or absent (give --force to access it anyway)"
        }
        if device.runtimeStatus == "suspended", let name = device.name, let bus = device.bus {
            return "\(name) is runtime-suspended (power/runtime_status): a read of a powered-down block can stop the "
                + "machine; wake it first: echo on > /sys/bus/\(bus.rawValue)/devices/\(name)/power/control "
                + "(or give --force)"
        }
        return nil
    }

    /// The region `-r` names: an index, or a `reg-names` entry; region 0 by default.
    static func pick(_ region: String?, of device: PlatformDevice) throws -> PlatformDevice.Region {
        let listed = device.regions.map { "\($0.index)" + ($0.name.map { " (\($0))" } ?? "") }.joined(separator: ", ")
        let index: Int
        if let region, let number = try? NumberSyntax.number(region) {
            guard number < UInt64(Int.max) else { throw MMIOError.usage("--region \(ArgumentText.printable(region)) is not a region index") }
            index = Int(number)
        } else if let region {
            guard let named = device.regions.first(where: { $0.name == region }) else {
                throw MMIOError.failure(
                    "\(device.displayName) has no region named '\(ArgumentText.printable(region))'"
                        + (listed.isEmpty ? "" : "; its regions: \(listed)")
                        + (device.regionStop.map { "; \($0)" } ?? ""))
            }
            return named
        } else {
            index = 0
        }
        guard index < device.regions.count else {
            if let stop = device.regionStop { throw MMIOError.failure(stop) }
            throw MMIOError.failure(
                device.regions.isEmpty
                    ? "\(device.displayName) has no memory region"
                    : "\(device.displayName) has no region \(index); its regions: \(listed)")
        }
        return device.regions[index]
    }

    /// The device or node `word` names, tried in the SPEC's order.
    static func find(_ word: String, in inventory: PlatformInventory) throws -> PlatformDevice {
        let devices = inventory.devices
        if let device = devices.first(where: { $0.name == word && $0.bus != .pnp }) { return device }
        if let tree = inventory.tree {
            if word.hasPrefix("/"), tree.exists(word) { return inventory.device(node: word) }
            if let path = tree.alias(word) {
                guard tree.exists(path) else { throw MMIOError.failure("alias \(word) names \(path), which is not in the device tree") }
                return inventory.device(node: path)
            }
        }
        let (key, pick) = split(word)
        if let tree = inventory.tree {
            let nodes = tree.allNodes().filter { tree.strings($0, "compatible")?.contains(key) == true }.sorted(by: DeviceTree.bytewise)
            if !nodes.isEmpty { return try choose(nodes.map { inventory.device(node: $0) }, "compatible '\(key)'", key, pick, label: { $0.node! }) }
        }
        let ids = devices.filter { $0.pnpIDs.contains { $0.lowercased() == key.lowercased() } }.sorted { DeviceTree.bytewise($0.name!, $1.name!) }
        if !ids.isEmpty { return try choose(ids, "id '\(key)'", key, pick, label: { $0.name! }) }
        if let device = devices.first(where: { $0.name == word }) { return device }
        throw MMIOError.failure(notFound(word, inventory))
    }

    /// `arm,pl011@1` → (`arm,pl011`, 1); a word with no `@K` → (word, nil).
    static func split(_ word: String) -> (String, Int?) {
        guard let at = word.lastIndex(of: "@") else { return (word, nil) }
        let digits = word[word.index(after: at)...]
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let pick = Int(digits) else { return (word, nil) }
        return (String(word[..<at]), pick)
    }

    private static func choose(
        _ matches: [PlatformDevice], _ what: String, _ key: String, _ pick: Int?, label: (PlatformDevice) -> String
    ) throws -> PlatformDevice {
        let listed = matches.enumerated().map { "\(key)@\($0.offset) \(label($0.element))" }.joined(separator: ", ")
        if let pick {
            guard pick < matches.count else {
                throw MMIOError.usage("\(ArgumentText.printable(what)) matches \(matches.count), not \(pick + 1): \(listed)")
            }
            return matches[pick]
        }
        guard matches.count == 1 else {
            throw MMIOError.usage("\(ArgumentText.printable(what)) matches \(matches.count); pick one: \(listed)")
        }
        return matches[0]
    }

    private static func notFound(_ word: String, _ inventory: PlatformInventory) -> String {
        var names = inventory.devices.compactMap(\.name)
        if let tree = inventory.tree { names += tree.aliases() }
        let closest = Suggestions.closest(to: word, among: names)
        var where_ = [inventory.roots.platformDevices, inventory.roots.ambaDevices]
        if inventory.tree != nil { where_.append(inventory.roots.deviceTree) }
        return "no platform device, node, alias, compatible or id '\(ArgumentText.printable(word))' under "
            + where_.joined(separator: ", ")
            + (closest.isEmpty ? " (mmio list --platform lists them)" : "; did you mean \(closest.joined(separator: ", "))?")
    }
}
