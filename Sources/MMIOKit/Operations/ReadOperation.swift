/// `read ADDRESS [-n COUNT]`: COUNT consecutive loads; with `--bits`, the field.
public struct ReadOperation: RegisterOperation {
    public var address: UInt64
    public var count: UInt64

    public init(address: UInt64, count: UInt64 = 1) {
        self.address = address
        self.count = count
    }

    public var writes: Bool { false }

    public func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? {
        (address, count * UInt64(settings.width.bytes))
    }

    public func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {
        guard count > 0 else { throw MMIOError.usage("-n COUNT must be at least 1") }
        try settings.checkAccesses(at: address, count: count, in: target)
    }

    public func run(_ settings: AccessSettings, space: RegisterAccess, output: OutputStream) throws {
        let step = UInt64(settings.width.bytes)
        let digits = ValueFormat.digits(settings)
        let addressDigits = Hex.addressDigits(upTo: address + (count - 1) * step)
        var warnedAllOnes = false
        for index in 0..<count {
            let at = address + index * step
            try Interruption.check()
            var value = try space.read(settings.width, at: at)
            guard !settings.dryRun else { continue }
            if space.target.kind == .pci && value == settings.width.mask && !warnedAllOnes {
                warnedAllOnes = true
                try OutputStream.error.line(
                    "mmio: note: \(space.target.name) read all ones: the device may be in reset, "
                        + "powered down, or not decoding memory")
            }
            if let bits = settings.bits { value = bits.extract(from: value) }
            if settings.json {
                try output.line(ValueFormat.json(address: at, value: value, settings))
            } else if count == 1 {
                output.buffer.append(contentsOf: [0x30, 0x78])
                Hex.append(value, digits: digits, to: &output.buffer)
                output.buffer.append(0x0a)
                try output.flushIfFull()
            } else {
                try output.line(Hex.string(at, digits: addressDigits) + ": " + Hex.string(value, digits: digits))
            }
        }
    }
}
