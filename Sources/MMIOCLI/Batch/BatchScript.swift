import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

/// A batch script: each line is a subcommand, read by the same grammar as a command line and
/// run through the same pipeline. Every line is planned, then every line is opened, then the
/// lines run, so a line that is wrong in any way that can be known without touching a register
/// stops the batch before line 1 runs.
struct BatchScript {
    /// Every line is planned before the first runs, so the whole script is held: a script
    /// without an end (`/dev/zero`, a pipe that never closes) is refused at this size.
    static let maximumSize = 64 << 20

    let bytes: [UInt8]

    /// How many lines the script has: a final newline ends the last line rather than starting
    /// another.
    var lineCount: Int {
        var newlines = 0
        for byte in bytes where byte == 0x0a { newlines += 1 }
        return bytes.last == 0x0a || bytes.isEmpty ? newlines : newlines + 1
    }

    /// Plans, opens and runs every line; returns how many lines the script has.
    @discardableResult
    func run(defaults: Request, pipeline: Pipeline) throws -> Int {
        let lineCount = self.lineCount
        // Reserved whole: growing the array copies every step planned so far.
        var steps: [(line: Int, step: Pipeline.Step)] = []
        steps.reserveCapacity(lineCount)
        // Each line is a slice of the script where it lies: no array of lines is made.
        var start = bytes.startIndex
        for number in stride(from: 1, through: lineCount, by: 1) {
            let end = bytes[start...].firstIndex(of: 0x0a) ?? bytes.endIndex
            defer { start = end + 1 }
            do {
                let words = try CommandLineWords.split(bytes[start..<end])
                guard !words.isEmpty else { continue }
                var request = try Self.request(words)
                request.apply(defaults)
                steps.append((number, try pipeline.plan(request)))
            } catch {
                throw CommandErrors.located(error, line: number)
            }
        }
        for (line, step) in steps {
            do { try pipeline.open(step) } catch { throw CommandErrors.located(error, line: line) }
        }
        for (position, (line, step)) in steps.enumerated() {
            do {
                try pipeline.run(step)
            } catch let error as MMIOError where error.kind == .brokenPipe && position < steps.count - 1 {
                throw MMIOError(
                    .cutShort,
                    "batch stopped at line \(line): standard output was closed; the \(steps.count - 1 - position) "
                        + "command line(s) after it did not run")
            } catch {
                throw CommandErrors.located(error, line: line)
            }
        }
        return lineCount
    }

    /// What one line asks for, read by the subcommands' definitions.
    static func request(_ words: [String]) throws -> Request {
        switch try CommandGrammar.read(words) {
        case .request(let request):
            return request
        case .command(let command):
            if command is MMIOCommand.Batch { throw MMIOError.usage("batch cannot run inside a batch") }
            // Every subcommand but batch is a request; what else a line can be asks for help.
            throw MMIOError.usage("help is not a batch command")
        }
    }
}
