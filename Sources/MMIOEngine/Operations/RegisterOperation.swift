import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// One register command: everything it needs is checked in `validate` before the target is
/// opened, so a refused command makes no access at all. `Pipeline` is the one caller.
public protocol RegisterOperation {
    /// Whether the command stores (the target is then opened read-write).
    var writes: Bool { get }
    /// The range the command touches first, mapped before the first access of any line so that
    /// open and mmap errors come first. Nil: the command touches nothing.
    func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)?
    /// This operation with its register names resolved through `names` (and the description's
    /// safety rules checked): addresses become numbers, and a name's width and field go into
    /// `settings`; nil when there is nothing to resolve (the operation stands as it is). Called
    /// before `validate`.
    func resolvingNames(_ names: NameContext, settings: inout AccessSettings) throws -> RegisterOperation?
    /// What only this command can check (its values, its counts, its files); the reach of
    /// every access it declares (width, alignment, bounds) is checked once, by the pipeline.
    func validate(_ settings: AccessSettings, target: ResolvedTarget) throws
    /// Every access the command will make, declared when it is planned: what the one checker
    /// (`AccessPlan`) holds against the description's rules. Required of every operation, so
    /// that no command is left out.
    func plannedAccesses(_ settings: AccessSettings, target: ResolvedTarget) -> PlannedAccesses
    /// This operation passing over the registers `skipped` names (address → why); only `dump`
    /// and `watch` declare skippable accesses.
    func skipping(_ skipped: [UInt64: String]) throws -> RegisterOperation
    /// Whether its words may be register names, so that `MMIO_REGS` applies (`load` and
    /// `devmem` take numbers only: a description set for other commands must not break them).
    var takesNames: Bool { get }
    func run(_ settings: AccessSettings, space: RegisterAccess, results: Results) throws
}

extension RegisterOperation {
    /// Operations whose words are all numbers have nothing to resolve.
    public func resolvingNames(_ names: NameContext, settings: inout AccessSettings) throws -> RegisterOperation? { nil }
    public var takesNames: Bool { true }

    public func skipping(_ skipped: [UInt64: String]) throws -> RegisterOperation {
        throw MMIOError.usage(skipped.sorted { $0.key < $1.key }.first?.value ?? "a register may not be read")
    }
}
