import MMIOBasics
/// A node's `reg` entries translated to physical addresses as Linux 6.1's `of_translate_address`
/// does for plain buses (`drivers/of/address.c`): cells counted as `of_n_addr_cells` counts
/// them, each ancestor's `ranges` applied in turn, and the node's regions cut at the first one
/// that does not translate, as `of_device_alloc` stops counting there.
public struct NodeRegions: Sendable {
    public struct Region: Equatable, Sendable {
        public var index: Int
        /// Its `reg-names` entry.
        public var name: String?
        public var physical: UInt64
        public var size: UInt64
    }

    package var regions: [Region]
    /// Why the regions stop short of the node's `reg` entries (or why it has none), naming the
    /// node; nil where every entry translated.
    package var stop: String?
    /// The entries `reg` holds, translated or not.
    package var entries: Int

    // The kernel's limits: OF_MAX_ADDR_CELLS, and the defaults where no node up to the root
    // says (OF_ROOT_NODE_ADDR_CELLS_DEFAULT, OF_ROOT_NODE_SIZE_CELLS_DEFAULT).
    static let maxAddressCells: UInt32 = 4
    static let defaultAddressCells: UInt32 = 1
    static let defaultSizeCells: UInt32 = 1

    package init(node: String, tree: DeviceTree) {
        regions = []
        stop = nil
        entries = 0
        let names = tree.strings(node, "reg-names") ?? []
        guard let reg = tree.cells(node, "reg") else {
            stop = "\(node) has no reg property"
            return
        }
        let na = Self.cells("#address-cells", of: node, tree: tree, default: Self.defaultAddressCells)
        let ns = Self.cells("#size-cells", of: node, tree: tree, default: Self.defaultSizeCells)
        guard (1...Self.maxAddressCells).contains(na) else {
            stop = "\(node): its parent's #address-cells is \(na), which the kernel does not translate (1 to 4)"
            return
        }
        guard ns > 0 else {
            stop = "\(node): its parent's #size-cells is 0, so its reg is a bus address (I2C, SPI, a CPU), not memory"
            return
        }
        let one = Int(na) + Int(ns)
        entries = reg.count / one
        if entries == 0 {
            stop = "\(node): its reg holds \(reg.count) cell(s), less than one entry of \(one) "
                + "(#address-cells \(na), #size-cells \(ns) of its parent)"
        }
        for index in 0..<entries {
            let entry = reg[(index * one)..<(index * one + one)]
            let address = Self.number(entry.prefix(Int(na)))
            let size = Self.number(entry.suffix(Int(ns)))
            switch Self.translate(address, node: node, tree: tree) {
            case .success(let physical) where size > 0 && physical &+ (size - 1) < physical:
                stop = "\(node) region \(index) (reg \(Hex.string(address)), size \(Hex.string(size))) runs past the end of "
                    + "the physical address space at \(Hex.string(physical))"
                return
            case .success(let physical):
                regions.append(Region(index: index, name: index < names.count ? names[index] : nil, physical: physical, size: size))
            case .failure(let reason):
                stop = "\(node) region \(index) (reg \(Hex.string(address))) is not memory-mapped: \(reason.text)"
                return
            }
        }
    }

    /// The error a translation stops with, for the message.
    package struct Failure: Error {
        var text: String
    }

    /// `address`, in the address space of `node`'s parent bus, translated up to the root.
    static func translate(_ address: UInt64, node: String, tree: DeviceTree) -> Result<UInt64, Failure> {
        var bus = node
        var na = cells("#address-cells", of: node, tree: tree, default: defaultAddressCells)
        var ns = cells("#size-cells", of: node, tree: tree, default: defaultSizeCells)
        var address = address
        while true {
            // `bus` is the node whose address space `address` is in once it moves up one.
            guard let parent = DeviceTree.parent(of: bus) else { return .failure(Failure(text: "no parent")) }
            bus = parent
            guard DeviceTree.parent(of: bus) != nil else { return .success(address) }
            if let type = tree.string(bus, "device_type"), ["pci", "pciex"].contains(type) {
                return .failure(Failure(text: "it is under the PCI bus \(bus): reach it as a PCI device (-s)"))
            }
            let pna = cells("#address-cells", of: bus, tree: tree, default: defaultAddressCells)
            let pns = cells("#size-cells", of: bus, tree: tree, default: defaultSizeCells)
            guard (1...maxAddressCells).contains(pna), pns > 0 else {
                return .failure(Failure(text: "\(DeviceTree.parent(of: bus)!) has #address-cells \(pna) and #size-cells \(pns), which do not describe memory"))
            }
            guard let ranges = tree.cells(bus, "ranges") else {
                return .failure(Failure(text: "\(bus) has no ranges property"))
            }
            if ranges.isEmpty {
                // An empty `ranges`: the child's addresses are the parent's.
            } else {
                let one = Int(na) + Int(pna) + Int(ns)
                var mapped: UInt64?
                for start in stride(from: 0, through: ranges.count - one, by: one) {
                    let child = number(ranges[start..<start + Int(na)])
                    let parentAddress = number(ranges[start + Int(na)..<start + Int(na) + Int(pna)])
                    let size = number(ranges[start + Int(na) + Int(pna)..<start + one])
                    // The kernel's of_bus_default_map, in its 64-bit arithmetic.
                    if address >= child && address < child &+ size {
                        mapped = parentAddress &+ (address - child)
                        break
                    }
                }
                guard let mapped else {
                    return .failure(Failure(text: "\(Hex.string(address)) lies outside every ranges entry of \(bus)"))
                }
                address = mapped
            }
            (na, ns) = (pna, pns)
        }
    }

    /// `#address-cells` or `#size-cells` for the children of `node`'s parent, found as
    /// `of_n_addr_cells` finds it: the parent's, else the nearest ancestor's, else the default.
    static func cells(_ property: String, of node: String, tree: DeviceTree, default value: UInt32) -> UInt32 {
        var current = DeviceTree.parent(of: node) ?? node
        while true {
            if let cells = tree.cell(current, property) { return cells }
            guard let parent = DeviceTree.parent(of: current) else { return value }
            current = parent
        }
    }

    /// `of_read_number`: the cells as one number, the high ones falling off past 64 bits.
    static func number(_ cells: ArraySlice<UInt32>) -> UInt64 {
        cells.reduce(0) { $0 << 32 | UInt64($1) }
    }
}
