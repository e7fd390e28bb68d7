/// Splits one line of a batch script into words as a shell would for simple commands:
/// whitespace separates, '...' and "..." quote, a backslash escapes the next character, and a
/// word starting with # begins a comment to the end of the line. It works on the line's bytes:
/// every character it looks for is ASCII, so a UTF-8 sequence is never split, and each word
/// becomes text as a command-line word does (ArgumentText).
public enum CommandLineWords {
    public static func split<Bytes: Collection>(_ line: Bytes) throws -> [String] where Bytes.Element == UInt8 {
        var words: [String] = []
        var word: [UInt8] = []
        var inWord = false
        var quote: UInt8 = 0
        var escaped = false
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), cr = UInt8(ascii: "\r")
        let single = UInt8(ascii: "'"), double = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        for byte in line {
            if escaped {
                word.append(byte)
                escaped = false
                continue
            }
            if quote != 0 {
                if byte == quote {
                    quote = 0
                } else if byte == backslash && quote == double {
                    escaped = true
                } else {
                    word.append(byte)
                }
                continue
            }
            switch byte {
            case space, tab, cr:
                if inWord { words.append(ArgumentText.string(word)) }
                word.removeAll(keepingCapacity: true)
                inWord = false
            case UInt8(ascii: "#") where !inWord:
                return words
            case single, double:
                quote = byte
                inWord = true
            case backslash:
                escaped = true
                inWord = true
            default:
                word.append(byte)
                inWord = true
            }
        }
        guard quote == 0 else {
            throw MMIOError.usage("unterminated \(quote == single ? "'" : "\"") quote")
        }
        if inWord { words.append(ArgumentText.string(word)) }
        return words
    }
}
