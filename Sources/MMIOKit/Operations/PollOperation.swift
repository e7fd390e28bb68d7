#if canImport(Glibc)
import Glibc
#endif
import CPlatform

/// `poll ADDRESS --mask M [--value V]`: reads until `(v & M) == V`, at most every `interval`,
/// for at most `timeout`; prints the last value either way (exit 2 on time-out).
public struct PollOperation: RegisterOperation {
    public var address: UInt64
    public var mask: UInt64
    /// Nil means "all mask bits set".
    public var value: UInt64?
    public var timeout: UInt64
    public var interval: UInt64

    public init(address: UInt64, mask: UInt64, value: UInt64?, timeout: UInt64, interval: UInt64) {
        self.address = address
        self.mask = mask
        self.value = value
        self.timeout = timeout
        self.interval = interval
    }

    public var writes: Bool { false }
    var expected: UInt64 { value ?? mask }

    public func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? {
        (address, UInt64(settings.width.bytes))
    }

    public func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {
        try settings.refuseBits(for: "poll")
        try settings.checkAccesses(at: address, count: 1, in: target)
        try settings.width.check(mask, what: "mask")
        try settings.width.check(expected, what: "value")
        guard expected & ~mask == 0 else {
            throw MMIOError.usage(
                "--value \(Hex.string(expected)) has bits outside --mask \(Hex.string(mask)); "
                    + "(v & mask) could never equal it")
        }
    }

    public func run(_ settings: AccessSettings, space: RegisterAccess, output: OutputStream) throws {
        let width = settings.width
        if settings.dryRun {
            try output.line(
                TraceLine.read(width, address) + " (repeated every \(interval) ns until (v & "
                    + "\(Hex.string(mask, digits: width.hexDigits))) == \(Hex.string(expected, digits: width.hexDigits))"
                    + ", at most \(timeout) ns)")
            return
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
        if settings.json {
            try output.line(ValueFormat.json(
                address: address, value: last, settings, extra: ",\"matched\":\(matched)"))
        } else {
            try output.line(Hex.string(last, digits: digits))
        }
        // Stopped by SIGINT or SIGTERM: the last value is out, and that is the outcome.
        if !matched { try Interruption.check() }
        guard matched else {
            throw MMIOError(
                .timeout,
                "poll timed out after \(Clock.describe(timeout)) at \(Hex.string(address, digits: 8)): "
                    + "last value \(Hex.string(last, digits: digits)), waiting for (v & "
                    + "\(Hex.string(mask, digits: digits))) == \(Hex.string(expected, digits: digits))")
        }
    }
}
