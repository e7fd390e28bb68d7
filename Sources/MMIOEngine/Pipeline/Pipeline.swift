import MMIOBasics
import MMIODescriptions
import MMIOTargets
/// Resolve → validate → open and map → run: the one path every command takes, alone on the
/// command line or as a line of a batch. A batch plans every line, then opens every line, then
/// runs them, so that nothing runs before everything that can be checked without touching a
/// register has been checked. The pipeline owns the targets it opened, keyed by what identifies
/// one, and later lines naming the same target share its mappings.
public final class Pipeline {
    /// A planned line: its request, checked, and the target it runs on. A class: a batch keeps
    /// a step per line and hands each to open and then to run, and a step is large. An access
    /// is an `AccessStep`.
    public class Step {
        /// The large kinds are boxed: an enum is as large as its largest case, and a batch
        /// keeps a step for every line, most of them accesses.
        enum Kind {
            case access
            case info(ResolvedTarget)
            indirect case locate(AddressReport)
            indirect case list(ListOperation.Listing)
            indirect case regs(RegisterMap, pattern: String?)
            indirect case decode(RegisterReference, value: UInt64, layout: Bool)
            case sleep(UInt64)
        }

        let kind: Kind
        public let settings: AccessSettings

        init(kind: Kind, settings: AccessSettings) {
            self.kind = kind
            self.settings = settings
        }
    }

    /// An access: its operation and target held as they are, so that open and run reach them
    /// without copying an enum or an optional out (a call and two references a line, and for
    /// an optional of an existential, the runtime making its type on first use).
    final class AccessStep: Step {
        let operation: RegisterOperation
        let target: OpenTarget

        init(operation: RegisterOperation, target: OpenTarget, settings: AccessSettings) {
            self.operation = operation
            self.target = target
            super.init(kind: .access, settings: settings)
        }
    }

    /// A target, resolved once and opened once for every line that names it.
    final class OpenTarget {
        let resolved: ResolvedTarget
        let dryRun: Bool
        var writes = false
        var space: RegisterAccess?

        init(resolved: ResolvedTarget, dryRun: Bool) {
            self.resolved = resolved
            self.dryRun = dryRun
        }
    }

    struct TargetKey: Equatable {
        var selection: TargetSelection
        var roots: SystemRoots
        var dryRun: Bool
    }

    /// A target opened, under the key it was named by: a class, so that looking one up copies
    /// a reference, not the key (whose selection's type lives in another module, where a copy
    /// of it is a call).
    final class KnownTarget {
        let key: TargetKey
        let target: OpenTarget

        init(key: TargetKey, target: OpenTarget) {
            self.key = key
            self.target = target
        }
    }

    private let console: Console
    private let access: AccessFactory
    /// The descriptions loaded so far: a batch loads each once.
    private let descriptions = DescriptionCache(parsedMaps: ParsedMapCache.user)
    /// What a line's names chose, recorded afresh for each line.
    private let chosen = NameContext.Chosen()
    /// The targets opened so far, in the order first named. A batch names a few; an array also
    /// spares a one-shot command the first hashed lookup of a key type (a scan of every protocol
    /// conformance in the binary).
    private var targets: [KnownTarget] = []
    /// Where in `targets` the target the last line named is: most lines of a batch name the
    /// one before's.
    private var last: Int?
    /// One sink per form, made when first needed: a line asks on every run.
    private var textResults: Results?
    private var otherResults: [Results] = []

    /// `MMIO_REGS`, read once.
    private let environmentRegs = DescriptionLoader.environmentPath

    public init(console: Console, access: AccessFactory = .live) {
        self.console = console
        self.access = access
    }

    /// Resolves the request's target (once per target) and checks the request against it.
    public func plan(_ request: Request) throws -> Step {
        switch request.action {
        case .access(let named):
            var settings = request.settings
            let operation: RegisterOperation
            let target: OpenTarget
            if case .config = request.selection {
                // Config space has setpci's names built in, and its capabilities are the device's:
                // the target first.
                if request.regs != nil {
                    throw MMIOError.usage("--regs does not go with --config: config space has setpci's names built in")
                }
                target = try resolve(request)
                guard case .config(let facts) = target.resolved.kind else { throw MMIOError.failure("\(target.resolved.name) is not config space") }
                let names = NameContext(
                    map: PCIConfigNames.map, physical: false, force: settings.force, config: facts,
                    width: settings.width)
                operation = try named.resolvingNames(names, settings: &settings) ?? named
                try operation.validate(settings, target: target.resolved)
                try AccessPlan.checkReach(operation.plannedAccesses(settings, target: target.resolved), settings, target: target.resolved)
            } else {
                // Names first: a wrong name is a usage error whatever the target.
                var physical = false
                if case .physical = request.selection { physical = true }
                // Most lines have no description: asked inline, without a call.
                let map = request.regs == nil && (environmentRegs == nil || !named.takesNames)
                    ? nil : try description(request.regs, environment: named.takesNames, strict: settings.strict)
                let names = NameContext(map: map, physical: physical, force: settings.force, chosen: chosen)
                try names.choose(peripheral: request.peripheral)
                let resolved = try named.resolvingNames(names, settings: &settings) ?? named
                target = try resolve(request)
                try Self.admit(target.resolved, &settings)
                try resolved.validate(settings, target: target.resolved)
                try AccessPlan.checkReach(resolved.plannedAccesses(settings, target: target.resolved), settings, target: target.resolved)
                // The description's rules, for every access the operation will make.
                operation = try Self.checked(resolved, names, settings, target: target.resolved)
            }
            target.writes = target.writes || operation.writes
            return AccessStep(operation: operation, target: target, settings: settings)
        case .regs(let pattern):
            guard let map = try description(request.regs, strict: request.settings.strict) else {
                throw MMIOError.usage("regs lists a register description: give --regs FILE (or set MMIO_REGS)")
            }
            return Step(kind: .regs(map, pattern: pattern), settings: request.settings)
        case .decode(let name, let value, let layout):
            guard let map = try description(request.regs, strict: request.settings.strict) else {
                throw MMIOError.usage("decode reads a register description: give --regs FILE (or set MMIO_REGS)")
            }
            let reference = try map.lookup(name)
            try reference.register.width.check(value)
            return Step(kind: .decode(reference, value: value, layout: layout), settings: request.settings)
        case .info:
            return Step(kind: .info(try resolve(request).resolved), settings: request.settings)
        case .locate(let address):
            guard case .physical = request.selection else {
                throw MMIOError.usage("info ADDRESS looks up a physical address: it takes no -s, -d, -u, -f or -P")
            }
            return Step(kind: .locate(try AddressReport.collect(address, roots: request.roots)), settings: request.settings)
        case .list(let list):
            return Step(kind: .list(try list.collect(roots: request.roots)), settings: request.settings)
        case .sleep(let nanoseconds):
            return Step(kind: .sleep(nanoseconds), settings: request.settings)
        }
    }

    /// Opens the step's target (read-write if any planned line writes to it) and maps what the
    /// step touches first, so that open and mmap errors come before any access.
    public func open(_ step: Step) throws {
        guard let step = step as? AccessStep else { return }
        let operation = step.operation, target = step.target
        let space = target.space ?? access.make(target.resolved, target.writes && !target.dryRun, target.dryRun, console)
        target.space = space
        space.trace = step.settings.trace
        if let range = operation.firstRange(step.settings, target: target.resolved) {
            try space.prepare(address: range.address, length: range.length)
        }
        try space.check(width: step.settings.width)
    }

    public func run(_ step: Step) throws {
        // A signal that came while the command was being read, checked or opened stops it here,
        // before its first access.
        try Interruption.check()
        if let step = step as? AccessStep {
            let operation = step.operation, target = step.target
            var space = target.space!
            space.trace = step.settings.trace
            if step.settings.dryRun, let planned = space as? DryRunSpace { planned.json = step.settings.json }
            if step.settings.endian == .big { space = ByteSwappedSpace(space) }
            try operation.run(step.settings, space: space, results: results(step.settings))
            return
        }
        switch step.kind {
        case .access:
            return
        case .info(let target):
            try TargetReport.show(target, to: results(step.settings))
        case .locate(let report):
            try report.show(to: results(step.settings))
        case .list(let listing):
            try listing.show(to: results(step.settings))
        case .regs(let map, let pattern):
            try RegisterListing.show(map, pattern: pattern, to: results(step.settings))
        case .decode(let reference, let value, let layout):
            try results(step.settings).decoded(
                reference.register, value: value, fields: reference.field.map { [$0] } ?? reference.register.fields,
                at: reference.register.address, layout: layout)
        case .sleep(let nanoseconds):
            try console.output.flush()
            Clock.sleep(until: Clock.now() &+ nanoseconds)
            try Interruption.check()
        }
    }

    /// Where a line's results go, in the form it asked for; one of each form is made once.
    private func results(_ settings: AccessSettings) -> Results {
        if !settings.dryRun && !settings.json {
            if let textResults { return textResults }
            let made = Results(.text, console: console)
            textResults = made
            return made
        }
        let form: Results.Form = settings.dryRun ? .planned(json: settings.json) : .json
        if let made = otherResults.first(where: { $0.form == form }) { return made }
        let made = Results(form, console: console)
        otherResults.append(made)
        return made
    }

    /// The operation with the description's rules applied to every access it declared: refused
    /// where it may not make one, or passing over what it may skip.
    /// A platform device's guards (a disabled node, a suspended device: `--force` overrides),
    /// and its endianness where `--endian` did not say.
    private static func admit(_ target: ResolvedTarget, _ settings: inout AccessSettings) throws {
        if let refusal = target.refusal, !settings.force { throw MMIOError.failure(refusal) }
        if target.bigEndian && settings.endian == nil { settings.endian = .big }
    }

    private static func checked(_ operation: RegisterOperation, _ names: NameContext, _ settings: AccessSettings, target: ResolvedTarget) throws -> RegisterOperation {
        guard names.map != nil else { return operation }
        let accesses = operation.plannedAccesses(settings, target: target)
        // One access of exactly the register named: its name applied that register's own rules
        // already (as it must where several registers share its address).
        if let only = accesses.only, only.count == 1, let named = names.chosen.reference,
            only.width == named.width, only.address == names.address(of: named)
        {
            return operation
        }
        guard let scope = DescriptionScope(names: names) else { return operation }
        let skipped = try AccessPlan.check(accesses, scope: scope)
        return skipped.isEmpty ? operation : try operation.skipping(skipped)
    }

    /// plan, open, run: one command on its own.
    public func perform(_ request: Request) throws {
        let step = try plan(request)
        try open(step)
        try run(step)
    }

    /// The targets opened so far, in the order first named, with their mmap counts.
    public var mappings: [(target: String, count: Int)] {
        targets.map { ($0.target.resolved.name, $0.target.space?.mapCount ?? 0) }
    }

    /// The description `--regs` (or, where `environment` allows, `MMIO_REGS`) names, loaded
    /// once; nil without one. What its reader tolerated is one warning line per kind when it is
    /// loaded, or under `--strict` a refusal of the file.
    private func description(_ option: String?, environment: Bool = true, strict: Bool) throws -> RegisterMap? {
        guard let path = option ?? (environment ? environmentRegs : nil) else { return nil }
        let (map, new) = try descriptions.loaded(path)
        if strict, let first = map.defects.kinds.first {
            throw MMIOError.failure(first.first + " (--strict: a description with a defect is refused)")
        }
        if new { for warning in map.defects.warnings { try console.errors.line("mmio: warning: " + warning) } }
        return map
    }

    private func resolve(_ request: Request) throws -> OpenTarget {
        // Most lines name the target the line before named: compared in place, the key made
        // only for a new one.
        if let last {
            let known = targets[last]
            if known.key.dryRun == request.settings.dryRun && known.key.selection == request.selection
                && known.key.roots == request.roots
            {
                return known.target
            }
        }
        let key = TargetKey(selection: request.selection, roots: request.roots, dryRun: request.settings.dryRun)
        if let known = targets.firstIndex(where: { $0.key == key }) {
            last = known
            return targets[known].target
        }
        let resolved = try request.selection.resolve(roots: request.roots)
        for warning in resolved.warnings { try console.errors.line("mmio: warning: \(warning)") }
        let target = OpenTarget(resolved: resolved, dryRun: request.settings.dryRun)
        targets.append(KnownTarget(key: key, target: target))
        last = targets.count - 1
        return target
    }
}
