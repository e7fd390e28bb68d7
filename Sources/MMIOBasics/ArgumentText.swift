/// Command-line words, script lines and paths are bytes; a Swift String holds only valid UTF-8.
/// A byte that is not part of valid UTF-8 travels as the private-use scalar U+F700 + byte, so a
/// path that is not UTF-8 still opens byte for byte. A valid scalar of that range (U+F780 to
/// U+F7FF) travels as its three bytes, so the mapping stays exact both ways.
public enum ArgumentText {
    static let escapeBase: UInt32 = 0xF700
    static let escapedRange: ClosedRange<UInt32> = 0xF780...0xF7FF

    /// The text of `bytes`, escaping what is not valid UTF-8.
    public static func string<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        // The common cases: ASCII, and valid UTF-8 with no EF lead byte (which the escape range needs).
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        if !bytes.contains(0xEF), let text = String(validating: bytes, as: UTF8.self) { return text }
        let raw = Array(bytes)
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index < raw.count {
            let length = validScalarLength(raw, at: index)
            if length == 0 {
                scalars.append(Unicode.Scalar(escapeBase + UInt32(raw[index]))!)
                index += 1
                continue
            }
            let scalar = String(decoding: raw[index..<index + length], as: UTF8.self).unicodeScalars.first!
            if escapedRange.contains(scalar.value) {
                for byte in raw[index..<index + length] { scalars.append(Unicode.Scalar(escapeBase + UInt32(byte))!) }
            } else {
                scalars.append(scalar)
            }
            index += length
        }
        return String(scalars)
    }

    /// How many bytes the well-formed UTF-8 scalar at `index` takes (RFC 3629), or 0.
    static func validScalarLength(_ raw: [UInt8], at index: Int) -> Int {
        let lead = raw[index]
        let continuation: ClosedRange<UInt8> = 0x80...0xBF
        func byte(_ offset: Int, in range: ClosedRange<UInt8>) -> Bool {
            index + offset < raw.count && range.contains(raw[index + offset])
        }
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return byte(1, in: continuation) ? 2 : 0
        case 0xE0...0xEF:
            let second: ClosedRange<UInt8> = lead == 0xE0 ? 0xA0...0xBF : lead == 0xED ? 0x80...0x9F : continuation
            return byte(1, in: second) && byte(2, in: continuation) ? 3 : 0
        case 0xF0...0xF4:
            let second: ClosedRange<UInt8> = lead == 0xF0 ? 0x90...0xBF : lead == 0xF4 ? 0x80...0x8F : continuation
            return byte(1, in: second) && byte(2, in: continuation) && byte(3, in: continuation) ? 4 : 0
        default: return 0
        }
    }

    /// The bytes `text` stands for: escaped scalars back to their bytes, the rest as UTF-8.
    public static func bytes(_ text: String) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if escapedRange.contains(scalar.value) {
                result.append(UInt8(scalar.value - escapeBase))
            } else {
                result.append(contentsOf: String(scalar).utf8)
            }
        }
        return result
    }

    /// Calls `body` with `text` as a C string of its original bytes (for open, stat, opendir).
    public static func withCString<T>(_ text: String, _ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        if !text.unicodeScalars.contains(where: { escapedRange.contains($0.value) }) {
            return try text.withCString(body)
        }
        var raw = bytes(text).map { CChar(bitPattern: $0) }
        raw.append(0)
        return try raw.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }

    /// The longest text a message quotes whole; a longer one keeps its start and end around an
    /// ellipsis, so that one line stays one readable line whatever a file or an argument holds.
    public static let quotedLimit = 512

    /// `text` for one line of a message: control characters (C0, DEL and C1) as `\n`, `\t`,
    /// `\xNN`, `\u0085`, escaped bytes as `\xNN`, a backslash as itself; cut in the middle past
    /// `limit` characters.
    public static func printable(_ text: String, limit: Int = quotedLimit) -> String {
        let tooLong = text.utf8.count > limit && text.unicodeScalars.count > limit
        guard tooLong || text.unicodeScalars.contains(where: { isControl($0.value) || escapedRange.contains($0.value) })
        else { return text }
        var result = ""
        var scalars = Array(text.unicodeScalars)
        if tooLong {
            let kept = Array(scalars.prefix(limit - 64)) + Array("...".unicodeScalars) + scalars.suffix(48)
            scalars = kept
        }
        for scalar in scalars {
            switch scalar.value {
            case 0x0a: result += "\\n"
            case 0x0d: result += "\\r"
            case 0x09: result += "\\t"
            case 0..<0x20, 0x7f: result += "\\x" + hexByte(scalar.value)
            case 0x80...0x9f: result += "\\u00" + hexByte(scalar.value)
            case escapedRange: result += "\\x" + hexByte(scalar.value - escapeBase)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// C0 controls, DEL and C1 controls (U+0080 to U+009F, which terminals obey too: U+009B
    /// starts an escape sequence, U+0085 ends a line).
    @inline(__always)
    static func isControl(_ value: UInt32) -> Bool { value < 0x20 || (value >= 0x7f && value <= 0x9f) }

    private static func hexByte(_ value: UInt32) -> String {
        let text = String(value, radix: 16)
        return value < 0x10 ? "0" + text : text
    }
}
