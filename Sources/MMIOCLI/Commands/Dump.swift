import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

extension MMIOCommand {
    struct Dump: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "dump",
            abstract: "Dump a range: the whole target, or 256 bytes of physical memory.",
            discussion: "EXAMPLES:\n  mmio dump -s 00:04.0\n  mmio dump 0xfe800000 0x100 -w 64\n  mmio dump --raw -f regs.bin > saved.bin\n  mmio dump -s 00:04.0 --config -v")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions<WholeRegisterAccess>
        @OptionGroup var output: OutputOptions

        @Flag(name: .shortAndLong, help: "Show every line (no * folding of repeated lines).")
        var verbose = false

        @Flag(help: "Write the bytes themselves to standard output.")
        var raw = false

        @Argument(help: "Start (default 0), or a register name with --regs; with --regs the described registers are shown decoded.",
                  completion: MachineCompletions.register, transform: { try Location.parse($0) })
        var address: Location?

        @Argument(help: "Bytes (k, M, G suffixes allowed).", transform: { try Size.parse($0) })
        var length: Size?

        func validate() throws {
            if raw && output.json { throw ValidationError("--raw and --json are two formats; give one") }
        }

        func request() throws -> Request {
            let format: DumpOperation.Format = raw ? .raw : .text(verbose: verbose)
            return try target.request(
                .access(DumpOperation(address, length: length?.bytes, format: format)),
                access.settings(json: output.json), regs: access.regs, peripheral: access.peripheral)
        }
    }
}
