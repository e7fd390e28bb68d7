import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List every PCI device with its BARs and every UIO device with its maps.")

        @Flag(help: "Only PCI devices.") var pci = false
        @Flag(help: "Only UIO devices.") var uio = false
        @OptionGroup var output: OutputOptions

        @Option(name: [.customShort("i"), .customLong("pci-ids")], help: ArgumentHelp(
            "Names from this pci.ids file (default: libpci's; or $MMIO_PCI_IDS).", valueName: "file"))
        var pciIDs: String?

        @Option(help: ArgumentHelp("Test seam: sysfs root (default /sys, or $MMIO_SYSFS_ROOT).", valueName: "dir"))
        var sysfsRoot: String?

        @Option(help: ArgumentHelp("Test seam: device-node root (default /dev, or $MMIO_DEV_ROOT).", valueName: "dir"))
        var devRoot: String?

        func run() throws {
            let both = !pci && !uio
            try ListOperation(pci: pci || both, uio: uio || both, json: output.json).run(
                roots: SystemRoots.resolve(sysfsOption: sysfsRoot, devOption: devRoot, pciIDsOption: pciIDs))
        }
    }
}
