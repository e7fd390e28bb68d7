#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Whole files read into memory: `load`'s data, `batch`'s script, a register description.
/// Each is read only up to a stated limit, and a wait for its bytes (a FIFO with no writer yet,
/// a pipe from a slow program) ends at once on SIGINT or SIGTERM.
public enum FileContents {
    /// The bytes of `path`; `-` is standard input. More than `limit` bytes is an error.
    public static func read(_ path: String, limit: Int = .max, what: String = "file") throws -> [UInt8] {
        do {
            return try bytes(path, limit: limit)
        } catch is TooLarge {
            throw MMIOError.failure(
                "\(ArgumentText.printable(path)): larger than \(Size.text(UInt64(limit))), too large for a \(what)")
        }
    }

    /// A file that holds more than a reader's limit: its size where it has one (a regular
    /// file), nil for a stream.
    public struct TooLarge: Error {
        public let size: UInt64?
    }

    /// The bytes of `path` (`-`: standard input), or `TooLarge` past `limit` bytes.
    public static func bytes(_ path: String, limit: Int) throws -> [UInt8] {
        let descriptor: FileDescriptor
        if path == "-" {
            descriptor = .standardInput
        } else {
            descriptor = try interruptible("open \(ArgumentText.printable(path))") {
                try ArgumentText.withCString(path) {
                    try FileDescriptor.open(FilePath(platformString: $0), .readOnly, options: .closeOnExec, retryOnInterrupt: false)
                }
            }
        }
        defer { if path != "-" { try? descriptor.close() } }
        return try bytes(of: descriptor, path: path, limit: limit)
    }

    /// The bytes of `descriptor` (opened from `path`, named in messages) to its end, or
    /// `TooLarge` past `limit` bytes.
    public static func bytes(of descriptor: FileDescriptor, path: String, limit: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        // A regular file's size, reserved once, so that a large file is not copied as it grows.
        var status = stat()
        if fstat(descriptor.rawValue, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size > 0 {
            guard status.st_size <= limit else { throw TooLarge(size: UInt64(status.st_size)) }
            bytes.reserveCapacity(Int(status.st_size) + 1)
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try interruptible("read \(ArgumentText.printable(path))") {
                try chunk.withUnsafeMutableBytes { try descriptor.read(into: $0, retryOnInterrupt: false) }
            }
            if count == 0 { return bytes }
            guard count <= limit - bytes.count else { throw TooLarge(size: nil) }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// `body`, again after a signal that was not SIGINT or SIGTERM; the interruption once one of
    /// those has come.
    private static func interruptible<T>(_ what: String, _ body: () throws -> T) throws -> T {
        while true {
            do {
                return try body()
            } catch Errno.interrupted {
                try Interruption.check()
            } catch let error as Errno {
                throw MMIOError.failure("cannot \(what): \(error)")
            }
        }
    }
}

/// Sizes in messages: `64 MiB` where whole, else bytes.
package enum Size {
    package static func text(_ bytes: UInt64) -> String {
        if bytes >= 1 << 30 && bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        return "\(bytes) bytes"
    }
}
