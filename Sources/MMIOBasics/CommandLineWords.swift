/// Splits one line of a batch script into words as a shell would for simple commands:
/// whitespace separates, '...' and "..." quote, a backslash escapes the next character, and a
/// word starting with # begins a comment to the end of the line. It works on the line's bytes:
/// every character it looks for is ASCII, so a UTF-8 sequence is never split, and each word
/// becomes text as a command-line word does (ArgumentText).
public enum CommandLineWords {
    public static func split<Bytes: Collection>(_ line: Bytes) throws -> [String] where Bytes.Element == UInt8 {
        if let words = try line.withContiguousStorageIfAvailable({ try split(buffer: $0) }) { return words }
        return try Array(line).withUnsafeBufferPointer { try split(buffer: $0) }
    }

    static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), cr = UInt8(ascii: "\r")
    static let single = UInt8(ascii: "'"), double = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
    static let comment = UInt8(ascii: "#")

    static func split(buffer line: UnsafeBufferPointer<UInt8>) throws -> [String] {
        var words: [String] = []
        words.reserveCapacity(8)
        var index = 0
        let count = line.count
        while index < count {
            let byte = line[index]
            if byte == space || byte == tab || byte == cr {
                index += 1
                continue
            }
            if byte == comment { break }
            // A plain word (the common case) is its own bytes: no copy, no unquoting.
            let start = index
            while index < count {
                let next = line[index]
                if next == space || next == tab || next == cr || next == single || next == double || next == backslash { break }
                index += 1
            }
            if index == count || line[index] == space || line[index] == tab || line[index] == cr {
                words.append(ArgumentText.string(UnsafeBufferPointer(rebasing: line[start..<index])))
                continue
            }
            index = start
            words.append(try quotedWord(line, &index))
        }
        return words
    }

    /// A word with quotes or escapes, from `index` to the blank after it.
    private static func quotedWord(_ line: UnsafeBufferPointer<UInt8>, _ index: inout Int) throws -> String {
        var word: [UInt8] = []
        var quote: UInt8 = 0
        while index < line.count {
            let byte = line[index]
            index += 1
            if quote != 0 {
                if byte == quote {
                    quote = 0
                } else if byte == backslash && quote == double && index < line.count {
                    word.append(line[index])
                    index += 1
                } else if byte != backslash || quote != double {
                    word.append(byte)
                }
                continue
            }
            switch byte {
            case space, tab, cr:
                return ArgumentText.string(word)
            case single, double:
                quote = byte
            case backslash:
                if index < line.count {
                    word.append(line[index])
                    index += 1
                }
            default:
                word.append(byte)
            }
        }
        guard quote == 0 else {
            throw MMIOError.usage("unterminated \(quote == single ? "'" : "\"") quote")
        }
        return ArgumentText.string(word)
    }
}
