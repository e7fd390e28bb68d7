import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

extension MMIOCommand {
    struct Write: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "write",
            abstract: "Write one value per register at consecutive addresses.",
            discussion: "EXAMPLES:\n  mmio write 0xfe800004 0x12345678\n  mmio write -s 00:04.0 --verify 0x10 1 2 3\n  mmio write -u uio0 --bits 7:4 0x8 0xa")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions<FieldAccess>
        @OptionGroup var output: OutputOptions

        @Flag(help: "Read each register back; exit 3 if it differs.")
        var verify = false

        @Argument(help: "Physical address, or offset inside the target; or a register name with --regs.",
                  completion: MachineCompletions.register, transform: { try Location.parse($0) })
        var address: Location

        @Argument(help: "Values, one store each; with a register name, FIELD=VALUE (a number or an enumerated name).",
                  completion: MachineCompletions.fieldValue, transform: { try ValueWord.parse($0) })
        var values: [ValueWord] = []

        func request() throws -> Request {
            try target.request(
                .access(WriteOperation(address, values: values, verify: verify)),
                access.settings(json: output.json), regs: access.regs, peripheral: access.peripheral)
        }
    }
}
