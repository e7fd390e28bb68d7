import MMIOBasics
/// Names to numbers, frozen once built, for a lookup on every batch line: open addressing on the
/// names' UTF-8 bytes (FNV-1a). A `[String: Int32]` costs about three times as much a lookup
/// (SipHash over the string, then a generic probe).
struct NameTable: Sendable {
    let keys: [String]
    private let values: [Int32]
    /// Each slot holds an entry's number plus one; 0 is empty. At most half full.
    private let slots: [Int32]

    init(_ entries: [String: Int32]) {
        keys = Array(entries.keys)
        values = keys.map { entries[$0]! }
        var size = 8
        while size < keys.count * 2 { size <<= 1 }
        var slots = [Int32](repeating: 0, count: size)
        for (entry, key) in keys.enumerated() {
            var slot = Self.hash(key) & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(entry + 1)
        }
        self.slots = slots
    }

    subscript(name: String) -> Int32? {
        let mask = slots.count - 1
        var slot = Self.hash(name) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            if keys[entry - 1] == name { return values[entry - 1] }
            slot = (slot + 1) & mask
        }
    }

    private static func hash(_ name: String) -> Int {
        var name = name
        return name.withUTF8 { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return Int(truncatingIfNeeded: hash ^ (hash >> 29))
        }
    }
}
