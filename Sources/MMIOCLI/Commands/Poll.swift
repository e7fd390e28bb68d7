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

        @Option(help: "Bits to watch.", transform: Number.parse)
        var mask: Number

        @Option(help: "What the watched bits must equal (default: the mask, all set; 0: all clear).",
                transform: Number.parse)
        var value: Number?

        @Option(help: ArgumentHelp("Give up after this long (default 1s).", valueName: "duration"),
                transform: TimeSpan.parse)
        var timeout: TimeSpan?

        @Option(help: ArgumentHelp("Time between reads (default 1ms; 0 spins).", valueName: "duration"),
                transform: TimeSpan.parse)
        var interval: TimeSpan?

        @Argument(transform: Number.parse) var address: Number

        func request() throws -> Request {
            try target.request(
                .access(PollOperation(
                    address: address.value, mask: mask.value, value: value?.value,
                    timeout: timeout?.nanoseconds ?? 1_000_000_000, interval: interval?.nanoseconds ?? 1_000_000)),
                access.settings(json: output.json))
        }
    }
}
