import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// `diff ADDRESS FILE`: the live registers from ADDRESS against a saved image (as `dump --raw`
/// writes it), one width-sized read per register; a line per register that differs,
/// `ADDRESS: SAVED -> LIVE`, and exit 3 when any does.
public struct DiffOperation: RegisterOperation {
    public var location: Location
    var address: UInt64 = 0
    /// The image's bytes, read when the command is planned.
    let image: [UInt8]
    let file: String

    public init(_ location: Location, image: [UInt8], file: String) {
        self.location = location
        self.image = image
        self.file = file
        if case .address(let address) = location { self.address = address }
    }

    public var writes: Bool { false }

    public func plannedAccesses(_ settings: AccessSettings, target: ResolvedTarget) -> PlannedAccesses {
        PlannedAccesses(PlannedAccess(.read, at: address, count: UInt64(image.count / settings.width.bytes), width: settings.width))
    }

    public func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)? {
        image.isEmpty ? nil : (address, UInt64(image.count))
    }

    /// A register name as ADDRESS: its place and width (a field cannot start a range).
    public func resolvingNames(_ names: NameContext, settings: inout AccessSettings) throws -> RegisterOperation? {
        guard case .name(let name) = location else { return nil }
        var result = self
        result.address = try names.rangeStart(name, for: "diff", settings: &settings)
        return result
    }

    public func validate(_ settings: AccessSettings, target: ResolvedTarget) throws {
        try settings.refuseBits(for: "diff")
        guard !image.isEmpty else { throw MMIOError.usage("\(ArgumentText.printable(file)) is empty: nothing to compare") }
        guard image.count % settings.width.bytes == 0 else {
            throw MMIOError.usage(
                "\(ArgumentText.printable(file)) has \(image.count) bytes, not a whole number of \(settings.width.bits)-bit registers")
        }
    }

    public func run(_ settings: AccessSettings, space: RegisterAccess, results: Results) throws {
        let width = settings.width
        let live = UnsafeMutableRawPointer.allocate(byteCount: image.count, alignment: 8)
        defer { live.deallocate() }
        try space.flushBeforeAccess()
        var completed = 0
        try space.readBlock(width, at: address, count: image.count / width.bytes, into: live, completed: &completed)
        guard !results.planned else { return }
        let digits = Hex.addressDigits(upTo: address + UInt64(image.count))
        var differing = 0
        try image.withUnsafeBytes { saved in
            for offset in stride(from: 0, to: image.count, by: width.bytes) {
                let was = loadHost(width, saved.baseAddress! + offset)
                let now = loadHost(width, UnsafeRawPointer(live + offset))
                guard was != now else { continue }
                differing += 1
                let at = address + UInt64(offset)
                try results.differs(at: at, saved: was, live: now, width: width, addressDigits: digits)
            }
        }
        if differing > 0 {
            throw MMIOError(
                .mismatch,
                "diff: \(differing) of \(image.count / width.bytes) registers differ from \(ArgumentText.printable(file))")
        }
    }
}
