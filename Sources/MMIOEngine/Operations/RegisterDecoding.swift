import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// A register's value shown field by field (`read --decode`, `dump` with `--regs`).
enum RegisterDecoding {
    static func show(
        _ register: MapRegister, value: UInt64, fields: [MapField], address: UInt64, _ settings: AccessSettings,
        output: OutputStream
    ) throws {
        let digits = register.width.hexDigits
        if settings.json {
            let fieldObjects = fields.map { field -> String in
                let fieldValue = field.bits.extract(from: value)
                return "{\"name\":" + JSONText.string(field.name) + ",\"bits\":\"\(field.bits)\",\"value\":\""
                    + Hex.string(fieldValue, digits: field.bits.hexDigits) + "\""
                    + (field.enumName(fieldValue).map { ",\"enum\":" + JSONText.string($0) } ?? "") + "}"
            }
            try output.line(
                "{\"address\":\(JSONText.address(address)),\"width\":\(register.width.bits),"
                    + "\"name\":" + JSONText.string(register.name) + ",\"value\":\"\(Hex.string(value, digits: digits))\","
                    + "\"fields\":[" + fieldObjects.joined(separator: ",") + "]}")
            return
        }
        try output.line(register.name + " = " + Hex.string(value, digits: digits))
        let bitsWidth = fields.map { bitsText($0).count }.max() ?? 0
        let nameWidth = fields.map(\.name.count).max() ?? 0
        for field in fields {
            let fieldValue = field.bits.extract(from: value)
            try output.line(
                "  " + padded(bitsText(field), bitsWidth) + " " + padded(field.name, nameWidth) + " = "
                    + Hex.string(fieldValue, digits: field.bits.hexDigits)
                    + (field.enumName(fieldValue).map { " (\($0))" } ?? ""))
        }
    }

    /// `[7:4]`, or `[3]` for one bit.
    static func bitsText(_ field: MapField) -> String {
        field.bits.bitCount == 1 ? "[\(field.bits.low)]" : "[\(field.bits)]"
    }

    static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
