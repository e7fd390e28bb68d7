import MMIOBasics
/// What a map is looked up by, built once from its registers and laid out flat, so that a
/// parsed map and a parsed-map cache file read it the same way:
///
///     u64 registers, u64 offset of each part below (from the index's start), u64 end
///     names        every name a register answers to (NameTable); -1 - k where several share one
///     shared       u32 k, u32 start[k + 1], i32 register[...]: the registers of each shared name
///     absolute     u64 n, then n places sorted by absolute address
///     peripherals  each peripheral's name, numbered in the order they first appear (NameTable)
///     by offset    u32 start[peripherals + 1], then each peripheral's places sorted by offset
///
/// A place is a register's start and its number: u64, i32, and 4 bytes of padding.
/// A class: a batch line looks a name up through it, and a copy of its parts would be a copy
/// of thirty words.
final class MapIndex: @unchecked Sendable {
    private let bytes: MapBytes
    let registerCount: Int
    private let names: NameTable
    private let shared: Int, sharedEnd: Int
    let absolute: Places
    private let peripherals: NameTable
    private let byOffset: Int
    private let span: Range<Int>

    private static let parts = 6

    /// The index of `registers`, and the first register whose full name an earlier one has
    /// too (such a register could never be named).
    static func build(_ registers: [MapRegister]) -> (bytes: [UInt8], firstRepeated: Int?) {
        var names: [String: Int32] = [:]
        var order: [String] = []
        var shared: [[Int32]] = []
        var fullNames = Set<String>(minimumCapacity: registers.count)
        var firstRepeated: Int?
        names.reserveCapacity(registers.count * 2)
        order.reserveCapacity(registers.count * 2)
        func add(_ name: String, _ number: Int32) {
            guard let known = names[name] else {
                names[name] = number
                order.append(name)
                return
            }
            if known >= 0 {
                guard known != number else { return }
                names[name] = -1 - Int32(shared.count)
                shared.append([known, number])
            } else if shared[Int(-1 - known)].last != number {
                shared[Int(-1 - known)].append(number)
            }
        }
        var peripheralNumbers: [String: Int] = [:]
        var byPeripheral: [[(start: UInt64, index: Int32)]] = []
        for (position, register) in registers.enumerated() {
            let number = Int32(position)
            if firstRepeated == nil, !fullNames.insert(register.name).inserted { firstRepeated = position }
            let peripheral = register.peripheral
            if peripheralNumbers[peripheral] == nil {
                peripheralNumbers[peripheral] = byPeripheral.count
                byPeripheral.append([])
            }
            byPeripheral[peripheralNumbers[peripheral]!].append((register.offset, number))
            Self.names(of: register) { add($0, number) }
        }

        var writer = ByteWriter()
        writer.append(UInt64(registers.count))
        let directory = writer.count
        for _ in 0...parts { writer.append(UInt64(0)) }
        func part(_ number: Int) { writer.align(8); writer.patch(UInt64(writer.count), at: directory + 8 * number) }

        part(0)
        NameTable.build(order.map { ($0, names[$0]!) }, into: &writer)
        part(1)
        writer.append(UInt32(shared.count))
        var start: UInt32 = 0
        for list in shared {
            writer.append(start)
            start += UInt32(list.count)
        }
        writer.append(start)
        for list in shared { for number in list { writer.append(number) } }
        part(2)
        // Registers at one place keep their order: alternates are checked in description order.
        let absolute = registers.indices.map { (start: registers[$0].address, index: Int32($0)) }
            .sorted { ($0.start, $0.index) < ($1.start, $1.index) }
        writer.append(UInt64(absolute.count))
        for place in absolute { writePlace(place, &writer) }
        part(3)
        let peripheralNames = peripheralNumbers.sorted { $0.value < $1.value }.map(\.key)
        NameTable.build(peripheralNames.enumerated().map { ($0.element, Int32($0.offset)) }, into: &writer)
        part(4)
        var first: UInt32 = 0
        for places in byPeripheral {
            writer.append(first)
            first += UInt32(places.count)
        }
        writer.append(first)
        writer.align(8)
        for places in byPeripheral {
            for place in places.sorted(by: { ($0.start, $0.index) < ($1.start, $1.index) }) { writePlace(place, &writer) }
        }
        part(5)
        part(6)
        return (writer.bytes, firstRepeated)
    }

    /// Every name `register` answers to: each trailing part of its path, in every spelling.
    static func names(of register: MapRegister, _ body: (String) -> Void) {
        if register.aliases.isEmpty {
            var suffix = ""
            for part in register.path.reversed() {
                suffix = suffix.isEmpty ? part : part + "." + suffix
                body(suffix)
            }
            return
        }
        let parts = register.path.indices.map { part in
            [register.path[part]] + (register.aliases[part].map { [$0] } ?? [])
        }
        var suffixes: [String] = [""]
        for part in parts.indices.reversed() {
            suffixes = parts[part].flatMap { spelling in
                suffixes.map { $0.isEmpty ? spelling : spelling + "." + $0 }
            }
            for name in suffixes { body(name) }
        }
    }

    private static func writePlace(_ place: (start: UInt64, index: Int32), _ writer: inout ByteWriter) {
        writer.append(place.start)
        writer.append(place.index)
        writer.append(Int32(0))
    }

    /// The index at `start` in `bytes`, checked: every place names a register and each list is
    /// sorted (a damaged list could hide a register's rules); nil where anything does not fit.
    init?(_ bytes: MapBytes, at start: Int, end: Int) {
        var offsets: [Int] = []
        guard let registers = bytes.load(UInt64.self, at: start), registers < UInt64(Int32.max) else { return nil }
        for number in 0...Self.parts {
            guard let offset = bytes.load(UInt64.self, at: start + 8 + 8 * number), offset <= UInt64(end - start) else { return nil }
            offsets.append(start + Int(offset))
        }
        guard offsets == offsets.sorted(), offsets[Self.parts] <= end else { return nil }
        self.bytes = bytes
        span = start..<offsets[Self.parts]
        registerCount = Int(registers)
        guard let names = NameTable(bytes, at: offsets[0], end: offsets[1]),
            let peripherals = NameTable(bytes, at: offsets[3], end: offsets[4]),
            let sharedCount = bytes.load(UInt32.self, at: offsets[1]),
            let absoluteCount = bytes.load(UInt64.self, at: offsets[2]),
            absoluteCount == registers, bytes.holds(offsets[2] + 8, 16 * Int(absoluteCount)),
            offsets[2] + 8 + 16 * Int(absoluteCount) <= offsets[3]
        else { return nil }
        self.names = names
        self.peripherals = peripherals
        shared = offsets[1]
        sharedEnd = offsets[2]
        guard offsets[1] + 8 + 4 * Int(sharedCount) <= sharedEnd else { return nil }
        absolute = Places(bytes, at: offsets[2] + 8, count: Int(absoluteCount))
        byOffset = offsets[4]
        // The peripherals' lists: their starts rise to exactly one place per register.
        let placesStart = (byOffset + 4 * (peripherals.count + 1) + 7) & ~7
        var previous: UInt32 = 0
        for number in 0...peripherals.count {
            guard let first = bytes.load(UInt32.self, at: byOffset + 4 * number), first >= previous else { return nil }
            previous = first
        }
        guard UInt64(previous) == registers, placesStart + 16 * Int(previous) <= offsets[5],
            Places.valid(bytes.base + absolute.offset, count: absolute.count, registers: registerCount)
        else { return nil }
        // Each peripheral's list, sorted on its own.
        var from = 0
        for number in 1...max(1, peripherals.count) where number <= peripherals.count {
            let to = Int(bytes.base.loadUnaligned(fromByteOffset: byOffset + 4 * number, as: UInt32.self))
            guard Places.valid(bytes.base + placesStart + 16 * from, count: to - from, registers: registerCount) else { return nil }
            from = to
        }
    }

    /// The index as it was built, for a cache file.
    var rawBytes: [UInt8] { Array(UnsafeRawBufferPointer(start: bytes.base + span.lowerBound, count: span.count)) }

    /// What a name names; no allocation for a name that names one register, the common case.
    enum Match {
        case none
        case one(Int)
        case several([Int32])
        /// A cache file's index names a register that does not answer to the name.
        case damaged
    }

    @inline(__always)
    func registers(named name: String) -> Match {
        guard let found = names[name] else { return .none }
        if found >= 0 { return Int(found) < registerCount ? .one(Int(found)) : .none }
        let list = Int(-1 - found)
        guard let from = bytes.load(UInt32.self, at: shared + 4 + 4 * list),
            let to = bytes.load(UInt32.self, at: shared + 8 + 4 * list), from <= to
        else { return .none }
        let items = shared + 4 + 4 * (sharedCount + 1)
        var matches: [Int32] = []
        for item in Int(from)..<Int(to) {
            guard items + 4 * item + 4 <= sharedEnd, let number = bytes.load(Int32.self, at: items + 4 * item),
                number >= 0, Int(number) < registerCount
            else { return .none }
            matches.append(number)
        }
        return matches.isEmpty ? .none : .several(matches)
    }

    private var sharedCount: Int { Int(bytes.load(UInt32.self, at: shared) ?? 0) }

    /// The names closest to `name` (for an unknown name's message), best first.
    func closest(to name: String, limit: Int = 3) -> [String] {
        Suggestions.closest(to: name, among: names.keys, limit: limit)
    }

    /// The peripherals (or address blocks), in the order the description first names them.
    var peripheralNames: [String] { peripherals.keys }

    /// `peripheral`'s registers, sorted by offset; empty for a name that is no peripheral.
    func places(of peripheral: String) -> Places {
        guard let number = peripherals[peripheral], number >= 0, Int(number) < peripherals.count else {
            return Places(bytes, at: 0, count: 0)
        }
        return places(ofPeripheral: Int(number))
    }

    private func places(ofPeripheral number: Int) -> Places {
        let placesStart = (byOffset + 4 * (peripherals.count + 1) + 7) & ~7
        let from = Int(bytes.load(UInt32.self, at: byOffset + 4 * number) ?? 0)
        let to = Int(bytes.load(UInt32.self, at: byOffset + 4 * number + 4) ?? 0)
        return Places(bytes, at: placesStart + 16 * from, count: max(0, to - from))
    }
}

/// Registers by where they start, sorted: a view of an index's bytes, checked when the index is
/// opened.
package struct Places: RandomAccessCollection {
    package struct Place {
        package let start: UInt64
        package let index: Int32
    }

    private let bytes: MapBytes
    let offset: Int
    package let count: Int

    init(_ bytes: MapBytes, at offset: Int, count: Int) {
        self.bytes = bytes
        self.offset = offset
        self.count = bytes.holds(offset, 16 * count) ? count : 0
    }

    package var startIndex: Int { 0 }
    package var endIndex: Int { count }

    @inline(__always)
    package subscript(position: Int) -> Place {
        precondition(position >= 0 && position < count)
        let at = bytes.base + offset + 16 * position
        return Place(start: at.loadUnaligned(as: UInt64.self), index: at.loadUnaligned(fromByteOffset: 8, as: Int32.self))
    }

    /// Whether the `count` places at `first` (inside the bytes) each name one of `registers`
    /// registers, in order of start: checked when a cache file is opened, 90,000 places for the
    /// largest description, so on the bytes themselves.
    static func valid(_ first: UnsafeRawPointer, count: Int, registers: Int) -> Bool {
        var previous: UInt64 = 0
        var at = first
        for _ in 0..<count {
            let start = at.loadUnaligned(as: UInt64.self)
            let index = at.loadUnaligned(fromByteOffset: 8, as: Int32.self)
            guard index >= 0, Int(index) < registers, start >= previous else { return false }
            previous = start
            at += 16
        }
        return true
    }
}
