import MMIOBasics
/// CMSIS-SVD 1.1 to 1.3 into a `RegisterMap`: peripherals (with `derivedFrom` and arrays),
/// clusters, registers and fields, with size, access and reset inherited from the device,
/// peripheral and cluster defaults.
struct SVDReader {
    let file: String
    private var registers: [MapRegister] = []
    private var lines: [Int] = []
    private var budget = ExpansionBudget()

    /// What a register inherits from the elements around it.
    private struct Defaults {
        var size: UInt64 = 32
        var access: AccessRights = .readWrite
        var reset: UInt64?
    }

    static func read(_ root: XMLElement, file: String) throws -> (registers: [MapRegister], lines: [Int]) {
        var reader = SVDReader(file: file)
        try reader.readDevice(root)
        return (reader.registers, reader.lines)
    }

    private init(file: String) { self.file = file }

    private func invalid(_ element: XMLElement, _ what: String) -> MMIOError {
        DescriptionError.at(file, element.line, what)
    }

    private mutating func readDevice(_ device: XMLElement) throws {
        let defaults = try properties(of: Derived(device), over: Defaults())
        guard let peripherals = device.child(.peripherals) else {
            throw invalid(device, "<device> has no <peripherals>")
        }
        let all = Siblings(peripherals.children(.peripheral))
        for peripheral in all.elements {
            let view = try derived(peripheral, among: all)
            try readPeripheral(view, defaults: defaults)
        }
    }

    /// An element with the one it is `derivedFrom` (a sibling of the same kind, by name).
    private struct Derived {
        let element: XMLElement
        /// The element's children, over those of the element it is derived from.
        let children: ChildIndex

        init(_ element: XMLElement, base: XMLElement? = nil) {
            self.element = element
            children = base.map { element.childIndex.over($0.childIndex) } ?? element.childIndex
        }

        func child(_ name: XMLTag) -> XMLElement? { children[name] }
        func text(_ name: XMLTag) -> String? { child(name)?.text }
        var line: Int { element.line }
    }

    /// Elements of one level by name, for `derivedFrom`: indexed on the first lookup, so that a
    /// level of thousands of derived registers is read in linear time.
    private final class Siblings {
        let elements: [XMLElement]
        private var byName: [String: XMLElement]?

        init(_ elements: [XMLElement]) { self.elements = elements }

        func named(_ name: String) -> XMLElement? {
            if byName == nil {
                var index: [String: XMLElement] = [:]
                index.reserveCapacity(elements.count)
                for element in elements {
                    if let name = element.text(.name), index[name] == nil { index[name] = element }
                }
                byName = index
            }
            return byName![name]
        }
    }

    private func derived(_ element: XMLElement, among siblings: Siblings) throws -> Derived {
        guard let from = element.attribute("derivedFrom") else { return Derived(element) }
        let baseName = from.split(separator: ".").last.map(String.init) ?? from
        guard let base = siblings.named(baseName) else {
            throw invalid(element, "derivedFrom '\(from)' names nothing at this level")
        }
        return Derived(element, base: base)
    }

    private func number(_ name: XMLTag, in view: Derived) throws -> UInt64? {
        guard let child = view.child(name) else { return nil }
        guard let value = child.withText({ DescriptionNumbers.svd($0) }) else {
            throw invalid(child, "<\(name)> '\(child.text)' is not a number")
        }
        return value
    }

    private func properties(of view: Derived, over inherited: Defaults) throws -> Defaults {
        var defaults = inherited
        if let size = try number(.size, in: view) { defaults.size = size }
        if let reset = try number(.resetValue, in: view) { defaults.reset = reset }
        if let access = view.child(.access) { defaults.access = try rights(access) }
        return defaults
    }

    /// The schema's access words, matched without regard to case (vendors write
    /// `read-writeonce`; the text is already trimmed of blanks); `write` is write-only, as the
    /// reference parser reads it.
    private func rights(_ element: XMLElement) throws -> AccessRights {
        switch element.text.lowercased() {
        case "read-only": return .readOnly
        case "write-only", "writeonce", "write": return .writeOnly
        case "read-write", "read-writeonce": return .readWrite
        default: throw invalid(element, "<access> '\(element.text)' is not an SVD access type")
        }
    }

    private func name(of view: Derived) throws -> String {
        guard let name = view.text(.name), !name.isEmpty else { throw invalid(view.element, "<\(view.element.name)> has no <name>") }
        return name
    }

    /// The elements an array element stands for (one, when it is not an array).
    private func elements(_ view: Derived, name: String) throws -> [ArrayElement] {
        guard let dim = try number(.dim, in: view) else {
            return [ArrayElement(name: name, alias: nil, offset: 0)]
        }
        guard let increment = try number(.dimIncrement, in: view) else {
            throw invalid(view.element, "'\(name)' has <dim> but no <dimIncrement>")
        }
        do {
            return try ArrayNames.svd(name: name, dim: dim, increment: increment, index: view.text(.dimIndex))
        } catch let error as ArrayError {
            throw invalid(view.element, error.message)
        }
    }

    private mutating func readPeripheral(_ view: Derived, defaults inherited: Defaults) throws {
        let name = try name(of: view)
        guard let base = try number(.baseAddress, in: view) else {
            throw invalid(view.element, "peripheral \(name) has no <baseAddress>")
        }
        let defaults = try properties(of: view, over: inherited)
        guard let block = view.child(.registers) else { return }
        let instances = try elements(view, name: name)
        // Counted whole before anything is expanded: arrays of clusters multiply.
        do {
            try budget.admit(registers: ExpansionBudget.product(UInt64(instances.count), try expandedCount(block)))
        } catch let error as ArrayError {
            throw invalid(view.element, "peripheral \(name) \(error.message)")
        }
        for element in instances {
            let (address, overflow) = base.addingReportingOverflow(element.offset)
            guard !overflow else { throw invalid(view.element, "peripheral \(element.name) is past the address space") }
            var aliases: [Int: String] = [:]
            if let alias = element.alias { aliases[0] = alias }
            try readContainer(block, path: [element.name], aliases: aliases, base: address, offset: 0, defaults: defaults)
        }
    }

    /// How many registers `container` expands to, arrays of clusters multiplied out, without
    /// expanding anything (saturating: a count past 2^64 is as refused as one past the limit).
    private func expandedCount(_ container: XMLElement) throws -> UInt64 {
        var total: UInt64 = 0
        let children = Siblings(container.childElements)
        for child in children.elements {
            let isCluster = child.isNamed(.cluster)
            guard isCluster || child.isNamed(.register) else { continue }
            let count = try number(.dim, in: try derived(child, among: children)) ?? 1
            let each = isCluster ? try expandedCount(child) : 1
            total = ExpansionBudget.sum(total, ExpansionBudget.product(count, each))
        }
        return total
    }

    /// The registers and clusters of a peripheral's `<registers>` or of a `<cluster>`.
    private mutating func readContainer(
        _ container: XMLElement, path: [String], aliases: [Int: String], base: UInt64, offset: UInt64,
        defaults: Defaults
    ) throws {
        let children = Siblings(container.childElements)
        for child in children.elements {
            let isCluster = child.isNamed(.cluster)
            guard isCluster || child.isNamed(.register) else { continue }
            let view = try derived(child, among: children)
            let name = try name(of: view)
            guard let relative = try number(.addressOffset, in: view) else {
                throw invalid(child, "\(child.name) \(name) has no <addressOffset>")
            }
            let properties = try self.properties(of: view, over: defaults)
            // A register's fields are read once, whatever the number of its array's elements.
            let template = isCluster ? nil : try register(view, path: path + [name], aliases: aliases, base: base, offset: 0, defaults: properties)
            for element in try elements(view, name: name) {
                guard let at = checkedSum(offset, relative, element.offset), checkedSum(base, at) != nil,
                    isCluster || template.map({ MapRegister.fits(base: base, offset: at, width: $0.width) }) == true
                else {
                    throw invalid(child, "\(element.name) at \(Hex.string(base)) + \(Hex.string(offset)) + \(Hex.string(relative)) + \(Hex.string(element.offset)) is past the end of the 64-bit address space")
                }
                var elementAliases = aliases
                if let alias = element.alias { elementAliases[path.count] = alias }
                if isCluster {
                    try readContainer(
                        child, path: path + [element.name], aliases: elementAliases, base: base, offset: at,
                        defaults: properties)
                } else if var register = template {
                    do { try budget.admit(fields: UInt64(register.fields.count)) } catch let error as ArrayError {
                        throw invalid(child, "\(element.name): the description \(error.message)")
                    }
                    register.path[path.count] = element.name
                    register.aliases = elementAliases
                    register.offset = at
                    registers.append(register)
                    lines.append(child.line)
                }
            }
        }
    }

    private func register(
        _ view: Derived, path: [String], aliases: [Int: String], base: UInt64, offset: UInt64, defaults: Defaults
    ) throws -> MapRegister {
        guard let width = Width(rawValue: Int(clamping: defaults.size)) else {
            throw invalid(view.element, "register \(path.last!) has size \(defaults.size): mmio accesses 8, 16, 32 or 64 bits")
        }
        let effect = try view.child(.modifiedWriteValues).map { try writeEffect($0) } ?? .plain
        var register = MapRegister(
            path: path, aliases: aliases, base: base, offset: offset, width: width, access: defaults.access,
            reset: defaults.reset.map { $0 & width.mask }, readSideEffect: view.child(.readAction) != nil)
        if let fields = view.child(.fields) {
            let siblings = Siblings(fields.children(.field))
            register.fields.reserveCapacity(siblings.elements.count)
            for field in siblings.elements {
                let fieldView = try derived(field, among: siblings)
                let name = try name(of: fieldView)
                let bits = try bitRange(fieldView, name: name, width: width)
                let access = try fieldView.child(.access).map { try rights($0) } ?? register.access
                let fieldEffect = try fieldView.child(.modifiedWriteValues).map { try writeEffect($0) } ?? effect
                let enums = try enumerations(fieldView, bits: bits)
                for element in try elements(fieldView, name: name) {
                    guard element.offset < UInt64(width.bits), bits.high + Int(element.offset) < width.bits else {
                        throw invalid(field, "field \(element.name) (\(element.offset) bits past bits \(bits)) does not fit in \(width.bits)-bit register \(path.last!)")
                    }
                    let shifted = try BitRange(high: bits.high + Int(element.offset), low: bits.low + Int(element.offset))
                    register.fields.append(MapField(
                        name: element.name, bits: shifted, access: access, writeEffect: fieldEffect,
                        readSideEffect: fieldView.child(.readAction) != nil, enums: enums))
                }
            }
        }
        return register
    }

    private func bitRange(_ view: Derived, name: String, width: Width) throws -> BitRange {
        var high: UInt64
        var low: UInt64
        if let range = view.child(.bitRange) {
            // [msb:lsb]
            let parsed = range.withText { bytes -> (UInt64, UInt64)? in
                guard bytes.count >= 5, bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]"),
                    let colon = bytes.firstIndex(of: UInt8(ascii: ":"))
                else { return nil }
                func decimal(_ part: Slice<UnsafeRawBufferPointer>) -> UInt64? {
                    guard !part.isEmpty, part.count < 4, part.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
                    return part.reduce(0) { $0 * 10 + UInt64($1 - 0x30) }
                }
                guard let msb = decimal(bytes[1..<colon]), let lsb = decimal(bytes[(colon + 1)..<(bytes.count - 1)]) else { return nil }
                return (msb, lsb)
            }
            guard let (msb, lsb) = parsed else { throw invalid(range, "<bitRange> '\(range.text)' is not [msb:lsb]") }
            (high, low) = (msb, lsb)
        } else if let lsb = try number(.lsb, in: view) {
            guard let msb = try number(.msb, in: view) else { throw invalid(view.element, "field \(name) has <lsb> but no <msb>") }
            (high, low) = (msb, lsb)
        } else if let offset = try number(.bitOffset, in: view) {
            let count = try number(.bitWidth, in: view) ?? 1
            guard count > 0, count <= 64, offset < 64 else { throw invalid(view.element, "field \(name): bitWidth \(count) at bitOffset \(offset)") }
            (high, low) = (offset + count - 1, offset)
        } else {
            throw invalid(view.element, "field \(name) has no <bitRange>, <lsb>/<msb> or <bitOffset>")
        }
        guard high >= low, high < UInt64(width.bits) else {
            throw invalid(view.element, "field \(name) (bits \(high):\(low)) does not fit in a \(width.bits)-bit register")
        }
        return try BitRange(high: Int(high), low: Int(low))
    }

    private func writeEffect(_ element: XMLElement) throws -> WriteEffect {
        guard let effect = WriteEffect(svd: element.text) else {
            throw invalid(element, "<modifiedWriteValues> '\(element.text)' is not an SVD value")
        }
        return effect
    }

    private func enumerations(_ view: Derived, bits: BitRange) throws -> [EnumeratedValue] {
        var result: [EnumeratedValue] = []
        try view.element.forEachChild { group in
            guard group.isNamed(.enumeratedValues) else { return }
            try group.forEachChild { value in
                guard value.isNamed(.enumeratedValue) else { return }
                let parts = value.childIndex
                guard let name = parts[.name]?.text, let valueElement = parts[.value] else { return }
                // isDefault entries and don't-care bits (#1x0) name no one value.
                let dontCare = valueElement.withText { $0.first == UInt8(ascii: "#") && $0.contains(UInt8(ascii: "x")) }
                guard !dontCare else { return }
                guard let number = valueElement.withText({ DescriptionNumbers.svd($0) }) else {
                    throw invalid(value, "enumerated value \(name): '\(valueElement.text)' is not a number")
                }
                guard number & ~bits.fieldMask == 0 else {
                    throw invalid(value, "enumerated value \(name) = \(valueElement.text) does not fit in \(bits.bitCount) bits")
                }
                result.append(EnumeratedValue(name, number))
            }
        }
        return result
    }
}

extension WriteEffect {
    /// SVD's and IP-XACT's names (the same words), without regard to case.
    init?(svd text: String) {
        switch text.lowercased() {
        case "onetoclear": self = .oneToClear
        case "onetoset": self = .oneToSet
        case "onetotoggle": self = .oneToToggle
        case "zerotoclear": self = .zeroToClear
        case "zerotoset": self = .zeroToSet
        case "zerototoggle": self = .zeroToToggle
        case "clear": self = .clear
        case "set": self = .set
        case "modify": self = .modify
        default: return nil
        }
    }
}
