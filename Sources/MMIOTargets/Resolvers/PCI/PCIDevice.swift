import MMIOBasics
/// A PCI device as libpci describes it, with what sysfs offers for mapping its BARs.
public struct PCIDevice: Equatable, Sendable {
    public struct BAR: Equatable, Sendable {
        public var index: Int
        /// Bus address, without the flag bits.
        public var base: UInt64
        public var size: UInt64
        public var isIO: Bool
        public var is64Bit: Bool
        public var isPrefetchable: Bool
        public var hasResourceFile: Bool
        public var hasWriteCombiningFile: Bool

        public var typeName: String { isIO ? "io" : "mem" }

        /// `64-bit, prefetchable`, `32-bit, non-prefetchable`, `I/O ports`.
        public var flagWords: [String] {
            isIO ? ["I/O ports"]
                : [is64Bit ? "64-bit" : "32-bit", isPrefetchable ? "prefetchable" : "non-prefetchable"]
        }
    }

    public var domain: Int
    public var bus: Int
    public var device: Int
    public var function: Int
    public var vendorID: UInt16
    public var deviceID: UInt16
    public var deviceClass: UInt16
    /// "Vendor Device" from pci.ids, where known.
    public var name: String?
    public var className: String?
    /// The COMMAND register, where config space could be read.
    public var command: UInt16?
    /// Who owns the device: the driver bound to it (its sysfs `driver` link), the module that
    /// provides that driver (the driver's `module` link, absent for built-in drivers), and the
    /// device's IOMMU group (its `iommu_group` link), where there are such links.
    public var driver: String?
    public var module: String?
    public var iommuGroup: String?
    /// Bound to vfio-pci: reachable through VFIO.
    public var isBoundToVFIO: Bool { driver == "vfio-pci" }
    /// BARs with a size (0 to 5), in order.
    public var bars: [BAR]
    /// Sizes of all six BAR slots as libpci reports them (0 for none, or the upper half of a
    /// 64-bit BAR).
    public var slotSizes: [UInt64]
    public var slotIs64Bit: [Bool]

    /// `0000:00:03.0`, the sysfs directory name.
    public var slot: String { Self.slotName(domain, bus, device, function) }

    static func slotName(_ domain: Int, _ bus: Int, _ device: Int, _ function: Int) -> String {
        "\(hex(domain, 4)):\(hex(bus, 2)):\(hex(device, 2)).\(function)"
    }

    /// `1234:11e8`.
    public var ids: String { "\(hex(Int(vendorID), 4)):\(hex(Int(deviceID), 4))" }

    public var memoryDecodingEnabled: Bool? { command.map { $0 & 0x2 != 0 } }
    public var ioDecodingEnabled: Bool? { command.map { $0 & 0x1 != 0 } }

    public func bar(_ index: Int) -> BAR? { bars.first { $0.index == index } }

    private func hex(_ value: Int, _ digits: Int) -> String { Self.hex(value, digits) }

    private static func hex(_ value: Int, _ digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
