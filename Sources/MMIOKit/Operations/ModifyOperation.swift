/// `set ADDRESS MASK` and `clear ADDRESS MASK`: exactly one read and one write.
public struct ModifyOperation: RegisterOperation {
    public enum Change: String { case set, clear }

    public var address: UInt64
    public var mask: UInt64
    public var change: Change

    public init(_ change: Change, address: UInt64, mask: UInt64) {
        self.change = change
        self.address = address
        self.mask = mask
    }

    public var writes: Bool { true }

    public func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? {
        (address, UInt64(settings.width.bytes))
    }

    public func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {
        try settings.refuseBits(for: change.rawValue)
        try settings.checkAccesses(at: address, count: 1, in: target)
        try settings.width.check(mask, what: "mask")
    }

    public func run(_ settings: AccessSettings, space: RegisterAccess, output: OutputStream) throws {
        switch change {
        case .set: try space.modify(settings.width, at: address, clearing: 0, setting: mask)
        case .clear: try space.modify(settings.width, at: address, clearing: mask, setting: 0)
        }
    }
}
