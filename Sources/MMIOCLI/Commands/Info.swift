import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

extension MMIOCommand {
    struct Info: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "info",
            abstract: "Show what a target resolves to; with ADDRESS, where a physical address lives and who owns it.",
            discussion: "EXAMPLES:\n  mmio info -s 00:04.0 -b 2\n  mmio info -s 00:04.0 --config\n  mmio info 0xfebc0008")

        @OptionGroup var target: TargetOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "A physical address: its /proc/iomem region and owner, the PCI BAR and UIO maps holding it, and the mmio commands that reach it.",
                  transform: { try Number.parse($0) })
        var address: Number?

        func request() throws -> Request {
            try target.request(address.map { .locate($0.value) } ?? .info, AccessSettings(json: output.json))
        }
    }
}
