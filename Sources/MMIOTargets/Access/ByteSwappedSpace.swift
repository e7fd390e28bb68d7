import MMIOBasics
/// A big-endian register (`--endian big`) on any kind of access: values are byte-swapped after
/// each load and before each store; the accesses themselves, and what `--trace` and a dry run
/// show of them, are the inner kind's, unchanged.
public final class ByteSwappedSpace: RegisterAccess {
    private let inner: RegisterAccess
    public var target: ResolvedTarget { inner.target }
    public var console: Console { inner.console }
    public var trace: Bool {
        get { inner.trace }
        set { inner.trace = newValue }
    }
    public var mapCount: Int { inner.mapCount }

    public init(_ inner: RegisterAccess) { self.inner = inner }

    public func read(_ width: Width, at address: UInt64) throws -> UInt64 {
        width.byteSwapped(try inner.read(width, at: address))
    }

    public func write(_ value: UInt64, _ width: Width, at address: UInt64) throws {
        try inner.write(width.byteSwapped(value), width, at: address)
    }

    /// Byte swapping moves bits and nothing else, so the masks swap too: still one read and one
    /// write (and a dry run still shows the write in terms of the read).
    @discardableResult
    public func modify(_ width: Width, at address: UInt64, clearing: UInt64, setting: UInt64) throws -> UInt64 {
        width.byteSwapped(try inner.modify(
            width, at: address, clearing: width.byteSwapped(clearing), setting: width.byteSwapped(setting)))
    }

    public func readBlock(
        _ width: Width, at address: UInt64, count: Int, into buffer: UnsafeMutableRawPointer, completed: inout Int
    ) throws {
        defer {
            for index in 0..<completed {
                let word = buffer + index * width.bytes
                storeHost(width.byteSwapped(loadHost(width, word)), width, word)
            }
        }
        try inner.readBlock(width, at: address, count: count, into: buffer, completed: &completed)
    }

    public func writeBlock(_ width: Width, at address: UInt64, count: Int, from buffer: UnsafeRawPointer) throws {
        let swapped = UnsafeMutableRawPointer.allocate(byteCount: max(1, count * width.bytes), alignment: 8)
        defer { swapped.deallocate() }
        for index in 0..<count {
            storeHost(width.byteSwapped(loadHost(width, buffer + index * width.bytes)), width, swapped + index * width.bytes)
        }
        try inner.writeBlock(width, at: address, count: count, from: swapped)
    }

    public func prepare(address: UInt64, length: UInt64) throws { try inner.prepare(address: address, length: length) }
    public func check(width: Width) throws { try inner.check(width: width) }
    public func flushBeforeAccess() throws { try inner.flushBeforeAccess() }
}
