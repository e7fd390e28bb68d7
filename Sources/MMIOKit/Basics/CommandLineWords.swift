/// Splits one line of a batch script into words as a shell would for simple commands:
/// whitespace separates, '...' and "..." quote, a backslash escapes the next character, and a
/// word starting with # begins a comment to the end of the line.
public enum CommandLineWords {
    public static func split(_ line: Substring) throws -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in line {
            if escaped {
                word.append(character)
                escaped = false
                continue
            }
            if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\" && open == "\"" {
                    escaped = true
                } else {
                    word.append(character)
                }
                continue
            }
            switch character {
            case " ", "\t", "\r":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "#" where !inWord:
                return words
            case "'", "\"":
                quote = character
                inWord = true
            case "\\":
                escaped = true
                inWord = true
            default:
                word.append(character)
                inWord = true
            }
        }
        guard quote == nil else { throw MMIOError.usage("unterminated \(quote!) quote") }
        if inWord { words.append(word) }
        return words
    }
}
