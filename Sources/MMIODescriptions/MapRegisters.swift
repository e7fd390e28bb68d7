import MMIOBasics
/// A map's registers: the array a reader made, or the records of a parsed-map cache file, each
/// read when it is first used.
public struct MapRegisters: RandomAccessCollection, Sendable {
    // One or the other; two properties rather than an enum, so that reading a register on
    // every batch line binds no payload.
    private let parsed: [MapRegister]
    private let records: StoredRegisters?
    public let endIndex: Int

    init(_ registers: [MapRegister]) {
        parsed = registers
        records = nil
        endIndex = registers.count
    }

    init(_ stored: StoredRegisters) {
        parsed = []
        records = stored
        endIndex = stored.count
    }

    public var startIndex: Int { 0 }

    public subscript(position: Int) -> MapRegister {
        if let records { return records.register(position) }
        return parsed[position]
    }
}

/// The register records of a parsed-map cache file: `u64 start[count + 1]` (from the first
/// record's start), then the records, each after its checksum. A record that does not read back is a register that
/// cannot be used, named for the damage: every use of it is refused.
final class StoredRegisters: @unchecked Sendable {
    private let bytes: MapBytes
    private let starts: Int
    private let records: Int
    private let end: Int
    let count: Int
    private let cacheFile: String
    /// Records read so far; used by the one thread that plans commands.
    private var read: [Int: MapRegister] = [:]

    init?(_ bytes: MapBytes, starts: Int, records: Int, end: Int, count: Int, cacheFile: String) {
        guard count >= 0, starts + 8 * (count + 1) <= records, records <= end, bytes.holds(starts, end - starts) else { return nil }
        self.bytes = bytes
        self.starts = starts
        self.records = records
        self.end = end
        self.count = count
        self.cacheFile = cacheFile
    }

    func register(_ index: Int) -> MapRegister {
        precondition(index >= 0 && index < count)
        if let known = read[index] { return known }
        var register = damaged(index)
        if let from = bytes.load(UInt64.self, at: starts + 8 * index), let to = bytes.load(UInt64.self, at: starts + 8 * index + 8),
            from <= to, to <= UInt64(end - records)
        {
            var reader = ByteReader(bytes, from: records + Int(from), to: records + Int(to))
            if let checksum = reader.load(UInt32.self),
                checksum == RegisterRecord.checksum(UnsafeRawBufferPointer(start: bytes.base + reader.offset, count: Int(to) + records - reader.offset)),
                let record = RegisterRecord.read(&reader), reader.atEnd
            {
                register = record
            }
        }
        read[index] = register
        return register
    }

    private func damaged(_ index: Int) -> MapRegister {
        var register = MapRegister(path: ["#\(index)"], base: 0, offset: 0, width: .w8, access: AccessRights(readable: false, writable: false))
        register.defect = "register \(index) of the parsed-map cache \(ArgumentText.printable(cacheFile)) does not read back (the file is damaged; delete it)"
        return register
    }
}

// Equality, for a map read back from a cache file against the map parsed (tests and the fuzz
// targets): every part, the defects' pairs included.
extension MapField: Equatable {
    public static func == (a: MapField, b: MapField) -> Bool {
        a.name == b.name && a.bits == b.bits && a.access == b.access && a.writeEffect == b.writeEffect
            && a.readSideEffect == b.readSideEffect && a.enums == b.enums && a.patterns == b.patterns
            && a.brokenValues.map(\.name) == b.brokenValues.map(\.name) && a.brokenValues.map(\.defect) == b.brokenValues.map(\.defect)
    }
}

extension MapRegister: Equatable {
    public static func == (a: MapRegister, b: MapRegister) -> Bool {
        a.path == b.path && a.aliases == b.aliases && a.base == b.base && a.offset == b.offset && a.width == b.width
            && a.access == b.access && a.reset == b.reset && a.readSideEffect == b.readSideEffect && a.fields == b.fields
            && a.defect == b.defect && a.brokenFields.map(\.name) == b.brokenFields.map(\.name)
            && a.brokenFields.map(\.defect) == b.brokenFields.map(\.defect)
    }
}
