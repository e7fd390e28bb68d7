import MMIOBasics
/// A register description as mmio uses it, whatever file it came from (CMSIS-SVD, IP-XACT or
/// mmio's plain format): every register with arrays expanded, its place, width, access and
/// fields. The safety rules of `--regs` are read off this, never off the file.
public final class RegisterMap: Sendable {
    public enum Format: String, Sendable {
        case svd = "CMSIS-SVD", ipxact = "IP-XACT", plain
        /// setpci's names for PCI configuration space (`--config`), built in.
        case pciConfig = "PCI configuration space"
    }

    /// The file, for messages.
    public let file: String
    public let format: Format
    public let registers: MapRegisters
    /// What the reader tolerated: one warning per kind, shown when the map is loaded.
    public let defects: DescriptionDefects
    /// Registers the description got wrong so that they have no names (an array whose name
    /// has no `%s`): full name → the defect, refused by name.
    public let brokenNames: [String: String]
    /// The parsed-map cache file this map was read from, or nil where it was parsed.
    public let cacheFile: String?
    let index: MapIndex
    /// The first register whose full name an earlier register has too (found by the parse).
    let firstRepeated: Int?
    private let references = References()

    public init(
        file: String, format: Format, registers: [MapRegister], defects: DescriptionDefects = DescriptionDefects(),
        brokenNames: [String: String] = [:]
    ) {
        self.file = file
        self.format = format
        self.registers = MapRegisters(registers)
        self.defects = defects
        self.brokenNames = brokenNames
        cacheFile = nil
        let (bytes, firstRepeated) = MapIndex.build(registers)
        // Built by this process: it reads back as it was written.
        index = MapIndex(MapBytes(copying: bytes), at: 0, end: bytes.count)!
        self.firstRepeated = firstRepeated
    }

    /// A map read back from a parsed-map cache file.
    init(
        file: String, format: Format, stored: StoredRegisters, index: MapIndex, defects: DescriptionDefects,
        brokenNames: [String: String], cacheFile: String
    ) {
        self.file = file
        self.format = format
        registers = MapRegisters(stored)
        self.defects = defects
        self.brokenNames = brokenNames
        self.cacheFile = cacheFile
        self.index = index
        firstRepeated = nil
    }

    /// A reference to each whole register, made the first time it is named: a batch names the
    /// same registers line after line, and each line then copies one pointer. Used by the one
    /// thread that plans commands.
    private final class References: @unchecked Sendable {
        var made: [RegisterReference?] = []
    }

    /// The reference to register `index` as a whole.
    func reference(to index: Int) -> RegisterReference {
        if references.made.isEmpty {
            // nil, stored at once: `repeating:` costs six instructions a register (270,000 for
            // the largest description, where a command names one register).
            references.made = Array(unsafeUninitializedCapacity: registers.count) { buffer, count in
                buffer.initialize(repeating: nil)
                count = buffer.count
            }
        }
        if let made = references.made[index] { return made }
        let made = RegisterReference(register: registers[index], field: nil)
        references.made[index] = made
        return made
    }

    /// The registers that overlap `length` bytes from `start`, in address order: on physical
    /// memory by absolute address, else those of `peripheral` by offset.
    package func registers(overlapping start: UInt64, length: UInt64, physical: Bool, peripheral: String?) -> [MapRegister] {
        var result: [MapRegister] = []
        forEachRegister(overlapping: start, length: length, physical: physical, peripheral: peripheral) {
            result.append(registers[$0])
        }
        return result
    }

    /// Calls `body` with the index of each register that overlaps `length` bytes from `start`,
    /// in address order.
    func forEachRegister(
        overlapping start: UInt64, length: UInt64, physical: Bool, peripheral: String?, _ body: (Int) throws -> Void
    ) rethrows {
        let (sorted, first) = places(from: start, physical: physical, peripheral: peripheral)
        let end = start.addingReportingOverflow(length).overflow ? UInt64.max : start + length
        var low = first
        while low < sorted.count && sorted[low].start < end {
            let index = Int(sorted[low].index)
            if sorted[low].start + UInt64(registers[index].width.bytes) > start { try body(index) }
            low += 1
        }
    }

    /// The registers by place (absolute address on physical memory, else `peripheral`'s offsets),
    /// sorted, and where the first that can hold a byte at `start` or after it is: the access
    /// plan walks these on every line, copying nothing.
    package func places(from start: UInt64, physical: Bool, peripheral: String?) -> (sorted: Places, first: Int) {
        let sorted = physical ? index.absolute : index.places(of: peripheral ?? "")
        // A register starts at most 7 bytes before a byte it holds.
        let from = start >= 7 ? start - 7 : 0
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle].start < from { low = middle + 1 } else { high = middle }
        }
        return (sorted, low)
    }

    /// The peripherals (or address blocks), in the order the description first names them.
    public var peripherals: [String] { index.peripheralNames }

    /// The registers of `peripheral`, in description order; none for a name that is no
    /// peripheral. Only those registers are read (a map from a cache file reads each when used).
    public func registers(ofPeripheral peripheral: String) -> [MapRegister] {
        index.places(of: peripheral).map { Int($0.index) }.sorted().map { registers[$0] }
    }

    /// Whether `name` is a peripheral (or address block) of the description.
    public func hasPeripheral(_ name: String) -> Bool { !index.places(of: name).isEmpty }

    /// Every register's full name that starts with `typed`, each followed by its fields
    /// (`REG.FIELD`) that do, in description order: what a completion offers for an address.
    /// Only the registers of peripherals whose names can start such a name are read (a map from
    /// a cache file reads each register when it is used).
    public func fullNames(startingWith typed: String) -> [String] {
        var chosen: [Int] = []
        for peripheral in peripherals where peripheral.isEmpty || peripheral.hasPrefix(typed) || typed.hasPrefix(peripheral + ".") {
            chosen += index.places(of: peripheral).map { Int($0.index) }
        }
        var names: [String] = []
        for number in chosen.sorted() {
            let register = registers[number]
            for name in [register.name] + register.fields.map({ "\(register.name).\($0.name)" }) where name.hasPrefix(typed) {
                names.append(name)
            }
        }
        return names
    }
}

/// What software may do with a register or field.
public struct AccessRights: Equatable, Sendable, CustomStringConvertible {
    public var readable: Bool
    public var writable: Bool

    public static let readWrite = AccessRights(readable: true, writable: true)
    public static let readOnly = AccessRights(readable: true, writable: false)
    public static let writeOnly = AccessRights(readable: false, writable: true)

    public var description: String { readable ? (writable ? "rw" : "ro") : (writable ? "wo" : "none") }
}

/// What a write of a bit does besides storing it (SVD `modifiedWriteValues`, IP-XACT
/// `modifiedWriteValue`).
public enum WriteEffect: String, Sendable {
    case plain
    case oneToClear, oneToSet, oneToToggle, zeroToClear, zeroToSet, zeroToToggle
    /// Any write clears or sets the field, whatever is written.
    case clear, set
    case modify

    /// The value that changes nothing when written back in a read-modify-write of another field
    /// (all zeros for write-1-to-X, all ones for write-0-to-X); nil where writing back what was
    /// read is already harmless, or where nothing is.
    var neutral: Neutral? {
        switch self {
        case .oneToClear, .oneToSet, .oneToToggle: return .zeros
        case .zeroToClear, .zeroToSet, .zeroToToggle: return .ones
        case .plain, .clear, .set, .modify: return nil
        }
    }

    enum Neutral { case zeros, ones }
}

/// A name for the field values whose cared-for bits are `value` (SVD don't-care bits); with
/// `mask` 0, every value (`isDefault`).
public struct EnumeratedPattern: Sendable, Equatable {
    public var name: String
    public var value: UInt64
    public var mask: UInt64
    /// As the description writes it (`0b1x`), or `default`.
    public var text: String

    public init(_ name: String, value: UInt64, mask: UInt64, text: String) {
        self.name = name
        self.value = value
        self.mask = mask
        self.text = text
    }

    public func matches(_ field: UInt64) -> Bool { field & mask == value }
}

/// A field's value with a name (SVD and IP-XACT `enumeratedValue`).
public struct EnumeratedValue: Sendable, Equatable {
    public var name: String
    public var value: UInt64

    public init(_ name: String, _ value: UInt64) {
        self.name = name
        self.value = value
    }
}

public struct MapField: Sendable {
    public var name: String
    public var bits: BitRange
    public var access: AccessRights
    public var writeEffect: WriteEffect
    /// Reading the field changes it (SVD `readAction`, IP-XACT read action, `rclr`).
    public var readSideEffect: Bool
    public var enums: [EnumeratedValue]
    /// Enumerated values the description got wrong (name → the defect): left out of `enums`,
    /// refused by name.
    public var brokenValues: [(name: String, defect: String)] = []
    /// Enumerated values with don't-care bits (SVD `0b1x`, `#1x0`) and the `isDefault` one:
    /// names for a value read, never a value to write.
    public var patterns: [EnumeratedPattern] = []

    public init(
        name: String, bits: BitRange, access: AccessRights = .readWrite, writeEffect: WriteEffect = .plain,
        readSideEffect: Bool = false, enums: [EnumeratedValue] = []
    ) {
        self.name = name
        self.bits = bits
        self.access = access
        self.writeEffect = writeEffect
        self.readSideEffect = readSideEffect
        self.enums = enums
    }

    /// The enumerated name of `value`, if the field has one: an exact value first, then a value
    /// with don't-care bits, then the default.
    public func enumName(_ value: UInt64) -> String? {
        if let exact = enums.first(where: { $0.value == value }) { return exact.name }
        return patterns.first { $0.matches(value) }?.name
    }
}

public struct MapRegister: Sendable {
    /// The full name's parts: peripheral (or address block), clusters, register; array elements
    /// as the description expands them (`BUF[2]`, `CH3`).
    public var path: [String]
    /// Other spellings of a part: `CH[3]` for `CH3` when the array was named `CH%s`.
    public var aliases: [Int: String]
    /// The peripheral's (or address block's) base address; the register is `offset` past it.
    public var base: UInt64
    public var offset: UInt64
    public var width: Width
    public var access: AccessRights
    public var reset: UInt64?
    public var readSideEffect: Bool
    public var fields: [MapField]
    /// Why the register cannot be used (its access is not one the schema knows), or nil. It is
    /// listed, and every access to it is refused with this.
    public var defect: String?
    /// Fields the description got wrong (name → the defect): left out of `fields`, refused by
    /// name.
    public var brokenFields: [(name: String, defect: String)] = []

    public init(
        path: [String], aliases: [Int: String] = [:], base: UInt64, offset: UInt64, width: Width,
        access: AccessRights = .readWrite, reset: UInt64? = nil, readSideEffect: Bool = false,
        fields: [MapField] = []
    ) {
        self.path = path
        self.aliases = aliases
        self.base = base
        self.offset = offset
        self.width = width
        self.access = access
        self.reset = reset
        self.readSideEffect = readSideEffect
        self.fields = fields
    }

    public var name: String { path.joined(separator: ".") }
    /// The peripheral (or address block) the register belongs to; "" for a plain-format
    /// register given before any `peripheral` line.
    public var peripheral: String { path.count > 1 ? path[0] : "" }
    /// The absolute address: where the register is on physical memory. The readers admit only
    /// registers that `fits(base:offset:width:)`, so this never wraps.
    public var address: UInt64 { base &+ offset }

    /// Whether a register of `width` at `offset` past `base` lies inside the 64-bit address
    /// space, its last byte included: a description is untrusted, and a sum that wrapped would
    /// name an address the file never meant.
    static func fits(base: UInt64, offset: UInt64, width: Width) -> Bool {
        guard let address = checkedSum(base, offset) else { return false }
        return checkedSum(address, UInt64(width.bytes - 1)) != nil
    }

    /// Whether reading has side effects, on the register or any field.
    public var readHasSideEffects: Bool { readSideEffect || fields.contains { $0.readSideEffect } }

    public func field(named name: String) -> MapField? { fields.first { $0.name == name } }

    /// The bits a read-modify-write of other fields must force, and what to: write-1-to-clear and
    /// write-1-to-set fields as 0 (and write-0 ones as 1), so that changing one field never
    /// clears a pending status bit by accident.
    public var neutralWrite: (mask: UInt64, value: UInt64) {
        var mask: UInt64 = 0
        var value: UInt64 = 0
        for field in fields {
            guard let neutral = field.writeEffect.neutral else { continue }
            mask |= field.bits.registerMask
            if neutral == .ones { value |= field.bits.registerMask }
        }
        return (mask, value)
    }
}

/// `a + b + ...`, or nil where the sum passes 2^64 - 1: description offsets add up level by level.
func checkedSum(_ terms: UInt64...) -> UInt64? {
    var sum: UInt64 = 0
    for term in terms {
        let (next, overflow) = sum.addingReportingOverflow(term)
        if overflow { return nil }
        sum = next
    }
    return sum
}
