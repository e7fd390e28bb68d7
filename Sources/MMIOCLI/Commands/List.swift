import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct List: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List every PCI device with its BARs and every UIO device with its maps.",
            discussion: "EXAMPLES:\n  mmio list\n  mmio list --pci --json\n  mmio list --uio")

        @Flag(help: "Only PCI devices.") var pci = false
        @Flag(help: "Only UIO devices.") var uio = false
        @OptionGroup var output: OutputOptions

        @Option(name: [.customShort("i"), .customLong("pci-ids")], help: ArgumentHelp(
            "Names from this pci.ids file (default: libpci's; or $MMIO_PCI_IDS).", valueName: "file"), completion: .file())
        var pciIDs: String?

        @OptionGroup var system: RootOptions

        func request() throws -> Request {
            let both = !pci && !uio
            return Request(
                .list(ListOperation(pci: pci || both, uio: uio || both)), roots: system.roots(pciIDs: pciIDs),
                settings: AccessSettings(json: output.json), namesTarget: system.named || pciIDs != nil)
        }
    }
}
