import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct SetBits: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Set the MASK bits: one read, one write of v | MASK.")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions
        @Argument(transform: ArgumentSyntax.number) var address: UInt64
        @Argument(transform: ArgumentSyntax.number) var mask: UInt64

        func plan() throws -> CommandPlan {
            try target.plan(ModifyOperation(.set, address: address, mask: mask), access.settings())
        }
    }

    struct ClearBits: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "clear", abstract: "Clear the MASK bits: one read, one write of v & ~MASK.")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions
        @Argument(transform: ArgumentSyntax.number) var address: UInt64
        @Argument(transform: ArgumentSyntax.number) var mask: UInt64

        func plan() throws -> CommandPlan {
            try target.plan(ModifyOperation(.clear, address: address, mask: mask), access.settings())
        }
    }
}
