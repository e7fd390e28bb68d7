import MMIOBasics
/// IP-XACT (IEEE 1685-2014 and 2022, and 2009's SPIRIT namespace) into a `RegisterMap`, as
/// PeakRDL's exporter writes it: memory maps, address blocks, register files, registers and
/// their arrays, fields with access, read actions, modified-write values and enumerations.
struct IPXACTReader {
    static let namespaces: Set<String> = [
        "http://www.accellera.org/XMLSchema/IPXACT/1685-2014",
        "http://www.accellera.org/XMLSchema/IPXACT/1685-2022",
        "http://www.spiritconsortium.org/XMLSchema/SPIRIT/1685-2009",
    ]

    let file: String
    private var registers: [MapRegister] = []
    private var lines: [Int] = []
    private var budget = ExpansionBudget()

    static func read(_ root: XMLElement, file: String) throws -> (registers: [MapRegister], lines: [Int]) {
        var reader = IPXACTReader(file: file)
        guard let maps = root.child(.memoryMaps) else {
            throw DescriptionError.at(file, root.line, "<component> has no <memoryMaps>")
        }
        for map in maps.children(.memoryMap) {
            for block in map.children(.addressBlock) { try reader.readBlock(block) }
        }
        return (reader.registers, reader.lines)
    }

    private init(file: String) { self.file = file }

    private func invalid(_ element: XMLElement, _ what: String) -> MMIOError {
        DescriptionError.at(file, element.line, what)
    }

    private func number(_ element: XMLElement, _ name: XMLTag) throws -> UInt64? {
        guard let child = element.child(name) else { return nil }
        guard let value = DescriptionNumbers.ipxact(child.text) else {
            throw invalid(child, "<\(name)> '\(child.text)' is not a number mmio can read (expressions are not evaluated)")
        }
        return value
    }

    private func name(_ element: XMLElement) throws -> String {
        guard let name = element.text(.name), !name.isEmpty else { throw invalid(element, "<\(element.name)> has no <name>") }
        return name
    }

    private mutating func readBlock(_ block: XMLElement) throws {
        let name = try name(block)
        guard let base = try number(block, .baseAddress) else { throw invalid(block, "address block \(name) has no <baseAddress>") }
        let width = try number(block, .width) ?? 32
        // Counted whole before anything is expanded: arrays of register files multiply.
        do { try budget.admit(registers: try expandedCount(block)) } catch let error as ArrayError {
            throw invalid(block, "address block \(name) \(error.message)")
        }
        try readContainer(block, path: [name], base: base, offset: 0, defaultSize: width, access: try access(block))
    }

    private mutating func readContainer(
        _ container: XMLElement, path: [String], base: UInt64, offset: UInt64, defaultSize: UInt64,
        access inherited: AccessRights?
    ) throws {
        for child in container.childElements {
            let isFile = child.isNamed(.registerFile)
            guard isFile || child.isNamed(.register) else { continue }
            let name = try name(child)
            guard let relative = try number(child, .addressOffset) else { throw invalid(child, "\(name) has no <addressOffset>") }
            let size = try number(child, .size) ?? defaultSize
            let stride = isFile ? (try number(child, .range) ?? 0) : max(1, size / 8)
            let access = try access(child) ?? inherited
            for element in try elements(child, name: name, stride: stride) {
                let width = Width(rawValue: Int(clamping: size)) ?? .w8
                guard let at = checkedSum(offset, relative, element.offset),
                    isFile ? checkedSum(base, at) != nil : MapRegister.fits(base: base, offset: at, width: width)
                else {
                    throw invalid(child, "\(element.name) at \(Hex.string(base)) + \(Hex.string(offset)) + \(Hex.string(relative)) + \(Hex.string(element.offset)) is past the end of the 64-bit address space")
                }
                if isFile {
                    try readContainer(child, path: path + [element.name], base: base, offset: at, defaultSize: defaultSize, access: access)
                } else {
                    let register = try register(child, path: path + [element.name], base: base, offset: at, size: size, access: access)
                    do { try budget.admit(fields: UInt64(register.fields.count)) } catch let error as ArrayError {
                        throw invalid(child, "\(element.name): the description \(error.message)")
                    }
                    registers.append(register)
                    lines.append(child.line)
                }
            }
        }
    }

    /// How many registers `container` expands to, without expanding anything (saturating).
    private func expandedCount(_ container: XMLElement) throws -> UInt64 {
        var total: UInt64 = 0
        for child in container.childElements {
            let isFile = child.isNamed(.registerFile)
            guard isFile || child.isNamed(.register) else { continue }
            let each = isFile ? try expandedCount(child) : 1
            total = ExpansionBudget.sum(total, ExpansionBudget.product(try arrayCount(child, name: try name(child)), each))
        }
        return total
    }

    /// The `<dim>` elements of an array (2022: inside `<array>`), and their product: how many
    /// elements it has (1 when it is not an array).
    private func arrayCount(_ element: XMLElement, name: String) throws -> UInt64 {
        let dims = element.child(.array)?.children(.dim) ?? element.children(.dim)
        var count: UInt64 = 1
        for dim in dims {
            guard let value = DescriptionNumbers.ipxact(dim.text), value > 0 else { throw invalid(dim, "<dim> '\(dim.text)' is not a count") }
            let (product, overflow) = count.multipliedReportingOverflow(by: value)
            guard !overflow else { throw invalid(dim, "array \(name) is too large") }
            count = product
        }
        return count
    }

    /// 2014: `<dim>` elements (several for a many-dimensional array, flattened); 2022:
    /// `<array><dim>...<stride>`.
    private func elements(_ element: XMLElement, name: String, stride: UInt64) throws -> [ArrayElement] {
        var step = stride
        if let array = element.child(.array), let explicit = try number(array, .stride) { step = explicit }
        let dims = element.child(.array)?.children(.dim) ?? element.children(.dim)
        guard !dims.isEmpty else { return [ArrayElement(name: name, alias: nil, offset: 0)] }
        let count = try arrayCount(element, name: name)
        do {
            return try ArrayNames.indexed(name: name, dim: count, stride: step)
        } catch let error as ArrayError {
            throw invalid(element, error.message)
        }
    }

    /// The element's access: 2014's `<access>`, or 2022's `<accessPolicies>` /
    /// `<fieldAccessPolicies>` (the first policy).
    private func access(_ element: XMLElement) throws -> AccessRights? {
        let node = element.child(.access)
            ?? element.child(.accessPolicies)?.child(.accessPolicy)?.child(.access)
            ?? policy(element)?.child(.access)
        guard let node else { return nil }
        switch node.text {
        case "read-only": return .readOnly
        case "write-only", "writeOnce": return .writeOnly
        case "read-write", "read-writeOnce": return .readWrite
        case "no-access": return AccessRights(readable: false, writable: false)
        default: throw invalid(node, "<access> '\(node.text)' is not an IP-XACT access type")
        }
    }

    private func policy(_ field: XMLElement) -> XMLElement? {
        field.child(.fieldAccessPolicies)?.child(.fieldAccessPolicy)
    }

    /// A field's own element, or its 2022 access policy's.
    private func fieldProperty(_ field: XMLElement, _ name: XMLTag) -> XMLElement? {
        field.child(name) ?? policy(field)?.child(name)
    }

    private func register(_ element: XMLElement, path: [String], base: UInt64, offset: UInt64, size: UInt64, access: AccessRights?) throws -> MapRegister {
        guard let width = Width(rawValue: Int(clamping: size)) else {
            throw invalid(element, "register \(path.last!) has size \(size): mmio accesses 8, 16, 32 or 64 bits")
        }
        var register = MapRegister(path: path, base: base, offset: offset, width: width)
        var reset: UInt64 = 0
        var hasReset = false
        var readable = false
        var writable = false
        for field in element.children(.field) {
            let name = try name(field)
            guard let low = try number(field, .bitOffset), let count = try number(field, .bitWidth), count > 0,
                low < 64, count <= 64 - low, low + count <= UInt64(width.bits)
            else {
                throw invalid(field, "field \(name) has no <bitOffset>/<bitWidth> inside the \(width.bits)-bit register")
            }
            let bits = try BitRange(high: Int(low + count - 1), low: Int(low))
            let rights = try self.access(field) ?? access ?? .readWrite
            readable = readable || rights.readable
            writable = writable || rights.writable
            var effect = WriteEffect.plain
            if let node = fieldProperty(field, .modifiedWriteValue) {
                guard let parsed = WriteEffect(svd: node.text) else {
                    throw invalid(node, "<modifiedWriteValue> '\(node.text)' is not an IP-XACT value")
                }
                effect = parsed
            }
            if let value = try field.child(.resets)?.child(.reset).map({ try number($0, .value) }) ?? nil {
                reset |= (value & bits.fieldMask) << UInt64(bits.low)
                hasReset = true
            }
            var enums: [EnumeratedValue] = []
            for value in field.child(.enumeratedValues)?.children(.enumeratedValue) ?? [] {
                let enumName = try self.name(value)
                guard let number = try number(value, .value), number & ~bits.fieldMask == 0 else {
                    throw invalid(value, "enumerated value \(enumName) has no <value> that fits in \(count) bits")
                }
                enums.append(EnumeratedValue(enumName, number))
            }
            register.fields.append(MapField(
                name: name, bits: bits, access: rights, writeEffect: effect,
                readSideEffect: fieldProperty(field, .readAction) != nil, enums: enums))
        }
        if let own = access {
            register.access = own
        } else if !register.fields.isEmpty {
            register.access = AccessRights(readable: readable, writable: writable)
        }
        if hasReset { register.reset = reset }
        return register
    }
}
