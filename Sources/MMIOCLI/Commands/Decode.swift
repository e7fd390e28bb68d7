import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

extension MMIOCommand {
    struct Decode: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "decode",
            abstract: "Show a value field by field as a register of the description (--regs FILE) holds it: no target, no access.",
            discussion: """
                The same lines as read --decode: a value from a log, a datasheet or a colleague, \
                read without the hardware. REG.FIELD shows one field of the value.

                EXAMPLES:
                  mmio decode --regs board.svd UART0.CTRL 0x1a05
                  mmio decode --regs board.svd UART0.CTRL 0x1a05 --layout
                  mmio decode --regs board.svd UART0.CTRL.MODE 0x1a05 --json
                """)

        @Option(help: DescriptionHelp.regs, completion: .file())
        var regs: String?
        @Flag(help: DescriptionHelp.strict)
        var strict = false
        @OptionGroup var output: OutputOptions
        @Flag(help: "Draw the register as a datasheet does: bit numbers, field boxes, the value's bits (80 columns).")
        var layout = false

        @Argument(help: "The register (or REG.FIELD) of the description.", completion: MachineCompletions.register)
        var register: String

        @Argument(help: "The register's value.", transform: { try Number.parse($0) })
        var value: Number

        func request() throws -> Request {
            if layout { try RegisterLayout.checkForm(json: output.json) }
            var request = Request(
                .decode(name: register, value: value.value, layout: layout), roots: SystemRoots(),
                settings: AccessSettings(json: output.json, strict: strict), namesTarget: false)
            request.regs = regs
            return request
        }
    }
}
