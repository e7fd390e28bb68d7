import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct Write: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "write",
            abstract: "Write one value per register at consecutive addresses.")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions

        @Flag(help: "Read each register back; exit 3 if it differs.")
        var verify = false

        @Argument(help: "Physical address, or offset inside the target.", transform: ArgumentSyntax.number)
        var address: UInt64

        @Argument(help: "Values, one store each.", transform: ArgumentSyntax.number)
        var values: [UInt64] = []

        func plan() throws -> CommandPlan {
            try target.plan(WriteOperation(address: address, values: values, verify: verify), access.settings())
        }
    }
}
