import MMIOBasics
import MMIODescriptions
/// How a register's fields line up in text (`read --decode`, `regs`).
enum RegisterDecoding {
    /// `[7:4]`, or `[3]` for one bit.
    static func bitsText(_ field: MapField) -> String {
        field.bits.bitCount == 1 ? "[\(field.bits.low)]" : "[\(field.bits)]"
    }

    static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
