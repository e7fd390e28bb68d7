import CPlatform

/// SIGINT and SIGTERM: mmio stops at the next whole step (a poll read, a batch line, a dump
/// block, a sleep), with what it printed in complete lines, and exits 128 + the signal.
public enum Interruption {
    public static func install() { mmio_interrupts_install() }

    /// The signal received, or nil.
    public static var signal: Int32? {
        let signal = mmio_interrupt_signal()
        return signal == 0 ? nil : signal
    }

    /// Throws the interruption once a signal has come.
    @inline(__always)
    public static func check() throws {
        if let signal { throw MMIOError(.interrupted(signal: signal), "interrupted") }
    }
}
