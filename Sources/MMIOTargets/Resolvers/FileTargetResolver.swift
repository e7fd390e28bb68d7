import MMIOBasics
#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// `-f PATH`: a regular file is bounded by its size; a device node has no size to check.
enum FileTargetResolver {
    static func resolve(path: String) throws -> ResolvedTarget {
        let info = try FileKind.check(path, for: ArgumentText.printable(path))
        let size: UInt64? = info.st_mode & S_IFMT == S_IFREG ? UInt64(info.st_size) : nil
        return ResolvedTarget(kind: .file, name: ArgumentText.printable(path), path: path, size: size)
    }
}

/// What a target's path may be: a regular file, or a block or character device that is not a
/// terminal. Anything else (a FIFO, a socket, a directory, a tty) is refused at once, by stat
/// alone, before an open that could block.
enum FileKind {
    /// Character-device majors of terminals: pty masters and slaves, tty and ttyS, the console
    /// and ptmx, pts, ttyACM, ttyUSB, and the low-density serial ports.
    static let terminalMajors: Set<UInt32> = [2, 3, 4, 5, 136, 137, 138, 139, 140, 141, 142, 143, 166, 188, 204]

    @discardableResult
    static func check(_ path: String, for name: String, hint: (Errno) -> String = { _ in "" }) throws -> stat {
        // The name for a message, made only for one.
        func what() -> String {
            let shown = ArgumentText.printable(path)
            return name == shown ? shown : "\(shown) for \(name)"
        }
        var info = stat()
        guard ArgumentText.withCString(path, { stat($0, &info) }) == 0 else {
            let error = Errno(rawValue: errno)
            throw MMIOError.failure("cannot open \(what()): \(error)\(hint(error))")
        }
        try refuse(info, what())
        return info
    }

    /// Refuses a file whose status `info` shows it is not a regular file or a device node that
    /// can be mapped; `what` names it in the message.
    static func refuse(_ info: stat, _ what: @autoclosure () -> String) throws {
        let refused: String?
        switch info.st_mode & S_IFMT {
        case S_IFREG, S_IFBLK: refused = nil
        case S_IFCHR: refused = terminalMajors.contains(major(info.st_rdev)) ? "a terminal" : nil
        case S_IFDIR: refused = "a directory"
        case S_IFIFO: refused = "a FIFO"
        case S_IFSOCK: refused = "a socket"
        default: refused = "not a file or a device node"
        }
        if let refused {
            throw MMIOError.failure(
                "cannot map \(what()): it is \(refused), not a regular file or a device node")
        }
    }

    private static func major(_ device: dev_t) -> UInt32 {
        UInt32(truncatingIfNeeded: ((device >> 32) & 0xffff_f000) | ((device >> 8) & 0x0000_0fff))
    }
}
