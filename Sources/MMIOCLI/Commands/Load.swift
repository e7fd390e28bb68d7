import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct Load: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "load",
            abstract: "Write a file's bytes (- for standard input) with width-sized stores.")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions
        @Argument(transform: ArgumentSyntax.number) var address: UInt64
        @Argument(help: "The bytes to store.") var file: String

        func plan() throws -> CommandPlan {
            try target.plan(LoadOperation(address: address, path: file), access.settings())
        }
    }
}
