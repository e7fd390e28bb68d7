import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// ADDRESS as the user wrote it: a number, or a register name that a description (`--regs`)
/// turns into an address, a width and perhaps a field.
public enum Location: Equatable, Sendable, CustomStringConvertible {
    case address(UInt64)
    case name(String)

    /// A number where the word is one; a register name where it looks like one (a letter or `_`
    /// first, then letters, digits, `_`, `.`, `[`, `]`), or a name and an offset after it
    /// (`CAP_EXP+0x10`); anything else is the number's error.
    public static func parse(_ word: String) throws -> Location {
        guard let first = word.utf8.first, RegisterNameSyntax.canStartName(first) else {
            return .address(try NumberSyntax.number(word))
        }
        if RegisterNameSyntax.isName(word) { return .name(word) }
        do {
            if try RegisterNameSyntax.nameAndOffset(word) != nil { return .name(word) }
        } catch let error as MMIOError {
            // The word as given: the error line is made printable where it is written.
            throw MMIOError.usage("'\(word)': the offset after + is not a number (\(error.message))")
        }
        return .address(try NumberSyntax.number(word))
    }

    public var description: String {
        switch self {
        case .address(let value): return Hex.string(value)
        case .name(let name): return name
        }
    }
}

/// VALUE as the user wrote it: a number, one of a field's enumerated value names, or
/// `FIELD=VALUE` (for `write REG F1=V F2=ENUM`).
public enum ValueWord: Equatable, Sendable {
    case number(UInt64)
    case name(String)
    case field(String, FieldValue)

    /// The value of `FIELD=VALUE`: a number or an enumerated name.
    public enum FieldValue: Equatable, Sendable {
        case number(UInt64)
        case name(String)
    }

    /// Whether `word` is `NAME=...`, which VALUE reads as a field assignment.
    public static func isFieldAssignment(_ word: String) -> Bool {
        guard let equals = word.utf8.firstIndex(of: UInt8(ascii: "=")) else { return false }
        return RegisterNameSyntax.isName(String(word[..<equals]))
    }

    public static func parse(_ word: String) throws -> ValueWord {
        // Most values are numbers: a word that cannot start a name goes straight to the number.
        guard let first = word.utf8.first, RegisterNameSyntax.canStartName(first) else {
            return .number(try NumberSyntax.number(word))
        }
        if let equals = word.utf8.firstIndex(of: UInt8(ascii: "=")) {
            let field = String(word[..<equals])
            if RegisterNameSyntax.isName(field) {
                let value = String(word[word.utf8.index(after: equals)...])
                if RegisterNameSyntax.isName(value) { return .field(field, .name(value)) }
                return .field(field, .number(try NumberSyntax.number(value)))
            }
        }
        if RegisterNameSyntax.isName(word) { return .name(word) }
        return .number(try NumberSyntax.number(word))
    }

    /// The number, or the error a word that is not one has always had (without a description,
    /// VALUE is a number: `write 0x20 b` is refused, not a write of 0).
    public func number() throws -> UInt64 {
        switch self {
        case .number(let value): return value
        case .name(let word): return try NumberSyntax.number(word)
        case .field(let name, _): throw MMIOError.usage("'\(ArgumentText.printable(name))=...' names a field: it needs a register name as ADDRESS and --regs")
        }
    }
}

enum RegisterNameSyntax {
    static func canStartName(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "_") || isLetter(byte) }

    static func isName(_ word: String) -> Bool {
        // On the contiguous bytes: every named batch line asks, and a String's own UTF-8 view
        // costs several times as much a byte.
        var word = word
        return word.withUTF8 { bytes in
            guard let first = bytes.first, canStartName(first) else { return false }
            return bytes.allSatisfy { byte in
                isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
                    || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
            }
        }
    }

    /// `NAME+NUMBER` split in two; nil where the word is not of that form. The offset is checked
    /// here, so that a bad one is the number's error.
    static func nameAndOffset(_ word: String) throws -> (name: String, offset: UInt64)? {
        guard let plus = word.utf8.firstIndex(of: UInt8(ascii: "+")) else { return nil }
        let name = String(word[..<plus])
        guard isName(name) else { return nil }
        return (name, try NumberSyntax.number(String(word[word.utf8.index(after: plus)...])))
    }

    private static func isLetter(_ byte: UInt8) -> Bool { byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7a }
}
