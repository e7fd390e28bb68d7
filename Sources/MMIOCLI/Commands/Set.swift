import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct SetBits: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Set the MASK bits: one read, one write of v | MASK.")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions
        @Argument(transform: Number.parse) var address: Number
        @Argument(transform: Number.parse) var mask: Number

        func request() throws -> Request {
            try target.request(.access(ModifyOperation(.set, address: address.value, mask: mask.value)), access.settings())
        }
    }
}
