import MMIOBasics
import CLibPCI

/// A capability in a device's config space, as libpci's capability list gives it.
public struct PCICapability: Equatable, Sendable {
    /// The capability id (`PCI_CAP_ID_*`, or `PCI_EXT_CAP_ID_*` when `extended`).
    public var id: UInt16
    /// In extended config space (from 0x100), a PCI Express extended capability.
    public var extended: Bool
    /// Where its header is in config space.
    public var offset: UInt16

    public init(id: UInt16, extended: Bool, offset: UInt16) {
        self.id = id
        self.extended = extended
        self.offset = offset
    }
}

/// One device's configuration space through libpci's config accessors (the sysfs method: a
/// pread or pwrite of exactly the width of the device's `config` file, which the kernel makes
/// one config cycle of that width). Never mmap.
public final class PCIConfigDevice {
    private let pci: LibPCI
    private let device: UnsafeMutablePointer<pci_dev>
    public let slot: String

    /// Opens libpci on the sysfs tree of `roots` and finds `slot`; `writable` opens the config
    /// file for writing.
    public convenience init(roots: SystemRoots, slot: String, writable: Bool) throws {
        try self.init(pci: LibPCI(roots: roots, writable: writable), slot: slot)
    }

    init(pci: LibPCI, slot: String) throws {
        self.pci = pci
        guard let device = try pci.rawDevice(slot: slot) else {
            throw MMIOError.failure("no PCI device \(slot) under \(pci.sysfsPath)/devices")
        }
        self.device = device
        self.slot = slot
    }

    /// 4096 bytes where the device has extended config space, else 256.
    public var size: UInt64 { UInt64(mmio_pci_config_size(device)) }

    /// Every capability libpci finds, in list order.
    public var capabilities: [PCICapability] {
        var result: [PCICapability] = []
        var current = mmio_pci_capabilities(device)
        while let capability = current {
            result.append(PCICapability(
                id: capability.pointee.id, extended: Int(capability.pointee.type) == Int(MMIO_PCI_CAP_EXTENDED),
                offset: UInt16(truncatingIfNeeded: capability.pointee.addr)))
            current = capability.pointee.next
        }
        return result
    }

    /// One read of `bytes` (1, 2 or 4) at `offset`; nil where libpci could not read it.
    public func read(_ bytes: Int, at offset: UInt64) -> UInt64? {
        var value: UInt64 = 0
        return mmio_pci_config_read(device, Int32(offset), Int32(bytes), &value) != 0 ? value : nil
    }

    /// One write of `bytes` (1, 2 or 4) at `offset`; false where libpci could not write it.
    public func write(_ value: UInt64, _ bytes: Int, at offset: UInt64) -> Bool {
        mmio_pci_config_write(device, Int32(offset), Int32(bytes), value) != 0
    }
}
