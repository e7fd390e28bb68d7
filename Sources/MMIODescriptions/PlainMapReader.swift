import MMIOBasics
/// mmio's own register-map format, for maps written by hand: one line per peripheral, register
/// and field, `#` comments. The man page has the complete grammar and an example:
///
///     peripheral UART0 0x40001000
///     register CTRL 0x00 32 rw reset=0
///       field EN 0
///       field MODE 2:1 IDLE=0 RUN=1
///     register STATUS 0x04 32 rclr
///       field DONE 0 w1c
///     register BUF[4] 0x10 32 stride=4
struct PlainMapReader {
    let file: String
    private var registers: [MapRegister] = []
    /// Each register's line, for messages about it after reading.
    private var lines: [Int] = []
    private var peripheral: (name: String, base: UInt64)?
    /// The registers of the last `register` line (several for an array), which its fields join.
    private var current: Range<Int>?
    /// The fields of the last `register` line so far, and their names. They are given to its
    /// registers when the next line starts another (one array, shared by every element), so a
    /// field line costs the same whatever the register's array count.
    private var fields: [MapField] = []
    private var fieldNames: Set<String> = []
    private var budget = ExpansionBudget()

    static func read(_ bytes: [UInt8], file: String) throws -> (registers: [MapRegister], lines: [Int]) {
        var reader = PlainMapReader(file: file)
        var lineNumber = 0
        for line in bytes.split(separator: 0x0a, omittingEmptySubsequences: false) {
            lineNumber += 1
            let words = Self.words(line)
            guard let keyword = words.first else { continue }
            do {
                switch keyword {
                case "peripheral", "block": try reader.peripheralLine(words)
                case "register": try reader.registerLine(words, at: lineNumber)
                case "field": try reader.fieldLine(words)
                default: throw PlainError("'\(keyword)' is not peripheral, register or field")
                }
            } catch let error as PlainError {
                throw DescriptionError.at(file, lineNumber, error.message)
            } catch let error as ArrayError {
                throw DescriptionError.at(file, lineNumber, error.message)
            }
        }
        reader.closeRegister()
        return (reader.registers, reader.lines)
    }

    /// Gives the last register line's fields to each of its registers.
    private mutating func closeRegister() {
        if let current, !fields.isEmpty {
            for index in current { registers[index].fields = fields }
        }
        current = nil
        fields = []
        fieldNames = []
    }

    private init(file: String) { self.file = file }

    /// A line's words, up to a `#`. Split as bytes: the separators are ASCII, never part of a
    /// longer UTF-8 sequence, and a String's Character view cost a large description most of
    /// its load time.
    private static func words(_ line: ArraySlice<UInt8>) -> [String] {
        let end = line.firstIndex(of: UInt8(ascii: "#")) ?? line.endIndex
        var words: [String] = []
        words.reserveCapacity(8)
        var start: Int?
        for index in line.startIndex..<end {
            let separator = line[index] == 0x20 || line[index] == 0x09 || line[index] == 0x0d
            if separator, let from = start {
                words.append(ArgumentText.string(line[from..<index]))
                start = nil
            } else if !separator && start == nil {
                start = index
            }
        }
        if let from = start { words.append(ArgumentText.string(line[from..<end])) }
        return words
    }

    private static func number(_ word: String, _ what: String) throws -> UInt64 {
        guard let value = try? NumberSyntax.number(word) else { throw PlainError("\(what) '\(word)' is not a number") }
        return value
    }

    private static func checkName(_ name: String) throws {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || (first | 0x20 >= 0x61 && first | 0x20 <= 0x7a),
            name.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) })
        else { throw PlainError("'\(name)' is not a name (letters, digits and _, not starting with a digit)") }
    }

    private mutating func peripheralLine(_ words: [String]) throws {
        guard words.count == 3 else { throw PlainError("expected: peripheral NAME BASE") }
        try Self.checkName(words[1])
        closeRegister()
        peripheral = (words[1], try Self.number(words[2], "base address"))
    }

    /// `register NAME[COUNT] OFFSET [WIDTH] [rw|ro|wo] [rclr] [reset=V] [stride=S]`
    private mutating func registerLine(_ words: [String], at line: Int) throws {
        guard words.count >= 3 else { throw PlainError("expected: register NAME OFFSET [WIDTH] [ACCESS] [reset=V] [stride=S] [rclr]") }
        var name = words[1]
        var count: UInt64?
        if let open = name.utf8.firstIndex(of: UInt8(ascii: "[")), name.utf8.last == UInt8(ascii: "]") {
            count = try Self.number(String(name[name.utf8.index(after: open)..<name.utf8.index(before: name.endIndex)]), "array count")
            name = String(name[..<open])
        }
        try Self.checkName(name)
        let offset = try Self.number(words[2], "offset")
        var width = Width.w32
        var access = AccessRights.readWrite
        var reset: UInt64?
        var stride: UInt64?
        var sideEffect = false
        for word in words.dropFirst(3) {
            if let bits = Int(word) {
                guard let parsed = Width(rawValue: bits) else { throw PlainError("width \(word) must be 8, 16, 32 or 64") }
                width = parsed
            } else if let rights = Self.rights(word) {
                access = rights
            } else if word.hasPrefix("reset=") {
                reset = try Self.number(String(word.dropFirst(6)), "reset value")
            } else if word.hasPrefix("stride=") {
                stride = try Self.number(String(word.dropFirst(7)), "stride")
            } else if word == "rclr" || word == "rset" || word == "rmod" {
                sideEffect = true
            } else {
                throw PlainError("'\(word)' is not a width, rw/ro/wo, rclr, reset=V or stride=S")
            }
        }
        if let reset, reset & ~width.mask != 0 { throw PlainError("reset=\(Hex.string(reset)) does not fit in \(width.bits) bits") }
        guard stride == nil || count != nil else { throw PlainError("stride= goes with an array, NAME[COUNT]") }
        closeRegister()
        let elements = try count.map { try ArrayNames.indexed(name: name, dim: $0, stride: stride ?? UInt64(width.bytes)) }
            ?? [ArrayElement(name: name, alias: nil, offset: 0)]
        try budget.admit(registers: UInt64(elements.count))
        let start = registers.count
        for element in elements {
            let base = peripheral?.base ?? 0
            guard let at = checkedSum(offset, element.offset), MapRegister.fits(base: base, offset: at, width: width) else {
                throw PlainError("\(element.name) at \(Hex.string(base)) + \(Hex.string(offset)) + \(Hex.string(element.offset)) is past the end of the 64-bit address space")
            }
            registers.append(MapRegister(
                path: (peripheral.map { [$0.name] } ?? []) + [element.name], base: peripheral?.base ?? 0, offset: at,
                width: width, access: access, reset: reset, readSideEffect: sideEffect))
        }
        current = start..<registers.count
        lines.append(contentsOf: repeatElement(line, count: elements.count))
    }

    /// `field NAME HI:LO|BIT [rw|ro|wo] [w1c|w1s|w1t|w0c|w0s|w0t|wclr|wset] [rclr] [ENUM=V...]`
    private mutating func fieldLine(_ words: [String]) throws {
        guard let current else { throw PlainError("a field line must follow a register line") }
        guard words.count >= 3 else { throw PlainError("expected: field NAME BITS [ACCESS] [EFFECT] [ENUM=VALUE...]") }
        try Self.checkName(words[1])
        let bits: BitRange
        do { bits = try BitRange(parsing: words[2]) } catch { throw PlainError("bits '\(words[2])' must be HI:LO or one bit number") }
        guard fieldNames.insert(words[1]).inserted else { throw PlainError("field \(words[1]) appears twice") }
        let width = registers[current.lowerBound].width
        guard bits.high < width.bits else { throw PlainError("bits \(bits) do not fit in the \(width.bits)-bit register") }
        var field = MapField(name: words[1], bits: bits, access: registers[current.lowerBound].access)
        for word in words.dropFirst(3) {
            if let rights = Self.rights(word) {
                field.access = rights
            } else if let effect = Self.effects[word] {
                field.writeEffect = effect
            } else if word == "rclr" || word == "rset" || word == "rmod" {
                field.readSideEffect = true
            } else if let equals = word.firstIndex(of: "=") {
                let name = String(word[..<equals])
                try Self.checkName(name)
                let value = try Self.number(String(word[word.index(after: equals)...]), "value of \(name)")
                guard value & ~bits.fieldMask == 0 else { throw PlainError("\(name)=\(value) does not fit in \(bits.bitCount) bits") }
                field.enums.append(EnumeratedValue(name, value))
            } else {
                throw PlainError("'\(word)' is not rw/ro/wo, a write effect (w1c ...), rclr or NAME=VALUE")
            }
        }
        try budget.admit(fields: UInt64(current.count))
        fields.append(field)
    }

    private static func rights(_ word: String) -> AccessRights? {
        switch word {
        case "rw": return .readWrite
        case "ro": return .readOnly
        case "wo": return .writeOnly
        default: return nil
        }
    }

    private static let effects: [String: WriteEffect] = [
        "w1c": .oneToClear, "w1s": .oneToSet, "w1t": .oneToToggle, "w0c": .zeroToClear, "w0s": .zeroToSet,
        "w0t": .zeroToToggle, "wclr": .clear, "wset": .set,
    ]
}

struct PlainError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
