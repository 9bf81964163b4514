#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The monotonic clock a run measures and waits with; tests inject a virtual one so rate
/// accuracy is proven without wall-clock sleeps.
public protocol RunClock: Sendable {
    /// Nanoseconds on a monotonic clock (comparable across the run, not wall time).
    func now() -> Int64
    /// Suspends until `now() >= deadline` (or the task is cancelled).
    func sleep(until deadline: Int64) async throws
}

/// The machine's monotonic clock (`CLOCK_MONOTONIC`), the same one delivery reports are
/// timed with.
public struct SystemClock: RunClock {
    /// The system's monotonic clock.
    public init() {}

    /// Monotonic nanoseconds.
    @inline(__always)
    public func now() -> Int64 { SystemClock.nanos() }

    /// Sleeps until monotonic time `deadline` (ns); throws when cancelled.
    public func sleep(until deadline: Int64) async throws {
        let wait = deadline - SystemClock.nanos()
        if wait > 0 { try await Task.sleep(for: .nanoseconds(wait)) }
    }

    /// `CLOCK_MONOTONIC` in nanoseconds.
    @inline(__always)
    public static func nanos() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
