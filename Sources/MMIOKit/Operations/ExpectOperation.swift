/// `expect ADDRESS VALUE [--mask M]`: one read; a mismatch of the masked bits is exit 3 with
/// the expected and the actual value. With `--bits`, the field is compared.
public struct ExpectOperation: RegisterOperation {
    public var address: UInt64
    public var value: UInt64
    /// Nil: every bit of the width (or of the field).
    public var mask: UInt64?

    public init(address: UInt64, value: UInt64, mask: UInt64?) {
        self.address = address
        self.value = value
        self.mask = mask
    }

    public var writes: Bool { false }

    public func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? {
        (address, UInt64(settings.width.bytes))
    }

    func effectiveMask(_ settings: AccessSettings) -> UInt64 {
        mask ?? settings.bits?.fieldMask ?? settings.width.mask
    }

    public func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {
        try settings.checkAccesses(at: address, count: 1, in: target)
        if let bits = settings.bits {
            try bits.check(fieldValue: value)
            if let mask { try bits.check(fieldValue: mask) }
        } else {
            try settings.width.check(value)
            if let mask { try settings.width.check(mask, what: "mask") }
        }
        let mask = effectiveMask(settings)
        guard value & ~mask == 0 else {
            throw MMIOError.usage(
                "expected value \(Hex.string(value)) has bits outside --mask \(Hex.string(mask))")
        }
    }

    public func run(_ settings: AccessSettings, space: RegisterAccess, output: OutputStream) throws {
        var actual = try space.read(settings.width, at: address)
        guard !settings.dryRun else { return }
        if let bits = settings.bits { actual = bits.extract(from: actual) }
        let mask = effectiveMask(settings)
        guard actual & mask == value else {
            let digits = ValueFormat.digits(settings)
            throw MMIOError(
                .mismatch,
                "expect failed at \(Hex.string(address, digits: 8)): expected \(Hex.string(value, digits: digits)), "
                    + "read \(Hex.string(actual, digits: digits))"
                    + (self.mask.map { " (mask \(Hex.string($0, digits: digits)))" } ?? ""))
        }
    }
}
