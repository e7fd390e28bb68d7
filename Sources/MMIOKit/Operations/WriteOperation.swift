/// `write ADDRESS VALUE...`: one store per value at consecutive addresses (with `--bits`, one
/// read-modify-write of the field each); `--verify` reads each back.
public struct WriteOperation: RegisterOperation {
    public var address: UInt64
    public var values: [UInt64]
    public var verify: Bool

    public init(address: UInt64, values: [UInt64], verify: Bool = false) {
        self.address = address
        self.values = values
        self.verify = verify
    }

    public var writes: Bool { true }

    public func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? {
        (address, UInt64(values.count * settings.width.bytes))
    }

    public func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {
        guard !values.isEmpty else { throw MMIOError.usage("write needs at least one VALUE") }
        try settings.checkAccesses(at: address, count: UInt64(values.count), in: target)
        for value in values {
            if let bits = settings.bits {
                try bits.check(fieldValue: value)
            } else {
                try settings.width.check(value)
            }
        }
    }

    public func run(_ settings: AccessSettings, space: RegisterAccess, output: OutputStream) throws {
        let width = settings.width
        for (index, value) in values.enumerated() {
            let at = address + UInt64(index * width.bytes)
            if let bits = settings.bits {
                try space.modify(
                    width, at: at, clearing: bits.registerMask, setting: bits.insert(value, into: 0))
            } else {
                try space.write(value, width, at: at)
            }
            guard verify else { continue }
            var actual = try space.read(width, at: at)
            guard !settings.dryRun else { continue }
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
