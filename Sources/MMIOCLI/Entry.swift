#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import MMIOKit

/// Runs one mmio command line and returns its exit status. Every failure becomes one
/// `mmio: ...` line on standard error; nothing escapes as a crash or a libpci exit.
public enum MMIOEntry {
    public static func run(_ arguments: [String]) -> Int32 {
        // A closed pipe must end mmio quietly rather than kill it.
        signal(SIGPIPE, SIG_IGN)
        do {
            if let plan = OneShotParser.plan(arguments) {
                try plan.operation.perform(on: plan.selection, roots: plan.roots, settings: plan.settings)
                try OutputStream.standard.flush()
                return 0
            }
            var command = try MMIOCommand.parseAsRoot(arguments)
            try command.run()
            try OutputStream.standard.flush()
            return 0
        } catch {
            return report(error)
        }
    }

    /// Prints what an error says and returns the exit status the specification gives it.
    static func report(_ error: Error) -> Int32 {
        let flushed = (try? OutputStream.standard.flush()) != nil
        if let error = error as? MMIOError {
            if error.kind == .brokenPipe { return 0 }
            if !flushed { return 0 }
            printError(error.message)
            return error.exitCode
        }
        let code = MMIOCommand.exitCode(for: error)
        if code == .success {
            // --help, --version
            try? OutputStream.standard.line(MMIOCommand.fullMessage(for: error))
            try? OutputStream.standard.flush()
            return 0
        }
        printError(usageMessage(for: error))
        return code.rawValue == ExitCode.validationFailure.rawValue ? 64 : code.rawValue
    }

    /// The first line of the parser's message, without its "Error: " label.
    static func usageMessage(for error: Error) -> String {
        var message = MMIOCommand.message(for: error)
        if let newline = message.firstIndex(of: "\n") { message = String(message[..<newline]) }
        if message.hasPrefix("Error: ") { message.removeFirst(7) }
        return message
    }

    static func printError(_ message: String) {
        let line = "mmio: \(message)\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }
}
