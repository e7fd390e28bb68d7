import MMIOBasics

/// A register as a parsed-map cache file holds it: one record each, read back only when the
/// register is used (a 45,000-register map is not decoded to read one of them).
enum RegisterRecord {
    static func write(_ register: MapRegister, into writer: inout ByteWriter) {
        writer.varint(UInt64(register.path.count))
        for part in register.path { writer.string(part) }
        writer.varint(UInt64(register.aliases.count))
        for (part, alias) in register.aliases.sorted(by: { $0.key < $1.key }) {
            writer.varint(UInt64(part))
            writer.string(alias)
        }
        writer.append(register.base)
        writer.append(register.offset)
        writer.append(UInt8(register.width.bits))
        writer.append(rights(register.access))
        writer.append(UInt8(register.readSideEffect ? 1 : 0))
        optional(register.reset, &writer)
        optional(register.defect, &writer)
        pairs(register.brokenFields, &writer)
        writer.varint(UInt64(register.fields.count))
        for field in register.fields {
            writer.string(field.name)
            writer.append(UInt8(field.bits.high))
            writer.append(UInt8(field.bits.low))
            writer.append(rights(field.access))
            writer.string(field.writeEffect.rawValue)
            writer.append(UInt8(field.readSideEffect ? 1 : 0))
            writer.varint(UInt64(field.enums.count))
            for value in field.enums {
                writer.string(value.name)
                writer.varint(value.value)
            }
            pairs(field.brokenValues, &writer)
            writer.varint(UInt64(field.patterns.count))
            for pattern in field.patterns {
                writer.string(pattern.name)
                writer.varint(pattern.value)
                writer.varint(pattern.mask)
                writer.string(pattern.text)
            }
        }
    }

    /// The register a record holds, or nil where it is not one this writer wrote.
    static func read(_ reader: inout ByteReader) -> MapRegister? {
        guard let partCount = reader.count() else { return nil }
        var path: [String] = []
        for _ in 0..<partCount {
            guard let part = reader.string() else { return nil }
            path.append(part)
        }
        guard let aliasCount = reader.count(least: 2) else { return nil }
        var aliases: [Int: String] = [:]
        for _ in 0..<aliasCount {
            guard let part = reader.varint(), part < UInt64(path.count), let alias = reader.string() else { return nil }
            aliases[Int(part)] = alias
        }
        guard let base = reader.load(UInt64.self), let offset = reader.load(UInt64.self),
            let bits = reader.load(UInt8.self), let width = Width(rawValue: Int(bits)),
            let access = rights(reader.load(UInt8.self)), let sideEffect = flag(reader.load(UInt8.self)),
            let reset = optionalNumber(&reader), let defect = optionalString(&reader), let brokenFields = pairs(&reader),
            MapRegister.fits(base: base, offset: offset, width: width),
            let fieldCount = reader.count(least: 8)
        else { return nil }
        var register = MapRegister(
            path: path, aliases: aliases, base: base, offset: offset, width: width, access: access, reset: reset,
            readSideEffect: sideEffect)
        register.defect = defect
        register.brokenFields = brokenFields
        for _ in 0..<fieldCount {
            guard let name = reader.string(), let high = reader.load(UInt8.self), let low = reader.load(UInt8.self),
                let bits = try? BitRange(high: Int(high), low: Int(low)), let access = rights(reader.load(UInt8.self)),
                let effectName = reader.string(), let effect = WriteEffect(rawValue: effectName),
                let sideEffect = flag(reader.load(UInt8.self)), let enumCount = reader.count(least: 2)
            else { return nil }
            var field = MapField(name: name, bits: bits, access: access, writeEffect: effect, readSideEffect: sideEffect)
            for _ in 0..<enumCount {
                guard let name = reader.string(), let value = reader.varint() else { return nil }
                field.enums.append(EnumeratedValue(name, value))
            }
            guard let brokenValues = pairs(&reader), let patternCount = reader.count(least: 4) else { return nil }
            field.brokenValues = brokenValues
            for _ in 0..<patternCount {
                guard let name = reader.string(), let value = reader.varint(), let mask = reader.varint(),
                    let text = reader.string()
                else { return nil }
                field.patterns.append(EnumeratedPattern(name, value: value, mask: mask, text: text))
            }
            register.fields.append(field)
        }
        return register
    }

    /// A record's FNV-1a: a damaged record is a refused register, never a different one.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var hash: UInt32 = 0x811c_9dc5
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return hash
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { checksum($0) } }

    private static func rights(_ access: AccessRights) -> UInt8 { (access.readable ? 1 : 0) | (access.writable ? 2 : 0) }

    private static func rights(_ byte: UInt8?) -> AccessRights? {
        guard let byte, byte < 4 else { return nil }
        return AccessRights(readable: byte & 1 != 0, writable: byte & 2 != 0)
    }

    private static func flag(_ byte: UInt8?) -> Bool? {
        guard let byte, byte < 2 else { return nil }
        return byte == 1
    }

    private static func optional(_ value: UInt64?, _ writer: inout ByteWriter) {
        writer.append(UInt8(value == nil ? 0 : 1))
        if let value { writer.varint(value) }
    }

    private static func optional(_ text: String?, _ writer: inout ByteWriter) {
        writer.append(UInt8(text == nil ? 0 : 1))
        if let text { writer.string(text) }
    }

    /// nil: damaged; `.some(nil)`: no value.
    private static func optionalNumber(_ reader: inout ByteReader) -> UInt64?? {
        switch reader.load(UInt8.self) {
        case 0: return .some(nil)
        case 1: return reader.varint().map { .some($0) } ?? nil
        default: return nil
        }
    }

    private static func optionalString(_ reader: inout ByteReader) -> String?? {
        switch reader.load(UInt8.self) {
        case 0: return .some(nil)
        case 1: return reader.string().map { .some($0) } ?? nil
        default: return nil
        }
    }

    static func pairs(_ list: [(name: String, defect: String)], _ writer: inout ByteWriter) {
        writer.varint(UInt64(list.count))
        for (name, defect) in list {
            writer.string(name)
            writer.string(defect)
        }
    }

    static func pairs(_ reader: inout ByteReader) -> [(name: String, defect: String)]? {
        guard let count = reader.count(least: 2) else { return nil }
        var list: [(name: String, defect: String)] = []
        for _ in 0..<count {
            guard let name = reader.string(), let defect = reader.string() else { return nil }
            list.append((name, defect))
        }
        return list
    }
}
