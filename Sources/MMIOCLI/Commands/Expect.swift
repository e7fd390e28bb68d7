import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

extension MMIOCommand {
    struct Expect: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "expect",
            abstract: "Read once and check the value: exit 3 naming expected and actual when it differs.",
            discussion: "EXAMPLES:\n  mmio expect -s 00:04.0 0 0x010000ed\n  mmio expect -s 00:04.0 0x20 0 --mask 1")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions<FieldAccess>
        @OptionGroup var output: OutputOptions

        @Option(help: "Compare only these bits.", transform: { try Number.parse($0) })
        var mask: Number?

        @Argument(help: "Address, offset, or a register name (REG, REG.FIELD) with --regs.",
                  completion: MachineCompletions.register, transform: { try Location.parse($0) })
        var address: Location
        @Argument(help: "The value the (masked) register or field must hold; for a field, also an enumerated name.",
                  completion: MachineCompletions.enumeratedValue, transform: { try ValueWord.parse($0) })
        var value: ValueWord

        func request() throws -> Request {
            try target.request(
                .access(ExpectOperation(address, value: value, mask: mask?.value)),
                access.settings(json: output.json), regs: access.regs, peripheral: access.peripheral)
        }
    }
}
