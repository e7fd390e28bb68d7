import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// What one command line or batch line asks for, before anything is resolved or opened.
public struct Request {
    public enum Action {
        /// Register accesses on the target.
        case access(RegisterOperation)
        /// What the target resolves to (`info`).
        case info
        /// Where a physical address lives and how to reach it (`info ADDRESS`).
        case locate(UInt64)
        /// The machine's PCI and UIO devices (`list`).
        case list(ListOperation)
        /// The register description's map (`regs [PATTERN]`).
        case regs(pattern: String?)
        /// A value shown field by field as a register of the description holds it, with no
        /// target (`decode REG VALUE`).
        case decode(name: String, value: UInt64, layout: Bool = false)
        /// A pause between batch lines.
        case sleep(nanoseconds: UInt64)
    }

    public var action: Action
    public var selection: TargetSelection
    public var roots: SystemRoots
    public var settings: AccessSettings
    /// The register description (`--regs`); nil: `MMIO_REGS`, or none. Kept out of `settings`,
    /// which every line copies several times and is plain data without it.
    public var regs: String?
    /// `--peripheral`: what a description binds to on a target other than physical memory.
    public var peripheral: String?
    /// Whether the line named its target or roots itself; a batch gives its own to those that
    /// did not.
    public var namesTarget: Bool
    /// Whether the subcommand has one target whatever the line says (devmem: physical memory);
    /// a batch then gives it only its roots.
    public var selectionIsFixed = false

    public init(
        _ action: Action, selection: TargetSelection = .physical, roots: SystemRoots,
        settings: AccessSettings = AccessSettings(), namesTarget: Bool
    ) {
        self.action = action
        self.selection = selection
        self.roots = roots
        self.settings = settings
        self.namesTarget = namesTarget
    }

    /// Gives this request a batch's defaults: its target where the line names none, and its
    /// `--json`, `--trace`, `--dry-run`, `--force`, `--strict` added to the line's own, and its `--regs` and
    /// `--endian` where the line gives none. In place: a request is large, and every batch line
    /// has one.
    public mutating func apply(_ defaults: Request) {
        if !namesTarget {
            if !selectionIsFixed { selection = defaults.selection }
            roots = defaults.roots
        }
        settings.json = settings.json || defaults.settings.json
        settings.trace = settings.trace || defaults.settings.trace
        settings.dryRun = settings.dryRun || defaults.settings.dryRun
        settings.force = settings.force || defaults.settings.force
        settings.strict = settings.strict || defaults.settings.strict
        if settings.endian == nil { settings.endian = defaults.settings.endian }
        if regs == nil { regs = defaults.regs }
        if peripheral == nil { peripheral = defaults.peripheral }
    }
}
