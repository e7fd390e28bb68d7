import Foundation

/// Builds the files libpci's sysfs method and mmio read for PCI devices and UIO devices, in a
/// test's scratch folder, to be named with `--sysfs-root` and `--dev-root`.
struct SysfsTree {
    struct BAR {
        var index: Int
        var start: UInt64
        var size: UInt64
        /// The kernel's IORESOURCE_* flags, as in the `resource` file.
        var flags: UInt64
        var resourceFile = true
        var writeCombiningFile = false

        static let memory32: UInt64 = 0x40200
        static let memory64Prefetchable: UInt64 = 0x14220c
        static let memory32Prefetchable: UInt64 = 0x42208
        static let io: UInt64 = 0x40101
    }

    struct Device {
        var slot: String
        var vendor: UInt16
        var device: UInt16
        var deviceClass: UInt32 = 0xff0000
        var command: UInt16 = 0x0007
        var bars: [BAR]
        /// The bound driver, its module (nil: built in) and the IOMMU group, as sysfs links.
        var driver: String? = nil
        var module: String? = nil
        var iommuGroup: String? = nil
        /// The whole `config` file (256 or 4096 bytes); nil: 64 bytes with the ids, COMMAND and
        /// class.
        var config: [UInt8]? = nil
    }

    let scratch: Scratch
    var root: String { scratch.path("sys") }
    var devRoot: String { scratch.path("dev") }

    func add(_ device: Device) throws {
        let directory = "sys/bus/pci/devices/\(device.slot)"
        try scratch.text("\(directory)/vendor", String(format: "0x%04x\n", device.vendor))
        try scratch.text("\(directory)/device", String(format: "0x%04x\n", device.device))
        try scratch.text("\(directory)/class", String(format: "0x%06x\n", device.deviceClass))
        try scratch.text("\(directory)/irq", "11\n")
        var config = [UInt8](repeating: 0, count: 64)
        config[0] = UInt8(device.vendor & 0xff); config[1] = UInt8(device.vendor >> 8)
        config[2] = UInt8(device.device & 0xff); config[3] = UInt8(device.device >> 8)
        config[4] = UInt8(device.command & 0xff); config[5] = UInt8(device.command >> 8)
        config[9] = UInt8(device.deviceClass & 0xff)
        config[10] = UInt8((device.deviceClass >> 8) & 0xff); config[11] = UInt8(device.deviceClass >> 16)
        try scratch.file("\(directory)/config", device.config ?? config)
        var lines: [String] = []
        for index in 0..<7 {
            if let bar = device.bars.first(where: { $0.index == index }) {
                lines.append(String(format: "0x%016llx 0x%016llx 0x%016llx", bar.start, bar.start + bar.size - 1, bar.flags))
                if bar.resourceFile { try scratch.sparse("\(directory)/resource\(index)", size: Int(bar.size)) }
                if bar.writeCombiningFile { try scratch.sparse("\(directory)/resource\(index)_wc", size: Int(bar.size)) }
            } else {
                lines.append(String(format: "0x%016llx 0x%016llx 0x%016llx", 0, 0, 0))
            }
        }
        try scratch.text("\(directory)/resource", lines.joined(separator: "\n") + "\n")
        // The links the kernel makes, pointing where it points them.
        let files = FileManager.default
        if let driver = device.driver {
            let drivers = "sys/bus/pci/drivers/\(driver)"
            try files.createDirectory(atPath: scratch.path(drivers), withIntermediateDirectories: true)
            if !files.fileExists(atPath: scratch.path("\(drivers)/unbind")) { try scratch.text("\(drivers)/unbind", "") }
            try files.createSymbolicLink(atPath: scratch.path("\(directory)/driver"), withDestinationPath: "../../../../bus/pci/drivers/\(driver)")
            if let module = device.module, !files.fileExists(atPath: scratch.path("\(drivers)/module")) {
                try files.createDirectory(atPath: scratch.path("sys/module/\(module)"), withIntermediateDirectories: true)
                try files.createSymbolicLink(atPath: scratch.path("\(drivers)/module"), withDestinationPath: "../../../../module/\(module)")
            }
        }
        if let group = device.iommuGroup {
            try files.createDirectory(atPath: scratch.path("sys/kernel/iommu_groups/\(group)"), withIntermediateDirectories: true)
            try files.createSymbolicLink(atPath: scratch.path("\(directory)/iommu_group"), withDestinationPath: "../../../../kernel/iommu_groups/\(group)")
        }
    }

    /// `sys/class/uio/uioN` with its maps, and `dev/uioN`: a regular file whose page M holds
    /// map M's registers.
    func addUIO(node: String, name: String, maps: [(addr: UInt64, size: UInt64, offset: UInt64, name: String?)]) throws {
        let directory = "sys/class/uio/\(node)"
        try scratch.text("\(directory)/name", name + "\n")
        try scratch.text("\(directory)/version", "0.01.0\n")
        for (index, map) in maps.enumerated() {
            try scratch.text("\(directory)/maps/map\(index)/addr", String(format: "0x%016llx\n", map.addr))
            try scratch.text("\(directory)/maps/map\(index)/size", String(format: "0x%016llx\n", map.size))
            try scratch.text("\(directory)/maps/map\(index)/offset", String(format: "0x%llx\n", map.offset))
            if let mapName = map.name { try scratch.text("\(directory)/maps/map\(index)/name", mapName + "\n") }
        }
        try scratch.sparse("dev/\(node)", size: 4096 * maps.count)
    }

    /// A small pci.ids so that names in expected output do not depend on the machine's copy.
    func pciIDs() throws -> String {
        try scratch.text("pci.ids", """
            # test ids
            1234  Test Vendor
            \t11e8  Register Playground
            8086  Example Corp
            \t1533  Dual BAR Adapter
            C 02  Network controller
            \t00  Ethernet controller
            C ff  Unassigned class

            """)
    }

    /// Bytes of a file in the tree.
    func bytes(_ path: String) throws -> [UInt8] { try scratch.bytes(path) }
}
