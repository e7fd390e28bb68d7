#if canImport(Glibc)
import Glibc
#endif
import MMIOBasics
import MMIOEngine
import MMIOFuzzChecks

// Built with -sanitize=fuzzer (make fuzz), this is libFuzzer's entry for the target named by
// MMIO_FUZZ_TARGET, and libFuzzer provides main. Built plainly, it replays input files through
// a target: `mmio-fuzz TARGET FILE...`, exit 1 on the first broken property.

#if MMIO_LIBFUZZER
import CPlatform

nonisolated(unsafe) var fuzzTarget: ([UInt8]) throws -> Void = { _ in }

/// The executable's main under the name SwiftPM links it as: picks the target, then hands over
/// to libFuzzer's driver.
@_cdecl("mmio_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    let name = getenv("MMIO_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let check = FuzzTargets.named(name) else {
        fputs("mmio-fuzz: MMIO_FUZZ_TARGET must be one of: \(FuzzTargets.all.map(\.name).joined(separator: ", "))\n", stderr)
        return 2
    }
    fuzzTarget = check
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector) { data, size in
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        do {
            try fuzzTarget(bytes)
        } catch {
            fputs("mmio-fuzz: \(error)\n", stderr)
            abort()
        }
        return 0
    }
}
#else
@main
enum FuzzReplay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let check = FuzzTargets.named(name) else {
            fputs("usage: mmio-fuzz TARGET FILE... (targets: \(FuzzTargets.all.map(\.name).joined(separator: ", ")))\n", stderr)
            exit(64)
        }
        for path in arguments.dropFirst() {
            do {
                try check(try FileContents.read(path))
            } catch {
                fputs("mmio-fuzz: \(path): \(error)\n", stderr)
                exit(1)
            }
        }
    }
}
#endif
