#if canImport(Glibc)
import Glibc
#endif
import CMMIOAccess
import SystemPackage

/// A resolved target opened for access. Every load and store of mmio goes through here, and
/// from here through the C access module; mappings are made on demand, covering only the
/// pages an access needs, and kept for reuse until they exceed a small budget.
public final class RegisterSpace {
    public enum Mode { case live, dryRun }

    nonisolated(unsafe) public static var interposer: AccessInterposer?

    public let target: ResolvedTarget
    public let writable: Bool
    public let mode: Mode
    /// Print each access made to standard error.
    public var trace: Bool
    /// How many mmap calls this space has made (batch reuses mappings; tests count them).
    public private(set) var mapCount = 0

    /// Device targets can hang the bus or the machine: what was printed before such an access
    /// is written out first. A register file cannot, and is spared the system calls.
    private var flushesBeforeAccess: Bool { target.kind != .file }
    var file: TargetFile?
    private var regions: [MappedRegion] = []
    private static let mappingBudget: UInt64 = 8 << 20
    private let pageSize = UInt64(sysconf(Int32(_SC_PAGESIZE)))

    public init(target: ResolvedTarget, writable: Bool, mode: Mode = .live, trace: Bool = false) {
        self.target = target
        self.writable = writable
        self.mode = mode
        self.trace = trace
        mmio_guard_install()
    }

    // MARK: Single accesses

    public func read(_ width: Width, at address: UInt64) throws -> UInt64 {
        var value: UInt64 = 0
        if mode == .dryRun {
            try OutputStream.standard.line(TraceLine.read(width, address))
            return 0
        }
        try flushBeforeRiskyAccess()
        if let interposer = Self.interposer {
            value = interposer.load(width, at: address)
        } else if target.method == .portIO {
            value = try portRead(width, at: address)
        } else {
            let pointer = try self.pointer(address, length: UInt64(width.bytes))
            let status: Int32
            switch width {
            case .w8: var v: UInt8 = 0; status = mmio_load8(pointer, &v); value = UInt64(v)
            case .w16: var v: UInt16 = 0; status = mmio_load16(pointer, &v); value = UInt64(v)
            case .w32: var v: UInt32 = 0; status = mmio_load32(pointer, &v); value = UInt64(v)
            case .w64: var v: UInt64 = 0; status = mmio_load64(pointer, &v); value = v
            }
            if status != MMIO_OK { throw busError(reading: true, width, address) }
        }
        if trace { try OutputStream.error.line(TraceLine.read(width, address, value)) }
        return value
    }

    public func write(_ value: UInt64, _ width: Width, at address: UInt64) throws {
        if mode == .dryRun {
            try OutputStream.standard.line(TraceLine.write(width, address, value))
            return
        }
        try flushBeforeRiskyAccess()
        if let interposer = Self.interposer {
            interposer.store(value, width, at: address)
        } else if target.method == .portIO {
            try portWrite(value, width, at: address)
        } else {
            let pointer = try self.pointer(address, length: UInt64(width.bytes))
            let status: Int32
            switch width {
            case .w8: status = mmio_store8(pointer, UInt8(truncatingIfNeeded: value))
            case .w16: status = mmio_store16(pointer, UInt16(truncatingIfNeeded: value))
            case .w32: status = mmio_store32(pointer, UInt32(truncatingIfNeeded: value))
            case .w64: status = mmio_store64(pointer, value)
            }
            if status != MMIO_OK { throw busError(reading: false, width, address) }
        }
        if trace { try OutputStream.error.line(TraceLine.write(width, address, value)) }
    }

    /// Exactly one read and one write: `(v & ~clearing) | setting`. Returns the value written.
    @discardableResult
    public func modify(_ width: Width, at address: UInt64, clearing: UInt64, setting: UInt64)
        throws -> UInt64
    {
        if mode == .dryRun {
            try OutputStream.standard.line(TraceLine.read(width, address))
            try OutputStream.standard.line(
                TraceLine.symbolicModify(width, address, clearing: clearing, setting: setting))
            return 0
        }
        let old = try read(width, at: address)
        let new = (old & ~clearing) | setting
        try write(new, width, at: address)
        return new
    }

    // MARK: Blocks (dump, load): the same single accesses, one guard per block

    /// `count` consecutive loads of `width` into `buffer`; `completed` tells how many were made
    /// (all, unless one faulted).
    public func readBlock(
        _ width: Width, at address: UInt64, count: Int, into buffer: UnsafeMutableRawPointer,
        completed done: inout Int
    ) throws {
        done = 0
        if mode == .dryRun || Self.interposer != nil || target.method == .portIO {
            for index in 0..<count {
                let value = try read(width, at: address + UInt64(index * width.bytes))
                storeHost(value, width, buffer + index * width.bytes)
                done = index + 1
            }
            return
        }
        let pointer = try self.pointer(address, length: UInt64(count * width.bytes))
        if mmio_load_block(pointer, buffer, count, UInt32(width.bytes), &done) != MMIO_OK {
            throw busError(reading: true, width, address + UInt64(done * width.bytes))
        }
        if trace {
            for index in 0..<count {
                try OutputStream.error.line(TraceLine.read(
                    width, address + UInt64(index * width.bytes),
                    loadHost(width, UnsafeRawPointer(buffer + index * width.bytes))))
            }
        }
    }

    /// Writes out what was printed so far before an access to a device (see
    /// `flushesBeforeAccess`). Block reads leave this to their caller: a dump's output belongs
    /// to its formatting thread while it runs.
    public func flushBeforeRiskyAccess() throws {
        if flushesBeforeAccess && !OutputStream.standard.buffer.isEmpty { try OutputStream.standard.flush() }
    }

    /// `count` consecutive stores of `width` from `buffer`.
    public func writeBlock(
        _ width: Width, at address: UInt64, count: Int, from buffer: UnsafeRawPointer
    ) throws {
        if mode == .dryRun || Self.interposer != nil || target.method == .portIO || trace {
            for index in 0..<count {
                try write(loadHost(width, buffer + index * width.bytes), width,
                          at: address + UInt64(index * width.bytes))
            }
            return
        }
        try flushBeforeRiskyAccess()
        let pointer = try self.pointer(address, length: UInt64(count * width.bytes))
        var done = 0
        if mmio_store_block(pointer, buffer, count, UInt32(width.bytes), &done) != MMIO_OK {
            throw busError(reading: false, width, address + UInt64(done * width.bytes))
        }
    }

    /// Maps the window for `length` bytes at `address` now, so that open and mmap errors
    /// come before the first access of a command.
    public func prepare(address: UInt64, length: UInt64) throws {
        guard mode == .live, Self.interposer == nil else { return }
        if target.method == .portIO { _ = try openFile(); return }
        _ = try pointer(address, length: length)
    }

    /// Unmaps everything (the descriptor closes with the last mapping).
    public func release() {
        regions.removeAll()
        file = nil
    }

    // MARK: Mapping

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

    func openFile() throws -> TargetFile {
        if let file { return file }
        if trace, let fallback = target.fallback {
            try OutputStream.error.line("mmio: note: \(target.name): \(fallback)")
        }
        let opened = try TargetFile(target, writable: writable)
        file = opened
        return opened
    }

    func busError(reading: Bool, _ width: Width, _ address: UInt64) -> MMIOError {
        let fault = mmio_last_fault()
        let signal = fault.signal == SIGSEGV ? "SIGSEGV" : "SIGBUS"
        let cause = target.method == .portIO ? "the kernel refused the port access" : signal
        return MMIOError(
            .busError,
            "bus error \(reading ? "reading" : "writing") \(width.bits) bits at "
                + "\(Hex.string(address, digits: 8)) of \(target.name) (\(cause))")
    }
}
