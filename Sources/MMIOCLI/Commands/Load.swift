import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct Load: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "load",
            abstract: "Write a file's bytes (- for standard input) with width-sized stores.")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions
        @OptionGroup var output: OutputOptions
        @Argument(transform: { try Number.parse($0) }) var address: Number
        @Argument(help: "The bytes to store.") var file: String

        func request() throws -> Request {
            try target.request(.access(try LoadOperation(address: address.value, path: file)), access.settings(json: output.json), regs: access.regs)
        }
    }
}
