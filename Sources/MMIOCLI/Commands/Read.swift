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
            "Consecutive reads; each line is then ADDRESS: VALUE.", valueName: "count"),
            transform: ArgumentSyntax.number)
        var count: UInt64 = 1

        @Argument(help: "Physical address, or offset inside the target.", transform: ArgumentSyntax.number)
        var address: UInt64

        func plan() throws -> CommandPlan {
            try target.plan(ReadOperation(address: address, count: count), access.settings(json: output.json))
        }
    }
}
