import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a file's bytes (- for standard input) with width-sized stores.")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions
        @Argument(transform: ArgumentSyntax.number) var address: UInt64
        @Argument(help: "The bytes to store.") var file: String

        func run() throws {
            try LoadOperation(address: address, path: file).perform(
                on: target.selection, roots: target.roots, settings: access.settings())
        }
    }
}
