import MMIOBasics
/// `-p`: the x86 I/O port space, 64K ports. There is no file: the ports are reached by in and
/// out instructions once ioperm() grants them.
enum PortTargetResolver {
    static func resolve() throws -> ResolvedTarget {
        #if arch(x86_64) || arch(i386)
        return ResolvedTarget(
            kind: .port, name: "I/O ports", path: "", size: 0x10000, method: .ports,
            notes: ["x86 I/O port space, 0x0000 to 0xffff"])
        #else
        throw MMIOError.failure("I/O ports (-p) exist on x86 only; this machine has none (use a BAR or /dev/mem)")
        #endif
    }
}
