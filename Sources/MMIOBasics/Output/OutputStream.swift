#if canImport(Glibc)
import Glibc
#endif

/// A byte buffer in front of a file descriptor: output is built in place and written with
/// large `write(2)` calls. A reader that goes away (EPIPE) ends mmio quietly.
public final class OutputStream {
    public var buffer: [UInt8] = []
    private let descriptor: Int32
    private let flushThreshold: Int

    public init(descriptor: Int32, flushAt threshold: Int = 1 << 16) {
        self.descriptor = descriptor
        self.flushThreshold = threshold
        // A stream written at once (standard error) grows as a line needs; most commands never
        // write to it.
        if threshold > 0 { buffer.reserveCapacity(threshold + 4096) }
    }

    /// One line. Text from outside mmio (a description's names, sysfs, /proc/iomem) reaches
    /// lines, so every line passes here with its control characters escaped: none can end a
    /// line early, forge another, or drive the terminal.
    public func line(_ text: String) throws {
        let start = buffer.count
        buffer.append(contentsOf: text.utf8)
        if Self.hasControl(buffer[start...]) {
            buffer.removeSubrange(start...)
            buffer.append(contentsOf: ArgumentText.printable(text).utf8)
        }
        buffer.append(0x0a)
        try flushIfFull()
    }

    /// mmio's own text of several lines (help, a completion script), exactly as it is.
    public func text(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        try flushIfFull()
    }

    /// Whether UTF-8 `bytes` hold a C0 control, DEL or a C1 control (C2 80 to C2 9F).
    @inline(__always)
    static func hasControl(_ bytes: ArraySlice<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for byte in bytes {
            if byte < 0x20 || byte == 0x7f || (previous == 0xc2 && byte < 0xa0) { return true }
            previous = byte
        }
        return false
    }

    @inline(__always)
    public func flushIfFull() throws {
        if buffer.count > flushThreshold { try flush() }
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        try buffer.withUnsafeBytes { try writeAll($0) }
    }

    /// Writes bytes that are not in the buffer (flushing the buffer first to keep order).
    public func writeDirect(_ bytes: UnsafeRawBufferPointer) throws {
        try flush()
        try writeAll(bytes)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EPIPE { throw MMIOError(.brokenPipe, "output closed") }
                throw MMIOError.failure("cannot write \(descriptor == 1 ? "standard output" : "standard error"): \(String(cString: strerror(code)))")
            }
            offset += written
        }
    }
}
