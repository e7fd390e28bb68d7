/// An access width in bits. Every access is exactly one load or store of this width.
public enum Width: Int, CaseIterable, Sendable {
    case w8 = 8, w16 = 16, w32 = 32, w64 = 64

    public var bits: Int { rawValue }
    public var bytes: Int { rawValue / 8 }
    /// Hex digits that print a full value of this width.
    public var hexDigits: Int { rawValue / 4 }
    /// All the bits a value of this width can hold.
    public var mask: UInt64 { self == .w64 ? .max : (1 << UInt64(rawValue)) - 1 }

    /// Refuses a value with bits set above the width, quoting both (nothing is truncated).
    public func check(_ value: UInt64, what: String = "value") throws {
        guard value & ~mask == 0 else {
            throw MMIOError.usage(
                "\(what) \(Hex.string(value)) does not fit in \(bits) bits")
        }
    }
}

/// A register's byte order (`--endian`): a big-endian register's value is byte-swapped after
/// each load and before each store; the access itself is the same one load or store.
public enum ByteOrder: String, Sendable {
    case little, big

    public static func parse(_ word: String) throws -> ByteOrder {
        guard let order = ByteOrder(rawValue: word) else {
            throw MMIOError.usage("--endian takes little or big, not '\(ArgumentText.printable(word))'")
        }
        return order
    }
}

extension Width {
    /// `value`'s bytes in the other order, within this width.
    public func byteSwapped(_ value: UInt64) -> UInt64 {
        switch self {
        case .w8: return value & 0xff
        case .w16: return UInt64(UInt16(truncatingIfNeeded: value).byteSwapped)
        case .w32: return UInt64(UInt32(truncatingIfNeeded: value).byteSwapped)
        case .w64: return value.byteSwapped
        }
    }
}
