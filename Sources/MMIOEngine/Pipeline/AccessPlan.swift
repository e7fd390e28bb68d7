import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// One run of accesses an operation declares when it is planned: `count` consecutive accesses
/// of `width` from `address`, each a read, a write, or a read then a write.
public struct PlannedAccess: Equatable {
    public enum Kind: Equatable { case read, write, readWrite }

    public var address: UInt64
    public var count: UInt64
    public var width: Width
    public var kind: Kind
    /// `dump` and `watch` pass over a register they may not read, and say so; every other
    /// command refuses.
    public var skippable: Bool

    public init(_ kind: Kind, at address: UInt64, count: UInt64 = 1, width: Width, skippable: Bool = false) {
        self.address = address
        self.count = count
        self.width = width
        self.kind = kind
        self.skippable = skippable
    }

    var reads: Bool { kind != .write }
    var writes: Bool { kind != .read }
}

/// The accesses one operation declares: most declare one run, held in place (a batch line
/// allocates nothing for it); `dump` with a description declares one a register.
public struct PlannedAccesses: Sequence {
    public let first: PlannedAccess?
    private let rest: [PlannedAccess]

    public init(_ one: PlannedAccess) {
        first = one
        rest = []
    }

    public init(_ many: [PlannedAccess]) {
        first = many.first
        rest = Array(many.dropFirst())
    }

    /// Exactly one run.
    public var only: PlannedAccess? { rest.isEmpty ? first : nil }

    public func makeIterator() -> AnyIterator<PlannedAccess> {
        var sent = false
        var others = rest.makeIterator()
        return AnyIterator {
            if !sent {
                sent = true
                if let first { return first }
            }
            return others.next()
        }
    }
}

/// What a description says of the target a command runs on: on physical memory every register
/// at its absolute address; on any other target the registers of the peripheral (or address
/// block) a register name chose, at their offsets. A number on such a target with no peripheral
/// known is an ordinary number, and no description applies to it.
public struct DescriptionScope {
    let map: RegisterMap
    let physical: Bool
    let peripheral: String?
    let force: Bool
    /// The register (and field) the command named, whose read by field follows the field's own
    /// rules.
    let named: RegisterReference?

    init?(names: NameContext) {
        guard let map = names.map, names.config == nil else { return nil }
        let peripheral = names.chosen.peripheral
        guard names.physical || peripheral != nil else { return nil }
        self.map = map
        self.physical = names.physical
        self.peripheral = peripheral
        force = names.force
        named = names.chosen.reference
    }
}

/// The one place a description's rules meet the accesses a command will make, whatever the user
/// typed (a name or a number) and however many registers one command covers: every declared
/// access is checked against every register it touches, before anything is opened. A read of a
/// write-only register, a read with side effects without `--force`, a write of a read-only
/// register and an access whose width is not the register's are refused (64), or, where the
/// access is skippable, the register is passed over with the reason.
public enum AccessPlan {
    /// The rules every access meets on every target, description or not: a width this machine
    /// and this kind of target can make as one access, alignment (unless `--unaligned`), and
    /// the target's bounds. Each declared run is checked whole, at its own width.
    public static func checkReach(_ accesses: PlannedAccesses, _ settings: AccessSettings, target: ResolvedTarget) throws {
        // Most lines declare one run: no iterator is made for it.
        if let only = accesses.only { return try checkReach(only, settings, target: target) }
        for access in accesses { try checkReach(access, settings, target: target) }
    }

    private static func checkReach(_ access: PlannedAccess, _ settings: AccessSettings, target: ResolvedTarget) throws {
        var own = settings
        own.width = access.width
        try own.checkAccesses(at: access.address, count: access.count, in: target)
    }

    /// The accesses skippable runs must pass over (the address of each access that would touch a
    /// register it may not read → why); throws the first rule a command may not break.
    public static func check(_ accesses: PlannedAccesses, scope: DescriptionScope) throws -> [UInt64: String] {
        var skipped: [UInt64: String] = [:]
        let registers = scope.map.registers
        for access in accesses {
            let (span, overflow) = access.count.multipliedReportingOverflow(by: UInt64(access.width.bytes))
            guard !overflow, span > 0 else { continue }
            let end = access.address.addingReportingOverflow(span).overflow ? UInt64.max : access.address + span
            let (sorted, first) = scope.map.places(from: access.address, physical: scope.physical, peripheral: scope.peripheral)
            // Registers at one address (alternates) are one place: an access there is allowed
            // when any of them allows it. They come in address order, so a place is a run.
            var position = first
            while position < sorted.count && sorted[position].start < end {
                let place = sorted[position].start
                var allowed = false
                var refused: Int?
                while position < sorted.count && sorted[position].start == place {
                    let index = Int(sorted[position].index)
                    position += 1
                    // A map from a cache file: its index must agree with the register it names.
                    guard place == (scope.physical ? registers[index].address : registers[index].offset) else {
                        throw MMIOError.failure(scope.map.damage)
                    }
                    // Not overlapping: it ends before the access starts.
                    guard place + UInt64(registers[index].width.bytes) > access.address else { continue }
                    if broken(registers[index], at: place, by: access, scope: scope) == nil {
                        allowed = true
                    } else if refused == nil {
                        refused = index
                    }
                }
                guard !allowed, let refused else { continue }
                let reason = broken(registers[refused], at: place, by: access, scope: scope)?
                    .message(registers[refused], at: place, by: access) ?? ""
                guard access.skippable && access.kind == .read else { throw MMIOError.usage(reason) }
                // Every access of the run that would touch any byte of it.
                let step = UInt64(access.width.bytes)
                let last = place + UInt64(registers[refused].width.bytes) - 1
                var word = place > access.address ? (place - access.address) / step : 0
                while word < access.count && access.address + word * step <= last {
                    skipped[access.address + word * step] = reason
                    word += 1
                }
            }
        }
        return skipped
    }

    /// The rule `access` would break on `register` (at `place` on this target), or nil: the one
    /// statement of the rules, asked on every line without building any text.
    enum Broken {
        case writeOnly(MapField?), sideEffect(MapField?), readOnly, width, defective

        /// The message, built only for a refusal.
        func message(_ register: MapRegister, at place: UInt64, by access: PlannedAccess) -> String {
            switch self {
            case .writeOnly(let field): return "\(name(register, field)) is write-only: mmio does not read it"
            case .sideEffect(let field):
                return "reading \(name(register, field)) has side effects (the description says a read changes it); --force reads it anyway"
            case .readOnly: return "\(register.name) is read-only: mmio does not write it"
            case .defective: return "\(register.name) cannot be used: \(register.defect ?? "")"
            case .width:
                // The one access of the run that touches it.
                let step = UInt64(access.width.bytes)
                let at = place < access.address ? access.address : access.address + (place - access.address) / step * step
                return "\(register.name) is a \(register.width.bits)-bit register at \(Hex.string(place)): "
                    + "a \(access.width.bits)-bit access at \(Hex.string(at)) would touch it"
            }
        }

        private func name(_ register: MapRegister, _ field: MapField?) -> String {
            field.map { "\(register.name).\($0.name)" } ?? register.name
        }
    }

    static func broken(_ register: MapRegister, at place: UInt64, by access: PlannedAccess, scope: DescriptionScope) -> Broken? {
        if register.defect != nil { return .defective }
        if access.reads {
            // A field read by name follows the field's rules; a read-modify-write reads it all.
            let field = namedField(register, access, scope)
            if !register.access.readable || !(field?.access.readable ?? true) { return .writeOnly(field) }
            let sideEffect = field.map { $0.readSideEffect || register.readSideEffect } ?? register.readHasSideEffects
            if sideEffect && !scope.force { return .sideEffect(field) }
        }
        if access.writes && !register.access.writable { return .readOnly }
        let step = UInt64(access.width.bytes)
        if access.width != register.width || place < access.address || (place - access.address) % step != 0 { return .width }
        return nil
    }

    /// The field a read by name reads, where the register is the one named.
    private static func namedField(_ register: MapRegister, _ access: PlannedAccess, _ scope: DescriptionScope) -> MapField? {
        guard access.kind == .read, let named = scope.named, let field = named.field, named.register.path == register.path
        else { return nil }
        return field
    }
}
