import MMIOBasics
/// Where a command's loads and stores go: one small protocol, one conformer per kind of access
/// (mapped memory, an I/O-port BAR, a dry run). Operations see only this.
public protocol RegisterAccess: AnyObject {
    var target: ResolvedTarget { get }
    /// Where trace lines and notes go, and what is flushed before an access to a device.
    var console: Console { get }
    /// Print each access made to standard error.
    var trace: Bool { get set }
    /// How many mmap calls were made (batch reuses mappings; tests count them).
    var mapCount: Int { get }

    func read(_ width: Width, at address: UInt64) throws -> UInt64
    func write(_ value: UInt64, _ width: Width, at address: UInt64) throws
    /// Exactly one read and one write: `(v & ~clearing) | setting`. Returns the value written.
    @discardableResult
    func modify(_ width: Width, at address: UInt64, clearing: UInt64, setting: UInt64) throws -> UInt64
    /// `count` consecutive loads of `width` into `buffer`; `completed` tells how many were made
    /// (all, unless one faulted).
    func readBlock(
        _ width: Width, at address: UInt64, count: Int, into buffer: UnsafeMutableRawPointer,
        completed: inout Int) throws
    /// `count` consecutive stores of `width` from `buffer`.
    func writeBlock(_ width: Width, at address: UInt64, count: Int, from buffer: UnsafeRawPointer) throws
    /// Opens and maps what `length` bytes at `address` need now, so that open and mmap errors
    /// come before the first access.
    func prepare(address: UInt64, length: UInt64) throws
    /// Writes out what was printed so far where the target is a device (an access to one can
    /// hang the bus or the machine).
    func flushBeforeAccess() throws
    /// Refuses, before any access, a width this kind cannot make as one access once open (a
    /// 64-bit access to a VFIO region reached by pread/pwrite).
    func check(width: Width) throws
}

extension RegisterAccess {
    public func check(width: Width) throws {}

    /// A device (a BAR, config space, a port) can hang the bus or the machine: what was printed
    /// goes out before each access.
    public func flushBeforeAccess() throws {
        if !console.output.buffer.isEmpty { try console.output.flush() }
    }

    @discardableResult
    public func modify(_ width: Width, at address: UInt64, clearing: UInt64, setting: UInt64) throws -> UInt64 {
        let new = (try read(width, at: address) & ~clearing) | setting
        try write(new, width, at: address)
        return new
    }

    /// Block accesses made one at a time, for the kinds that have no faster way.
    public func readBlock(
        _ width: Width, at address: UInt64, count: Int, into buffer: UnsafeMutableRawPointer,
        completed done: inout Int
    ) throws {
        try readEach(width, at: address, count: count, into: buffer, completed: &done)
    }

    public func writeBlock(_ width: Width, at address: UInt64, count: Int, from buffer: UnsafeRawPointer) throws {
        try writeEach(width, at: address, count: count, from: buffer)
    }

    public func readEach(
        _ width: Width, at address: UInt64, count: Int, into buffer: UnsafeMutableRawPointer,
        completed done: inout Int
    ) throws {
        done = 0
        for index in 0..<count {
            storeHost(try read(width, at: address + UInt64(index * width.bytes)), width, buffer + index * width.bytes)
            done = index + 1
        }
    }

    public func writeEach(_ width: Width, at address: UInt64, count: Int, from buffer: UnsafeRawPointer) throws {
        for index in 0..<count {
            try write(loadHost(width, buffer + index * width.bytes), width, at: address + UInt64(index * width.bytes))
        }
    }

    func traceRead(_ width: Width, _ address: UInt64, _ value: UInt64) throws {
        if trace { try console.errors.line(TraceLine.read(width, address, value)) }
    }

    func traceWrite(_ width: Width, _ address: UInt64, _ value: UInt64) throws {
        if trace { try console.errors.line(TraceLine.write(width, address, value)) }
    }
}

/// Makes the access object of a target: the pipeline asks once per target it opens. Tests give
/// their own (a recording device); everything else uses `live`.
public struct AccessFactory: Sendable {
    public let make: @Sendable (_ target: ResolvedTarget, _ writable: Bool, _ dryRun: Bool, _ console: Console) -> RegisterAccess

    public init(_ make: @escaping @Sendable (ResolvedTarget, Bool, Bool, Console) -> RegisterAccess) {
        self.make = make
    }

    /// Mapped memory, pread/pwrite for an I/O BAR, libpci for config space; a dry run prints its
    /// planned accesses to the console's output.
    public static let live = AccessFactory { target, writable, dryRun, console in
        if dryRun { return DryRunSpace(target: target, console: console) }
        switch target.method {
        case .mmap: return MappedSpace(target: target, writable: writable, console: console)
        case .portIO: return IOBARSpace(target: target, writable: writable, console: console)
        case .config: return ConfigSpace(target: target, writable: writable, console: console)
        case .ports: return X86PortSpace(target: target, console: console)
        case .vfio: return VFIOSpace(target: target, writable: writable, console: console)
        }
    }
}
