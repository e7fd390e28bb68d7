/// Hex formatting into byte buffers, without Foundation or per-call allocation in hot paths.
public enum Hex {
    static let digits: [UInt8] = Array("0123456789abcdef".utf8)
    static let upperDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Appends `value` as exactly `count` hex digits (more if the value needs them).
    @inline(__always)
    public static func append(
        _ value: UInt64, digits count: Int, to buffer: inout [UInt8], uppercase: Bool = false
    ) {
        let needed = max(count, significantDigits(value))
        let table = uppercase ? upperDigits : digits
        var shift = (needed - 1) * 4
        while shift >= 0 {
            buffer.append(table[Int((value >> UInt64(shift)) & 0xf)])
            shift -= 4
        }
    }

    /// `0x` followed by `digits` hex digits (at least).
    public static func string(_ value: UInt64, digits count: Int = 1) -> String {
        var buffer: [UInt8] = [0x30, 0x78]
        append(value, digits: count, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Hex digits `value` needs, at least one.
    public static func significantDigits(_ value: UInt64) -> Int {
        max(1, (64 - value.leadingZeroBitCount + 3) / 4)
    }

    /// Digits an address column needs: 8, or more for addresses that do not fit.
    public static func addressDigits(upTo last: UInt64) -> Int { max(8, significantDigits(last)) }
}
