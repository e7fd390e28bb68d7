/// An error mmio reports as one `mmio: ...` line on standard error, with the exit status the
/// specification gives its kind.
public struct MMIOError: Error, CustomStringConvertible, Equatable {
    public enum Kind: Equatable {
        /// A target that does not exist, permission denied, a failed open or mmap, a libpci error.
        case failure
        /// `poll` ran out of time.
        case timeout
        /// `write --verify` or `expect` read back something else.
        case mismatch
        /// The access faulted (SIGBUS or SIGSEGV on the mapping).
        case busError
        /// Bad syntax, a value wider than the access, a misaligned or out-of-range address.
        case usage
        /// Standard output was closed by its reader; mmio ends quietly.
        case brokenPipe
        /// Standard output was closed while a batch still had lines to run: they did not run,
        /// and the status says so as a shell shows a process that SIGPIPE ended (128 + 13).
        case cutShort
        /// SIGINT or SIGTERM: mmio ends quietly with 128 + the signal, as a shell reports it.
        case interrupted(signal: Int32)
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public static func usage(_ message: String) -> MMIOError { MMIOError(.usage, message) }
    public static func failure(_ message: String) -> MMIOError { MMIOError(.failure, message) }

    public var exitCode: Int32 {
        switch kind {
        case .failure: return 1
        case .timeout: return 2
        case .mismatch: return 3
        case .busError: return 4
        case .usage: return 64
        case .brokenPipe: return 0
        case .cutShort: return 141
        case .interrupted(let signal): return 128 + signal
        }
    }

    public var description: String { message }
}
