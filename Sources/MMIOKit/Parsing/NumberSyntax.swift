/// The spec's number, size and duration syntax, shared by every argument that takes one.
public enum NumberSyntax {
    /// `0x`, `0o`, `0b` prefixes or decimal, with `_` allowed between digits.
    public static func number(_ text: String) throws -> UInt64 {
        guard let value = parseNumber(Substring(text)) else {
            throw MMIOError.usage(
                "'\(text)' is not a number (decimal, or 0x, 0o, 0b prefixed, _ between digits)")
        }
        return value
    }

    /// A number with an optional `k`, `M` or `G` suffix (powers of 1024).
    public static func size(_ text: String) throws -> UInt64 {
        var digits = Substring(text)
        var scale: UInt64 = 1
        // A hex number may end in a digit that looks like a suffix; only decimal-looking
        // or prefixed numbers take suffixes, and `0x1G` is not one of them.
        if let last = digits.last, !digits.lowercased().hasPrefix("0x") {
            switch last {
            case "k", "K": scale = 1 << 10
            case "M": scale = 1 << 20
            case "G": scale = 1 << 30
            default: break
            }
            if scale != 1 { digits = digits.dropLast() }
        }
        guard let value = parseNumber(digits) else {
            throw MMIOError.usage("'\(text)' is not a size (a number, optionally with k, M or G)")
        }
        let (scaled, overflow) = value.multipliedReportingOverflow(by: scale)
        guard !overflow else { throw MMIOError.usage("size '\(text)' is too large") }
        return scaled
    }

    /// A duration in nanoseconds: a number (decimals allowed) with `ns`, `us`, `ms` or `s`;
    /// a bare number is seconds, as sleep(1) takes it.
    public static func duration(_ text: String) throws -> UInt64 {
        let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("ms", 1e6), ("s", 1e9)]
        var number = Substring(text)
        var scale = 1e9
        for (suffix, factor) in units where number.hasSuffix(suffix) {
            number = number.dropLast(suffix.count)
            scale = factor
            break
        }
        let plain = number.filter { $0 != "_" }
        guard !plain.isEmpty, plain.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Double(plain), value.isFinite
        else {
            throw MMIOError.usage("'\(text)' is not a duration (a number with ns, us, ms or s)")
        }
        let nanoseconds = value * scale
        guard nanoseconds < 1.8e19 else { throw MMIOError.usage("duration '\(text)' is too long") }
        return UInt64(nanoseconds.rounded())
    }

    private static func parseNumber(_ text: Substring) -> UInt64? {
        var digits = text
        var radix: UInt64 = 10
        let lower = text.lowercased()
        for (prefix, base) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(prefix) {
            digits = digits.dropFirst(2)
            radix = UInt64(base)
        }
        // Underscores separate digits: not first, not last, never two in a row.
        guard let first = digits.first, first != "_", digits.last != "_",
            !digits.contains("__")
        else { return nil }
        var value: UInt64 = 0
        for character in digits where character != "_" {
            guard let digit = character.hexDigitValue, UInt64(digit) < radix else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: radix)
            let (sum, overflow2) = shifted.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }
}
