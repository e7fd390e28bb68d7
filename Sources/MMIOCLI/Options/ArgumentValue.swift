import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

/// A type a command-line word becomes, with its one `parse`: the subcommands' definitions name
/// it as their `transform`, and the fast path calls the same function, so a word means the same
/// thing on both. A thrown error is a usage error that quotes the word.
protocol ArgumentValue {
    static func parse(_ word: String) throws -> Self
}

extension String: ArgumentValue {
    public static func parse(_ word: String) throws -> String { word }
}

/// ADDRESS, VALUE, MASK, COUNT: `0x`, `0o`, `0b` or decimal, `_` between digits.
public struct Number: ArgumentValue, Equatable {
    public var value: UInt64
    public static func parse(_ word: String) throws -> Number { Number(value: try NumberSyntax.number(word)) }
}

/// devmem's ADDRESS and VALUE, read as busybox reads them (`strtoul` base 0: a leading `0` is
/// octal), so that a script switching from busybox keeps its meaning.
public struct DevmemNumber: ArgumentValue, Equatable {
    public var value: UInt64
    public static func parse(_ word: String) throws -> DevmemNumber { DevmemNumber(value: try DevmemOperation.number(word)) }
}

/// LENGTH: a number with an optional `k`, `M` or `G`.
public struct Size: ArgumentValue, Equatable {
    public var bytes: UInt64
    public static func parse(_ word: String) throws -> Size { Size(bytes: try NumberSyntax.size(word)) }
}

/// A duration: `10ms`, `250us`, `1.5s`; a bare number is seconds.
public struct TimeSpan: ArgumentValue, Equatable {
    public var nanoseconds: UInt64
    public static func parse(_ word: String) throws -> TimeSpan { TimeSpan(nanoseconds: try NumberSyntax.duration(word)) }
}

/// ADDRESS: a number, or a register name (resolved against --regs when the line is planned).
extension Location: ArgumentValue {}

/// VALUE: a number, an enumerated value's name, or FIELD=VALUE (names need --regs).
extension ValueWord: ArgumentValue {}

extension ByteOrder: ArgumentValue {}

extension Width: ArgumentValue {
    /// Numbers of bits only: letters mean different sizes in different tools.
    public static func parse(_ word: String) throws -> Width {
        guard word.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let bits = Int(word),
            let width = Width(rawValue: bits)
        else {
            throw MMIOError.usage("width '\(word)' must be 8, 16, 32 or 64 (bits)")
        }
        return width
    }
}

extension BitRange: ArgumentValue {
    public static func parse(_ word: String) throws -> BitRange { try BitRange(parsing: word) }
}
