import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// `read ADDRESS [-n COUNT]`: COUNT consecutive loads; with `--bits` or a field name, the
/// field; with `--decode`, every field of the register (and with `--layout` its drawing).
public struct ReadOperation: RegisterOperation {
    var address: UInt64 = 0
    public var count: UInt64
    /// All but the address and count, apart, and only where there is more: a plain read of a
    /// number then fits in an existential's inline buffer, which spares a batch line an
    /// allocation and the bytes a batch keeps for it until it runs.
    var details: Details?

    final class Details {
        let location: Location
        let decode: Bool
        /// `--layout`: the decoded register drawn as a datasheet draws it.
        let layout: Bool
        /// What a name (or `--decode`) resolved to, where the output shows it (`--decode`,
        /// JSON); nil until then, and for a plain read by name.
        let named: NamedRead?

        init(location: Location, decode: Bool, layout: Bool, named: NamedRead? = nil) {
            self.location = location
            self.decode = decode
            self.layout = layout
            self.named = named
        }
    }

    /// The register a read by name reads.
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

    public var location: Location { details?.location ?? .address(address) }
    public var decode: Bool { details?.decode ?? false }
    public var layout: Bool { details?.layout ?? false }
    var named: NamedRead? { details?.named }

    public init(_ location: Location, count: UInt64 = 1, decode: Bool = false, layout: Bool = false) {
        self.count = count
        if case .address(let address) = location, !decode, !layout {
            self.address = address
        } else {
            if case .address(let address) = location { self.address = address }
            details = Details(location: location, decode: decode, layout: layout)
        }
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
        result.address = names.address(of: reference)
        var decodedFields: [MapField] = []
        if decode {
            guard count == 1 else { throw MMIOError.usage("--decode reads one register; -n does not go with it") }
            try names.applyWidth(of: reference, to: &settings)
            if settings.bits != nil { throw MMIOError.usage("--decode shows every field; --bits does not go with it") }
            decodedFields = reference.field.map { [$0] } ?? reference.register.fields
        } else {
            try names.apply(reference, to: &settings)
        }
        // Only a decoded read and JSON show the register; a plain read by name is a plain read.
        // A plain read by name is, once resolved, a plain read: nothing more is kept for it.
        result.details = decode || settings.json || layout
            ? Details(location: location, decode: decode, layout: layout, named: NamedRead(reference: reference, decodedFields: decodedFields))
            : nil
        return result
    }

    public func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {
        guard count > 0 else { throw MMIOError.usage("-n COUNT must be at least 1") }
        if decode && named == nil { throw MMIOError.usage("--decode needs a register description (--regs FILE)") }
        if layout && !decode { throw MMIOError.usage("--layout draws the register --decode shows: give --decode too") }
        if layout { try RegisterLayout.checkForm(json: settings.json) }
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
                try results.decoded(named.register, value: value, fields: named.decodedFields, at: at, layout: layout)
                continue
            }
            if let bits = settings.bits { value = bits.extract(from: value) }
            try results.value(value, at: at, settings, name: named?.name, listing: count == 1 ? nil : addressDigits)
        }
    }
}
