import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

extension MMIOCommand {
    struct Poll: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "poll",
            abstract: "Read until (v & MASK) == VALUE; exit 2 on time-out. Prints the last value.",
            discussion: "EXAMPLES:\n  mmio poll -s 00:04.0 0x20 --mask 1 --value 0\n  mmio poll 0xfe800020 --mask 0x80 --timeout 5s --interval 10ms")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions<WholeRegisterAccess>
        @OptionGroup var output: OutputOptions

        @Option(help: "Bits to watch (none with a field name: the field's).", transform: { try Number.parse($0) })
        var mask: Number?

        @Option(help: ArgumentHelp("What the watched bits must equal (default: the mask, all set; 0: all clear); with a field name, the field's value or an enumerated name."),
                transform: { try ValueWord.parse($0) })
        var value: ValueWord?

        @Option(help: ArgumentHelp("Give up after this long (default 1s).", valueName: "duration"),
                transform: { try TimeSpan.parse($0) })
        var timeout: TimeSpan?

        @Option(help: ArgumentHelp("Time between reads (default 1ms; 0 spins).", valueName: "duration"),
                transform: { try TimeSpan.parse($0) })
        var interval: TimeSpan?

        @Argument(help: "Address, offset, or a register name (REG, REG.FIELD) with --regs.",
                  completion: MachineCompletions.register, transform: { try Location.parse($0) })
        var address: Location

        func request() throws -> Request {
            try target.request(
                .access(PollOperation(
                    address, mask: mask?.value, value: value,
                    timeout: timeout?.nanoseconds ?? 1_000_000_000, interval: interval?.nanoseconds ?? 1_000_000)),
                access.settings(json: output.json), regs: access.regs, peripheral: access.peripheral)
        }
    }
}
