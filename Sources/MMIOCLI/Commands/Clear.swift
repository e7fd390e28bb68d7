import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct ClearBits: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "clear", abstract: "Clear the MASK bits: one read, one write of v & ~MASK.")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions
        @Argument(transform: Number.parse) var address: Number
        @Argument(transform: Number.parse) var mask: Number

        func request() throws -> Request {
            try target.request(.access(ModifyOperation(.clear, address: address.value, mask: mask.value)), access.settings())
        }
    }
}
