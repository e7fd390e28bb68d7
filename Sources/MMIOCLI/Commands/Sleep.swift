import ArgumentParser
import MMIOBasics
import MMIODescriptions
import MMIOTargets
import MMIOEngine

extension MMIOCommand {
    struct Sleep: PlannedCommand {
        static let configuration = CommandConfiguration(
            commandName: "sleep",
            abstract: "Wait (between batch lines): 10ms, 250us, 1s; a bare number is seconds.",
            discussion: "EXAMPLES:\n  mmio sleep 10ms\n  mmio batch -s 00:04.0 script.txt   (with sleep 250us lines)")

        @Argument(help: ArgumentHelp("How long.", valueName: "duration"), transform: { try TimeSpan.parse($0) })
        var duration: TimeSpan

        // Accepted as by every subcommand; a sleep prints nothing either way.
        @OptionGroup var output: OutputOptions

        func request() throws -> Request {
            Request(.sleep(nanoseconds: duration.nanoseconds), roots: SystemRoots(), namesTarget: true)
        }
    }
}
