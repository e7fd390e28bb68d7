#if canImport(Glibc)
import Glibc
#endif

/// Names to numbers, frozen once built, for a lookup on every batch line: open addressing on the
/// names' UTF-8 bytes (FNV-1a), laid out flat so that the same table is read from memory after a
/// parse and from a parsed-map cache file:
///
///     u32 count, u32 slots          entries, and slots (a power of two, at most half full)
///     i32 slot[slots]               an entry's number plus one; 0 is empty
///     i32 value[count]
///     u32 keyStart[count + 1]       where each key's bytes start (and the last one ends)
///     u8  keyBytes[...]
///
/// A `[String: Int32]` costs about three times as much a lookup (SipHash over the string, then
/// a generic probe).
struct NameTable {
    private let bytes: MapBytes
    let count: Int
    private let slotMask: Int
    private let slots: Int, values: Int, keyStarts: Int, keyBytes: Int, keyEnd: Int

    /// Entries in order: entry `n` is `entries[n]` (`key(n)` gives its name back).
    static func build(_ entries: [(key: String, value: Int32)], into writer: inout ByteWriter) {
        var size = 8
        while size < entries.count * 2 { size <<= 1 }
        var slots = [Int32](repeating: 0, count: size)
        for (entry, (key, _)) in entries.enumerated() {
            var slot = hash(key) & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(entry + 1)
        }
        writer.align(8)
        writer.append(UInt32(entries.count))
        writer.append(UInt32(size))
        for slot in slots { writer.append(slot) }
        for (_, value) in entries { writer.append(value) }
        var start: UInt32 = 0
        var keyBytes: [UInt8] = []
        for (key, _) in entries {
            writer.append(start)
            keyBytes.append(contentsOf: key.utf8)
            start = UInt32(truncatingIfNeeded: keyBytes.count)
        }
        writer.append(start)
        writer.raw(keyBytes)
        writer.align(8)
    }

    /// The table at `offset` in `bytes`, or nil where its sizes do not fit inside `end`.
    init?(_ bytes: MapBytes, at offset: Int, end: Int) {
        guard let count = bytes.load(UInt32.self, at: offset), let size = bytes.load(UInt32.self, at: offset + 4),
            size >= 8, size & (size - 1) == 0, Int(size) > Int(count)
        else { return nil }
        self.bytes = bytes
        self.count = Int(count)
        slotMask = Int(size) - 1
        slots = offset + 8
        values = slots + 4 * Int(size)
        keyStarts = values + 4 * Int(count)
        keyBytes = keyStarts + 4 * (Int(count) + 1)
        guard keyBytes <= end, let length = bytes.load(UInt32.self, at: keyBytes - 4), Int(length) <= end - keyBytes,
            bytes.holds(offset, end - offset)
        else { return nil }
        keyEnd = keyBytes + Int(length)
    }

    /// The value of `name`, or nil. A damaged table answers nil, never past its bytes: the
    /// slots, values and key starts lie inside them (checked when the table was opened), and
    /// each key's bytes are checked as it is read. Asked on every batch line.
    subscript(name: String) -> Int32? {
        var name = name
        return name.withUTF8 { utf8 in
            // Offsets are inside the bytes (checked when the table was opened): no overflow.
            let base = bytes.base
            let keyLength = keyEnd &- keyBytes
            var slot = Self.hash(utf8) & slotMask
            var probes = slotMask
            while true {
                let found = Int(base.loadUnaligned(fromByteOffset: slots &+ 4 &* slot, as: Int32.self))
                guard found > 0, found <= count else { return nil }
                let starts = base + (keyStarts &+ 4 &* (found &- 1))
                let start = Int(starts.loadUnaligned(as: UInt32.self))
                let end = Int(starts.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
                if end &- start == utf8.count, start <= end, end <= keyLength, Self.same(base + (keyBytes &+ start), utf8) {
                    return base.loadUnaligned(fromByteOffset: values &+ 4 &* (found &- 1), as: Int32.self)
                }
                guard probes > 0 else { return nil }
                probes &-= 1
                slot = (slot &+ 1) & slotMask
            }
        }
    }

    /// Whether the key at `key` is `utf8`'s bytes (as many as it has): names are short, and a
    /// loop here costs less than a call of memcmp.
    @inline(__always)
    private static func same(_ key: UnsafeRawPointer, _ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < utf8.count {
            if key.load(fromByteOffset: index, as: UInt8.self) != utf8[index] { return false }
            index &+= 1
        }
        return true
    }

    /// Entry `entry`'s name.
    func key(_ entry: Int) -> String? {
        guard entry >= 0, entry < count, let range = keyRange(entry) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: bytes.base + range.lowerBound, count: range.count), as: UTF8.self)
    }

    /// Every name, in entry order (for suggestions: only on an error's path).
    var keys: [String] { (0..<count).compactMap { key($0) } }

    private func keyRange(_ entry: Int) -> Range<Int>? {
        guard let start = bytes.load(UInt32.self, at: keyStarts + 4 * entry),
            let end = bytes.load(UInt32.self, at: keyStarts + 4 * entry + 4), start <= end, Int(end) <= keyEnd - keyBytes
        else { return nil }
        return (keyBytes + Int(start))..<(keyBytes + Int(end))
    }

    private static func hash(_ name: String) -> Int {
        var name = name
        return name.withUTF8 { hash($0) }
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}
