import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

extension MMIOCommand {
    struct List: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List every PCI device with its BARs and every UIO device with its maps.",
            discussion: "EXAMPLES:\n  mmio list\n  mmio list --pci --json\n  mmio list --uio\n  mmio list -d 8086:")

        @Flag(help: "Only PCI devices.") var pci = false
        @Flag(help: "Only UIO devices.") var uio = false

        @Option(name: [.customShort("s"), .customLong("slot")], help: ArgumentHelp(
            "Only the PCI devices in these slots, as lspci -s.", valueName: "[[domain:]bus:]dev.fn"), completion: MachineCompletions.slot)
        var slot: String?

        @Option(name: [.customShort("d"), .customLong("device")], help: ArgumentHelp(
            "Only the PCI devices with this id, as lspci -d.", valueName: "[vendor]:[device]"), completion: MachineCompletions.device)
        var device: String?

        @OptionGroup var output: OutputOptions

        @Option(name: [.customShort("i"), .customLong("pci-ids")], help: ArgumentHelp(
            "Names from this pci.ids file (default: libpci's; or $MMIO_PCI_IDS).", valueName: "file"), completion: .file())
        var pciIDs: String?

        @OptionGroup var system: RootOptions

        func validate() throws {
            if uio && (slot != nil || device != nil) { throw ValidationError("--slot and --device filter PCI devices; --uio does not go with them") }
            if device?.contains("@") == true { throw ValidationError("list shows every match of --device; @K does not go with it") }
        }

        func request() throws -> Request {
            // A filter, as in lspci, lists PCI devices only.
            let filtered = slot != nil || device != nil
            let both = !pci && !uio && !filtered
            return Request(
                .list(ListOperation(pci: pci || both || filtered, uio: uio || both, slot: slot, id: device)), roots: system.roots(pciIDs: pciIDs),
                settings: AccessSettings(json: output.json), namesTarget: system.named || pciIDs != nil)
        }
    }
}
