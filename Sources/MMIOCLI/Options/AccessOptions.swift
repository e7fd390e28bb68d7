import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

/// Which access options a subcommand offers in its help and completions. It reads the others
/// too, hidden, so that it can say why they do not apply (`--bits does not apply to dump`).
protocol AccessOptionsShown {
    /// `--bits`: the command reads or writes one field.
    static var bits: Bool { get }
    /// `--regs` and `--force`: the command's address may be a register name.
    static var names: Bool { get }
}

/// read, write, expect: a register or a field of it.
enum FieldAccess: AccessOptionsShown {
    static let bits = true
    static let names = true
}

/// set, clear, dump, poll, watch, diff: whole registers (a field by name, or a mask).
enum WholeRegisterAccess: AccessOptionsShown {
    static let bits = false
    static let names = true
}

/// load: a file's bytes stored from a numeric address.
enum ImageStore: AccessOptionsShown {
    static let bits = false
    static let names = false
}

/// How each access is made and shown.
struct AccessOptions<Shown: AccessOptionsShown>: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Access width in bits: 8, 16, 32 or 64 (default 32).", valueName: "bits"),
        completion: MachineCompletions.width, transform: { try Width.parse($0) })
    var width: Width?

    @Option(help: ArgumentHelp(
        "A bit field: read prints it, write replaces only it (read-modify-write).",
        valueName: "hi:lo").shown(Shown.bits), transform: { try BitRange.parse($0) })
    var bits: BitRange?

    @Flag(help: "Allow an address that is not a multiple of the width.")
    var unaligned = false

    @Flag(help: "Print each access that would be made; make none, open nothing for writing.")
    var dryRun = false

    @Flag(help: "Print each access made to standard error.")
    var trace = false

    @Option(help: DescriptionHelp.endian, completion: MachineCompletions.endian, transform: { try ByteOrder.parse($0) })
    var endian: ByteOrder?

    // --regs and --force are options of this group, not a group of their own: every batch line
    // reads this group, and each nested group costs a line a copy.
    @Option(help: DescriptionHelp.regs.shown(Shown.names), completion: .file())
    var regs: String?

    @Flag(help: DescriptionHelp.force.shown(Shown.names))
    var force = false

    @Option(help: DescriptionHelp.peripheral.shown(Shown.names))
    var peripheral: String?

    @Flag(help: DescriptionHelp.strict.shown(Shown.names))
    var strict = false

    func settings(json: Bool = false) -> AccessSettings {
        AccessSettings(
            width: width, bits: bits, unaligned: unaligned, dryRun: dryRun, trace: trace, json: json, force: force,
            strict: strict, endian: endian)
    }
}

/// The help of `--regs` and `--force`, for every command that takes them.
enum DescriptionHelp {
    static let regs = ArgumentHelp(
        "Register description: CMSIS-SVD, IP-XACT or mmio's plain format (default $MMIO_REGS); register names then stand for addresses.",
        valueName: "file")
    static let force = ArgumentHelp("With --regs: allow reads the description says have side effects.")
    static let strict = ArgumentHelp(
        "With --regs: refuse a description with any defect the reader would tolerate (by default it loads with a warning per kind of defect, and only what a defect affects is refused).")
    static let peripheral = ArgumentHelp(
        "With --regs, on a target other than physical memory: the peripheral (or address block) the target is, so that numbers are checked and decoded as its registers.",
        valueName: "name")
    static let endian = ArgumentHelp(
        "The register's byte order, little (default) or big: a big-endian value is byte-swapped after each load and before each store.",
        valueName: "little|big")
}

extension ArgumentHelp {
    /// This help, hidden where `shown` is false.
    func shown(_ shown: Bool) -> ArgumentHelp {
        var help = self
        if !shown { help.visibility = .hidden }
        return help
    }
}

/// Machine-readable output.
struct OutputOptions: ParsableArguments {
    @Flag(help: "One JSON object per result line (values as exact hex strings).")
    var json = false
}

/// A subcommand that is one request of the pipeline (every one but `batch`).
package protocol PlannedCommand: ParsableCommand {
    func request() throws -> Request
}
