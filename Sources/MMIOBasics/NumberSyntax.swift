/// The spec's number, size and duration syntax, shared by every argument that takes one.
public enum NumberSyntax {
    /// `0x`, `0o`, `0b` prefixes or decimal, with `_` allowed between digits.
    public static func number(_ text: String) throws -> UInt64 {
        var text = text
        guard let value = text.withUTF8({ parseDigits($0) }) else {
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
        let hex = digits.utf8.count > 1 && digits.utf8.first == UInt8(ascii: "0")
            && digits.utf8.dropFirst().first.map { $0 | 0x20 == UInt8(ascii: "x") } == true
        if let last = digits.last, !hex {
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
        var text = text
        return text.withUTF8 { parseDigits($0) }
    }

    /// Parses over the UTF-8 bytes: this runs for every number of every command and batch line.
    private static func parseDigits(_ buffer: UnsafeBufferPointer<UInt8>) -> UInt64? {
        var bytes = buffer[...]
        var radix: UInt64 = 10
        if bytes.count > 2, bytes.first == UInt8(ascii: "0") {
            switch bytes[bytes.index(after: bytes.startIndex)] | 0x20 {
            case UInt8(ascii: "x"): radix = 16
            case UInt8(ascii: "o"): radix = 8
            case UInt8(ascii: "b"): radix = 2
            default: break
            }
            if radix != 10 { bytes = bytes.dropFirst(2) }
        }
        return digits(bytes, radix: radix, underscores: true)
    }

    /// Digits of `radix` (at least one), with no overflow; with `underscores`, `_` may separate
    /// digits (not first, not last, never two in a row).
    package static func digits(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, radix: UInt64, underscores: Bool) -> UInt64? {
        let underscore = UInt8(ascii: "_")
        guard let first = bytes.first, first != underscore, bytes.last != underscore else { return nil }
        var value: UInt64 = 0
        var previous: UInt8 = 0
        for byte in bytes {
            defer { previous = byte }
            if byte == underscore && underscores {
                if previous == underscore { return nil }
                continue
            }
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            guard digit < radix else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: radix)
            let (sum, overflow2) = shifted.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }
}
