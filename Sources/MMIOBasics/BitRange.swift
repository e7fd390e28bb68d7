/// A bit field `HI:LO` of a register (or `N` for one bit), as `--bits` takes it.
public struct BitRange: Equatable, Sendable, CustomStringConvertible {
    public let high: Int
    public let low: Int

    public init(high: Int, low: Int) throws {
        guard high >= low, low >= 0, high < 64 else {
            throw MMIOError.usage("bit range \(high):\(low) must be HI:LO with 63 >= HI >= LO >= 0")
        }
        self.high = high
        self.low = low
    }

    /// Parses `HI:LO` or a single bit number.
    public init(parsing text: String) throws {
        // On bytes: a description's fields come through here by the thousand.
        var bytes = text
        let parsed: (high: Int, low: Int)? = bytes.withUTF8 { buffer in
            let colon = buffer.firstIndex(of: UInt8(ascii: ":"))
            guard let high = Self.decimal(buffer[..<(colon ?? buffer.endIndex)]),
                let low = colon.map({ Self.decimal(buffer[($0 + 1)...]) }) ?? high
            else { return nil }
            return (high, low)
        }
        guard let parsed else {
            throw MMIOError.usage("bit range '\(text)' must be HI:LO (for example 7:4) or one bit number")
        }
        try self.init(high: parsed.high, low: parsed.low)
    }

    /// A decimal number as `Int(_:)` reads one (a sign, then digits), or nil.
    private static func decimal(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        let negative = bytes.first == UInt8(ascii: "-")
        let digits = negative || bytes.first == UInt8(ascii: "+") ? bytes.dropFirst() : bytes
        guard let magnitude = NumberSyntax.digits(digits, radix: 10, underscores: false),
            magnitude <= UInt64(Int.max)
        else { return nil }
        return negative ? -Int(magnitude) : Int(magnitude)
    }

    public var bitCount: Int { high - low + 1 }
    /// The field's bits, shifted down to bit 0.
    public var fieldMask: UInt64 { bitCount == 64 ? .max : (1 << UInt64(bitCount)) - 1 }
    /// The field's bits in place inside the register.
    public var registerMask: UInt64 { fieldMask << UInt64(low) }
    public var hexDigits: Int { (bitCount + 3) / 4 }

    public func extract(from register: UInt64) -> UInt64 { (register >> UInt64(low)) & fieldMask }

    /// `register` with only this field replaced by `field`.
    public func insert(_ field: UInt64, into register: UInt64) -> UInt64 {
        (register & ~registerMask) | ((field & fieldMask) << UInt64(low))
    }

    /// Refuses a field wider than the access it lives in.
    public func check(fitsIn width: Width) throws {
        guard high < width.bits else {
            throw MMIOError.usage("bits \(self) do not fit in a \(width.bits)-bit access")
        }
    }

    /// Refuses a field value wider than the field, quoting both.
    public func check(fieldValue: UInt64) throws {
        guard fieldValue & ~fieldMask == 0 else {
            throw MMIOError.usage(
                "value \(Hex.string(fieldValue)) does not fit in bits \(self) (\(bitCount) bits)")
        }
    }

    public var description: String { "\(high):\(low)" }
}
