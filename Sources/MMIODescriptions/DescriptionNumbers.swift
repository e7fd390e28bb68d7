import MMIOBasics
/// Numbers as description files write them; nil where the text is not one.
enum DescriptionNumbers {
    /// CMSIS-SVD's scaledNonNegativeInteger: decimal, `0x` hex, `#` binary, an optional `k`,
    /// `M`, `G` or `T` scale; and enumerated values' `0b` binary.
    static func svd(_ text: String) -> UInt64? {
        var text = text
        return text.withUTF8 { svd(UnsafeRawBufferPointer($0)) }
    }

    static func svd(_ raw: UnsafeRawBufferPointer) -> UInt64? {
        let bytes = raw.bindMemory(to: UInt8.self)
        var body = bytes[...]
        if body.first == UInt8(ascii: "+") { body = body.dropFirst() }
        var radix: UInt64 = 10
        if body.count > 2, body[body.startIndex] == UInt8(ascii: "0"), body[body.startIndex + 1] | 0x20 == UInt8(ascii: "x") {
            radix = 16
            body = body.dropFirst(2)
        } else if body.first == UInt8(ascii: "#") {
            radix = 2
            body = body.dropFirst()
        } else if body.count > 2, body[body.startIndex] == UInt8(ascii: "0"), body[body.startIndex + 1] | 0x20 == UInt8(ascii: "b") {
            radix = 2
            body = body.dropFirst(2)
        }
        var scale: UInt64 = 1
        if let last = body.last {
            switch last | 0x20 {
            case UInt8(ascii: "k"): scale = 1 << 10
            case UInt8(ascii: "m"): scale = 1 << 20
            case UInt8(ascii: "g"): scale = 1 << 30
            case UInt8(ascii: "t"): scale = 1 << 40
            default: break
            }
            if scale != 1 { body = body.dropLast() }
        }
        guard let value = NumberSyntax.digits(body, radix: radix, underscores: false) else { return nil }
        let (scaled, overflow) = value.multipliedReportingOverflow(by: scale)
        return overflow ? nil : scaled
    }

    /// An SVD binary value with don't-care bits (`#1x0`, `0b1X0`): the cared-for bits' value
    /// and their mask; nil where the text has no don't-care bit (or is not such a value).
    static func svdPattern(_ raw: UnsafeRawBufferPointer) -> (value: UInt64, mask: UInt64)? {
        let bytes = raw.bindMemory(to: UInt8.self)
        var body = bytes[...]
        if body.first == UInt8(ascii: "#") {
            body = body.dropFirst()
        } else if body.count > 2, body[body.startIndex] == UInt8(ascii: "0"), body[body.startIndex + 1] | 0x20 == UInt8(ascii: "b") {
            body = body.dropFirst(2)
        } else {
            return nil
        }
        guard !body.isEmpty, body.count <= 64, body.contains(where: { $0 | 0x20 == UInt8(ascii: "x") }) else { return nil }
        var value: UInt64 = 0
        var mask: UInt64 = 0
        for byte in body {
            value <<= 1
            mask <<= 1
            switch byte | 0x20 {
            case UInt8(ascii: "0"): mask |= 1
            case UInt8(ascii: "1"): mask |= 1; value |= 1
            case UInt8(ascii: "x"): break
            default: return nil
            }
        }
        return (value, mask)
    }

    /// IP-XACT's literals: Verilog-style `'hFF`, `8'hFF`, `'d10`, `'b101`, `'o7`; `0x` hex;
    /// decimal. (Expressions over parameters are not evaluated.)
    static func ipxact(_ text: String) -> UInt64? {
        let plain = text.filter { $0 != "_" }
        if let quote = plain.firstIndex(of: "'") {
            let size = plain[..<quote]
            guard size.isEmpty || UInt64(size) != nil else { return nil }
            var rest = plain[plain.index(after: quote)...]
            if rest.first == "s" || rest.first == "S" { rest = rest.dropFirst() }
            guard let base = rest.first else { return nil }
            let digits = rest.dropFirst()
            let radix: Int
            switch base {
            case "h", "H": radix = 16
            case "d", "D": radix = 10
            case "b", "B": radix = 2
            case "o", "O": radix = 8
            default: return nil
            }
            return digits.isEmpty ? nil : UInt64(digits, radix: radix)
        }
        if plain.hasPrefix("0x") || plain.hasPrefix("0X") { return UInt64(plain.dropFirst(2), radix: 16) }
        return UInt64(plain)
    }
}
