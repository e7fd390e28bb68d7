import MMIOBasics
import SystemPackage

/// A PCI I/O-port BAR: there is nothing to map, and the kernel makes the in/out instruction of
/// exactly the width for a pread or pwrite of that many bytes of the resource file. Also a
/// VFIO region that cannot be mapped, through the VFIO device's descriptor.
public final class IOBARSpace: RegisterAccess {
    public let target: ResolvedTarget
    /// Where trace lines and notes go, and what is flushed before an access to a device.
    public let console: Console
    public var trace = false
    public var mapCount: Int { 0 }

    private let writable: Bool
    private var file: TargetFile?

    public init(target: ResolvedTarget, writable: Bool, console: Console) {
        self.target = target
        self.console = console
        self.writable = writable
    }

    /// Accesses through `file`, already open (a VFIO device).
    init(target: ResolvedTarget, file: TargetFile, console: Console) {
        self.target = target
        self.console = console
        self.writable = file.writable
        self.file = file
    }

    public func read(_ width: Width, at address: UInt64) throws -> UInt64 {
        try flushBeforeAccess()
        var value: UInt64 = 0
        try withUnsafeMutableBytes(of: &value) { bytes in
            let count = try openFile().descriptor.read(
                fromAbsoluteOffset: Int64(target.origin + address),
                into: UnsafeMutableRawBufferPointer(rebasing: bytes[0..<width.bytes]))
            guard count == width.bytes else { throw refused(reading: true, width, address) }
        }
        let result = UInt64(littleEndian: value)
        try traceRead(width, address, result)
        return result
    }

    public func write(_ value: UInt64, _ width: Width, at address: UInt64) throws {
        try flushBeforeAccess()
        var little = value.littleEndian
        try withUnsafeBytes(of: &little) { bytes in
            let count = try openFile().descriptor.write(
                toAbsoluteOffset: Int64(target.origin + address),
                UnsafeRawBufferPointer(rebasing: bytes[0..<width.bytes]))
            guard count == width.bytes else { throw refused(reading: false, width, address) }
        }
        try traceWrite(width, address, value)
    }

    public func prepare(address: UInt64, length: UInt64) throws { _ = try openFile() }


    private func openFile() throws -> TargetFile {
        if let file { return file }
        let opened = try TargetFile(target, writable: writable)
        file = opened
        return opened
    }

    private func refused(reading: Bool, _ width: Width, _ address: UInt64) -> MMIOError {
        MMIOError(
            .busError,
            "bus error \(reading ? "reading" : "writing") \(width.bits) bits at "
                + "\(Hex.string(address, digits: 8)) of \(target.name) (the kernel refused the access)")
    }
}
