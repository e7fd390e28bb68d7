import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct Batch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "batch",
            abstract: "Run commands from FILE (or standard input), one per line, in the subcommands' syntax.",
            discussion: """
                Lines are subcommands without the leading mmio (read, write, set, clear, dump, load, \
                poll, expect, sleep, devmem, info, list); # starts a comment. Every line is parsed \
                and checked before the first runs; each target is opened and mapped once and shared. \
                The first failing line stops the batch, its number in the message. Target options \
                given to batch are the target of lines that name none.
                """)

        @OptionGroup var target: TargetOptions
        @OptionGroup var output: OutputOptions

        @Flag(help: "On standard error at the end: lines, and mmap calls per target.")
        var stats = false

        @Argument(help: "The script (default: standard input).")
        var file: String?

        func run() throws {
            let script = try FileContents.read(file ?? "-")
            let result = try BatchRunner(
                defaultSelection: try target.selection, defaultRoots: target.roots, json: output.json
            ).run(script: script)
            if stats {
                try OutputStream.standard.flush()
                let targets = result.targets.map { "\($0.0): \($0.mappings) mmap" }.joined(separator: ", ")
                try OutputStream.error.line("mmio: batch: \(result.lines) lines; \(targets)")
            }
        }
    }
}
