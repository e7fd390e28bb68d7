import ArgumentParser
import MMIOKit

/// Runs a batch script: every line is parsed with the subcommands' own definitions, planned,
/// its target resolved and its accesses checked, before the first line runs. Each target is
/// opened and mapped once and shared by every line that names it. The first failing line
/// stops the batch, its line number in the message.
struct BatchRunner {
    /// Where a line that names no target goes.
    var defaultSelection: TargetSelection
    var defaultRoots: SystemRoots
    var json: Bool
    let parser = BatchLineParser()

    private enum Step {
        case access(CommandPlan, target: Int)
        case sleep(UInt64)
        case command(ParsableCommand)
    }

    /// One distinct target of the script, opened once.
    private final class SharedTarget {
        let selection: TargetSelection
        let roots: SystemRoots
        let dryRun: Bool
        let resolved: ResolvedTarget
        var writes = false
        var space: RegisterSpace?

        init(selection: TargetSelection, roots: SystemRoots, dryRun: Bool, resolved: ResolvedTarget) {
            self.selection = selection
            self.roots = roots
            self.dryRun = dryRun
            self.resolved = resolved
        }
    }

    /// Runs the script; returns what `--stats` reports.
    @discardableResult
    func run(script: [UInt8]) throws -> (lines: Int, targets: [(String, mappings: Int)]) {
        var steps: [(line: Int, step: Step)] = []
        var targets: [SharedTarget] = []
        var lineNumber = 0
        for line in script.split(separator: 0x0a, omittingEmptySubsequences: false) {
            lineNumber += 1
            do {
                guard let step = try plan(Substring(decoding: line, as: UTF8.self), targets: &targets) else { continue }
                steps.append((lineNumber, step))
            } catch {
                throw Self.located(error, line: lineNumber)
            }
        }
        // Open and map what every line touches first, so that no line runs before all can.
        for (line, step) in steps {
            guard case .access(let plan, let index) = step else { continue }
            do {
                let shared = targets[index]
                let space = shared.space ?? RegisterSpace(
                    target: shared.resolved, writable: shared.writes && !shared.dryRun,
                    mode: shared.dryRun ? .dryRun : .live)
                shared.space = space
                if let range = plan.operation.firstRange(plan.settings) {
                    try space.prepare(address: range.address, length: range.length)
                }
            } catch {
                throw Self.located(error, line: line)
            }
        }
        for (line, step) in steps {
            do {
                switch step {
                case .access(let plan, let index):
                    let space = targets[index].space!
                    space.trace = plan.settings.trace
                    try plan.operation.run(plan.settings, space: space, output: .standard)
                case .sleep(let duration):
                    try OutputStream.standard.flush()
                    Clock.sleep(until: Clock.now() &+ duration)
                case .command(var command):
                    try command.run()
                }
            } catch {
                throw Self.located(error, line: line)
            }
        }
        return (lineNumber, targets.map { ($0.resolved.name, $0.space?.mapCount ?? 0) })
    }

    private func plan(_ line: Substring, targets: inout [SharedTarget]) throws -> Step? {
        let words = try CommandLineWords.split(line)
        guard !words.isEmpty else { return nil }
        switch try parser.parse(words) {
        case .plan(var plan):
            if !plan.namesTarget && plan.selection == .physical {
                plan.selection = defaultSelection
                plan.roots = defaultRoots
            }
            if json { plan.settings.json = true }
            let index = try target(for: plan, in: &targets)
            let shared = targets[index]
            try plan.operation.validate(plan.settings, target: shared.resolved)
            shared.writes = shared.writes || plan.operation.writes
            return .access(plan, target: index)
        case .command(let sleep as MMIOCommand.Sleep):
            return .sleep(sleep.duration)
        case .command(is MMIOCommand.Batch):
            throw MMIOError.usage("batch cannot run inside a batch")
        case .command(let command):
            return .command(command)
        }
    }

    /// The shared target a plan names, resolved the first time it is named.
    private func target(for plan: CommandPlan, in targets: inout [SharedTarget]) throws -> Int {
        let dryRun = plan.settings.dryRun
        if let index = targets.firstIndex(where: {
            $0.selection == plan.selection && $0.roots == plan.roots && $0.dryRun == dryRun
        }) {
            return index
        }
        let resolved = try plan.selection.resolve(roots: plan.roots)
        for warning in resolved.warnings { try OutputStream.error.line("mmio: warning: \(warning)") }
        targets.append(SharedTarget(selection: plan.selection, roots: plan.roots, dryRun: dryRun, resolved: resolved))
        return targets.count - 1
    }

    /// The error with its line number, keeping the exit status its kind gives.
    static func located(_ error: Error, line: Int) -> Error {
        if let error = error as? MMIOError {
            guard error.kind != .brokenPipe else { return error }
            return MMIOError(error.kind, "line \(line): \(error.message)")
        }
        let code = MMIOCommand.exitCode(for: error)
        let message = MMIOEntry.usageMessage(for: error)
        if code == .success { return MMIOError.usage("line \(line): help is not a batch command") }
        return MMIOError(code == ExitCode.validationFailure ? .usage : .failure, "line \(line): \(message)")
    }
}
