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

        @Option(help: "Bits to watch.", transform: { try Number.parse($0) })
        var mask: Number

        @Option(help: "What the watched bits must equal (default: the mask, all set; 0: all clear).",
                transform: { try Number.parse($0) })
        var value: Number?

        @Option(help: ArgumentHelp("Give up after this long (default 1s).", valueName: "duration"),
                transform: { try TimeSpan.parse($0) })
        var timeout: TimeSpan?

        @Option(help: ArgumentHelp("Time between reads (default 1ms; 0 spins).", valueName: "duration"),
                transform: { try TimeSpan.parse($0) })
        var interval: TimeSpan?

        @Argument(transform: { try Number.parse($0) }) var address: Number

        func request() throws -> Request {
            try target.request(
                .access(PollOperation(
                    address: address.value, mask: mask.value, value: value?.value,
                    timeout: timeout?.nanoseconds ?? 1_000_000_000, interval: interval?.nanoseconds ?? 1_000_000)),
                access.settings(json: output.json))
        }
    }
}
