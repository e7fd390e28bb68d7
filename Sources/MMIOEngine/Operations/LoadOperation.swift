import MMIOBasics
import MMIODescriptions
import MMIOTargets
#if canImport(Glibc)
import Glibc
#endif

/// `load ADDRESS FILE`: writes a file's bytes with width-sized stores. The whole file is read
/// when the command is checked, before anything is opened, so a short or unreadable file writes
/// nothing; and it is read only as far as the range it may write, so a source without an end
/// (`/dev/zero`, a pipe that never closes) is refused, not read until memory runs out.
public struct LoadOperation: RegisterOperation {
    /// The most one load writes where the target has no size (physical memory, a device node):
    /// the file is held whole before the first store.
    public static let maximumSize: UInt64 = 64 << 20

    public var address: UInt64
    private let source: Source

    /// The file's bytes, once read. A class: the operation is checked as a value, and what the
    /// check read is what runs.
    final class Source {
        let path: String
        var bytes: [UInt8]?

        init(path: String, bytes: [UInt8]?) {
            self.path = path
            self.bytes = bytes
        }
    }

    /// Reads `path` (`-` is standard input) when the command is checked.
    public init(address: UInt64, path: String) {
        self.address = address
        self.source = Source(path: path, bytes: nil)
    }

    public init(address: UInt64, bytes: [UInt8]) {
        self.address = address
        self.source = Source(path: "", bytes: bytes)
    }

    private var bytes: [UInt8] { source.bytes ?? [] }

    public var writes: Bool { true }
    public var takesNames: Bool { false }

    public func plannedAccesses(_ settings: AccessSettings, target: ResolvedTarget) -> PlannedAccesses {
        PlannedAccesses(PlannedAccess(.write, at: address, count: UInt64(bytes.count / settings.width.bytes), width: settings.width))
    }

    public func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? {
        bytes.isEmpty ? nil : (address, UInt64(bytes.count))
    }

    public func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {
        try settings.refuseBits(for: "load")
        if source.bytes == nil {
            var room = Self.maximumSize
            if let size = target.size { room = size > address ? min(room, size - address) : 0 }
            do {
                source.bytes = try FileContents.bytes(source.path, limit: Int(room))
            } catch let error as FileContents.TooLarge {
                let file = ArgumentText.printable(source.path)
                if let size = error.size, size / UInt64(settings.width.bytes) * UInt64(settings.width.bytes) == size {
                    // A file of known size: the usual message about the range it would cover.
                    try settings.checkAccesses(at: address, count: size / UInt64(settings.width.bytes), in: target)
                }
                if room == Self.maximumSize {
                    throw MMIOError.failure("\(file): more than \(Size.text(room)), the most one load writes")
                }
                throw MMIOError.usage(
                    "\(file) holds more than the \(room) byte(s) from \(Hex.string(address)) to the end of \(target.name)")
            }
        }
        guard bytes.count % settings.width.bytes == 0 else {
            throw MMIOError.usage(
                "file of \(bytes.count) bytes is not a whole number of \(settings.width.bits)-bit words")
        }
    }

    public func run(_ settings: AccessSettings, space: RegisterAccess, results: Results) throws {
        try bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            try space.writeBlock(
                settings.width, at: address, count: bytes.count / settings.width.bytes, from: base)
        }
        try results.loaded(bytes.count, at: address, width: settings.width)
    }
}
