#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Whole files read into memory: `load`'s data and `batch`'s script.
public enum FileContents {
    /// The bytes of `path`; `-` is standard input. More than `limit` bytes is an error.
    public static func read(_ path: String, limit: Int = .max, what: String = "file") throws -> [UInt8] {
        let descriptor: FileDescriptor
        do {
            descriptor = path == "-" ? .standardInput : try ArgumentText.withCString(path) {
                try FileDescriptor.open(FilePath(platformString: $0), .readOnly, options: .closeOnExec)
            }
        } catch let error as Errno {
            throw MMIOError.failure("cannot open \(ArgumentText.printable(path)): \(error)")
        }
        defer { if path != "-" { try? descriptor.close() } }
        var bytes: [UInt8] = []
        // A regular file's size, reserved once, so that a large file is not copied as it grows.
        var status = stat()
        if fstat(descriptor.rawValue, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size > 0 {
            bytes.reserveCapacity(Int(min(Int64(limit), Int64(status.st_size))) + 1)
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count: Int
            do {
                count = try chunk.withUnsafeMutableBytes { try descriptor.read(into: $0) }
            } catch let error as Errno {
                throw MMIOError.failure("cannot read \(ArgumentText.printable(path)): \(error)")
            }
            if count == 0 { return bytes }
            guard bytes.count + count <= limit else {
                throw MMIOError.failure("\(ArgumentText.printable(path)): larger than \(limit >> 20) MiB, too large for a \(what)")
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }
}
