#if canImport(Glibc)
import Glibc
#endif

/// Bytes a map's index and records are read from: built in memory when a description is
/// parsed, or a parsed-map cache file mapped read-only. Either way every view over them reads
/// through here, with bounds checked: a cache file is input like any other.
package final class MapBytes: @unchecked Sendable {
    package let base: UnsafeRawPointer
    package let count: Int
    private let release: (UnsafeRawPointer, Int) -> Void

    /// A copy of `bytes` in memory of its own, 8-byte aligned.
    package init(copying bytes: [UInt8]) {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 8), alignment: 8)
        bytes.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        base = UnsafeRawPointer(memory)
        count = bytes.count
        release = { pointer, _ in UnsafeMutableRawPointer(mutating: pointer).deallocate() }
    }

    /// `count` bytes mapped at `base` (page aligned), unmapped when the last view is gone.
    package init(mapped base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
        release = { pointer, count in munmap(UnsafeMutableRawPointer(mutating: pointer), count) }
    }

    deinit { release(base, count) }

    /// Whether `length` bytes from `offset` lie inside.
    @inline(__always)
    package func holds(_ offset: Int, _ length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count && length <= count - offset
    }

    /// The fixed-size value at `offset` (aligned for it), or nil past the end.
    @inline(__always)
    package func load<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T? {
        guard holds(offset, MemoryLayout<T>.size) else { return nil }
        return base.loadUnaligned(fromByteOffset: offset, as: T.self)
    }
}

/// Little pieces of a map written one after the other: integers in this machine's byte order
/// (a cache file is read only where it was written), strings as a length and their UTF-8.
package struct ByteWriter {
    package private(set) var bytes: [UInt8] = []

    package init() {}

    package var count: Int { bytes.count }

    package mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
    }

    /// A count or a small number: 7 bits a byte.
    package mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    package mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    package mutating func raw(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    /// Zeros up to the next multiple of `alignment`.
    package mutating func align(_ alignment: Int) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }

    /// Overwrites the value written at `offset`.
    package mutating func patch<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        withUnsafeBytes(of: value) { raw in
            for (index, byte) in raw.enumerated() { bytes[offset + index] = byte }
        }
    }
}

/// Reads back what `ByteWriter` wrote, from `range` of some `MapBytes`: every read checks its
/// bounds, and any read past the end makes the reader fail (`nil` from then on).
package struct ByteReader {
    private let bytes: MapBytes
    package private(set) var offset: Int
    private let end: Int

    package init(_ bytes: MapBytes, from start: Int, to end: Int) {
        self.bytes = bytes
        offset = start
        self.end = bytes.holds(start, end - start) ? end : start
    }

    package var atEnd: Bool { offset == end }

    package mutating func load<T: FixedWidthInteger>(_ type: T.Type) -> T? {
        guard MemoryLayout<T>.size <= end - offset, let value = bytes.load(T.self, at: offset) else { return nil }
        offset += MemoryLayout<T>.size
        return value
    }

    package mutating func varint() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < end, shift < 64 {
            let byte = bytes.base.load(fromByteOffset: offset, as: UInt8.self)
            offset += 1
            value |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    /// A count of things still to read, each at least `least` bytes: a damaged count must not
    /// make a reader reserve memory for billions.
    package mutating func count(least: Int = 1) -> Int? {
        guard let value = varint(), value <= UInt64((end - offset) / max(least, 1)) else { return nil }
        return Int(value)
    }

    package mutating func string() -> String? {
        guard let length = count() else { return nil }
        let text = String(decoding: UnsafeRawBufferPointer(start: bytes.base + offset, count: length), as: UTF8.self)
        offset += length
        return text
    }
}
