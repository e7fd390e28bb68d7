import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct Info: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "info",
            abstract: "Show what a target resolves to: file, physical base, size, flags, mapping.")

        @OptionGroup var target: TargetOptions
        @OptionGroup var output: OutputOptions

        func request() throws -> Request {
            try target.request(.info, AccessSettings(json: output.json))
        }
    }
}
