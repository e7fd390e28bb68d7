import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

extension MMIOCommand {
    struct Diff: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Compare live registers with a saved image (as dump --raw writes it), or with --reset the description's reset values: a line per difference; exit 3 when any.",
            discussion: "EXAMPLES:\n  mmio diff -s 00:04.0 -b 2 0 saved.bin\n  mmio diff -f regs.bin -w 8 0x10 before.bin\n  mmio diff --reset --regs board.svd UART0")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions<WholeRegisterAccess>
        @OptionGroup var output: OutputOptions

        @Argument(help: "Address, offset, or a register name with --regs: where the image starts.",
                  completion: MachineCompletions.register, transform: { try Location.parse($0) })
        var address: Location

        @Argument(help: ArgumentHelp("The saved image; its size is the range compared.", valueName: "file"), completion: .file())
        var file: String?

        @Flag(help: "With --regs: compare each register (of the peripheral ADDRESS names, or the register) with its reset value in the description, field by field.")
        var reset = false

        func request() throws -> Request {
            let operation: RegisterOperation
            if reset {
                if file != nil { throw MMIOError.usage("diff --reset compares with the description's reset values; it takes no FILE") }
                operation = ResetDiffOperation(address)
            } else {
                guard let file else { throw MMIOError.usage("diff needs a FILE to compare with (or --reset, with --regs)") }
                operation = DiffOperation(address, image: try FileContents.read(file, limit: 64 << 20, what: "register image"), file: file)
            }
            return try target.request(
                .access(operation), access.settings(json: output.json), regs: access.regs, peripheral: access.peripheral)
        }
    }
}
