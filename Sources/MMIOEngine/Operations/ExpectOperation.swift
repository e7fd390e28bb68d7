import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// `expect ADDRESS VALUE [--mask M]`: one read; a mismatch of the masked bits is exit 3 with
/// the expected and the actual value. With `--bits`, the field is compared.
/// With a description, `expect REG.FIELD V` checks the field, V a number or an enumerated name.
public struct ExpectOperation: RegisterOperation {
    public var location: Location
    public var valueWord: ValueWord
    /// Nil: every bit of the width (or of the field).
    public var mask: UInt64?
    var address: UInt64 = 0
    var value: UInt64 = 0
    /// The register (and field) a name chose, for the message of a mismatch.
    var named: RegisterReference?

    public init(_ location: Location, value: ValueWord, mask: UInt64?) {
        self.location = location
        valueWord = value
        self.mask = mask
        if case .address(let address) = location { self.address = address }
        if case .number(let number) = value { self.value = number }
    }

    public var writes: Bool { false }

    public func plannedAccesses(_ settings: AccessSettings, target: ResolvedTarget) -> PlannedAccesses {
        PlannedAccesses(PlannedAccess(.read, at: address, width: settings.width))
    }

    public func resolvingNames(_ names: NameContext, settings: inout AccessSettings) throws -> RegisterOperation? {
        guard case .name(let name) = location else {
            _ = try valueWord.number()
            return nil
        }
        var result = self
        let reference = try names.lookup(name)
        try names.apply(reference, to: &settings)
        try names.checkRead(reference)
        result.address = names.address(of: reference)
        result.named = reference
        if let field = reference.field {
            result.value = try names.fieldValue(try ValueWord.FieldValue(valueWord), of: field, in: reference.register)
        } else {
            result.value = try valueWord.number()
        }
        return result
    }

    public func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? {
        (address, UInt64(settings.width.bytes))
    }

    func effectiveMask(_ settings: AccessSettings) -> UInt64 {
        mask ?? settings.bits?.fieldMask ?? settings.width.mask
    }

    public func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {
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

    public func run(_ settings: AccessSettings, space: RegisterAccess, results: Results) throws {
        var actual = try space.read(settings.width, at: address)
        guard !results.planned else { return }
        if let bits = settings.bits { actual = bits.extract(from: actual) }
        let mask = effectiveMask(settings)
        try results.expected(actual, at: address, settings, value: value, mask: mask)
        guard actual & mask == value else {
            let digits = ValueFormat.digits(settings)
            if let named, self.mask == nil {
                throw MMIOError(
                    .mismatch,
                    "expect failed: \(named.name): expected \(ValueFormat.named(value, of: named.field, digits: digits)), "
                        + "read \(ValueFormat.named(actual, of: named.field, digits: digits))")
            }
            throw MMIOError(
                .mismatch,
                "expect failed at \(Hex.string(address, digits: 8)): expected \(Hex.string(value, digits: digits)), "
                    + "read \(Hex.string(actual, digits: digits))"
                    + (self.mask.map { " (mask \(Hex.string($0, digits: digits)))" } ?? ""))
        }
    }
}
