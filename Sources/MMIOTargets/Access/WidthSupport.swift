import CMMIOAccess
import MMIOBasics

/// What the access module can do on this machine: a width is a number in Basics, and only the
/// module that makes the accesses knows whether one of 64 bits is a single instruction here.
extension Width {
    /// Whether this machine can make an access of this width as a single instruction.
    public var isSupported: Bool { self != .w64 || mmio_supports_64() != 0 }

    /// Refuses this width where it cannot be one access.
    public func checkSupported() throws {
        guard isSupported else {
            throw MMIOError.usage("64-bit accesses are not single instructions on this machine")
        }
    }
}
