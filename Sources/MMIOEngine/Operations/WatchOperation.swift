import MMIOBasics
import MMIODescriptions
import MMIOTargets
#if canImport(Glibc)
import Glibc
#endif
import CPlatform

/// `watch ADDRESS [LENGTH]`: re-reads a register (or a range of width-sized registers) every
/// interval; prints the first values, then a line only when a value changes,
/// `+SECONDS ADDRESS: OLD -> NEW`. Ends, exit 0, on SIGINT or SIGTERM, after the time-out, or
/// after the given number of changes.
public struct WatchOperation: RegisterOperation {
    public var location: Location
    var address: UInt64 = 0
    /// Bytes watched; nil: one register.
    public var length: UInt64?
    public var interval: UInt64
    /// Nil: until a signal (or `changes`).
    public var timeout: UInt64?
    public var changes: UInt64?

    public init(_ location: Location, length: UInt64?, interval: UInt64, timeout: UInt64?, changes: UInt64?) {
        self.location = location
        self.length = length
        self.interval = interval
        self.timeout = timeout
        self.changes = changes
        if case .address(let address) = location { self.address = address }
    }

    public var writes: Bool { false }
    /// Registers of the range it may not read (address → why), passed over and named.
    var skipped: [UInt64: String] = [:]

    public func plannedAccesses(_ settings: AccessSettings, target: ResolvedTarget) -> PlannedAccesses {
        PlannedAccesses(PlannedAccess(.read, at: address, count: count(settings), width: settings.width, skippable: true))
    }

    public func skipping(_ skipped: [UInt64: String]) throws -> RegisterOperation {
        var result = self
        result.skipped = skipped
        return result
    }

    func count(_ settings: AccessSettings) -> UInt64 { (length ?? UInt64(settings.width.bytes)) / UInt64(settings.width.bytes) }

    public func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? {
        (address, count(settings) * UInt64(settings.width.bytes))
    }

    public func resolvingNames(_ names: NameContext, settings: inout AccessSettings) throws -> RegisterOperation? {
        guard case .name(let name) = location else { return nil }
        var result = self
        result.address = try names.rangeStart(name, for: "watch", settings: &settings)
        return result
    }

    public func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {
        try settings.refuseBits(for: "watch")
        if let length {
            guard length > 0, length % UInt64(settings.width.bytes) == 0 else {
                throw MMIOError.usage("length \(length) is not a whole number (at least one) of \(settings.width.bits)-bit registers")
            }
        }
        if changes == 0 { throw MMIOError.usage("--changes must be at least 1") }
    }

    public func run(_ settings: AccessSettings, space: RegisterAccess, results: Results) throws {
        let width = settings.width
        let count = Int(self.count(settings))
        let step = UInt64(width.bytes)
        let digits = Hex.addressDigits(upTo: address + UInt64(count) * step)
        var values = [UInt64](repeating: 0, count: count)
        // Each word a skipped register lies in is never read.
        let skippedWords = Set(skipped.keys.map { Int(($0 >= address ? $0 - address : 0) / step) })
        for index in 0..<count where !skippedWords.contains(index) {
            values[index] = try space.read(width, at: address + UInt64(index) * step)
        }
        if results.planned {
            return try results.repeats(
                PlannedAccess(.read, at: address, count: UInt64(count), width: width), every: interval, until: nil, timeout: timeout)
        }
        for (index, value) in values.enumerated() {
            let at = address + UInt64(index) * step
            if skippedWords.contains(index) {
                let why = skipped.first { ($0.key >= address ? $0.key - address : 0) / step == UInt64(index) }?.value ?? ""
                try results.skipped(at: at, width: width, name: nil, why: why, addressDigits: digits)
                continue
            }
            try results.value(value, at: at, settings, listing: digits)
        }
        try results.flush()
        _ = mmio_set_timer_slack(1)
        let start = Clock.now()
        let deadline = timeout.map { start &+ $0 }
        var next = start
        var seen: UInt64 = 0
        while true {
            next = max(next &+ interval, Clock.now())
            if let deadline, next >= deadline {
                Clock.sleep(until: deadline)
                return
            }
            Clock.sleep(until: next)
            // A signal is how a watch is ended: the values so far are the outcome, exit 0.
            if Interruption.signal != nil { return }
            var printed = false
            for index in 0..<count where !skippedWords.contains(index) {
                let at = address + UInt64(index) * step
                let value = try space.read(width, at: at)
                guard value != values[index] else { continue }
                let milliseconds = (Clock.now() &- start) / 1_000_000
                let elapsed = "\(milliseconds / 1000)." + String(String(milliseconds % 1000 + 1000).dropFirst())
                try results.changed(at: at, from: values[index], to: value, width: width, elapsed: elapsed, addressDigits: digits)
                values[index] = value
                printed = true
                seen += 1
                if let changes, seen >= changes {
                    try results.flush()
                    return
                }
            }
            if printed { try results.flush() }
        }
    }
}
