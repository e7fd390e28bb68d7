import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct Regs: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "regs",
            abstract: "List the registers of a description (--regs FILE): address, width, access, reset, fields.")

        @OptionGroup var description: DescriptionOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "Only registers whose full name matches this shell glob (UART0.*, *.CTRL).")
        var pattern: String?

        func request() throws -> Request {
            Request(
                .regs(pattern: pattern), roots: SystemRoots(),
                settings: AccessSettings(json: output.json, regs: description.regs, force: description.force),
                namesTarget: false)
        }
    }
}
