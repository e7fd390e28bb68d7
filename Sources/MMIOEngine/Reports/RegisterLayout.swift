import MMIOBasics
import MMIODescriptions
/// `--layout`: a register drawn as a datasheet draws it. Sixteen bits a row, most significant
/// first, each bit four columns: the bit numbers, the fields as boxes with their names (cut to
/// the box; the lines under the drawing give them whole), and the value's bits. A row is 65
/// columns, 67 with the indent: it fits a terminal of 80.
public enum RegisterLayout {
    /// `--layout` draws text for a terminal: refused with `--json`, by `read` and `decode` alike.
    public static func checkForm(json: Bool) throws {
        if json { throw MMIOError.usage("--layout draws text: it does not go with --json") }
    }

    static let bitsPerRow = 16

    static func lines(width: Int, value: UInt64, fields: [MapField]) -> [String] {
        // The field each bit belongs to (the first listed that covers it); nil for none.
        var owner = [Int?](repeating: nil, count: width)
        for (index, field) in fields.enumerated() where field.bits.low < width {
            for bit in field.bits.low...min(field.bits.high, width - 1) where owner[bit] == nil { owner[bit] = index }
        }
        var lines: [String] = []
        var high = width - 1
        while high >= 0 {
            let low = max(0, high - bitsPerRow + 1)
            let bits = Array(stride(from: high, through: low, by: -1))
            // Runs of neighbouring bits of one field (or of none), left to right.
            var runs: [(owner: Int?, count: Int)] = []
            for bit in bits {
                if let last = runs.last, last.owner == owner[bit] {
                    runs[runs.count - 1].count += 1
                } else {
                    runs.append((owner[bit], 1))
                }
            }
            let border = "+" + runs.map { String(repeating: "-", count: 4 * $0.count - 1) + "+" }.joined()
            let names = "|" + runs.map { run in
                centered(run.owner.map { fields[$0].name } ?? "", 4 * run.count - 1) + "|"
            }.joined()
            lines.append(" " + bits.map { rightAligned(String($0), 3) + " " }.joined())
            lines.append(border)
            lines.append(names)
            lines.append(border)
            lines.append(" " + bits.map { rightAligned(String(value >> UInt64($0) & 1), 3) + " " }.joined())
            high = low - 1
        }
        return lines.map { "  " + trimmed($0) }
    }

    /// The name cut to the box and centred in it.
    private static func centered(_ name: String, _ width: Int) -> String {
        let cut = String(name.prefix(width))
        let left = (width - cut.count) / 2
        return String(repeating: " ", count: left) + cut + String(repeating: " ", count: width - cut.count - left)
    }

    private static func rightAligned(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    private static func trimmed(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }
}
