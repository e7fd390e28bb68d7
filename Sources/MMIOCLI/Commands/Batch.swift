import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

extension MMIOCommand {
    struct Batch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "batch",
            abstract: "Run commands from FILE (or standard input), one per line, in the subcommands' syntax.",
            discussion: """
                Lines are subcommands without the leading mmio (read, write, set, clear, dump, load, \
                poll, expect, watch, diff, sleep, devmem, info, list, regs); # starts a comment. Every line is parsed \
                and checked, and every target it names resolved, opened and mapped, before the first \
                runs; each target is opened once and shared. Only a run-time outcome (an expect \
                mismatch, a poll time-out, a bus error) stops the batch midway; the message names \
                the line. Target options, --json, --trace, --dry-run, --regs, --force, --strict and --endian given to \
                batch apply to every line that does not give its own.

                EXAMPLES:
                  mmio batch -s 00:04.0 script.txt
                  printf 'write 8 6\\nread 8\\n' | mmio batch -s 00:04.0
                  mmio batch --dry-run --regs edu.svd -s 00:04.0 factorial.batch
                """)

        @OptionGroup var target: TargetOptions
        @OptionGroup var output: OutputOptions

        @Flag(help: "Print each access that would be made; make none, open nothing for writing.")
        var dryRun = false

        @Flag(help: "Print each access made to standard error.")
        var trace = false

        @Option(help: DescriptionHelp.regs, completion: .file())
        var regs: String?

        @Flag(help: DescriptionHelp.force)
        var force = false

        @Flag(help: DescriptionHelp.strict)
        var strict = false

        @Option(help: DescriptionHelp.peripheral)
        var peripheral: String?

        @Option(help: DescriptionHelp.endian, completion: MachineCompletions.endian, transform: { try ByteOrder.parse($0) })
        var endian: ByteOrder?

        @Flag(help: "On standard error at the end: lines, and mmap calls per target.")
        var stats = false

        @Argument(help: "The script (default: standard input).", completion: .file())
        var file: String?

        /// Runs the script through the entry point's pipeline (every line's results go where
        /// that pipeline's console prints).
        func run(_ pipeline: Pipeline, console: Console) throws {
            let defaults = try target.request(
                .info, AccessSettings(
                    dryRun: dryRun, trace: trace, json: output.json, force: force, strict: strict, endian: endian), regs: regs, peripheral: peripheral)
            let script = BatchScript(
                bytes: try FileContents.read(file ?? "-", limit: BatchScript.maximumSize, what: "batch script"))
            let lines = try script.run(defaults: defaults, pipeline: pipeline)
            if stats {
                try console.output.flush()
                let targets = pipeline.mappings.map { "\($0.target): \($0.count) mmap" }.joined(separator: ", ")
                try console.errors.line("mmio: batch: \(lines) lines; \(targets)")
            }
        }
    }
}
