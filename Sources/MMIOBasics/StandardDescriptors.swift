import CPlatform

/// Descriptors 0, 1 and 2, made valid before mmio opens anything: were one closed, the next
/// open (a target's) would take its number, and mmio's own output would be written into the
/// target. A closed one becomes a device that refuses its use, so output that cannot be
/// written is an error (exit 1), as it is for any other reason.
public enum StandardDescriptors {
    /// False when a closed descriptor could not be replaced; nothing may be opened then.
    public static func secure() -> Bool { mmio_standard_descriptors() == 0 }
}
