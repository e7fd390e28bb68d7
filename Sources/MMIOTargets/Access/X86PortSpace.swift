import MMIOBasics
import SystemPackage
import CMMIOAccess
#if canImport(Glibc)
import Glibc
#endif

/// x86 I/O port space (`-p`): ioperm() for the ports an access touches, then one in or out
/// instruction of exactly the width through the C access module. Nothing is opened or mapped.
public final class X86PortSpace: RegisterAccess {
    public let target: ResolvedTarget
    /// Where trace lines and notes go, and what is flushed before an access to a device.
    public let console: Console
    public var trace = false
    public var mapCount: Int { 0 }

    /// The ports ioperm() has granted so far, a bit each.
    private var permitted = [UInt64](repeating: 0, count: 65536 / 64)

    public init(target: ResolvedTarget, console: Console) {
        self.target = target
        self.console = console
        mmio_guard_install()
    }

    public func read(_ width: Width, at address: UInt64) throws -> UInt64 {
        try flushBeforeAccess()
        try permit(address, count: UInt64(width.bytes))
        var value: UInt32 = 0
        guard mmio_port_in(UInt32(address), UInt32(width.bytes), &value) == MMIO_OK else {
            throw fault(reading: true, width, address)
        }
        try traceRead(width, address, UInt64(value))
        return UInt64(value)
    }

    public func write(_ value: UInt64, _ width: Width, at address: UInt64) throws {
        try flushBeforeAccess()
        try permit(address, count: UInt64(width.bytes))
        guard mmio_port_out(UInt32(address), UInt32(width.bytes), UInt32(truncatingIfNeeded: value)) == MMIO_OK else {
            throw fault(reading: false, width, address)
        }
        try traceWrite(width, address, value)
    }

    /// Asks for every port the operation touches, so that a refusal comes before any access.
    public func prepare(address: UInt64, length: UInt64) throws { try permit(address, count: length) }


    private func permit(_ first: UInt64, count: UInt64) throws {
        guard count > 0, first + count <= 0x10000 else { return }
        if (first..<first + count).allSatisfy({ permitted[Int($0 >> 6)] & (1 << ($0 & 63)) != 0 }) { return }
        guard mmio_port_permit(UInt32(first), UInt32(count)) == 0 else {
            let error = Errno(rawValue: errno)
            let hint = error == .noFunction
                ? "this kernel was built without ioperm() (CONFIG_X86_IOPL_IOPERM)"
                : "mmio needs root (or CAP_SYS_RAWIO), and kernel lockdown forbids port access"
            throw MMIOError.failure(
                "cannot get I/O ports \(Hex.string(first, digits: 4))-\(Hex.string(first + count - 1, digits: 4)): "
                    + "ioperm: \(error); \(hint)")
        }
        for port in first..<first + count { permitted[Int(port >> 6)] |= 1 << (port & 63) }
    }

    private func fault(reading: Bool, _ width: Width, _ address: UInt64) -> MMIOError {
        MMIOError(
            .busError,
            "fault \(reading ? "reading" : "writing") \(width.bits) bits at I/O port \(Hex.string(address, digits: 4)) "
                + "(\(mmio_last_fault().signal == SIGSEGV ? "SIGSEGV" : "SIGBUS"))")
    }
}
