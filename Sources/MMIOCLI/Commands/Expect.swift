import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct Expect: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "expect",
            abstract: "Read once and check the value: exit 3 naming expected and actual when it differs.")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions

        @Option(help: "Compare only these bits.", transform: { try Number.parse($0) })
        var mask: Number?

        @Argument(transform: { try Number.parse($0) }) var address: Number
        @Argument(help: "The value the (masked) register must hold.", transform: { try Number.parse($0) })
        var value: Number

        func request() throws -> Request {
            try target.request(
                .access(ExpectOperation(address: address.value, value: value.value, mask: mask?.value)),
                access.settings())
        }
    }
}
