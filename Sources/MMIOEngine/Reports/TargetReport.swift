import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// `info`: what a target resolves to, and how mmio will map it.
public enum TargetReport {
    static func show(_ target: ResolvedTarget, to results: Results) throws {
        let access: String
        switch target.method {
        case .portIO: access = "pread/pwrite of each access (I/O ports)"
        case .config: access = "libpci config read or write of each access's width (never mapped)"
        case .ports: access = "ioperm() for the ports touched, one in/out instruction of each access's width"
        case .vfio:
            var group = "?", region = 0
            if case .vfio(let facts) = target.kind { (group, region) = (facts.iommuGroup, facts.bar) }
            access = "VFIO: container, IOMMU group \(group), type1 IOMMU, the device's region "
                + "\(region), mapped where VFIO allows, else pread/pwrite of each access's width"
        case .mmap:
            access = "mmap of the pages each command needs, shared, read-only unless it writes"
                + (target.synchronous ? ", O_SYNC (uncached)" : "")
                + (target.mappingAnchor.map { ", from file offset \(Hex.string($0))" } ?? "")
        }
        var capabilities: [PCICapability]?
        if case .config(let facts) = target.kind { capabilities = facts.capabilities }
        let exists = !target.path.isEmpty && Sysfs.exists(target.path)
        if results.json {
            var fields: [(String, String)] = [
                ("kind", JSONText.string(target.kind.name)), ("target", JSONText.string(target.name)),
                ("file", target.path.isEmpty ? "null" : JSONText.string(target.path)), ("file_exists", "\(exists)"),
                ("offset", JSONText.address(target.origin)),
                ("size", target.size.map { JSONText.hex($0) } ?? "null"),
                ("physical", target.physicalBase.map(JSONText.address) ?? "null"),
                ("flags", "[" + target.flags.map(JSONText.string).joined(separator: ",") + "]"),
                ("method", JSONText.string(target.method.rawValue)),
                ("synchronous", "\(target.synchronous)"),
                ("notes", "[" + target.notes.map(JSONText.string).joined(separator: ",") + "]"),
                ("fallback", JSONText.optional(target.fallback)),
                ("warnings", "[" + target.warnings.map(JSONText.string).joined(separator: ",") + "]"),
            ]
            if let capabilities {
                let objects = capabilities.map { capability -> String in
                    JSONText.object([
                        ("name", JSONText.string(capabilityName(capability))), ("offset", JSONText.address(UInt64(capability.offset))),
                    ])
                }
                fields.append(("capabilities", "[" + objects.joined(separator: ",") + "]"))
            }
            return try results.line(JSONText.object(fields))
        }
        var lines = [
            ("target", "\(target.name) (\(target.kind.name))"),
            ("file", target.path.isEmpty ? "none" : target.path + (exists ? "" : " (missing)")),
            ("offset", Hex.string(target.origin)),
            ("size", target.size.map { "\(Hex.string($0)) (\(SizeText.short($0)))" } ?? "none (the whole physical address space)"),
            ("physical", target.physicalBase.map { Hex.string($0, digits: 8) } ?? "unknown"),
        ]
        if !target.flags.isEmpty { lines.append(("flags", target.flags.joined(separator: ", "))) }
        lines.append(("access", access))
        lines += (target.notes + [target.fallback].compactMap { $0 }).map { ("note", $0) }
        lines += (capabilities ?? []).map { ("cap", "\(capabilityName($0)) at \(Hex.string(UInt64($0.offset), digits: 2))") }
        lines += target.warnings.map { ("warning", $0) }
        for (key, value) in lines { try results.line(ListOperation.pad(key + ":", 10) + value) }
    }

    private static func capabilityName(_ capability: PCICapability) -> String {
        PCIConfigNames.name(of: capability.id, extended: capability.extended)
    }
}
