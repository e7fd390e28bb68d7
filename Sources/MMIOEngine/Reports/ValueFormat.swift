import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// How register values print: `0x` and a fixed number of hex digits, or a JSON object per
/// line with values as hex strings (exact for 64 bits, which JSON numbers are not).
enum ValueFormat {
    static func digits(_ settings: AccessSettings) -> Int {
        settings.bits?.hexDigits ?? settings.width.hexDigits
    }

    /// A field's value for a message: its enumerated name where it has one (`TX (0x2)`).
    static func named(_ value: UInt64, of field: MapField?, digits: Int) -> String {
        let hex = Hex.string(value, digits: digits)
        return field?.enumName(value).map { "\($0) (\(hex))" } ?? hex
    }

    static func json(address: UInt64, value: UInt64, _ settings: AccessSettings, extra: String = "")
        -> String
    {
        var text = "{\"address\":\(JSONText.address(address)),\"width\":\(settings.width.bits)"
        if let bits = settings.bits { text += ",\"bits\":\"\(bits)\"" }
        text += ",\"value\":\"\(Hex.string(value, digits: digits(settings)))\"\(extra)}"
        return text
    }
}
