#if canImport(Glibc)
import Glibc
#endif

/// `load ADDRESS FILE`: writes a file's bytes with width-sized stores. The whole file is read
/// first, so a short or unreadable file writes nothing.
public struct LoadOperation: RegisterOperation {
    public var address: UInt64
    public var bytes: [UInt8]

    /// Reads `path` (`-` is standard input).
    public init(address: UInt64, path: String) throws {
        self.address = address
        self.bytes = try FileContents.read(path)
    }

    public init(address: UInt64, bytes: [UInt8]) {
        self.address = address
        self.bytes = bytes
    }

    public var writes: Bool { true }

    public func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? {
        bytes.isEmpty ? nil : (address, UInt64(bytes.count))
    }

    public func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {
        try settings.refuseBits(for: "load")
        guard bytes.count % settings.width.bytes == 0 else {
            throw MMIOError.usage(
                "file of \(bytes.count) bytes is not a whole number of \(settings.width.bits)-bit words")
        }
        try settings.checkAccesses(
            at: address, count: UInt64(bytes.count / settings.width.bytes), in: target)
    }

    public func run(_ settings: AccessSettings, space: RegisterAccess, output: OutputStream) throws {
        try bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            try space.writeBlock(
                settings.width, at: address, count: bytes.count / settings.width.bytes, from: base)
        }
        if settings.json && !settings.dryRun {
            try output.line(
                "{\"address\":\(JSONText.address(address)),\"width\":\(settings.width.bits),\"size\":\(JSONText.hex(UInt64(bytes.count)))}")
        }
    }
}
