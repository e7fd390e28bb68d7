import MMIOBasics
#if canImport(Glibc)
import Glibc
#endif
import CMMIOAccess

/// A target reached by mmap: every load and store goes through the C access module. Mappings
/// are made on demand, covering only the pages an access needs, and kept for reuse until they
/// exceed a small budget.
public final class MappedSpace: RegisterAccess {
    public let target: ResolvedTarget
    /// Where trace lines and notes go, and what is flushed before an access to a device.
    public let console: Console
    public var trace = false
    public private(set) var mapCount = 0

    private let writable: Bool
    /// Device targets can hang the bus or the machine: what was printed before such an access
    /// is written out first. A register file cannot, and is spared the system calls.
    private let flushes: Bool
    /// How loads are kept in order (the C module's mmio_memory).
    let memory: mmio_memory
    private var file: TargetFile?
    private var regions: [MappedRegion] = []
    private static let mappingBudget: UInt64 = 8 << 20
    private let pageSize = UInt64(sysconf(Int32(_SC_PAGESIZE)))

    public init(target: ResolvedTarget, writable: Bool, console: Console) {
        self.target = target
        self.console = console
        self.writable = writable
        flushes = target.kind != .file
        memory = target.writeCombining ? MMIO_MEMORY_WEAK : MMIO_MEMORY_ORDERED
        mmio_guard_install()
    }

    /// Maps from `file`, already open (a VFIO device).
    convenience init(target: ResolvedTarget, file: TargetFile, console: Console) {
        self.init(target: target, writable: file.writable, console: console)
        self.file = file
    }

    public func read(_ width: Width, at address: UInt64) throws -> UInt64 {
        try flushBeforeAccess()
        let pointer = try self.pointer(address, length: UInt64(width.bytes))
        let value: UInt64
        let status: Int32
        switch width {
        case .w8: var v: UInt8 = 0; status = mmio_load8(pointer, &v, memory); value = UInt64(v)
        case .w16: var v: UInt16 = 0; status = mmio_load16(pointer, &v, memory); value = UInt64(v)
        case .w32: var v: UInt32 = 0; status = mmio_load32(pointer, &v, memory); value = UInt64(v)
        case .w64: var v: UInt64 = 0; status = mmio_load64(pointer, &v, memory); value = v
        }
        if status != MMIO_OK { throw busError(reading: true, width, address) }
        try traceRead(width, address, value)
        return value
    }

    public func write(_ value: UInt64, _ width: Width, at address: UInt64) throws {
        try flushBeforeAccess()
        let pointer = try self.pointer(address, length: UInt64(width.bytes))
        let status: Int32
        switch width {
        case .w8: status = mmio_store8(pointer, UInt8(truncatingIfNeeded: value))
        case .w16: status = mmio_store16(pointer, UInt16(truncatingIfNeeded: value))
        case .w32: status = mmio_store32(pointer, UInt32(truncatingIfNeeded: value))
        case .w64: status = mmio_store64(pointer, value)
        }
        if status != MMIO_OK { throw busError(reading: false, width, address) }
        try traceWrite(width, address, value)
    }

    /// One guard for the whole block; still one access of `width` per word. The caller writes
    /// out pending output first (a dump's output belongs to its formatting thread while it runs).
    public func readBlock(
        _ width: Width, at address: UInt64, count: Int, into buffer: UnsafeMutableRawPointer,
        completed done: inout Int
    ) throws {
        done = 0
        let pointer = try self.pointer(address, length: UInt64(count * width.bytes))
        if mmio_load_block(pointer, buffer, count, UInt32(width.bytes), memory, &done) != MMIO_OK {
            throw busError(reading: true, width, address + UInt64(done * width.bytes))
        }
        guard trace else { return }
        for index in 0..<count {
            try traceRead(width, address + UInt64(index * width.bytes), loadHost(width, UnsafeRawPointer(buffer + index * width.bytes)))
        }
    }

    public func writeBlock(_ width: Width, at address: UInt64, count: Int, from buffer: UnsafeRawPointer) throws {
        if trace { return try writeEach(width, at: address, count: count, from: buffer) }
        try flushBeforeAccess()
        let pointer = try self.pointer(address, length: UInt64(count * width.bytes))
        var done = 0
        if mmio_store_block(pointer, buffer, count, UInt32(width.bytes), &done) != MMIO_OK {
            throw busError(reading: false, width, address + UInt64(done * width.bytes))
        }
    }

    public func prepare(address: UInt64, length: UInt64) throws {
        _ = try pointer(address, length: length)
    }

    public func flushBeforeAccess() throws {
        if flushes && !console.output.buffer.isEmpty { try console.output.flush() }
    }

    private func pointer(_ address: UInt64, length: UInt64) throws -> UnsafeMutableRawPointer {
        let start = target.origin + address
        if let region = regions.last(where: { $0.window.contains(start: start, length: length) }) {
            return region.pointer(at: start)
        }
        let window = try PageWindow.covering(
            start: start, length: length, pageSize: pageSize, anchor: target.mappingAnchor)
        // Keep the mappings this space holds small: drop the oldest beyond the budget.
        var held = regions.reduce(window.length) { $0 + $1.window.length }
        while held > Self.mappingBudget, !regions.isEmpty {
            held -= regions.removeFirst().window.length
        }
        let region = try MappedRegion(file: try openFile(), window: window)
        mapCount += 1
        regions.append(region)
        return region.pointer(at: start)
    }

    private func openFile() throws -> TargetFile {
        if let file { return file }
        if trace, let fallback = target.fallback {
            try console.errors.line("mmio: note: \(target.name): \(fallback)")
        }
        let opened = try TargetFile(target, writable: writable)
        file = opened
        return opened
    }

    private func busError(reading: Bool, _ width: Width, _ address: UInt64) -> MMIOError {
        let fault = mmio_last_fault()
        return MMIOError(
            .busError,
            "bus error \(reading ? "reading" : "writing") \(width.bits) bits at "
                + "\(Hex.string(address, digits: 8)) of \(target.name) (\(fault.signal == SIGSEGV ? "SIGSEGV" : "SIGBUS"))")
    }
}
