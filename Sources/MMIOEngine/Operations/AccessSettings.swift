import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// The access options every register command shares.
public struct AccessSettings: Equatable, Sendable {
    public var width: Width
    public var bits: BitRange?
    public var unaligned: Bool
    public var dryRun: Bool
    public var trace: Bool
    public var json: Bool
    /// Whether `-w` was given (a register name's width must then agree with it).
    public var widthGiven: Bool
    /// Reads the description marks as having side effects are allowed.
    public var force: Bool
    /// A description with any defect is refused whole (`--strict`), not loaded with warnings.
    public var strict: Bool
    /// The register's byte order (`--endian`); nil: not given (little, or a batch's).
    public var endian: ByteOrder?

    public init(
        width: Width? = nil, bits: BitRange? = nil, unaligned: Bool = false,
        dryRun: Bool = false, trace: Bool = false, json: Bool = false, force: Bool = false,
        strict: Bool = false, endian: ByteOrder? = nil
    ) {
        self.endian = endian
        self.strict = strict
        self.width = width ?? .w32
        widthGiven = width != nil
        self.force = force
        self.bits = bits
        self.unaligned = unaligned
        self.dryRun = dryRun
        self.trace = trace
        self.json = json
    }

    /// Checks `count` consecutive accesses at `address`: width, alignment, and the target's
    /// bounds. Called before anything is opened.
    public func checkAccesses(at address: UInt64, count: UInt64, in target: ResolvedTarget) throws {
        try width.checkSupported()
        if target.method == .ports && width == .w64 {
            throw MMIOError.usage("I/O ports: in and out instructions are 8, 16 or 32 bits")
        }
        if target.method == .portIO && width == .w64 {
            throw MMIOError.usage("\(target.name) is an I/O BAR: widths 8, 16 and 32 only")
        }
        if target.method == .config {
            if width == .w64 { throw MMIOError.usage("\(target.name): config accesses are 8, 16 or 32 bits") }
            if unaligned {
                throw MMIOError.usage(
                    "\(target.name): --unaligned does not apply (the kernel would split an unaligned config access)")
            }
        }
        if unaligned, let refusal = Self.unalignedRefusal(target, arm64: Self.onArm64) { throw MMIOError.usage(refusal) }
        if let bits { try bits.check(fitsIn: width) }
        if !unaligned && address % UInt64(width.bytes) != 0 {
            // The hint names only what works: config space has no unaligned accesses at all.
            let hint = target.method == .config
                ? "config space takes aligned accesses only: the kernel would split an unaligned one"
                : "use --unaligned to allow it"
            throw MMIOError.usage("address \(Hex.string(address)) is not aligned to the \(width.bits)-bit width (\(hint))")
        }
        let (length, overflow) = count.multipliedReportingOverflow(by: UInt64(width.bytes))
        guard !overflow else { throw MMIOError.usage("\(count) accesses overflow the address space") }
        try target.checkBounds(address: address, length: length)
    }

    /// Refuses `--bits` for a command where a field means nothing.
    #if arch(arm64)
    static let onArm64 = true
    #else
    static let onArm64 = false
    #endif

    /// arm64 faults on an unaligned access to device memory (it is Device-nGnRE there, where x86
    /// splits the access): `--unaligned` is then for a file (ordinary memory) only.
    public static func unalignedRefusal(_ target: ResolvedTarget, arm64: Bool) -> String? {
        guard arm64, target.kind != .file else { return nil }
        return "\(target.name): --unaligned does not apply on arm64 (an unaligned access to device memory faults there; a file target takes one)"
    }

    public func refuseBits(for command: String) throws {
        if bits != nil { throw MMIOError.usage("--bits does not apply to \(command)") }
    }
}
