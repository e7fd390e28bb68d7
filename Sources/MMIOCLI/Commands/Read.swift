import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct Read: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "read",
            abstract: "Read a register (or COUNT consecutive ones).")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions
        @OptionGroup var output: OutputOptions

        @Option(name: .customShort("n"), help: ArgumentHelp(
            "Consecutive reads (default 1); each line is then ADDRESS: VALUE.", valueName: "count"),
            transform: { try Number.parse($0) })
        var count: Number?

        @Argument(help: "Physical address, or offset inside the target.", transform: { try Number.parse($0) })
        var address: Number

        func request() throws -> Request {
            try target.request(
                .access(ReadOperation(address: address.value, count: count?.value ?? 1)),
                access.settings(json: output.json))
        }
    }
}
