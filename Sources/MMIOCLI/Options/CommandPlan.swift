import ArgumentParser
import MMIOKit

/// A parsed register command: what to do, on which target, with which access options. A
/// command line runs one; `batch` plans every line first, then runs them on shared targets.
struct CommandPlan {
    var operation: RegisterOperation
    var selection: TargetSelection
    var roots: SystemRoots
    var settings: AccessSettings
    /// Whether the line named a target (batch supplies its own default where it did not).
    var namesTarget: Bool = true
}

/// A subcommand that is one register operation.
protocol PlannedCommand: ParsableCommand {
    func plan() throws -> CommandPlan
}

extension PlannedCommand {
    func run() throws {
        let plan = try plan()
        try plan.operation.perform(on: plan.selection, roots: plan.roots, settings: plan.settings)
    }
}

extension TargetOptions {
    /// A plan on this target.
    func plan(_ operation: RegisterOperation, _ settings: AccessSettings) throws -> CommandPlan {
        CommandPlan(
            operation: operation, selection: try selection, roots: roots, settings: settings,
            namesTarget: slot != nil || device != nil || uio != nil || file != nil)
    }
}
