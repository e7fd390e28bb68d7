#if canImport(Glibc)
import Glibc
#endif
import MMIOBasics
import MMIOCLI

// The words as bytes: CommandLine.arguments would replace bytes that are not UTF-8, and a path
// must be used byte for byte.
let arguments = (1..<Int(CommandLine.argc)).map { index -> String in
    let word = CommandLine.unsafeArgv[index]!
    return ArgumentText.string(UnsafeBufferPointer(
        start: UnsafeRawPointer(word).assumingMemoryBound(to: UInt8.self), count: strlen(word)))
}
/// What the command ran with, kept (reachable, not leaked) until the process exits.
nonisolated(unsafe) var kept: AnyObject?
exit(MMIOEntry.run(arguments, keep: { kept = $0 }))
