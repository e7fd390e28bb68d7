import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "info",
            abstract: "Show what a target resolves to: file, physical base, size, flags, mapping.")

        @OptionGroup var target: TargetOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try InfoOperation(json: output.json).run(target.selection, roots: target.roots)
        }
    }
}
