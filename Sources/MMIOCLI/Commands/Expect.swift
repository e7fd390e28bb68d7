import ArgumentParser
import MMIOKit

extension MMIOCommand {
    struct Expect: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "expect",
            abstract: "Read once and check the value: exit 3 naming expected and actual when it differs.")

        @OptionGroup var target: TargetOptions
        @OptionGroup var access: AccessOptions

        @Option(help: "Compare only these bits.", transform: ArgumentSyntax.number)
        var mask: UInt64?

        @Argument(transform: ArgumentSyntax.number) var address: UInt64
        @Argument(help: "The value the (masked) register must hold.", transform: ArgumentSyntax.number)
        var value: UInt64

        func plan() throws -> CommandPlan {
            try target.plan(ExpectOperation(address: address, value: value, mask: mask), access.settings())
        }
    }

    struct Sleep: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sleep",
            abstract: "Wait (between batch lines): 10ms, 250us, 1s; a bare number is seconds.")

        @Argument(help: ArgumentHelp("How long.", valueName: "duration"), transform: ArgumentSyntax.duration)
        var duration: UInt64

        func run() throws { Clock.sleep(until: Clock.now() &+ duration) }
    }
}
