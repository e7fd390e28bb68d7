import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

extension MMIOCommand {
    struct SetBits: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Set the MASK bits: one read, one write of v | MASK.",
            discussion: "EXAMPLES:\n  mmio set -s 00:04.0 0x20 0x80\n  mmio set -s 00:04.0 --config COMMAND 0x2")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions<WholeRegisterAccess>
        @OptionGroup var output: OutputOptions
        @Argument(help: "Address, offset, or a register name (REG, REG.FIELD) with --regs.",
                  completion: MachineCompletions.register, transform: { try Location.parse($0) })
        var address: Location
        @Argument(help: "The bits (none with a field name: all of the field's).", transform: { try Number.parse($0) })
        var mask: Number?

        func request() throws -> Request {
            try target.request(.access(ModifyOperation(.set, address, mask: mask?.value)), access.settings(json: output.json), regs: access.regs, peripheral: access.peripheral)
        }
    }
}
