import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

extension MMIOCommand {
    struct Devmem: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "devmem",
            abstract: "busybox devmem compatible: same arguments, same output, physical memory only.",
            discussion: """
                Reads print 0x and width/4 uppercase hex digits; writes print nothing. Unlike \
                busybox, a value wider than WIDTH and a misaligned ADDRESS are refused (exit 64) \
                instead of truncated, and a faulting access is exit 4, not a crash.

                EXAMPLES:
                  mmio devmem 0xfe800000
                  mmio devmem 0xfe800004 32 0x12345678
                  mmio devmem 0xfe800000 h
                """)

        @Argument(help: "Physical address (as busybox reads it: 0x hex, a leading 0 octal).", transform: { try DevmemNumber.parse($0) })
        var address: DevmemNumber

        @Argument(help: "Width in bits: 8, 16, 32, 64 (or b, h, w, l). Default 32.", completion: .list(["8", "16", "32", "64", "b", "h", "w", "l"]))
        var width: String?

        @Argument(help: "Value to write (0x hex, a leading 0 octal).", transform: { try DevmemNumber.parse($0) })
        var value: DevmemNumber?

        @OptionGroup var output: OutputOptions
        @OptionGroup var system: RootOptions

        func request() throws -> Request {
            // devmem is physical memory only: a batch's target never replaces it.
            var request = Request(
                .access(DevmemOperation(address: address.value, value: value?.value)), selection: .physical,
                roots: system.roots(),
                settings: AccessSettings(width: try width.map(DevmemOperation.width) ?? .w32, json: output.json),
                namesTarget: system.named)
            request.selectionIsFixed = true
            return request
        }
    }
}
