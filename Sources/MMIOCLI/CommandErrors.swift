import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

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

    /// ArgumentParser's refusal of `words` as one line: it quotes a word as it is, so a word
    /// holding a newline (`0x\n10`) would cut its message short; each such word is shown with
    /// its control characters escaped first. `--help` and `--version` pass as they are.
    static func quoting(_ error: Error, words: [String]) -> Error {
        guard let failure = classify(error), failure.kind == .usage || failure.kind == .failure else { return error }
        var message = MMIOCommand.message(for: error)
        for word in Set(words) where word.unicodeScalars.contains(where: { $0.value < 0x20 || ($0.value >= 0x7f && $0.value <= 0x9f) }) {
            message = message.replacing(word, with: ArgumentText.printable(word))
        }
        return MMIOError(failure.kind, firstLine(of: message))
    }

    /// The first line of ArgumentParser's message, without its "Error: " label.
    static func usageMessage(for error: Error) -> String {
        firstLine(of: MMIOCommand.message(for: error))
    }

    private static func firstLine(of text: String) -> String {
        var message = text
        if let newline = message.firstIndex(of: "\n") { message = String(message[..<newline]) }
        if message.hasPrefix("Error: ") { message.removeFirst(7) }
        return message
    }
}
