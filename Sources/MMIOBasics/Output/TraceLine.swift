/// The one-line form of an access, shared by `--trace` (made) and `--dry-run` (planned):
/// `w32 0x00000004 <- 0x12345678`, `r32 0x00000004 -> 0xedcba987`.
public enum TraceLine {
    public static func read(_ width: Width, _ address: UInt64, _ value: UInt64? = nil) -> String {
        let head = "r\(width.bits) \(Hex.string(address, digits: 8))"
        guard let value else { return head }
        return head + " -> " + Hex.string(value, digits: width.hexDigits)
    }

    public static func write(_ width: Width, _ address: UInt64, _ value: UInt64) -> String {
        "w\(width.bits) \(Hex.string(address, digits: 8)) <- \(Hex.string(value, digits: width.hexDigits))"
    }

    /// A read-modify-write whose read was not made: the value written in terms of it.
    package static func symbolicModify(_ width: Width, _ address: UInt64, clearing: UInt64, setting: UInt64)
        -> String
    {
        let digits = width.hexDigits
        var expression = "v"
        if clearing != 0 { expression = "(v & ~\(Hex.string(clearing, digits: digits)))" }
        if setting != 0 { expression += " | \(Hex.string(setting, digits: digits))" }
        return "w\(width.bits) \(Hex.string(address, digits: 8)) <- \(expression)"
    }
}
