/// One register command: everything it needs is checked in `validate` before the target is
/// opened, so a refused command makes no access at all. `Pipeline` is the one caller.
public protocol RegisterOperation {
    /// Whether the command stores (the target is then opened read-write).
    var writes: Bool { get }
    /// The range the command touches first, mapped before the first access of any line so that
    /// open and mmap errors come first. Nil: the command touches nothing.
    func firstRange(_ settings: AccessSettings, target: ResolvedTarget) -> (address: UInt64, length: UInt64)?
    func validate(_ settings: AccessSettings, target: ResolvedTarget) throws
    func run(_ settings: AccessSettings, space: RegisterAccess, output: OutputStream) throws
}
