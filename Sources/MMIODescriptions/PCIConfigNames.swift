import MMIOBasics
/// PCI configuration space's names as setpci knows them (`setpci --dumpregs`): the header's
/// registers, each with the width its name implies, and the capability names that
/// `CAP_NAME+OFFSET` and `ECAP_NAME+OFFSET` are relative to. The tests compare this table with
/// the installed setpci's, entry for entry.
public enum PCIConfigNames {
    /// The header layouts a register belongs to (the header type in HEADER_TYPE's low 7 bits:
    /// 0 normal, 1 PCI-to-PCI bridge, 2 CardBus bridge).
    public struct Headers: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let normal = Headers(rawValue: 1)
        public static let bridge = Headers(rawValue: 2)
        public static let cardBus = Headers(rawValue: 4)
        public static let all: Headers = [.normal, .bridge, .cardBus]

        /// The layout of header type `type`; nil for a type PCI does not define.
        public init?(type: UInt8) {
            guard type < 3 else { return nil }
            rawValue = 1 << type
        }
    }

    /// The header registers of every header type, in setpci's order, each with the headers that
    /// have it (setpci refuses a register of another header's layout).
    public static let registers: [(offset: UInt64, width: Width, name: String, headers: Headers)] = [
        (0x00, .w16, "VENDOR_ID", .all),
        (0x02, .w16, "DEVICE_ID", .all),
        (0x04, .w16, "COMMAND", .all),
        (0x06, .w16, "STATUS", .all),
        (0x08, .w8, "REVISION", .all),
        (0x09, .w8, "CLASS_PROG", .all),
        (0x0a, .w16, "CLASS_DEVICE", .all),
        (0x0c, .w8, "CACHE_LINE_SIZE", .all),
        (0x0d, .w8, "LATENCY_TIMER", .all),
        (0x0e, .w8, "HEADER_TYPE", .all),
        (0x0f, .w8, "BIST", .all),
        (0x10, .w32, "BASE_ADDRESS_0", [.normal, .bridge]),
        (0x14, .w32, "BASE_ADDRESS_1", [.normal, .bridge]),
        (0x18, .w32, "BASE_ADDRESS_2", .normal),
        (0x1c, .w32, "BASE_ADDRESS_3", .normal),
        (0x20, .w32, "BASE_ADDRESS_4", .normal),
        (0x24, .w32, "BASE_ADDRESS_5", .normal),
        (0x28, .w32, "CARDBUS_CIS", .normal),
        (0x2c, .w16, "SUBSYSTEM_VENDOR_ID", .normal),
        (0x2e, .w16, "SUBSYSTEM_ID", .normal),
        (0x30, .w32, "ROM_ADDRESS", .normal),
        (0x34, .w8, "CAPABILITIES", [.normal, .bridge]),
        (0x3c, .w8, "INTERRUPT_LINE", [.normal, .bridge]),
        (0x3d, .w8, "INTERRUPT_PIN", [.normal, .bridge]),
        (0x3e, .w8, "MIN_GNT", .normal),
        (0x3f, .w8, "MAX_LAT", .normal),
        (0x18, .w8, "PRIMARY_BUS", .bridge),
        (0x19, .w8, "SECONDARY_BUS", .bridge),
        (0x1a, .w8, "SUBORDINATE_BUS", .bridge),
        (0x1b, .w8, "SEC_LATENCY_TIMER", .bridge),
        (0x1c, .w8, "IO_BASE", .bridge),
        (0x1d, .w8, "IO_LIMIT", .bridge),
        (0x1e, .w16, "SEC_STATUS", .bridge),
        (0x20, .w16, "MEMORY_BASE", .bridge),
        (0x22, .w16, "MEMORY_LIMIT", .bridge),
        (0x24, .w16, "PREF_MEMORY_BASE", .bridge),
        (0x26, .w16, "PREF_MEMORY_LIMIT", .bridge),
        (0x28, .w32, "PREF_BASE_UPPER32", .bridge),
        (0x2c, .w32, "PREF_LIMIT_UPPER32", .bridge),
        (0x30, .w16, "IO_BASE_UPPER16", .bridge),
        (0x32, .w16, "IO_LIMIT_UPPER16", .bridge),
        (0x38, .w32, "BRIDGE_ROM_ADDRESS", .bridge),
        (0x3e, .w16, "BRIDGE_CONTROL", .bridge),
        (0x10, .w32, "CB_CARDBUS_BASE", .cardBus),
        (0x14, .w16, "CB_CAPABILITIES", .cardBus),
        (0x16, .w16, "CB_SEC_STATUS", .cardBus),
        (0x18, .w8, "CB_BUS_NUMBER", .cardBus),
        (0x19, .w8, "CB_CARDBUS_NUMBER", .cardBus),
        (0x1a, .w8, "CB_SUBORDINATE_BUS", .cardBus),
        (0x1b, .w8, "CB_CARDBUS_LATENCY", .cardBus),
        (0x1c, .w32, "CB_MEMORY_BASE_0", .cardBus),
        (0x20, .w32, "CB_MEMORY_LIMIT_0", .cardBus),
        (0x24, .w32, "CB_MEMORY_BASE_1", .cardBus),
        (0x28, .w32, "CB_MEMORY_LIMIT_1", .cardBus),
        (0x2c, .w16, "CB_IO_BASE_0", .cardBus),
        (0x2e, .w16, "CB_IO_BASE_0_HI", .cardBus),
        (0x30, .w16, "CB_IO_LIMIT_0", .cardBus),
        (0x32, .w16, "CB_IO_LIMIT_0_HI", .cardBus),
        (0x34, .w16, "CB_IO_BASE_1", .cardBus),
        (0x36, .w16, "CB_IO_BASE_1_HI", .cardBus),
        (0x38, .w16, "CB_IO_LIMIT_1", .cardBus),
        (0x3a, .w16, "CB_IO_LIMIT_1_HI", .cardBus),
        (0x40, .w16, "CB_SUBSYSTEM_VENDOR_ID", .cardBus),
        (0x42, .w16, "CB_SUBSYSTEM_ID", .cardBus),
        (0x44, .w32, "CB_LEGACY_MODE_BASE", .cardBus),
    ]

    /// Capability ids of the conventional list (`PCI_CAP_ID_*`).
    public static let capabilities: [(id: UInt16, name: String)] = [
        (0x01, "CAP_PM"),
        (0x02, "CAP_AGP"),
        (0x03, "CAP_VPD"),
        (0x04, "CAP_SLOTID"),
        (0x05, "CAP_MSI"),
        (0x06, "CAP_CHSWP"),
        (0x07, "CAP_PCIX"),
        (0x08, "CAP_HT"),
        (0x09, "CAP_VNDR"),
        (0x0a, "CAP_DBG"),
        (0x0b, "CAP_CCRC"),
        (0x0c, "CAP_HOTPLUG"),
        (0x0d, "CAP_SSVID"),
        (0x0e, "CAP_AGP3"),
        (0x0f, "CAP_SECURE"),
        (0x10, "CAP_EXP"),
        (0x11, "CAP_MSIX"),
        (0x12, "CAP_SATA"),
        (0x13, "CAP_AF"),
        (0x14, "CAP_EA"),
    ]

    /// Extended capability ids (`PCI_EXT_CAP_ID_*`), in config space from 0x100.
    public static let extendedCapabilities: [(id: UInt16, name: String)] = [
        (0x0001, "ECAP_AER"),
        (0x0002, "ECAP_VC"),
        (0x0003, "ECAP_DSN"),
        (0x0004, "ECAP_PB"),
        (0x0005, "ECAP_RCLINK"),
        (0x0006, "ECAP_RCILINK"),
        (0x0007, "ECAP_RCEC"),
        (0x0008, "ECAP_MFVC"),
        (0x0009, "ECAP_VC2"),
        (0x000a, "ECAP_RBCB"),
        (0x000b, "ECAP_VNDR"),
        (0x000d, "ECAP_ACS"),
        (0x000e, "ECAP_ARI"),
        (0x000f, "ECAP_ATS"),
        (0x0010, "ECAP_SRIOV"),
        (0x0011, "ECAP_MRIOV"),
        (0x0012, "ECAP_MCAST"),
        (0x0013, "ECAP_PRI"),
        (0x0015, "ECAP_REBAR"),
        (0x0016, "ECAP_DPA"),
        (0x0017, "ECAP_TPH"),
        (0x0018, "ECAP_LTR"),
        (0x0019, "ECAP_SECPCI"),
        (0x001a, "ECAP_PMUX"),
        (0x001b, "ECAP_PASID"),
        (0x001c, "ECAP_LNR"),
        (0x001d, "ECAP_DPC"),
        (0x001e, "ECAP_L1PM"),
        (0x001f, "ECAP_PTM"),
        (0x0020, "ECAP_M_PCIE"),
        (0x0021, "ECAP_FRS"),
        (0x0022, "ECAP_RTR"),
        (0x0023, "ECAP_DVSEC"),
        (0x0024, "ECAP_VF_REBAR"),
        (0x0025, "ECAP_DLNK"),
        (0x0026, "ECAP_16GT"),
        (0x0027, "ECAP_LMR"),
        (0x0028, "ECAP_HIER_ID"),
        (0x0029, "ECAP_NPEM"),
    ]

    /// The header registers as a register description, so that config names go through the same
    /// lookup (and the same suggestions for a typo) as a `--regs` file's.
    public static let map = RegisterMap(
        file: "PCI configuration space", format: .pciConfig,
        registers: registers.map { MapRegister(path: [$0.name], base: 0, offset: $0.offset, width: $0.width) })

    /// Refuses a register that a device with header type `type` does not have, as setpci does
    /// (`PRIMARY_BUS` on a normal device, `BASE_ADDRESS_2` on a bridge).
    public static func check(_ name: String, headerType type: UInt8, device: String) throws {
        guard let register = registers.first(where: { $0.name == name }), register.headers != .all else { return }
        if let layout = Headers(type: type), register.headers.contains(layout) { return }
        let layouts = [(Headers.normal, "a normal"), (.bridge, "a PCI-to-PCI bridge"), (.cardBus, "a CardBus bridge")]
        let owners = layouts.filter { register.headers.contains($0.0) }.map { "\($0.1) header" }
        let own = type < 3 ? layouts[Int(type)].1 + " header" : "an unknown header layout"
        throw MMIOError.usage(
            "\(device) has \(own) (type \(type)): \(name) belongs to \(owners.joined(separator: " or "))")
    }

    /// The capability a `CAP_*` or `ECAP_*` name stands for: its id and whether it is extended;
    /// nil for any other name.
    public static func capability(named name: String) -> (id: UInt16, extended: Bool)? {
        if let found = capabilities.first(where: { $0.name == name }) { return (found.id, false) }
        if let found = extendedCapabilities.first(where: { $0.name == name }) { return (found.id, true) }
        return nil
    }

    /// Every name an address may start with: the header registers, then the capabilities.
    public static var allNames: [String] {
        var seen = Set<String>()
        return (registers.map(\.name) + capabilities.map(\.name) + extendedCapabilities.map(\.name))
            .filter { seen.insert($0).inserted }
    }

    /// The name of a capability (`CAP_EXP`), or its id in hex where setpci has no name for it.
    public static func name(of id: UInt16, extended: Bool) -> String {
        let table = extended ? extendedCapabilities : capabilities
        return table.first { $0.id == id }?.name ?? (extended ? "ECAP_" : "CAP_") + Hex.string(UInt64(id))
    }
}
