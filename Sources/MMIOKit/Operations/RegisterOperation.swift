/// One register command: everything it needs is checked in `validate` before the target is
/// opened, so a refused command makes no access at all.
public protocol RegisterOperation {
    /// Whether the command stores (the target is then opened read-write).
    var writes: Bool { get }
    /// The range the command touches first, mapped before the first access so that open and
    /// mmap errors come before any of them. Nil: the command maps as it goes.
    func firstRange(_ settings: AccessSettings) -> (address: UInt64, length: UInt64)?
    func validate(_ settings: AccessSettings, target: ResolvedTarget) throws
    func run(_ settings: AccessSettings, space: RegisterSpace, output: OutputStream) throws
    /// The same operation with every number the user typed passed through `transform`; nil for
    /// an operation that holds more than numbers (batch then parses each of its lines anew).
    func mappingNumbers(_ transform: (UInt64) -> UInt64) -> RegisterOperation?
}

extension RegisterOperation {
    /// Validates, opens and maps, then runs: the order every one-shot command follows.
    public func perform(
        on selection: TargetSelection, roots: SystemRoots, settings: AccessSettings,
        output: OutputStream = .standard
    ) throws {
        let target = try selection.resolve(roots: roots)
        try validate(settings, target: target)
        for warning in target.warnings { try OutputStream.error.line("mmio: warning: \(warning)") }
        let space = RegisterSpace(
            target: target, writable: writes && !settings.dryRun,
            mode: settings.dryRun ? .dryRun : .live, trace: settings.trace)
        if let range = firstRange(settings) {
            try space.prepare(address: range.address, length: range.length)
        }
        try run(settings, space: space, output: output)
    }
}
