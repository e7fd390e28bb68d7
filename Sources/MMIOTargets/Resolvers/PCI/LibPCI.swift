import MMIOBasics
#if canImport(Glibc)
import Glibc
#endif
import CLibPCI

/// The one place mmio talks to libpci: a scan of the sysfs tree under `--sysfs-root`, with the
/// sysfs method pinned and libpci's errors turned into mmio errors.
package final class LibPCI {
    private let access: UnsafeMutablePointer<pci_access>
    let sysfsPath: String

    /// `writable`: config files are opened for writing (a command that writes config space).
    package init(roots: SystemRoots, writable: Bool = false) throws {
        sysfsPath = roots.pciBus
        // libpci reads each device's attribute files as they are: one that is a FIFO would block it.
        for device in Sysfs.entries("\(sysfsPath)/devices") {
            if let special = Sysfs.specialEntry(in: "\(sysfsPath)/devices/\(device)") {
                throw MMIOError.failure("\(ArgumentText.printable(special)) is not a sysfs attribute file (a FIFO, socket or device node)")
            }
        }
        let writeable: Int32 = writable ? 1 : 0
        let opened = ArgumentText.withCString(sysfsPath) { sysfs in
            roots.pciIDs.map { ids in ArgumentText.withCString(ids) { mmio_pci_open(sysfs, $0, writeable) } }
                ?? mmio_pci_open(sysfs, nil, writeable)
        }
        guard let access = opened else {
            throw MMIOError.failure("libpci: \(String(cString: mmio_pci_last_error()))")
        }
        self.access = access
    }

    deinit { mmio_pci_close(access) }

    /// Every device libpci found, in slot order, with its BARs, names and COMMAND register.
    package func devices() throws -> [PCIDevice] {
        try rawDevices().map(describe).sorted { $0.slot < $1.slot }
    }

    /// Devices matching an `lspci -s` or `lspci -d` filter, parsed by libpci itself.
    package func devices(matching query: PCIDeviceQuery) throws -> [PCIDevice] {
        var filter = pci_filter()
        let (text, byID): (String, Int32) = {
            switch query {
            case .slot(let slot): return (slot, 0)
            case .id(let id, _): return (id, 1)
            }
        }()
        var bytes = Array(text.utf8CString)
        if let complaint = bytes.withUnsafeMutableBufferPointer({
            mmio_pci_filter(access, &filter, $0.baseAddress, byID)
        }) {
            let option = byID == 1 ? "-d" : "-s"
            throw MMIOError.usage("\(option) '\(text)': \(String(cString: complaint))")
        }
        return try rawDevices().filter { mmio_pci_filter_match(&filter, $0) != 0 }.map(describe)
            .sorted { $0.slot < $1.slot }
    }

    /// The device at `slot` (`0000:00:04.0`), for config-space access.
    func rawDevice(slot: String) throws -> UnsafeMutablePointer<pci_dev>? {
        var current = access.pointee.devices
        while let device = current {
            let raw = device.pointee
            if PCIDevice.slotName(Int(raw.domain), Int(raw.bus), Int(raw.dev), Int(raw.func)) == slot { return device }
            current = raw.next
        }
        return nil
    }

    private func rawDevices() throws -> [UnsafeMutablePointer<pci_dev>] {
        var result: [UnsafeMutablePointer<pci_dev>] = []
        var current = access.pointee.devices
        while let device = current {
            guard mmio_pci_fill(device, Int32(MMIO_PCI_FILL)) >= 0 else {
                throw MMIOError.failure("libpci: \(String(cString: mmio_pci_last_error()))")
            }
            result.append(device)
            current = device.pointee.next
        }
        return result
    }

    private func describe(_ raw: UnsafeMutablePointer<pci_dev>) -> PCIDevice {
        let device = raw.pointee
        var result = PCIDevice(
            domain: Int(device.domain), bus: Int(device.bus), device: Int(device.dev),
            function: Int(device.func), vendorID: device.vendor_id, deviceID: device.device_id,
            deviceClass: device.device_class, bars: [], slotSizes: [], slotIs64Bit: [])
        let directory = "\(sysfsPath)/devices/\(result.slot)"
        for index in 0..<6 {
            let flags = UInt64(mmio_pci_flags(raw, Int32(index)))
            let size = UInt64(mmio_pci_size(raw, Int32(index)))
            let isIO = flags & UInt64(MMIO_PCI_RESOURCE_IO) != 0
            let is64 = flags & UInt64(MMIO_PCI_RESOURCE_MEM_64) != 0
            result.slotSizes.append(size)
            result.slotIs64Bit.append(is64)
            guard size > 0 else { continue }
            result.bars.append(PCIDevice.BAR(
                index: index,
                base: UInt64(mmio_pci_address_of(mmio_pci_base(raw, Int32(index)), isIO ? 1 : 0)),
                size: size, isIO: isIO, is64Bit: is64,
                isPrefetchable: flags & UInt64(MMIO_PCI_RESOURCE_PREFETCH) != 0,
                hasResourceFile: Sysfs.exists("\(directory)/resource\(index)"),
                hasWriteCombiningFile: Sysfs.exists("\(directory)/resource\(index)_wc")))
        }
        let command = mmio_pci_command(raw)
        result.command = command >= 0 ? UInt16(command) : nil
        result.driver = Sysfs.linkName("\(directory)/driver")
        result.module = result.driver == nil ? nil : Sysfs.linkName("\(directory)/driver/module")
        result.iommuGroup = Sysfs.linkName("\(directory)/iommu_group")
        var buffer = [CChar](repeating: 0, count: 256)
        if let name = mmio_pci_device_name(
            access, &buffer, Int32(buffer.count), UInt32(device.vendor_id), UInt32(device.device_id))
        {
            result.name = String(cString: name)
        }
        if let name = mmio_pci_class_name(access, &buffer, Int32(buffer.count), UInt32(device.device_class)) {
            result.className = String(cString: name)
        }
        return result
    }
}
