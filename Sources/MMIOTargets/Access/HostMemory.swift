import MMIOBasics
/// Loads and stores of ordinary memory (the buffers block accesses fill), by access width.
/// Not for mapped memory: that goes through the C access module.
@inline(__always)
package func loadHost(_ width: Width, _ pointer: UnsafeRawPointer) -> UInt64 {
    switch width {
    case .w8: return UInt64(pointer.load(as: UInt8.self))
    case .w16: return UInt64(pointer.loadUnaligned(as: UInt16.self))
    case .w32: return UInt64(pointer.loadUnaligned(as: UInt32.self))
    case .w64: return pointer.loadUnaligned(as: UInt64.self)
    }
}

@inline(__always)
func storeHost(_ value: UInt64, _ width: Width, _ pointer: UnsafeMutableRawPointer) {
    switch width {
    case .w8: pointer.storeBytes(of: UInt8(truncatingIfNeeded: value), as: UInt8.self)
    case .w16: pointer.storeBytes(of: UInt16(truncatingIfNeeded: value), toByteOffset: 0, as: UInt16.self)
    case .w32: pointer.storeBytes(of: UInt32(truncatingIfNeeded: value), toByteOffset: 0, as: UInt32.self)
    case .w64: pointer.storeBytes(of: value, toByteOffset: 0, as: UInt64.self)
    }
}
