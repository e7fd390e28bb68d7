import MMIOBasics
#if canImport(Glibc)
import Glibc
#endif

/// Reads a register description, recognising its format by content: XML whose root is
/// `<device>` is CMSIS-SVD, `<component>` in an IP-XACT namespace is IP-XACT, anything else is
/// mmio's plain format.
public enum DescriptionLoader {
    /// Larger files are refused before parsing: a description is untrusted input.
    public static let maximumSize = 64 << 20

    /// `MMIO_REGS`: the description used when a command gives no `--regs`.
    public static let environmentPath: String? = {
        guard let value = getenv("MMIO_REGS"), value.pointee != 0 else { return nil }
        return ArgumentText.string(UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: strlen(value)))
    }()

    /// The description at `path`; a large one from its parsed-map cache file in `cache` when
    /// there is one for the file as it is now (and kept there when there is not).
    public static func load(_ path: String, cache: ParsedMapCache?) throws -> RegisterMap {
        if let cache, let map = try cache.load(path, limit: maximumSize, parse: { try read($0, file: path) }) { return map }
        let bytes = try FileContents.read(path, limit: maximumSize, what: "register description")
        return try read(bytes, file: path)
    }

    /// `bytes` as the description `file`, in `format` (the fuzz targets give one, to drive one
    /// reader each) or in the format its content shows.
    public static func read(_ bytes: [UInt8], file: String, as format: RegisterMap.Format? = nil) throws -> RegisterMap {
        if format == .plain || (format == nil && !isXML(bytes)) {
            return try checked(.plain, try PlainMapReader.read(bytes, file: file), file: file)
        }
        let tree = try XMLTree(bytes, file: file)
        try Interruption.check()
        let root = tree.root
        // The tree must outlive every element read from it.
        return try withExtendedLifetime(tree) {
            let format = try format ?? xmlFormat(root, file: file)
            if format == .svd {
                let read = try SVDReader.read(root, file: file)
                return try checked(
                    format, (read.registers, read.lines), file: file, defects: read.defects, brokenNames: read.brokenNames)
            }
            return try checked(format, try IPXACTReader.read(root, file: file), file: file)
        }
    }

    /// The map of what a reader read, refused where two registers have one full name (the
    /// second could never be named).
    private static func checked(
        _ format: RegisterMap.Format, _ read: (registers: [MapRegister], lines: [Int]), file: String,
        defects: DescriptionDefects = DescriptionDefects(), brokenNames: [String: String] = [:]
    ) throws -> RegisterMap {
        try Interruption.check()
        var map = RegisterMap(file: file, format: format, registers: read.registers, defects: defects, brokenNames: brokenNames)
        if map.firstRepeated != nil, format == .svd {
            // Vendors' files repeat a name (`Reserved`) where the reference parser reads past it:
            // the registers stay (their addresses keep their rules), and the name is refused.
            var defects = defects
            var brokenNames = brokenNames
            var seen = Set<String>()
            for (index, register) in read.registers.enumerated() where !seen.insert(register.name).inserted {
                let message = "\(file):\(read.lines[index]): a second register named \(register.name)"
                defects.note("repeated-name", message, "the name is refused (the registers keep their rules)")
                if brokenNames[register.name] == nil { brokenNames[register.name] = message }
            }
            map = RegisterMap(file: file, format: format, registers: read.registers, defects: defects, brokenNames: brokenNames)
        } else if let repeated = map.firstRepeated {
            throw DescriptionError.at(
                file, read.lines[repeated], "a second register named \(read.registers[repeated].name): names must be unique")
        }
        return map
    }

    /// SVD for a `<device>`, IP-XACT for a `<component>` in an IP-XACT namespace.
    static func xmlFormat(_ root: XMLElement, file: String) throws -> RegisterMap.Format {
        if root.isNamed(.device) { return .svd }
        if root.isNamed(.component), let namespace = root.namespace, IPXACTReader.namespaces.contains(namespace) {
            return .ipxact
        }
        throw DescriptionError.at(
            file, root.line,
            "<\(root.name)> is neither a CMSIS-SVD <device> nor an IP-XACT <component> (1685-2009, 2014 or 2022)")
    }

    /// Whether the first thing in the file (after a byte-order mark and white space) is `<`.
    static func isXML(_ bytes: [UInt8]) -> Bool {
        var rest = bytes[...]
        if rest.starts(with: [0xef, 0xbb, 0xbf]) { rest = rest.dropFirst(3) }
        return rest.first { ![0x20, 0x09, 0x0a, 0x0d].contains($0) } == UInt8(ascii: "<")
    }
}
