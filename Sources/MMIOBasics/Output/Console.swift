/// Standard output and standard error, made once by the entry point and passed to everything
/// that prints: results go to `output`; trace lines, notes and warnings to `errors`.
public final class Console {
    public let output: OutputStream
    public let errors: OutputStream

    public init(output: OutputStream, errors: OutputStream) {
        self.output = output
        self.errors = errors
    }

    /// The process's own standard output (buffered) and standard error (written at once).
    public static func standard() -> Console {
        Console(output: OutputStream(descriptor: 1), errors: OutputStream(descriptor: 2, flushAt: 0))
    }
}
