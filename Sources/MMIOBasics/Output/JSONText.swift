/// Just enough JSON to write one object per line by hand, with no Foundation in the way.
public enum JSONText {
    public static func string(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case _ where scalar.value < 0x20 || (scalar.value >= 0x7f && scalar.value <= 0x9f):
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    public static func optional(_ text: String?) -> String { text.map(string) ?? "null" }

    /// `{"a":1,"b":"x"}` from already-encoded values, in the order given.
    public static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\(string($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    public static func hex(_ value: UInt64, digits: Int = 1) -> String {
        string(Hex.string(value, digits: digits))
    }

    /// An address (an offset in a target, or a physical address) as the JSON vocabulary writes
    /// it: `"0x"` and 8 hex digits, or 16 when it needs more than 8.
    public static func address(_ value: UInt64) -> String {
        "\"" + addressText(value) + "\""
    }

    /// The same without the quotes.
    public static func addressText(_ value: UInt64) -> String {
        Hex.string(value, digits: value > 0xffff_ffff ? 16 : 8)
    }
}
