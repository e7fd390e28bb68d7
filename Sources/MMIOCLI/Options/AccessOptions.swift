import ArgumentParser
import MMIOKit

/// How each access is made and shown.
struct AccessOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Access width in bits: 8, 16, 32 or 64 (default 32).", valueName: "bits"),
        transform: { try Width.parse($0) })
    var width: Width?

    @Option(help: ArgumentHelp(
        "A bit field: read prints it, write replaces only it (read-modify-write).",
        valueName: "hi:lo"), transform: { try BitRange.parse($0) })
    var bits: BitRange?

    @Flag(help: "Allow an address that is not a multiple of the width.")
    var unaligned = false

    @Flag(help: "Print each access that would be made; make none, open nothing for writing.")
    var dryRun = false

    @Flag(help: "Print each access made to standard error.")
    var trace = false

    func settings(json: Bool = false) -> AccessSettings {
        AccessSettings(
            width: width ?? .w32, bits: bits, unaligned: unaligned, dryRun: dryRun, trace: trace, json: json)
    }
}

/// Machine-readable output.
struct OutputOptions: ParsableArguments {
    @Flag(help: "One JSON object per result line (values as exact hex strings).")
    var json = false
}

/// A subcommand that is one request of the pipeline (every one but `batch`).
protocol PlannedCommand: ParsableCommand {
    func request() throws -> Request
}
