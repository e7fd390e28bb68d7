import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

extension MMIOCommand {
    struct List: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List every PCI device with its BARs, every UIO device with its maps and every platform device with its regions.",
            discussion: "EXAMPLES:\n  mmio list\n  mmio list --pci --json\n  mmio list --platform\n  mmio list -d 8086:")

        @Flag(help: "Only PCI devices.") var pci = false
        @Flag(help: "Only UIO devices.") var uio = false
        @Flag(help: "Only platform, AMBA and ACPI/PNP devices (the device tree's, on ARM and RISC-V boards).") var platform = false

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
            if platform && (slot != nil || device != nil) { throw ValidationError("--slot and --device filter PCI devices; --platform does not go with them") }
            if device?.contains("@") == true { throw ValidationError("list shows every match of --device; @K does not go with it") }
        }

        func request() throws -> Request {
            // A filter, as in lspci, lists PCI devices only.
            let filtered = slot != nil || device != nil
            let all = !pci && !uio && !platform && !filtered
            return Request(
                .list(ListOperation(pci: pci || all || filtered, uio: uio || all, platform: platform || all, slot: slot, id: device)), roots: system.roots(pciIDs: pciIDs),
                settings: AccessSettings(json: output.json), namesTarget: system.named || pciIDs != nil)
        }
    }
}
