import MMIOBasics
/// Who owns a physical address, from `/proc/iomem` and the PCI device's sysfs `driver` link:
/// what a refused mapping's message and `info ADDRESS` say.
public struct AddressOwner: Sendable {
    /// The /proc/iomem regions holding the address, outermost first; empty where none does (or
    /// /proc/iomem could not be read).
    public var chain: [IOMem.Region]
    /// In a region named "System RAM".
    public var isSystemRAM: Bool
    /// The PCI device whose region holds it (a region named by its slot).
    public var slot: String?
    /// The driver that claimed it: the device's bound driver where a region below the device's
    /// is claimed, or the region's name where no PCI device is involved.
    public var driver: String?
    /// The claim itself: the innermost region below the device (or any region with a name that
    /// is not a bus, a slot or RAM).
    public var claim: IOMem.Region?
    /// Whether the driver's `unbind` file exists under the sysfs root: no command is offered
    /// that would open a path this machine does not have.
    var canUnbind = false

    public init(address: UInt64, roots: SystemRoots) {
        chain = IOMem.read(roots.iomem)?.chain(containing: address) ?? []
        isSystemRAM = chain.contains { $0.name == "System RAM" }
        let slotIndex = chain.lastIndex { Self.isSlot($0.name) }
        slot = slotIndex.map { chain[$0].name }
        if let slotIndex, slotIndex + 1 < chain.count {
            claim = chain[slotIndex + 1]
            driver = Sysfs.linkName("\(roots.pciDevices)/\(chain[slotIndex].name)/driver") ?? claim?.name
            canUnbind = driver.map { Sysfs.exists("\(roots.sysfs)/bus/pci/drivers/\($0)/unbind") } ?? false
        } else if slotIndex == nil, let last = chain.last, !isSystemRAM, !last.name.hasPrefix("PCI Bus"),
            last.name != "Reserved"
        {
            claim = last
            driver = last.name
        }
    }

    /// `echo SLOT > /sys/bus/pci/drivers/DRIVER/unbind`, where a driver of a PCI device owns it;
    /// the path quoted for the shell, and nil where it cannot be.
    public var unbindCommand: String? {
        guard canUnbind, let slot, let driver, let path = ShellWord.quoted("/sys/bus/pci/drivers/\(driver)/unbind") else { return nil }
        return "echo \(slot) > \(path)"
    }

    /// One phrase for a message: `System RAM`, `claimed by driver e1000 (0000:00:03.0)`, ...
    public var summary: String? {
        if isSystemRAM { return "System RAM" }
        if let driver, let slot { return "claimed by driver \(driver) (\(slot))" }
        if let driver { return "claimed by \(driver)" }
        if let slot { return "in \(slot)'s BAR, claimed by no driver" }
        return nil
    }

    /// `0000:00:03.0`: a PCI slot as the kernel names its regions.
    static func isSlot(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard bytes.count == 12 else { return false }
        let hex: (UInt8) -> Bool = { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
        for (index, byte) in bytes.enumerated() {
            switch index {
            case 4, 7: guard byte == UInt8(ascii: ":") else { return false }
            case 10: guard byte == UInt8(ascii: ".") else { return false }
            default: guard hex(byte) else { return false }
            }
        }
        return true
    }
}
