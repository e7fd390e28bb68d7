import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

extension MMIOCommand {
    struct Diff: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Compare live registers with a saved image (as dump --raw writes it): ADDRESS: SAVED -> LIVE per difference; exit 3 when any.",
            discussion: "EXAMPLES:\n  mmio diff -s 00:04.0 -b 2 0 saved.bin\n  mmio diff -f regs.bin -w 8 0x10 before.bin")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions<WholeRegisterAccess>
        @OptionGroup var output: OutputOptions

        @Argument(help: "Address, offset, or a register name with --regs: where the image starts.",
                  completion: MachineCompletions.register, transform: { try Location.parse($0) })
        var address: Location

        @Argument(help: ArgumentHelp("The saved image; its size is the range compared.", valueName: "file"), completion: .file())
        var file: String

        func request() throws -> Request {
            try target.request(
                .access(DiffOperation(address, image: try FileContents.read(file, limit: 64 << 20, what: "register image"), file: file)),
                access.settings(json: output.json), regs: access.regs, peripheral: access.peripheral)
        }
    }
}
