#if canImport(Glibc)
import Glibc
#endif

/// The monotonic clock in nanoseconds, and sleeping until a point on it.
public enum Clock {
    public static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    public static func sleep(until deadline: UInt64) {
        var time = timespec(
            tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        // A signal that asks mmio to stop ends the sleep; any other is slept through.
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &time, nil) == EINTR && Interruption.signal == nil {}
    }

    /// `1s`, `250ms`, `20us`, `5ns`: the largest unit that divides evenly.
    public static func describe(_ nanoseconds: UInt64) -> String {
        for (unit, size) in [("s", 1_000_000_000), ("ms", 1_000_000), ("us", 1_000)] as [(String, UInt64)]
        where nanoseconds >= size && nanoseconds % size == 0 {
            return "\(nanoseconds / size)\(unit)"
        }
        return "\(nanoseconds)ns"
    }
}
