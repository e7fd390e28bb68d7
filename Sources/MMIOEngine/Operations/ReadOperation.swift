import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// `read ADDRESS [-n COUNT]`: COUNT consecutive loads; with `--bits` or a field name, the
/// field; with `--decode`, every field of the register.
public struct ReadOperation: RegisterOperation {
    public var location: Location
    public var count: UInt64
    public var decode: Bool
    var address: UInt64 = 0
    /// What a name (or `--decode`) resolved to, where the output shows it (`--decode`, JSON);
    /// nil for a plain number.
    var named: NamedRead?

    /// The register a read by name reads, kept apart so that a plain read stays small.
    final class NamedRead {
        let reference: RegisterReference
        /// The fields `--decode` shows.
        let decodedFields: [MapField]

        var register: MapRegister { reference.register }
        /// The name as resolved (`UART0.CTRL.EN`), for JSON: made when shown, not when planned.
        var name: String { reference.name }

        init(reference: RegisterReference, decodedFields: [MapField]) {
            self.reference = reference
            self.decodedFields = decodedFields
        }
    }

    public init(_ location: Location, count: UInt64 = 1, decode: Bool = false) {
        self.location = location
        self.count = count
        self.decode = decode
        if case .address(let address) = location { self.address = address }
    }

    public var writes: Bool { false }

    public func plannedAccesses(_ settings: AccessSettings, target: ResolvedTarget) -> PlannedAccesses {
        PlannedAccesses(PlannedAccess(.read, at: address, count: count, width: settings.width))
    }

    public func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? {
        (address, count * UInt64(settings.width.bytes))
    }

    public func resolvingNames(_ names: NameContext, settings: inout AccessSettings) throws -> RegisterOperation? {
        var result = self
        let reference: RegisterReference
        switch location {
        case .address(let address):
            guard decode else { return nil }
            reference = try names.register(at: address, for: "--decode")
        case .name(let name):
            reference = try names.lookup(name)
        }
        try names.checkRead(reference)
        result.address = names.address(of: reference.register)
        var decodedFields: [MapField] = []
        if decode {
            guard count == 1 else { throw MMIOError.usage("--decode reads one register; -n does not go with it") }
            try names.applyWidth(of: reference.register, to: &settings)
            if settings.bits != nil { throw MMIOError.usage("--decode shows every field; --bits does not go with it") }
            decodedFields = reference.field.map { [$0] } ?? reference.register.fields
        } else {
            try names.apply(reference, to: &settings)
        }
        // Only a decoded read and JSON show the register; a plain read by name is a plain read.
        if decode || settings.json { result.named = NamedRead(reference: reference, decodedFields: decodedFields) }
        return result
    }

    public func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {
        guard count > 0 else { throw MMIOError.usage("-n COUNT must be at least 1") }
        if decode && named == nil { throw MMIOError.usage("--decode needs a register description (--regs FILE)") }
    }

    public func run(_ settings: AccessSettings, space: RegisterAccess, results: Results) throws {
        let step = UInt64(settings.width.bytes)
        let addressDigits = Hex.addressDigits(upTo: address + (count - 1) * step)
        var warnedAllOnes = false
        for index in 0..<count {
            let at = address + index * step
            try Interruption.check()
            var value = try space.read(settings.width, at: at)
            if case .pci = space.target.kind, value == settings.width.mask, !warnedAllOnes, !results.planned {
                warnedAllOnes = true
                try results.note(
                    "\(space.target.name) read all ones: the device may be in reset, powered down, or not decoding memory")
            }
            if decode, let named {
                try results.decoded(named.register, value: value, fields: named.decodedFields, at: at)
                continue
            }
            if let bits = settings.bits { value = bits.extract(from: value) }
            try results.value(value, at: at, settings, name: named?.name, listing: count == 1 ? nil : addressDigits)
        }
    }
}
