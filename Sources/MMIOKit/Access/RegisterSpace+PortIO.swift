import SystemPackage

/// PCI I/O-port BARs have nothing to map: the kernel makes the in/out instruction of exactly
/// the width for a pread or pwrite of that many bytes of the resource file.
extension RegisterSpace {
    func portRead(_ width: Width, at address: UInt64) throws -> UInt64 {
        var value: UInt64 = 0
        try withUnsafeMutableBytes(of: &value) { bytes in
            let count = try openFile().descriptor.read(
                fromAbsoluteOffset: Int64(target.origin + address),
                into: UnsafeMutableRawBufferPointer(rebasing: bytes[0..<width.bytes]))
            guard count == width.bytes else { throw busError(reading: true, width, address) }
        }
        return UInt64(littleEndian: value)
    }

    func portWrite(_ value: UInt64, _ width: Width, at address: UInt64) throws {
        var little = value.littleEndian
        try withUnsafeBytes(of: &little) { bytes in
            let count = try openFile().descriptor.write(
                toAbsoluteOffset: Int64(target.origin + address),
                UnsafeRawBufferPointer(rebasing: bytes[0..<width.bytes]))
            guard count == width.bytes else { throw busError(reading: false, width, address) }
        }
    }
}
