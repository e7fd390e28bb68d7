import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct SetBits: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Set the MASK bits: one read, one write of v | MASK.")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions
        @Argument(transform: ArgumentSyntax.number) var address: UInt64
        @Argument(transform: ArgumentSyntax.number) var mask: UInt64

        func run() throws {
            try ModifyOperation(.set, address: address, mask: mask).perform(
                on: target.selection, roots: target.roots, settings: access.settings())
        }
    }

    struct ClearBits: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "clear", abstract: "Clear the MASK bits: one read, one write of v & ~MASK.")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions
        @Argument(transform: ArgumentSyntax.number) var address: UInt64
        @Argument(transform: ArgumentSyntax.number) var mask: UInt64

        func run() throws {
            try ModifyOperation(.clear, address: address, mask: mask).perform(
                on: target.selection, roots: target.roots, settings: access.settings())
        }
    }
}
