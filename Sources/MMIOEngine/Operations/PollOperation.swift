import MMIOBasics
import MMIODescriptions
import MMIOTargets
#if canImport(Glibc)
import Glibc
#endif
import CPlatform

/// `poll ADDRESS --mask M [--value V]`: reads until `(v & M) == V`, at most every `interval`,
/// for at most `timeout`; prints the last value either way (exit 2 on time-out).
/// With a description, `poll REG.FIELD [--value V]` waits until the field equals V (default:
/// all ones), V a number or an enumerated name.
public struct PollOperation: RegisterOperation {
    public var location: Location
    /// Nil: a field name's bits, or (for a number) a usage error.
    public var mask: UInt64?
    /// Nil means "all mask bits set".
    public var valueWord: ValueWord?
    public var timeout: UInt64
    public var interval: UInt64
    var address: UInt64 = 0
    var value: UInt64?
    /// The register (and field) a name chose: a field's value is what prints, and the
    /// time-out names both.
    var named: RegisterReference?

    public init(_ location: Location, mask: UInt64?, value: ValueWord?, timeout: UInt64, interval: UInt64) {
        self.location = location
        self.mask = mask
        valueWord = value
        self.timeout = timeout
        self.interval = interval
        if case .address(let address) = location { self.address = address }
        if case .number(let number) = value { self.value = number }
    }

    public var writes: Bool { false }

    public func plannedAccesses(_ settings: AccessSettings, target: ResolvedTarget) -> PlannedAccesses {
        PlannedAccesses(PlannedAccess(.read, at: address, width: settings.width))
    }
    var expected: UInt64 { value ?? mask ?? 0 }

    public func resolvingNames(_ names: NameContext, settings: inout AccessSettings) throws -> RegisterOperation? {
        guard case .name(let name) = location else {
            _ = try valueWord?.number()
            return nil
        }
        var result = self
        let reference = try names.lookup(name)
        try names.applyWidth(of: reference, to: &settings)
        try names.checkRead(reference)
        result.address = names.address(of: reference)
        result.named = reference
        if let field = reference.field {
            if mask != nil { throw MMIOError.usage("poll \(reference.name) watches the field; give no --mask") }
            result.mask = field.bits.registerMask
            result.value = try valueWord.map {
                try names.fieldValue(try ValueWord.FieldValue($0), of: field, in: reference.register) << UInt64(field.bits.low)
            }
        } else {
            result.mask = mask ?? reference.width.mask
            result.value = try valueWord.map { try $0.number() }
        }
        return result
    }

    public func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? {
        (address, UInt64(settings.width.bytes))
    }

    public func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {
        try settings.refuseBits(for: "poll")
        guard let mask else { throw MMIOError.usage("poll needs --mask (or a field name as ADDRESS)") }
        try settings.width.check(mask, what: "mask")
        try settings.width.check(expected, what: "value")
        guard expected & ~mask == 0 else {
            throw MMIOError.usage(
                "--value \(Hex.string(expected)) has bits outside --mask \(Hex.string(mask)); "
                    + "(v & mask) could never equal it")
        }
    }

    public func run(_ settings: AccessSettings, space: RegisterAccess, results: Results) throws {
        let width = settings.width
        let mask = self.mask ?? 0
        if results.planned {
            return try results.repeats(
                PlannedAccess(.read, at: address, width: width), every: interval, until: (mask, expected), timeout: timeout)
        }
        // The default 50 us timer slack would be added to every sleep of the loop.
        _ = mmio_set_timer_slack(1)
        let start = Clock.now()
        let deadline = start &+ timeout
        var next = start
        var last: UInt64
        var matched: Bool
        while true {
            last = try space.read(width, at: address)
            matched = last & mask == expected
            let now = Clock.now()
            if matched || now >= deadline || Interruption.signal != nil { break }
            next = max(next &+ interval, now)
            Clock.sleep(until: min(next, deadline))
        }
        let digits = width.hexDigits
        // A field prints as `read REG.FIELD` prints it: its own bits.
        var shown = settings
        shown.bits = named?.field?.bits
        let value = shown.bits?.extract(from: last) ?? last
        try results.polled(value, at: address, shown, matched: matched)
        // Stopped by SIGINT or SIGTERM: the last value is out, and that is the outcome.
        if !matched { try Interruption.check() }
        if !matched, let named, let field = named.field {
            let fieldDigits = field.bits.hexDigits
            throw MMIOError(
                .timeout,
                "poll timed out after \(Clock.describe(timeout)): \(named.name): last value "
                    + "\(ValueFormat.named(value, of: field, digits: fieldDigits)), waiting for "
                    + "\(ValueFormat.named(field.bits.extract(from: expected), of: field, digits: fieldDigits))")
        }
        guard matched else {
            throw MMIOError(
                .timeout,
                "poll timed out after \(Clock.describe(timeout)) at \(Hex.string(address, digits: 8)): "
                    + "last value \(Hex.string(last, digits: digits)), waiting for (v & "
                    + "\(Hex.string(mask, digits: digits))) == \(Hex.string(expected, digits: digits))")
        }
    }
}
