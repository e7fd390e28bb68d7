import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

extension MMIOCommand {
    struct Read: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "read",
            abstract: "Read a register (or COUNT consecutive ones).",
            discussion: "EXAMPLES:\n  mmio read 0xfe800000\n  mmio read -s 00:04.0 -b 2 0x10\n  mmio read -f regs.bin -n 4 -w 16 0\n  mmio read -s 00:04.0 --config CAP_EXP+0x12 -w 16")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions<FieldAccess>
        @OptionGroup var output: OutputOptions

        @Option(name: .customShort("n"), help: ArgumentHelp(
            "Consecutive reads (default 1); each line is then ADDRESS: VALUE.", valueName: "count"),
            transform: { try Number.parse($0) })
        var count: Number?

        @Flag(help: "With --regs: show every field of the register (name, bits, value, enumerated name).")
        var decode = false

        @Flag(help: "With --decode: draw the register as a datasheet does (bit numbers, field boxes, the value's bits).")
        var layout = false

        @Argument(help: "Physical address, or offset inside the target; or a register name (REG, PERIPH.REG, REG.FIELD) with --regs.",
                  completion: MachineCompletions.register, transform: { try Location.parse($0) })
        var address: Location

        func request() throws -> Request {
            try target.request(
                .access(ReadOperation(address, count: count?.value ?? 1, decode: decode, layout: layout)),
                access.settings(json: output.json), regs: access.regs, peripheral: access.peripheral)
        }
    }
}
