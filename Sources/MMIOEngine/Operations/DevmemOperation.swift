import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// `devmem ADDRESS [WIDTH [VALUE]]`: busybox devmem's arguments and output (`0x%0*X`, a silent
/// write), on physical memory. Unlike busybox it refuses a value wider than the width and a
/// misaligned address instead of truncating or splitting.
public struct DevmemOperation: RegisterOperation {
    public var address: UInt64
    public var value: UInt64?

    public init(address: UInt64, value: UInt64?) {
        self.address = address
        self.value = value
    }

    /// busybox's WIDTH: bits, or its letters b, h, w, l (8, 16, 32 and, on 64-bit Linux, 64).
    public static func width(_ text: String) throws -> Width {
        let letters: [String: Width] = ["b": .w8, "h": .w16, "w": .w32, "l": .w64]
        if text.count == 1, let width = letters[text.lowercased()] { return width }
        if let bits = Int(text), let width = Width(rawValue: bits) { return width }
        throw MMIOError.usage("bad width '\(text)': 8, 16, 32, 64 (or b, h, w, l)")
    }

    /// A number as busybox devmem reads it, `strtoul(word, NULL, 0)`: `0x` hex, a leading `0`
    /// octal, else decimal. Where busybox stops at the first stray character and carries on
    /// with what it read (`08` is 0), mmio refuses the word.
    public static func number(_ word: String) throws -> UInt64 {
        var text = word
        let value = text.withUTF8 { bytes -> UInt64? in
            var radix: UInt64 = 10
            var start = 0
            if bytes.count > 2 && bytes[0] == 0x30 && (bytes[1] | 0x20) == 0x78 {
                (radix, start) = (16, 2)
            } else if bytes.count > 1 && bytes[0] == 0x30 {
                (radix, start) = (8, 1)
            }
            return NumberSyntax.digits(bytes[start...], radix: radix, underscores: false)
        }
        guard let value else {
            throw MMIOError.usage("bad number '\(ArgumentText.printable(word))': devmem reads numbers as busybox does "
                + "(0x for hex, a leading 0 for octal, else decimal), up to 64 bits")
        }
        return value
    }

    public var writes: Bool { value != nil }
    public var takesNames: Bool { false }

    public func plannedAccesses(_ settings: AccessSettings, target: ResolvedTarget) -> PlannedAccesses {
        PlannedAccesses(PlannedAccess(value == nil ? .read : .write, at: address, width: settings.width))
    }

    public func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? {
        (address, UInt64(settings.width.bytes))
    }

    public func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {
        // devmem takes no --unaligned: its hint names the command that does.
        if address % UInt64(settings.width.bytes) != 0 {
            throw MMIOError.usage(
                "address \(Hex.string(address)) is not aligned to the \(settings.width.bits)-bit width (devmem makes "
                    + "aligned accesses only; mmio read -w \(settings.width.bits) --unaligned \(Hex.string(address)) makes an unaligned one)")
        }
        if let value { try settings.width.check(value) }
    }

    public func run(_ settings: AccessSettings, space: RegisterAccess, results: Results) throws {
        if let value {
            try space.write(value, settings.width, at: address)
            return try results.stored(value, at: address, settings)
        }
        try results.devmemValue(try space.read(settings.width, at: address), at: address, settings)
    }
}
