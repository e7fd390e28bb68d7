import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

extension MMIOCommand {
    struct Watch: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "watch",
            abstract: "Re-read registers every interval; print the first values, then each change as +SECONDS ADDRESS: OLD -> NEW.",
            discussion: "EXAMPLES:\n  mmio watch -s 00:04.0 0x20\n  mmio watch -f regs.bin 0 0x10 --interval 10ms --changes 3\n  mmio watch -u uio0 0x8 --timeout 10s --json")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions<WholeRegisterAccess>
        @OptionGroup var output: OutputOptions

        @Option(help: ArgumentHelp("Time between reads (default 100ms).", valueName: "duration"),
                transform: { try TimeSpan.parse($0) })
        var interval: TimeSpan?

        @Option(help: ArgumentHelp("Stop after this long, exit 0 (default: until SIGINT or SIGTERM).", valueName: "duration"),
                transform: { try TimeSpan.parse($0) })
        var timeout: TimeSpan?

        @Option(help: ArgumentHelp("Stop after this many changes, exit 0.", valueName: "n"), transform: { try Number.parse($0) })
        var changes: Number?

        @Argument(help: "Address, offset, or a register name with --regs: the first register watched.",
                  completion: MachineCompletions.register, transform: { try Location.parse($0) })
        var address: Location

        @Argument(help: ArgumentHelp("Bytes to watch, a whole number of registers (default: one register).", valueName: "length"),
                  transform: { try Size.parse($0) })
        var length: Size?

        func request() throws -> Request {
            try target.request(
                .access(WatchOperation(
                    address, length: length?.bytes, interval: interval?.nanoseconds ?? 100_000_000,
                    timeout: timeout?.nanoseconds, changes: changes?.value)),
                access.settings(json: output.json), regs: access.regs, peripheral: access.peripheral)
        }
    }
}
