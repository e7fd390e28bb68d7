import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct Poll: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "poll",
            abstract: "Read until (v & MASK) == VALUE; exit 2 on time-out. Prints the last value.")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "Bits to watch.", transform: ArgumentSyntax.number)
        var mask: UInt64

        @Option(help: "What the watched bits must equal (default: the mask, all set; 0: all clear).",
                transform: ArgumentSyntax.number)
        var value: UInt64?

        @Option(help: ArgumentHelp("Give up after this long (default 1s).", valueName: "duration"),
                transform: ArgumentSyntax.duration)
        var timeout: UInt64 = 1_000_000_000

        @Option(help: ArgumentHelp("Time between reads (default 1ms; 0 spins).", valueName: "duration"),
                transform: ArgumentSyntax.duration)
        var interval: UInt64 = 1_000_000

        @Argument(transform: ArgumentSyntax.number) var address: UInt64

        func plan() throws -> CommandPlan {
            try target.plan(
                PollOperation(address: address, mask: mask, value: value, timeout: timeout, interval: interval),
                access.settings(json: output.json))
        }
    }
}
