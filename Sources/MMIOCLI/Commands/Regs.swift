import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

extension MMIOCommand {
    struct Regs: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "regs",
            abstract: "List the registers of a description (--regs FILE): address, width, access, reset, fields.",
            discussion: "EXAMPLES:\n  mmio regs --regs board.svd\n  mmio regs --regs board.svd 'UART0.*' --json")

        @Option(help: DescriptionHelp.regs, completion: .file())
        var regs: String?
        @Flag(help: DescriptionHelp.strict)
        var strict = false
        @OptionGroup var output: OutputOptions

        @Argument(help: "Only registers whose full name matches this shell glob (UART0.*, *.CTRL).")
        var pattern: String?

        func request() throws -> Request {
            var request = Request(
                .regs(pattern: pattern), roots: SystemRoots(), settings: AccessSettings(json: output.json, strict: strict), namesTarget: false)
            request.regs = regs
            return request
        }
    }
}
