import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// `set ADDRESS MASK` and `clear ADDRESS MASK`: exactly one read and one write. With a
/// description, `set REG.FIELD` / `clear REG.FIELD` set or clear the whole field, and every
/// read-modify-write keeps write-1-to-clear bits it does not change at their neutral value.
public struct ModifyOperation: RegisterOperation {
    public enum Change: String { case set, clear }

    public var location: Location
    public var mask: UInt64?
    public var change: Change
    var address: UInt64 = 0
    var clearing: UInt64 = 0
    var setting: UInt64 = 0

    public init(_ change: Change, _ location: Location, mask: UInt64?) {
        self.change = change
        self.location = location
        self.mask = mask
        if case .address(let address) = location { self.address = address }
        if let mask { (clearing, setting) = change == .set ? (0, mask) : (mask, 0) }
    }

    public var writes: Bool { true }

    public func plannedAccesses(_ settings: AccessSettings, target: ResolvedTarget) -> PlannedAccesses {
        PlannedAccesses(PlannedAccess(.readWrite, at: address, width: settings.width))
    }

    public func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? {
        (address, UInt64(settings.width.bytes))
    }

    public func resolvingNames(_ names: NameContext, settings: inout AccessSettings) throws -> RegisterOperation? {
        guard case .name(let name) = location else { return nil }
        var result = self
        let reference = try names.lookup(name)
        try names.applyWidth(of: reference, to: &settings)
        try settings.refuseBits(for: change.rawValue)
        result.address = names.address(of: reference)
        let register = reference.register
        let bits: UInt64
        if let field = reference.field {
            if mask != nil { throw MMIOError.usage("\(change.rawValue) \(reference.name) changes the whole field; give no MASK") }
            bits = field.bits.registerMask
        } else {
            guard let mask else { throw MMIOError.usage("\(change.rawValue) \(register.name) needs a MASK (or name a field: \(register.name).FIELD)") }
            try register.width.check(mask, what: "mask")
            bits = mask
        }
        // The fields the mask touches must be writable; the rest is kept as read.
        let touched = register.fields.filter { $0.bits.registerMask & bits != 0 }
        for field in touched { try names.checkWrite(RegisterReference(register: register, field: field)) }
        try names.checkWrite(RegisterReference(register: register, field: nil))
        let (clearing, setting) = try names.fieldWrite(register, [])
        let keep = ~bits
        result.clearing = (clearing & keep) | bits
        result.setting = (setting & keep) | (change == .set ? bits : 0)
        result.mask = bits
        return result
    }

    public func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {
        try settings.refuseBits(for: change.rawValue)
        guard let mask else { throw MMIOError.usage("\(change.rawValue) needs a MASK") }
        try settings.width.check(mask, what: "mask")
    }

    public func run(_ settings: AccessSettings, space: RegisterAccess, results: Results) throws {
        let written = try space.modify(settings.width, at: address, clearing: clearing, setting: setting)
        // The value written, for a script's log.
        var whole = settings
        whole.bits = nil
        try results.stored(written, at: address, whole)
    }
}
