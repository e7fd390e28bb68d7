import MMIOBasics
/// CMSIS-SVD 1.1 to 1.3 into a `RegisterMap`: peripherals (with `derivedFrom` and arrays),
/// clusters, registers and fields, with size, access and reset inherited from the device,
/// peripheral and cluster defaults.
struct SVDReader {
    let file: String
    private var registers: [MapRegister] = []
    private var lines: [Int] = []
    private var budget = ExpansionBudget()
    /// What was tolerated, and the registers left without names. A class: the readers of
    /// single items note defects without being mutating.
    private let tolerated = Tolerated()

    private final class Tolerated {
        var defects = DescriptionDefects()
        var brokenNames: [String: String] = [:]
    }

    /// What a register inherits from the elements around it.
    private struct Defaults {
        var size: UInt64 = 32
        var access: AccessRights = .readWrite
        var reset: UInt64?
        /// The enclosing element's `<access>` was not a schema word: its registers cannot be used.
        var accessDefect: String?
    }

    struct Read {
        var registers: [MapRegister]
        var lines: [Int]
        var defects: DescriptionDefects
        var brokenNames: [String: String]
    }

    static func read(_ root: XMLElement, file: String) throws -> Read {
        var reader = SVDReader(file: file)
        try reader.readDevice(root)
        return Read(
            registers: reader.registers, lines: reader.lines, defects: reader.tolerated.defects,
            brokenNames: reader.tolerated.brokenNames)
    }

    /// Notes a tolerated defect at `line` and returns its text (`FILE:LINE: what`), which a use
    /// of the item it is in is refused with.
    private func tolerate(_ key: String, line: Int, _ what: String) -> String {
        let message = "\(file):\(line): \(what)"
        tolerated.defects.note(key, message, Self.consequences[key] ?? "")
        return message
    }

    /// What mmio does about each kind of defect, for its warning.
    private static let consequences = [
        "access": "what it applies to is listed but never accessed",
        "field-access": "the field is left out",
        "enum-width": "the value is left out",
        "field-width": "the field is left out",
        "bit-width": "the field is left out",
        "array-name": "the array is left out",
        "reset": "the reset value is unknown",
        "size": "the register is listed but never accessed",
    ]

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

    /// An element with the ones it is `derivedFrom` (a sibling of the same kind, by name, and
    /// whatever that one is derived from in turn).
    private struct Derived {
        let element: XMLElement
        /// The element's children, over those of the elements it is derived from.
        let children: ChildIndex
        /// The elements it is derived from, nearest first (none, for most).
        let bases: [XMLElement]

        /// `dropping`: what is not taken from the base (an array's dimensions, where the base is
        /// one element of it).
        init(_ element: XMLElement, base: Derived? = nil, dropping: [XMLTag] = []) {
            self.element = element
            children = base.map { element.childIndex.over($0.children.without(dropping)) } ?? element.childIndex
            bases = base.map { [$0.element] + $0.bases } ?? []
        }

        func child(_ name: XMLTag) -> XMLElement? { children[name] }

        /// Every child of a tag that may come more than once (`<registers>`,
        /// `<enumeratedValues>`): the element's own, or else the nearest base's.
        func all(_ name: XMLTag) -> [XMLElement] {
            for source in [element] + bases {
                let found = source.children(name)
                if !found.isEmpty { return found }
            }
            return []
        }
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

    /// Followed through chains (`PDIR1` from `DDR1` from `PFR1`); a chain that comes back on
    /// itself, or is longer than any description needs, is malformed.
    private func derived(_ element: XMLElement, among siblings: Siblings, seen: [String] = []) throws -> Derived {
        guard let from = element.attribute("derivedFrom") else { return Derived(element) }
        let baseName = from.split(separator: ".").last.map(String.init) ?? from
        // A sibling of that name, or an array one of whose elements has it (Renesas' `P100PFS`
        // from `P000PFS`, an element of `P00%sPFS`): the element is the array without its
        // dimensions.
        let array = siblings.named(baseName) == nil ? arrayHolding(baseName, among: siblings) : nil
        guard let base = siblings.named(baseName) ?? array else {
            throw invalid(element, "derivedFrom '\(from)' names nothing at this level")
        }
        let baseKey = array?.text(.name) ?? baseName
        guard !seen.contains(baseKey) else {
            throw invalid(element, "derivedFrom '\(from)': the chain of derivations comes back on itself")
        }
        guard seen.count < 64 else { throw invalid(element, "derivedFrom '\(from)': a chain of more than 64 derivations") }
        return Derived(
            element, base: try derived(base, among: siblings, seen: seen + [baseKey]),
            dropping: array == nil ? [] : [.dim, .dimIncrement, .dimIndex])
    }

    /// The array sibling (`<dim>`, a name with `%s`) one of whose elements is named `name`.
    private func arrayHolding(_ name: String, among siblings: Siblings) -> XMLElement? {
        siblings.elements.first { sibling in
            guard let pattern = sibling.text(.name), pattern.contains("%s"),
                let dim = sibling.text(.dim).flatMap({ DescriptionNumbers.svd($0) }),
                let elements = try? ArrayNames.svd(name: pattern, dim: dim, increment: 0, index: sibling.text(.dimIndex))
            else { return false }
            return elements.contains { $0.name == name || $0.alias == name }
        }
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
        // A reset value that is not a number costs only the reset value (it is informational).
        if let reset = view.child(.resetValue) {
            if let value = reset.withText({ DescriptionNumbers.svd($0) }) {
                defaults.reset = value
            } else {
                _ = tolerate("reset", line: reset.line, "<resetValue> '\(reset.text)' is not a number")
                defaults.reset = nil
            }
        }
        if let access = view.child(.access) {
            if let rights = rights(access) {
                defaults.access = rights
                defaults.accessDefect = nil
            } else {
                defaults.accessDefect = tolerate("access", line: access.line, "<access> '\(access.text)' is not an SVD access type")
            }
        }
        return defaults
    }

    /// The schema's access words, matched without regard to case (vendors write
    /// `read-writeonce`; the text is already trimmed of blanks); `write` is write-only, as the
    /// reference parser reads it.
    private func rights(_ element: XMLElement) -> AccessRights? {
        switch element.text.lowercased() {
        case "read-only": return .readOnly
        case "write-only", "writeonce", "write": return .writeOnly
        case "read-write", "read-writeonce": return .readWrite
        default: return nil
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

    /// Why a register array's elements have no names (its name has no `%s`), or nil.
    private func nameDefect(of view: Derived, name: String) -> String? {
        guard view.child(.dim) != nil, !name.contains("%s") else { return nil }
        return tolerate("array-name", line: view.line, "register array '\(name)' has no %s in its name (its elements have no names)")
    }

    private mutating func readPeripheral(_ view: Derived, defaults inherited: Defaults) throws {
        let name = try name(of: view)
        guard let base = try number(.baseAddress, in: view) else {
            throw invalid(view.element, "peripheral \(name) has no <baseAddress>")
        }
        let defaults = try properties(of: view, over: inherited)
        // Every <registers> section (TI's files have two), none dropped.
        let blocks = view.all(.registers)
        guard !blocks.isEmpty else { return }
        let instances = try elements(view, name: name)
        // Counted whole before anything is expanded: arrays of clusters multiply.
        do {
            let each = try blocks.reduce(UInt64(0)) { ExpansionBudget.sum($0, try expandedCount($1)) }
            try budget.admit(registers: ExpansionBudget.product(UInt64(instances.count), each))
        } catch let error as ArrayError {
            throw invalid(view.element, "peripheral \(name) \(error.message)")
        }
        for element in instances {
            let (address, overflow) = base.addingReportingOverflow(element.offset)
            guard !overflow else { throw invalid(view.element, "peripheral \(element.name) is past the address space") }
            var aliases: [Int: String] = [:]
            if let alias = element.alias { aliases[0] = alias }
            for block in blocks {
                try readContainer(block, path: [element.name], aliases: aliases, base: address, offset: 0, defaults: defaults)
            }
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
            if !isCluster, let defect = nameDefect(of: view, name: name) {
                tolerated.brokenNames[(path + [name]).joined(separator: ".")] = defect
                continue
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
        // A size mmio cannot access in one load or store: listed (its fields read in the next
        // width up) and never accessed.
        var sizeDefect: String?
        let width: Width
        if let exact = Width(rawValue: Int(clamping: defaults.size)) {
            width = exact
        } else {
            width = [Width.w8, .w16, .w32, .w64].first { UInt64($0.bits) >= defaults.size } ?? .w64
            sizeDefect = tolerate(
                "size", line: view.line, "register \(path.last!) has size \(defaults.size): mmio accesses 8, 16, 32 or 64 bits")
        }
        let effect = try view.child(.modifiedWriteValues).map { try writeEffect($0) } ?? .plain
        var register = MapRegister(
            path: path, aliases: aliases, base: base, offset: offset, width: width, access: defaults.access,
            reset: defaults.reset.map { $0 & width.mask }, readSideEffect: view.child(.readAction) != nil)
        register.defect = sizeDefect ?? defaults.accessDefect
        if let fields = view.child(.fields) {
            let siblings = Siblings(fields.children(.field))
            register.fields.reserveCapacity(siblings.elements.count)
            for field in siblings.elements {
                let fieldView = try derived(field, among: siblings)
                let name = try name(of: fieldView)
                let bits: BitRange
                switch try bitRange(fieldView, name: name, width: width) {
                case .bits(let range): bits = range
                case .defect(let key, let what):
                    register.brokenFields.append((name, tolerate(key, line: field.line, what)))
                    continue
                }
                var access = register.access
                if let word = fieldView.child(.access) {
                    guard let rights = rights(word) else {
                        register.brokenFields.append(
                            (name, tolerate("field-access", line: word.line, "<access> '\(word.text)' is not an SVD access type")))
                        continue
                    }
                    access = rights
                }
                let fieldEffect = try fieldView.child(.modifiedWriteValues).map { try writeEffect($0) } ?? effect
                let (enums, patterns, brokenValues) = try enumerations(fieldView, bits: bits)
                for element in try elements(fieldView, name: name) {
                    guard element.offset < UInt64(width.bits), bits.high + Int(element.offset) < width.bits else {
                        register.brokenFields.append((element.name, tolerate(
                            "field-width", line: field.line,
                            "field \(element.name) (\(element.offset) bits past bits \(bits)) does not fit in \(width.bits)-bit register \(path.last!)")))
                        continue
                    }
                    let shifted = try BitRange(high: bits.high + Int(element.offset), low: bits.low + Int(element.offset))
                    var made = MapField(
                        name: element.name, bits: shifted, access: access, writeEffect: fieldEffect,
                        readSideEffect: fieldView.child(.readAction) != nil, enums: enums)
                    made.brokenValues = brokenValues
                    made.patterns = patterns
                    register.fields.append(made)
                }
            }
        }
        return register
    }

    /// A field's bits, or the defect that leaves it out: bits that lie outside the register, or
    /// none at all. A position that is not written as the schema says is malformed (an error).
    private enum FieldBits {
        case bits(BitRange)
        case defect(key: String, what: String)
    }

    private func bitRange(_ view: Derived, name: String, width: Width) throws -> FieldBits {
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
            guard count > 0, count <= 64, offset < 64 else { return .defect(key: "bit-width", what: "field \(name): bitWidth \(count) at bitOffset \(offset)") }
            (high, low) = (offset + count - 1, offset)
        } else {
            throw invalid(view.element, "field \(name) has no <bitRange>, <lsb>/<msb> or <bitOffset>")
        }
        guard high >= low, high < UInt64(width.bits) else {
            return .defect(key: "field-width", what: "field \(name) (bits \(high):\(low)) does not fit in a \(width.bits)-bit register")
        }
        return .bits(try BitRange(high: Int(high), low: Int(low)))
    }

    private func writeEffect(_ element: XMLElement) throws -> WriteEffect {
        guard let effect = WriteEffect(svd: element.text) else {
            throw invalid(element, "<modifiedWriteValues> '\(element.text)' is not an SVD value")
        }
        return effect
    }

    /// The field's enumerated values: exact ones, those with don't-care bits or `isDefault`
    /// (`patterns`), and those left out because they do not fit in it.
    private func enumerations(_ view: Derived, bits: BitRange) throws -> (
        exact: [EnumeratedValue], patterns: [EnumeratedPattern], broken: [(name: String, defect: String)]
    ) {
        var result: [EnumeratedValue] = []
        var patterns: [EnumeratedPattern] = []
        var fallback: EnumeratedPattern?
        var broken: [(name: String, defect: String)] = []
        for group in view.all(.enumeratedValues) {
            try group.forEachChild { value in
                guard value.isNamed(.enumeratedValue) else { return }
                let parts = value.childIndex
                guard let name = parts[.name]?.text else { return }
                if parts[.isDefault]?.text.lowercased() == "true" {
                    if fallback == nil { fallback = EnumeratedPattern(name, value: 0, mask: 0, text: "default") }
                    return
                }
                guard let valueElement = parts[.value] else { return }
                // Don't-care bits (#1x0, 0b1x0): a name for every value whose other bits match.
                if let (cared, mask) = valueElement.withText({ DescriptionNumbers.svdPattern($0) }) {
                    guard cared & ~bits.fieldMask == 0, mask & ~bits.fieldMask == 0 || mask == UInt64.max else {
                        broken.append((name, tolerate(
                            "enum-width", line: value.line,
                            "enumerated value \(name) = \(valueElement.text) does not fit in \(bits.bitCount) bits")))
                        return
                    }
                    patterns.append(EnumeratedPattern(name, value: cared, mask: mask & bits.fieldMask, text: valueElement.text))
                    return
                }
                guard let number = valueElement.withText({ DescriptionNumbers.svd($0) }) else {
                    throw invalid(value, "enumerated value \(name): '\(valueElement.text)' is not a number")
                }
                guard number & ~bits.fieldMask == 0 else {
                    broken.append((name, tolerate(
                        "enum-width", line: value.line,
                        "enumerated value \(name) = \(valueElement.text) does not fit in \(bits.bitCount) bits")))
                    return
                }
                result.append(EnumeratedValue(name, number))
            }
        }
        return (result, patterns + (fallback.map { [$0] } ?? []), broken)
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
