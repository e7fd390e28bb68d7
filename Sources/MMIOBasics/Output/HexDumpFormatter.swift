#if canImport(Glibc)
import Glibc
#endif

/// Formats bytes read from a target as `ADDRESS  w0 w1 w2 w3  |ascii|` lines of 16 bytes, with
/// words of the access width in host order, and folds runs of identical lines into one `*` as
/// hexdump does (unless `verbose`). This is the hot path of a large dump: it writes with raw
/// pointers into its own buffer, and the per-line work uses locals only.
public final class HexDumpFormatter {
    public static let bytesPerLine = 16
    typealias Tables = (pairs: UnsafeMutablePointer<UInt16>, printable: UnsafeMutablePointer<UInt8>)

    private let width: Width
    private let verbose: Bool
    private let addressDigits: Int
    private let output: OutputStream
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity = 1 << 17
    private var used = 0
    private let previous = UnsafeMutableRawPointer.allocate(byteCount: bytesPerLine, alignment: 16)
    private var hasPrevious = false
    private var folding = false
    /// The address after the last byte formatted.
    private var end: UInt64 = 0
    private let tables: Tables = (HexDumpFormatter.hexPairs, HexDumpFormatter.printable)

    /// `hexdump`: `ADDRESS  w0 w1 w2 w3  |ascii|`. `lspci`: config space as `lspci -xxx` shows
    /// it, `OFFSET: b0 b1 ... b15`, the offset in two hex digits (three from 0x100).
    public enum Style { case hexdump, lspci }
    private let style: Style

    public init(width: Width, verbose: Bool, lastAddress: UInt64, output: OutputStream, style: Style = .hexdump) {
        self.style = style
        self.width = width
        self.verbose = verbose
        self.addressDigits = Hex.addressDigits(upTo: lastAddress)
        self.output = output
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
        previous.deallocate()
    }

    /// Formats `bytes`, read at `address`, as lines of 16 (the last may be shorter).
    public func append(_ bytes: UnsafeRawBufferPointer, at address: UInt64) throws {
        var offset = 0
        let tables = self.tables
        while offset < bytes.count {
            let count = min(Self.bytesPerLine, bytes.count - offset)
            try appendLine(bytes.baseAddress! + offset, count: count, at: address + UInt64(offset), tables)
            offset += count
        }
        end = address + UInt64(bytes.count)
    }

    /// Ends the dump: the closing address where it ended inside a fold, then everything out.
    public func finish() throws {
        if folding && style == .hexdump {
            try reserve(addressDigits + 1)
            var out = buffer + used
            writeAddress(end, to: &out, tables.pairs)
            out.pointee = 0x0a
            used = out + 1 - buffer
        }
        try flush()
    }

    @inline(__always)
    private func appendLine(_ bytes: UnsafeRawPointer, count: Int, at address: UInt64, _ tables: Tables) throws {
        if !verbose && count == Self.bytesPerLine && hasPrevious && memcmp(previous, bytes, count) == 0 {
            if !folding {
                try reserve(2)
                buffer[used] = 0x2a
                buffer[used + 1] = 0x0a
                used += 2
                folding = true
            }
            return
        }
        folding = false
        hasPrevious = count == Self.bytesPerLine
        if hasPrevious { previous.copyMemory(from: bytes, byteCount: count) }
        if style == .lspci { return try appendConfigLine(bytes, count: count, at: address, tables.pairs) }
        try reserve(addressDigits + 2 + Self.bytesPerLine * 3 + 4 + Self.bytesPerLine)
        var out = buffer + used
        writeAddress(address, to: &out, tables.pairs)
        out.pointee = 0x20
        out += 1
        let pairs = tables.pairs
        let wordBytes = width.bytes
        var start = 0
        while start < Self.bytesPerLine {
            out.pointee = 0x20
            out += 1
            if start < count {
                // Host order is little-endian: a word's most significant byte comes last.
                var byte = start + wordBytes - 1
                while byte >= start {
                    UnsafeMutableRawPointer(out).storeBytes(
                        of: pairs[Int(bytes.load(fromByteOffset: byte, as: UInt8.self))], as: UInt16.self)
                    out += 2
                    byte -= 1
                }
            } else {
                out.update(repeating: 0x20, count: wordBytes * 2)
                out += wordBytes * 2
            }
            start += wordBytes
        }
        out[0] = 0x20
        out[1] = 0x20
        out[2] = 0x7c
        out += 3
        let printable = tables.printable
        for index in 0..<count {
            out[index] = printable[Int(bytes.load(fromByteOffset: index, as: UInt8.self))]
        }
        out += count
        out[0] = 0x7c
        out[1] = 0x0a
        used = out + 2 - buffer
    }

    /// `OFFSET: b0 b1 ...`, as lspci's `-xxx` prints config space.
    private func appendConfigLine(
        _ bytes: UnsafeRawPointer, count: Int, at address: UInt64, _ pairs: UnsafeMutablePointer<UInt16>
    ) throws {
        let offset = Hex.string(address, digits: 2).utf8.dropFirst(2)
        try reserve(offset.count + 2 + count * 3)
        var out = buffer + used
        for digit in offset {
            out.pointee = digit
            out += 1
        }
        out.pointee = 0x3a
        out += 1
        for index in 0..<count {
            out.pointee = 0x20
            UnsafeMutableRawPointer(out + 1).storeBytes(
                of: pairs[Int(bytes.load(fromByteOffset: index, as: UInt8.self))], as: UInt16.self)
            out += 3
        }
        out.pointee = 0x0a
        used = out + 1 - buffer
    }

    /// The address in `addressDigits` hex digits, two at a time where it can.
    @inline(__always)
    private func writeAddress(
        _ address: UInt64, to out: inout UnsafeMutablePointer<UInt8>, _ pairs: UnsafeMutablePointer<UInt16>
    ) {
        var shift = addressDigits * 4
        if shift & 4 != 0 {
            shift -= 4
            out.pointee = Self.hexDigit(Int(truncatingIfNeeded: address >> UInt64(shift)) & 0xf)
            out += 1
        }
        while shift > 0 {
            shift -= 8
            UnsafeMutableRawPointer(out).storeBytes(
                of: pairs[Int(truncatingIfNeeded: address >> UInt64(shift)) & 0xff], as: UInt16.self)
            out += 2
        }
    }

    @inline(__always)
    private static func hexDigit(_ nibble: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: nibble < 10 ? 0x30 + nibble : 0x57 + nibble)
    }

    /// Two hex digits per byte value, stored as the two bytes they are written as.
    private static let hexPairs: UnsafeMutablePointer<UInt16> = {
        let table = UnsafeMutablePointer<UInt16>.allocate(capacity: 256)
        for value in 0..<256 {
            let high = UInt16(hexDigit(value >> 4)), low = UInt16(hexDigit(value & 0xf))
            table[value] = high | low << 8
        }
        return table
    }()

    /// The ASCII column: printable characters as themselves, everything else as a dot.
    private static let printable: UnsafeMutablePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for value in 0..<256 { table[value] = value >= 0x20 && value < 0x7f ? UInt8(value) : 0x2e }
        return table
    }()

    @inline(__always)
    private func reserve(_ count: Int) throws {
        if used + count > capacity { try flush() }
    }

    private func flush() throws {
        guard used > 0 else { return }
        try output.writeDirect(UnsafeRawBufferPointer(start: buffer, count: used))
        used = 0
    }
}
