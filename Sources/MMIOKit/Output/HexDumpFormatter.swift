/// Formats bytes read from a target as `ADDRESS  w0 w1 w2 w3  |ascii|` lines of 16 bytes, with
/// words of the access width in host order, and folds runs of identical lines into one `*` as
/// hexdump does (unless `verbose`). Writes into its own fixed buffer with raw pointers: this is
/// the hot path of a large dump.
public final class HexDumpFormatter {
    public static let bytesPerLine = 16

    private let width: Width
    private let verbose: Bool
    private let addressDigits: Int
    private let output: OutputStream
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity = 1 << 17
    private var used = 0
    private var previous = [UInt8](repeating: 0, count: bytesPerLine)
    private var hasPrevious = false
    private var folding = false
    /// The address after the last byte formatted.
    private var end: UInt64 = 0

    public init(width: Width, verbose: Bool, lastAddress: UInt64, output: OutputStream) {
        self.width = width
        self.verbose = verbose
        self.addressDigits = Hex.addressDigits(upTo: lastAddress)
        self.output = output
        buffer = .allocate(capacity: capacity)
    }

    deinit { buffer.deallocate() }

    /// Formats `bytes`, read at `address`, as lines of 16 (the last may be shorter).
    public func append(_ bytes: UnsafeRawBufferPointer, at address: UInt64) throws {
        var offset = 0
        while offset < bytes.count {
            let count = min(Self.bytesPerLine, bytes.count - offset)
            let line = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
            try appendLine(line, at: address + UInt64(offset))
            offset += count
        }
        end = address + UInt64(bytes.count)
    }

    /// Ends the dump: the closing address where it ended inside a fold, then everything out.
    public func finish() throws {
        if folding {
            try reserve(addressDigits + 1)
            writeHex(end, digits: addressDigits)
            put(0x0a)
        }
        try flush()
    }

    private func appendLine(_ line: UnsafeRawBufferPointer, at address: UInt64) throws {
        if !verbose && line.count == Self.bytesPerLine && hasPrevious
            && previous.withUnsafeBytes({ $0.elementsEqual(line) })
        {
            if !folding {
                try reserve(2)
                put(0x2a)
                put(0x0a)
                folding = true
            }
            return
        }
        folding = false
        if line.count == Self.bytesPerLine {
            previous.withUnsafeMutableBytes { $0.copyMemory(from: line) }
            hasPrevious = true
        } else {
            hasPrevious = false
        }
        try reserve(addressDigits + 2 + 16 * 3 + 4 + 16)
        writeHex(address, digits: addressDigits)
        put(0x20)
        let wordBytes = width.bytes
        let words = Self.bytesPerLine / wordBytes
        for word in 0..<words {
            put(0x20)
            let start = word * wordBytes
            if start < line.count {
                writeHex(loadHost(width, line.baseAddress! + start), digits: width.hexDigits)
            } else {
                for _ in 0..<width.hexDigits { put(0x20) }
            }
        }
        put(0x20)
        put(0x20)
        put(0x7c)
        for byte in line {
            put(byte >= 0x20 && byte < 0x7f ? byte : 0x2e)
        }
        put(0x7c)
        put(0x0a)
    }

    @inline(__always)
    private func put(_ byte: UInt8) {
        buffer[used] = byte
        used += 1
    }

    @inline(__always)
    private func writeHex(_ value: UInt64, digits: Int) {
        var shift = digits * 4
        while shift > 0 {
            shift -= 4
            let nibble = Int(truncatingIfNeeded: value >> UInt64(shift)) & 0xf
            buffer[used] = UInt8(truncatingIfNeeded: nibble < 10 ? 0x30 + nibble : 0x57 + nibble)
            used += 1
        }
    }

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
