import ArgumentParser
import MMIOKit

/// The one mapping from failures to what mmio reports: every error becomes an `MMIOError`,
/// whose kind gives the exit status, whether it came from ArgumentParser, a core type, or a
/// batch line.
enum CommandErrors {
    /// The error a failure is reported as; nil for `--help` and `--version`, which are not failures.
    static func classify(_ error: Error) -> MMIOError? {
        if let error = error as? MMIOError { return error }
        let code = MMIOCommand.exitCode(for: error)
        if code == .success { return nil }
        return MMIOError(code == .validationFailure ? .usage : .failure, usageMessage(for: error))
    }

    /// A batch line's error, naming the line and keeping its exit status.
    static func located(_ error: Error, line: Int) -> Error {
        guard let failure = classify(error) else {
            return MMIOError.usage("line \(line): help is not a batch command")
        }
        if case .interrupted = failure.kind { return failure }
        if failure.kind == .brokenPipe { return failure }
        return MMIOError(failure.kind, "line \(line): \(failure.message)")
    }

    /// The first line of ArgumentParser's message, without its "Error: " label.
    static func usageMessage(for error: Error) -> String {
        var message = MMIOCommand.message(for: error)
        if let newline = message.firstIndex(of: "\n") { message = String(message[..<newline]) }
        if message.hasPrefix("Error: ") { message.removeFirst(7) }
        return message
    }
}
