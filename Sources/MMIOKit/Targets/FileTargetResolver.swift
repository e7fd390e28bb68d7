#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// `-f PATH`: a regular file is bounded by its size; a device node has no size to check.
enum FileTargetResolver {
    static func resolve(path: String) throws -> ResolvedTarget {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw MMIOError.failure("cannot open \(path): \(Errno(rawValue: errno))")
        }
        let type = info.st_mode & S_IFMT
        guard type != S_IFDIR else { throw MMIOError.failure("cannot map \(path): it is a directory") }
        let size: UInt64? = type == S_IFREG ? UInt64(info.st_size) : nil
        return ResolvedTarget(kind: .file, name: path, path: path, size: size)
    }
}
