import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

extension MMIOCommand {
    struct Load: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "load",
            abstract: "Write a file's bytes (- for standard input) with width-sized stores.",
            discussion: "EXAMPLES:\n  mmio load -f regs.bin 0 saved.bin\n  mmio load -s 00:04.0 -b 2 0x1000 firmware.bin -w 64")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions<ImageStore>
        @OptionGroup var output: OutputOptions
        @Argument(help: "Physical address, or offset inside the target: where the first byte goes.", transform: { try Number.parse($0) })
        var address: Number
        @Argument(help: ArgumentHelp("The bytes to store (- for standard input); a whole number of registers.", valueName: "file"), completion: .file())
        var file: String

        func request() throws -> Request {
            try target.request(.access(LoadOperation(address: address.value, path: file)), access.settings(json: output.json), regs: access.regs, peripheral: access.peripheral)
        }
    }
}
