import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct Write: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "write",
            abstract: "Write one value per register at consecutive addresses.")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions

        @Flag(help: "Read each register back; exit 3 if it differs.")
        var verify = false

        @Argument(help: "Physical address, or offset inside the target.", transform: { try Number.parse($0) })
        var address: Number

        @Argument(help: "Values, one store each.", transform: { try Number.parse($0) })
        var values: [Number] = []

        func request() throws -> Request {
            try target.request(
                .access(WriteOperation(address: address.value, values: values.map(\.value), verify: verify)),
                access.settings())
        }
    }
}
