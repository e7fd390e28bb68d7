import MMIOBasics
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
        // stat first: a FIFO or a terminal would block or misbehave in open. The path can change
        // between stat and open, so the open cannot block either (O_NONBLOCK, O_NOCTTY), and
        // what was opened is checked again.
        try FileKind.check(target.path, for: target.name) { Hints.open($0, target) }
        let mode = writable ? O_RDWR : O_RDONLY
        let raw = ArgumentText.withCString(target.path) { open($0, mode | options.rawValue | O_NONBLOCK | O_NOCTTY) }
        guard raw >= 0 else {
            let error = Errno(rawValue: errno)
            throw MMIOError.failure(
                "cannot open \(target.pathAndName): \(error)\(Hints.open(error, target))")
        }
        descriptor = FileDescriptor(rawValue: raw)
        var opened = stat()
        do {
            guard fstat(raw, &opened) == 0 else { throw MMIOError.failure("cannot stat \(target.pathAndName): \(Errno(rawValue: errno))") }
            try FileKind.refuse(opened, target.pathAndName)
        } catch {
            close(raw)
            throw error
        }
        _ = fcntl(raw, F_SETFL, fcntl(raw, F_GETFL) & ~O_NONBLOCK)
        self.writable = writable
        self.target = target
    }

    /// A descriptor opened elsewhere (a VFIO device's), closed with this.
    init(adopting descriptor: FileDescriptor, _ target: ResolvedTarget, writable: Bool) {
        self.descriptor = descriptor
        self.writable = writable
        self.target = target
    }

    deinit { try? descriptor.close() }
}
