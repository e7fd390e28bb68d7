import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct ClearBits: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "clear", abstract: "Clear the MASK bits: one read, one write of v & ~MASK.")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions
        @Argument(transform: { try Number.parse($0) }) var address: Number
        @Argument(transform: { try Number.parse($0) }) var mask: Number

        func request() throws -> Request {
            try target.request(.access(ModifyOperation(.clear, address: address.value, mask: mask.value)), access.settings())
        }
    }
}
