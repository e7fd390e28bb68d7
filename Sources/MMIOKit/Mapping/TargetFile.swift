#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// The open descriptor of a target's file. Its mappings hold it, so it is closed after the last
/// of them is unmapped.
final class TargetFile {
    let descriptor: FileDescriptor
    let writable: Bool
    let target: ResolvedTarget

    /// open(2): read-only unless a write is planned; O_SYNC where the target asks for it.
    init(_ target: ResolvedTarget, writable: Bool) throws {
        var options: FileDescriptor.OpenOptions = [.closeOnExec]
        if target.synchronous { options.insert(FileDescriptor.OpenOptions(rawValue: O_SYNC)) }
        do {
            descriptor = try FileDescriptor.open(
                target.path, writable ? .readWrite : .readOnly, options: options)
        } catch let error as Errno {
            throw MMIOError.failure(
                "cannot open \(target.path) for \(target.name): \(error)\(Hints.open(error, target))")
        }
        self.writable = writable
        self.target = target
    }

    deinit { try? descriptor.close() }
}
