#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

/// Runs one mmio command line and returns its exit status. Every failure becomes one
/// `mmio: ...` line on standard error; nothing escapes as a crash or a libpci exit, and no
/// failure, of the command or of writing its output, ends with status 0.
public enum MMIOEntry {
    /// The subcommands named from the definitions themselves, so that the list stays whole.
    static var usage: String {
        "no subcommand; usage: mmio SUBCOMMAND [TARGET OPTIONS] [ACCESS OPTIONS] ADDRESS ... (subcommands: "
            + MMIOCommand.configuration.subcommands.map { $0._commandName }.joined(separator: ", ")
            + "; mmio --help for more)"
    }

    /// `access`: how targets are accessed; always `.live`, but for tests that put a recording
    /// device in place of the registers.
    /// `keep`: given the pipeline when the command is done. The process's own entry keeps it
    /// until exit, so that its mappings, files and descriptions go with the process rather than
    /// one by one (a large map torn down piece by piece costs more than reading it did); a test
    /// calling in process lets it go.
    public static func run(_ arguments: [String], access: AccessFactory = .live, keep: (AnyObject) -> Void = { _ in }) -> Int32 {
        let console = Console.standard()
        guard StandardDescriptors.secure() else {
            printError("standard input, output or error is closed and /dev/null or /dev/full cannot stand in for it")
            return 1
        }
        // A closed pipe must end mmio quietly rather than kill it; SIGINT and SIGTERM stop it
        // at the next whole step.
        signal(SIGPIPE, SIG_IGN)
        Interruption.install()
        guard !arguments.isEmpty else {
            printError(usage)
            return 64
        }
        do {
            if let script = CompletionScripts.script(for: arguments) {
                try console.output.text(script.hasSuffix("\n") ? script : script + "\n")
                return finish(nil, console)
            }
            let pipeline = Pipeline(console: console, access: access)
            defer { keep(pipeline) }
            switch try CommandGrammar.read(arguments) {
            case .request(let request):
                try pipeline.perform(request)
            case .command(let command as MMIOCommand.Batch):
                try command.run(pipeline, console: console)
            case .command(var command):
                try command.run()
            }
            return finish(nil, console)
        } catch {
            return finish(error, console)
        }
    }

    /// Writes out what is left, then reports the first failure, if any, and its status. Output
    /// that cannot be written is itself a failure (exit 1), except a reader that went away.
    static func finish(_ error: Error?, _ console: Console) -> Int32 {
        var failure: MMIOError?
        if let error {
            failure = CommandErrors.classify(error)
            if failure == nil {
                // --help and --version: their text is the output; the version says more than
                // ArgumentParser's one word.
                let message = MMIOCommand.fullMessage(for: error)
                try? console.output.text(message == BuildInfo.version ? BuildInfo.text : message + "\n")
            }
        }
        do {
            try console.output.flush()
        } catch let lost as MMIOError where lost.kind != .brokenPipe {
            failure = MMIOError(.failure, lost.message + (failure.map { "; before that: \($0.message)" } ?? ""))
        } catch {
            // The reader went away: nothing more can be shown, and that is not a failure.
        }
        guard let failure, failure.kind != .brokenPipe else { return 0 }
        // Stopped by SIGINT or SIGTERM: what was printed is out; nothing more to say.
        if case .interrupted = failure.kind { return failure.exitCode }
        printError(failure.message)
        return failure.exitCode
    }

    /// One line on standard error, whatever the message holds, and of a bounded length (the
    /// words a message quotes are bounded on their own, more tightly).
    static func printError(_ message: String) {
        let line = "mmio: \(ArgumentText.printable(message, limit: 4 * ArgumentText.quotedLimit))\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }
}
