/// Numbers as description files write them; nil where the text is not one.
enum DescriptionNumbers {
    /// CMSIS-SVD's scaledNonNegativeInteger: decimal, `0x` hex, `#` binary, an optional `k`,
    /// `M`, `G` or `T` scale; and enumerated values' `0b` binary.
    static func svd(_ text: String) -> UInt64? {
        var body = Substring(text)
        if body.hasPrefix("+") { body = body.dropFirst() }
        var scale: UInt64 = 1
        var radix = 10
        if body.hasPrefix("0x") || body.hasPrefix("0X") {
            radix = 16
            body = body.dropFirst(2)
        } else if body.hasPrefix("#") {
            radix = 2
            body = body.dropFirst()
        } else if body.hasPrefix("0b") || body.hasPrefix("0B") {
            radix = 2
            body = body.dropFirst(2)
        }
        if radix != 16, let last = body.last {
            switch last {
            case "k", "K": scale = 1 << 10
            case "m", "M": scale = 1 << 20
            case "g", "G": scale = 1 << 30
            case "t", "T": scale = 1 << 40
            default: break
            }
            if scale != 1 { body = body.dropLast() }
        }
        guard !body.isEmpty, let value = UInt64(body, radix: radix) else { return nil }
        let (scaled, overflow) = value.multipliedReportingOverflow(by: scale)
        return overflow ? nil : scaled
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
