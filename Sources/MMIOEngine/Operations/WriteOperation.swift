import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// `write ADDRESS VALUE...`: one store per value at consecutive addresses (with `--bits`, one
/// read-modify-write of the field each); `--verify` reads each back. With a description,
/// `write REG.FIELD V` and `write REG F1=V F2=ENUM` are one read-modify-write of the fields.
public struct WriteOperation: RegisterOperation {
    var address: UInt64 = 0
    var values: [UInt64] = []
    /// All but the address and values, apart: a plain write of numbers then fits in an
    /// existential's inline buffer, which a batch line saves an allocation on.
    /// nil for a plain write of numbers to a number, the common line, which then costs no
    /// allocation, and no bytes a batch keeps for it until it runs.
    var details: Details?

    final class Details {
        let location: Location
        let words: [ValueWord]
        let verify: Bool
        /// A read-modify-write of named fields, once resolved.
        let fieldChange: FieldChange?

        init(location: Location, words: [ValueWord], verify: Bool, fieldChange: FieldChange? = nil) {
            self.location = location
            self.words = words
            self.verify = verify
            self.fieldChange = fieldChange
        }
    }

    public var location: Location { details?.location ?? .address(address) }
    public var words: [ValueWord] { details?.words ?? values.map { .number($0) } }
    public var verify: Bool { details?.verify ?? false }
    var fieldChange: FieldChange? { details?.fieldChange }

    public init(_ location: Location, values: [ValueWord], verify: Bool = false) {
        if case .address(let address) = location { self.address = address }
        // Numbers need no description: most writes are ready as they are read.
        if values.allSatisfy({ if case .number = $0 { return true } else { return false } }) {
            self.values = values.map { if case .number(let value) = $0 { return value } else { return 0 } }
            if case .address = location, !verify { return }
        }
        details = Details(location: location, words: values, verify: verify)
    }

    public var writes: Bool { true }

    public func plannedAccesses(_ settings: AccessSettings, target: ResolvedTarget) -> PlannedAccesses {
        // A field is written by a read-modify-write; --verify reads each store back.
        let kind: PlannedAccess.Kind = fieldChange != nil || settings.bits != nil || verify ? .readWrite : .write
        return PlannedAccesses(PlannedAccess(kind, at: address, count: UInt64(max(values.count, 1)), width: settings.width))
    }

    public func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? {
        (address, UInt64(max(values.count, 1) * settings.width.bytes))
    }

    public func resolvingNames(_ names: NameContext, settings: inout AccessSettings) throws -> RegisterOperation? {
        // Numbers to a number (no details): nothing to resolve.
        guard let details, case .name(let name) = details.location else {
            // A word that is not a number: without a name as ADDRESS it is the number error.
            for word in details?.words ?? [] { _ = try word.number() }
            return nil
        }
        var result = self
        let reference = try names.lookup(name)
        try names.applyWidth(of: reference, to: &settings)
        if settings.bits != nil { throw MMIOError.usage("--bits does not go with a register name; name the field") }
        result.address = names.address(of: reference)
        // The register's fields are looked at below only when fields are written: a copy of
        // the register (its names and fields, retained one by one) is not made for a number.
        let fieldsNamed = !words.isEmpty && words.allSatisfy { if case .field = $0 { return true } else { return false } }
        guard reference.namesField || fieldsNamed else {
            try names.checkWrite(reference)
            // `values` holds the words already when every one is a number (init).
            guard values.count == words.count else {
                let name = reference.register.name
                throw MMIOError.usage(
                    "\(name) is a whole register: its VALUE is a number (name a field to use "
                        + "field values: \(name).FIELD VALUE, or \(name) FIELD=VALUE)")
            }
            // Numbers to a register, resolved: a plain write, with nothing more kept for it.
            if !verify { result.details = nil }
            return result
        }
        let register = reference.register
        var assignments: [(MapField, UInt64)] = []
        if let field = reference.field {
            guard words.count == 1 else { throw MMIOError.usage("write \(reference.name) takes one VALUE") }
            assignments.append((field, try names.fieldValue(try ValueWord.FieldValue(words[0]), of: field, in: register)))
        } else {
            // Every word is FIELD=VALUE (the guard above).
            for case .field(let fieldName, let value) in words {
                let field = try register.existingField(named: fieldName)
                assignments.append((field, try names.fieldValue(value, of: field, in: register)))
            }
        }
        let (clearing, setting) = try names.fieldWrite(register, assignments)
        let changed = assignments.reduce(0) { $0 | $1.0.bits.registerMask }
        result.details = Details(
            location: location, words: words, verify: verify,
            fieldChange: FieldChange(clearing: clearing, setting: setting, changed: changed))
        result.values = [setting]
        return result
    }

    public func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {
        guard !values.isEmpty else { throw MMIOError.usage("write needs at least one VALUE") }
        guard fieldChange == nil else { return }
        for value in values {
            if let bits = settings.bits {
                try bits.check(fieldValue: value)
            } else {
                try settings.width.check(value)
            }
        }
    }

    public func run(_ settings: AccessSettings, space: RegisterAccess, results: Results) throws {
        let width = settings.width
        if let change = fieldChange {
            let written = try space.modify(width, at: address, clearing: change.clearing, setting: change.setting)
            var whole = settings
            whole.bits = nil
            try results.stored(written, at: address, whole)
            guard verify else { return }
            let actual = try space.read(width, at: address)
            guard !results.planned, actual & change.changed != change.setting & change.changed else { return }
            throw MMIOError(
                .mismatch,
                "verify failed at \(Hex.string(address, digits: 8)): wrote "
                    + "\(Hex.string(change.setting & change.changed, digits: width.hexDigits)) (mask "
                    + "\(Hex.string(change.changed, digits: width.hexDigits))), read back \(Hex.string(actual, digits: width.hexDigits))")
        }
        for (index, value) in values.enumerated() {
            let at = address + UInt64(index * width.bytes)
            if let bits = settings.bits {
                try space.modify(
                    width, at: at, clearing: bits.registerMask, setting: bits.insert(value, into: 0))
            } else {
                try space.write(value, width, at: at)
            }
            // What was written, for a script's log.
            try results.stored(value, at: at, settings)
            guard verify else { continue }
            var actual = try space.read(width, at: at)
            guard !results.planned else { continue }
            if let bits = settings.bits { actual = bits.extract(from: actual) }
            if actual != value {
                let digits = ValueFormat.digits(settings)
                throw MMIOError(
                    .mismatch,
                    "verify failed at \(Hex.string(at, digits: 8)): wrote "
                        + "\(Hex.string(value, digits: digits)), read back \(Hex.string(actual, digits: digits))")
            }
        }
    }
}

/// One read-modify-write of named fields: the bits cleared and set, and the fields changed
/// (what `--verify` compares).
struct FieldChange: Equatable {
    var clearing: UInt64
    var setting: UInt64
    var changed: UInt64
}
