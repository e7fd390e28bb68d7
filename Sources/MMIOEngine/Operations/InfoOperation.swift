import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// `info`: what a target resolves to, and how mmio will map it.
public enum InfoOperation {
    public static func show(_ target: ResolvedTarget, json: Bool, output: OutputStream) throws {
        let access: String
        switch target.method {
        case .portIO: access = "pread/pwrite of each access (I/O ports)"
        case .config: access = "libpci config read or write of each access's width (never mapped)"
        case .ports: access = "ioperm() for the ports touched, one in/out instruction of each access's width"
        case .vfio:
            access = "VFIO: container, IOMMU group \(target.iommuGroup ?? "?"), type1 IOMMU, the device's region "
                + "\(target.bar ?? 0), mapped where VFIO allows, else pread/pwrite of each access's width"
        case .mmap:
            access = "mmap of the pages each command needs, shared, read-only unless it writes"
                + (target.synchronous ? ", O_SYNC (uncached)" : "")
                + (target.mappingAnchor.map { ", from file offset \(Hex.string($0))" } ?? "")
        }
        let exists = !target.path.isEmpty && Sysfs.exists(target.path)
        if json {
            try output.line(JSONText.object([
                ("kind", JSONText.string(target.kind.rawValue)), ("target", JSONText.string(target.name)),
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
            ] + (target.kind == .config ? [("capabilities", "[" + target.capabilities.map {
                JSONText.object([("name", JSONText.string(capabilityName($0))), ("offset", JSONText.address(UInt64($0.offset)))])
            }.joined(separator: ",") + "]")] : [])))
            return
        }
        var lines = [
            ("target", "\(target.name) (\(target.kind.rawValue))"),
            ("file", target.path.isEmpty ? "none" : target.path + (exists ? "" : " (missing)")),
            ("offset", Hex.string(target.origin)),
            ("size", target.size.map { "\(Hex.string($0)) (\(SizeText.short($0)))" } ?? "none (the whole physical address space)"),
            ("physical", target.physicalBase.map { Hex.string($0, digits: 8) } ?? "unknown"),
        ]
        if !target.flags.isEmpty { lines.append(("flags", target.flags.joined(separator: ", "))) }
        lines.append(("access", access))
        lines += (target.notes + [target.fallback].compactMap { $0 }).map { ("note", $0) }
        lines += target.capabilities.map { ("cap", "\(capabilityName($0)) at \(Hex.string(UInt64($0.offset), digits: 2))") }
        lines += target.warnings.map { ("warning", $0) }
        for (key, value) in lines { try output.line(ListOperation.pad(key + ":", 10) + value) }
    }

    private static func capabilityName(_ capability: PCICapability) -> String {
        PCIConfigNames.name(of: capability.id, extended: capability.extended)
    }
}
