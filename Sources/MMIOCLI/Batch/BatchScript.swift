import ArgumentParser
import MMIOKit

/// A batch script: each line is a subcommand, read by the same grammar as a command line and
/// run through the same pipeline. Every line is planned, then every line is opened, then the
/// lines run, so a line that is wrong in any way that can be known without touching a register
/// stops the batch before line 1 runs.
struct BatchScript {
    let bytes: [UInt8]

    /// Lines in the script: a final newline ends the last line rather than starting another.
    var lineCount: Int {
        var breaks = 0
        for byte in bytes where byte == 0x0a { breaks += 1 }
        return bytes.last == 0x0a || bytes.isEmpty ? breaks : breaks + 1
    }

    func run(defaults: Request, pipeline: Pipeline) throws {
        // Reserved whole: growing the array copies every step planned so far.
        var steps: [(line: Int, step: Pipeline.Step)] = []
        steps.reserveCapacity(lineCount)
        var number = 0
        for line in bytes.split(separator: 0x0a, omittingEmptySubsequences: false) {
            number += 1
            do {
                let words = try CommandLineWords.split(line)
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
        for (line, step) in steps {
            do {
                try Interruption.check()
                try pipeline.run(step)
            } catch {
                throw CommandErrors.located(error, line: line)
            }
        }
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
