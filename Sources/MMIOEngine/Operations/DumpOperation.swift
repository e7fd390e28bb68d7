import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// `dump [ADDRESS [LENGTH]]`: reads a range with width-sized loads, in chunks, so that memory
/// stays small whatever the size; prints hexdump-style lines, raw bytes, or JSON.
public struct DumpOperation: RegisterOperation {
    /// Text or raw bytes; `--json` (the line's or its batch's) turns text into JSON.
    public enum Format: Equatable { case text(verbose: Bool), raw }

    public var address: UInt64
    /// Nil: to the end of the target, or 256 bytes of a target with no size.
    public var length: UInt64?
    public var format: Format

    /// Bytes read per block, small enough to format while still in cache: a multiple of every
    /// width and of a line.
    static let chunk = 1 << 16
    /// Bytes mapped at a time: the range the dump needs, a window at a time.
    static let window: UInt64 = 4 << 20
    static let defaultUnsizedLength: UInt64 = 256

    /// ADDRESS as given (nil: none); a register name needs a description.
    public var location: Location?

    public init(_ location: Location? = nil, length: UInt64? = nil, format: Format = .text(verbose: false)) {
        self.location = location
        if case .address(let address) = location { self.address = address } else { address = 0 }
        self.length = length
        self.format = format
    }

    public var writes: Bool { false }

    /// A dump with a description in effect is decoded (`DecodedDumpOperation`), which passes
    /// over what it may not read; what is left here is raw bytes, which cannot.
    public func plannedAccesses(_ settings: AccessSettings, target: ResolvedTarget) -> PlannedAccesses {
        PlannedAccesses(PlannedAccess(.read, at: address, count: resolvedLength(target) / UInt64(settings.width.bytes), width: settings.width))
    }

    /// With a description (and not `--raw`), the registers it describes in the range, decoded.
    public func resolvingNames(_ names: NameContext, settings: inout AccessSettings) throws -> RegisterOperation? {
        var start: UInt64?
        var base: UInt64?
        if case .name(let name) = location {
            let reference = try names.lookup(name)
            if reference.field != nil { throw MMIOError.usage("dump takes a register, not a field") }
            start = names.address(of: reference)
            base = reference.register.base
        } else if case .address(let address) = location {
            start = address
        }
        // --peripheral: the target is that peripheral, and numbers are its offsets.
        if base == nil, let peripheral = names.chosen.peripheral, !names.physical {
            base = names.map?.registers(ofPeripheral: peripheral).first?.base
        }
        // Config space dumps as lspci shows it, never decoded by its names; and on a target other
        // than physical memory a number names no peripheral, so it is dumped as it is.
        guard let map = names.map, format != .raw, names.config == nil, names.physical || base != nil else {
            guard case .name = location else { return nil }
            var result = self
            result.address = start ?? 0
            return result
        }
        return try DecodedDumpOperation(
            map: map, names: names, start: start, length: length, peripheral: base, settings: &settings)
    }

    public func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? {
        let length = resolvedLength(target)
        return length == 0 ? nil : (address, min(length, Self.window))
    }

    func resolvedLength(_ target: ResolvedTarget) -> UInt64 {
        if let length { return length }
        guard let size = target.size else { return Self.defaultUnsizedLength }
        return size > address ? size - address : 0
    }

    public func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {
        try settings.refuseBits(for: "dump")
        let length = resolvedLength(target)
        guard length % UInt64(settings.width.bytes) == 0 else {
            throw MMIOError.usage(
                "length \(length) is not a whole number of \(settings.width.bits)-bit words")
        }
        if let size = target.size, address >= size, size > 0 || address > 0 {
            throw MMIOError.usage(
                "address \(Hex.string(address)) lies outside \(target.name) (size \(Hex.string(size)))")
        }
    }

    public func run(_ settings: AccessSettings, space: RegisterAccess, results: Results) throws {
        let length = resolvedLength(space.target)
        guard length > 0 else { return }
        let width = settings.width
        var verbose = false
        if case .text(let wanted) = format { verbose = wanted }
        let writer = results.dumpWriter(
            raw: format == .raw, verbose: verbose, width: width, lastAddress: address + length,
            style: space.target.method == .config ? .lspci : .hexdump)
        try space.flushBeforeAccess()
        // This thread makes every access, in order, into buffers that a second thread formats
        // and writes, so the two halves of a large dump overlap. Only that thread writes to
        // standard output until the dump ends (a dry run's lines come from reads, here).
        let worker = try FormattingThread(bufferSize: Self.chunk) { bytes, at in
            try writer.append(bytes, at: at, width: width)
        }
        var fault: Error?
        var done: UInt64 = 0
        while done < length, fault == nil, let buffer = worker.next() {
            // SIGINT or SIGTERM: stop between blocks; what was read is still shown, in whole lines.
            if Interruption.signal != nil {
                worker.submit(address: address + done, count: 0)
                fault = MMIOError(.interrupted(signal: Interruption.signal!), "interrupted")
                break
            }
            // Lines run from ADDRESS in steps of 16 and blocks are whole lines, so only the
            // last line can be short.
            let at = address + done
            let count = Int(min(length - done, UInt64(Self.chunk)))
            var completed = 0
            do {
                if done % Self.window == 0 {
                    try space.prepare(address: at, length: min(length - done, Self.window))
                }
                try space.readBlock(width, at: at, count: count / width.bytes, into: buffer, completed: &completed)
            } catch {
                // What was read before the fault is still shown; then the fault is reported.
                fault = error
            }
            worker.submit(address: at, count: fault == nil ? count : completed * width.bytes)
            done += UInt64(count)
        }
        try worker.finish()
        try writer.finish()
        if let fault { throw fault }
    }
}
