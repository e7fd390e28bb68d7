import MMIOBasics
/// A PCI device's configuration space (`--config`): every load and store is one libpci config
/// read or write of exactly the width. Nothing is mapped.
public final class ConfigSpace: RegisterAccess {
    public let target: ResolvedTarget
    /// Where trace lines and notes go, and what is flushed before an access to a device.
    public let console: Console
    public var trace = false
    public var mapCount: Int { 0 }

    private let writable: Bool
    private var device: PCIConfigDevice?

    public init(target: ResolvedTarget, writable: Bool, console: Console) {
        self.target = target
        self.console = console
        self.writable = writable
    }

    public func read(_ width: Width, at address: UInt64) throws -> UInt64 {
        try flushBeforeAccess()
        guard let value = try open().read(width.bytes, at: address) else {
            throw failure("read", width, address)
        }
        try traceRead(width, address, value)
        return value
    }

    public func write(_ value: UInt64, _ width: Width, at address: UInt64) throws {
        try flushBeforeAccess()
        guard try open().write(value, width.bytes, at: address) else { throw failure("write", width, address) }
        try traceWrite(width, address, value)
    }

    public func prepare(address: UInt64, length: UInt64) throws { _ = try open() }


    private func open() throws -> PCIConfigDevice {
        if let device { return device }
        guard let slot = target.kind.slot else { throw MMIOError.failure("\(target.name) names no PCI device") }
        let opened = try PCIConfigDevice(roots: target.roots, slot: slot, writable: writable)
        device = opened
        return opened
    }

    private func failure(_ verb: String, _ width: Width, _ address: UInt64) -> MMIOError {
        MMIOError.failure(
            "libpci could not \(verb) \(width.bits) bits at \(Hex.string(address, digits: 2)) of \(target.name) "
                + "(\(ArgumentText.printable(target.path)))")
    }
}
