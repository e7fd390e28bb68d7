import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct Dump: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "dump",
            abstract: "Dump a range: the whole target, or 256 bytes of physical memory.")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions
        @OptionGroup var output: OutputOptions

        @Flag(name: .shortAndLong, help: "Show every line (no * folding of repeated lines).")
        var verbose = false

        @Flag(help: "Write the bytes themselves to standard output.")
        var raw = false

        @Argument(help: "Start (default 0).", transform: ArgumentSyntax.number)
        var address: UInt64 = 0

        @Argument(help: "Bytes (k, M, G suffixes allowed).", transform: ArgumentSyntax.size)
        var length: UInt64?

        func validate() throws {
            if raw && output.json { throw ValidationError("--raw and --json are two formats; give one") }
        }

        func plan() throws -> CommandPlan {
            let format: DumpOperation.Format = raw ? .raw : output.json ? .json : .text(verbose: verbose)
            return try target.plan(
                DumpOperation(address: address, length: length, format: format), access.settings(json: output.json))
        }
    }
}
