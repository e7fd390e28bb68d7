import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct Devmem: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "devmem",
            abstract: "busybox devmem compatible: same arguments, same output, physical memory only.",
            discussion: """
                Reads print 0x and width/4 uppercase hex digits; writes print nothing. Unlike \
                busybox, a value wider than WIDTH and a misaligned ADDRESS are refused (exit 64) \
                instead of truncated, and a faulting access is exit 4, not a crash.
                """)

        @Argument(help: "Physical address.", transform: ArgumentSyntax.number)
        var address: UInt64

        @Argument(help: "Width in bits: 8, 16, 32, 64 (or b, h, w, l). Default 32.")
        var width: String?

        @Argument(help: "Value to write.", transform: ArgumentSyntax.number)
        var value: UInt64?

        @Option(help: ArgumentHelp("Test seam: device-node root for mem (default /dev, or $MMIO_DEV_ROOT).", valueName: "dir"))
        var devRoot: String?

        func plan() throws -> CommandPlan {
            CommandPlan(
                operation: DevmemOperation(address: address, value: value), selection: .physical,
                roots: SystemRoots.resolve(sysfsOption: nil, devOption: devRoot),
                settings: AccessSettings(width: try width.map(DevmemOperation.width) ?? .w32))
        }
    }
}
