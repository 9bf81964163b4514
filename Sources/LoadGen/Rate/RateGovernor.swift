#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Commerce

/// How permits are spread in time.
public enum Arrivals: String, Sendable, CaseIterable {
    /// Evenly spaced where the curve's integral crosses each whole number.
    case uniform
    /// Within each second, arrivals are placed exactly as a Poisson process places a given
    /// number of events (sorted uniform times); the count per second follows the curve.
    case poisson
}

/// Permits to send, each with its intended send time (monotonic ns), in time order.
public struct PermitBatch: Sendable {
    /// When each permitted transaction is due, monotonic ns, in order.
    public var due: [Int64]
}

/// Turns the rate curve into permits: a token bucket whose refill follows the curve.
///
/// Time is cut into one-second buckets; bucket `b` holds exactly
/// `floor(I(end_b)) - floor(I(start_b))` permits, where `I` is the integral of the curve, so
/// the count over any whole number of seconds is the integral rounded. Permits are handed out
/// in batches, each with the time it was due, so lateness is measured (no coordinated
/// omission). If consumers fall more than the burst allowance behind, the oldest permits are
/// dropped and counted: the run reports it could not keep up rather than silently compressing
/// the schedule.
public actor RateGovernor {
    private let curve: RateCurve
    private let arrivals: Arrivals
    private let clock: any RunClock
    private let start: Int64
    private let end: Int64?
    private let limit: Int?
    private let burst: Int64
    private var random: SeededRandom
    private var cursor: RateCurve.Cursor
    private var stopped = false

    // The current bucket.
    private var bucketStart: Int64 = 0
    private var bucketLength: Int64 = 0
    private var integralAtStart = 0.0
    private var integralAtEnd = 0.0
    private var inBucket = 0
    private var nextIndex = 0
    private var lastOrderStatistic = 0.0
    private var nextDue: Int64?
    /// Set when the schedule was scanned ``scanLimit`` empty buckets ahead: `nextDue` is then
    /// not a permit but the time to scan on from here.
    private var resumeAt: Int64?
    private var scheduleOpened = false

    /// Permits handed out.
    public private(set) var issued = 0
    /// Permits dropped because consumers were more than the burst allowance behind.
    public private(set) var dropped = 0

    static let bucketNanos: Int64 = 1_000_000_000
    /// Empty buckets scanned in one go: an hour of them, or fewer when the simulated clock is
    /// fast, so that at most about 10,000 simulated minutes (the curve's steps) are evaluated.
    /// A rate so low that no bucket holds a permit cannot keep the actor busy (and deaf to
    /// stop()) for long.
    private let scanLimit: Int

    /// - Parameters:
    ///   - start: the run's start on `clock` (monotonic ns); elapsed time is measured from it.
    ///   - count: stop after this many permits.
    ///   - duration: stop issuing permits due after start + duration.
    ///   - burst: how far behind consumers may fall before permits are dropped.
    public init(
        curve: RateCurve, arrivals: Arrivals = .uniform, clock: any RunClock, start: Int64,
        count: Int? = nil, duration: Duration? = nil, burst: Duration = .seconds(1), seed: UInt64 = 0
    ) {
        self.curve = curve
        self.arrivals = arrivals
        self.clock = clock
        self.start = start
        self.limit = count
        self.end = duration.map { start + Self.nanos($0) }
        self.burst = Self.nanos(burst)
        self.random = SeededRandom(seed: seed, stream: 0x60E7)
        self.cursor = RateCurve.Cursor(curve: curve)
        let minutesPerBucket = Double(Self.bucketNanos) / 60e9 * Swift.max(curve.clock.speed, 1e-9)
        self.scanLimit = Int(Swift.max(1, Swift.min(3600, (10_000 / minutesPerBucket).rounded(.down))))
    }

    /// Stops handing out permits; waiting and later calls return nil.
    public func stop() { stopped = true }

    /// Whether the governor has stopped (asked to, or its count or duration is used up).
    public var isFinished: Bool { stopped || limitReached }

    private var limitReached: Bool { limit.map { issued >= $0 } ?? false }

    /// The next permits: every permit due by now, at most `max`; waits until at least one is
    /// due. Returns nil when the run is over (stopped, count reached, duration passed).
    public func next(max: Int) async -> PermitBatch? {
        while true {
            if stopped || limitReached { return nil }
            let now = clock.now()
            if curve.base.perSecond == nil {
                // Unlimited: everything is due now.
                if let end, now >= end { return nil }
                let n = limit.map { Swift.min(max, $0 - issued) } ?? max
                issued += n
                return PermitBatch(due: Array(repeating: now, count: n))
            }
            if !scheduleOpened {
                scheduleOpened = true
                openBucket(at: 0)
            }
            guard let due = nextDue else {
                // The schedule is used up; a run bounded by a duration still lasts that long.
                if let end, now < end {
                    try? await clock.sleep(until: Swift.min(end, now + 50_000_000))
                    continue
                }
                return nil
            }
            if due > now {
                // Sleep in slices so stop() is noticed promptly even at very low rates.
                try? await clock.sleep(until: Swift.min(due, now + 50_000_000))
                continue
            }
            var batch: [Int64] = []
            batch.reserveCapacity(Swift.min(max, 1024))
            while batch.count < max, let d = nextDue, d <= now, !limitReached {
                if let resume = resumeAt {
                    resumeAt = nil
                    openBucket(at: resume)
                    continue
                }
                if now - d > burst {
                    drop(before: now - burst)
                    continue
                }
                batch.append(d)
                issued += 1
                advance()
            }
            if !batch.isEmpty { return PermitBatch(due: batch) }
        }
    }

    /// Drops, now, the permits that are already more than the burst allowance overdue (the next
    /// ``next(max:)`` would drop them anyway), so a sampler sees drops while generators are
    /// stuck waiting on a full sink. Returns the permits dropped so far.
    public func dropOverdue() -> Int {
        guard scheduleOpened, !stopped else { return dropped }
        if !limitReached { drop(before: clock.now() - burst) }
        return dropped
    }

    /// The integral of the curve from the start to `until` (or to the end of the run): the
    /// number of transactions the schedule called for.
    public func target(until: Int64) -> Double {
        let stop = end.map { Swift.min($0, until) } ?? until
        return curve.integral(fromElapsed: 0, to: stop - start)
    }

    /// A duration in nanoseconds, at most about 126 years (so instants never overflow).
    static func nanos(_ d: Duration) -> Int64 {
        let ns = d.seconds * 1e9
        return ns.isNaN ? 0 : Int64(Swift.min(Swift.max(ns, 0), 4e18))
    }

    // MARK: - Schedule

    /// Drops every permit due before `cutoff` (monotonic ns), counting them: whole buckets and
    /// runs of a bucket at once by arithmetic, so falling far behind at a high rate costs a few
    /// steps, not one per permit (and the actor stays free to hear stop()).
    private func drop(before cutoff: Int64) {
        while let d = nextDue, d < cutoff {
            if let resume = resumeAt {
                resumeAt = nil
                openBucket(at: resume)
                continue
            }
            let bucketEnd = start + bucketStart + bucketLength
            if bucketEnd <= cutoff {
                dropped += inBucket - nextIndex
                openBucket(at: bucketStart + bucketLength)
                continue
            }
            // The cutoff falls inside this bucket: skip the permits before it.
            let fraction = Double(cutoff - start - bucketStart) / Double(bucketLength)
            var skipTo: Int
            switch arrivals {
            case .uniform:
                let crossing = integralAtStart + fraction * (integralAtEnd - integralAtStart)
                skipTo = Int(crossing.rounded(.down) - integralAtStart.rounded(.down)) - 1
            case .poisson:
                // The remaining times are uniform over the rest of the bucket: skip their
                // expected share before the cutoff and go on from there.
                let share = (fraction - lastOrderStatistic) / Swift.max(1e-12, 1 - lastOrderStatistic)
                let after = Double(inBucket - nextIndex - 1) * Swift.min(1, Swift.max(0, share.isFinite ? share : 0))
                skipTo = nextIndex + 1 + Int(after.rounded(.down))
                lastOrderStatistic = Swift.max(lastOrderStatistic, fraction)
            }
            skipTo = Swift.min(skipTo, inBucket)
            if skipTo > nextIndex + 1 {
                dropped += skipTo - nextIndex
                nextIndex = skipTo - 1
            } else {
                dropped += 1
            }
            advance()
        }
    }

    /// Opens the first non-empty bucket at or after `elapsed`; `nextDue` is nil past the end.
    /// After `scanLimit` empty buckets it stops with `resumeAt` set, to go on at that time.
    private func openBucket(at first: Int64) {
        var elapsed = first
        for _ in 0..<scanLimit {
            var length = Self.bucketNanos
            if let end, start + elapsed + length > end { length = end - start - elapsed }
            guard length > 0 else { nextDue = nil; return }
            bucketStart = elapsed
            bucketLength = length
            integralAtStart = elapsed == 0 ? 0 : integralAtEnd
            integralAtEnd = integralAtStart + integrate(from: elapsed, to: elapsed + length)
            // The rate is capped (see integrate), so a bucket holds at most maxPerSecond permits.
            inBucket = Int(Swift.max(0, integralAtEnd.rounded(.down) - integralAtStart.rounded(.down)))
            nextIndex = 0
            lastOrderStatistic = 0
            if inBucket > 0 {
                nextDue = start + bucketStart + offset(of: 0)
                return
            }
            elapsed += length
        }
        resumeAt = elapsed
        nextDue = start + elapsed
    }

    private func advance() {
        nextIndex += 1
        if nextIndex >= inBucket {
            openBucket(at: bucketStart + bucketLength)
        } else {
            nextDue = start + bucketStart + offset(of: nextIndex)
        }
    }

    /// Offset (ns) of permit `k` inside the current bucket.
    private func offset(of k: Int) -> Int64 {
        let fraction: Double
        switch arrivals {
        case .uniform:
            // Where the integral, interpolated across the bucket, crosses the next whole number.
            let target = integralAtStart.rounded(.down) + Double(k + 1)
            fraction = (target - integralAtStart) / (integralAtEnd - integralAtStart)
        case .poisson:
            // Sequential order statistics of `inBucket` uniform times.
            let remaining = Double(inBucket - k)
            let v = Swift.max(random.unit(), 1e-300)
            lastOrderStatistic = 1 - (1 - lastOrderStatistic) * pow(v, 1 / remaining)
            fraction = lastOrderStatistic
        }
        return Swift.max(0, Swift.min(bucketLength - 1, Int64(Swift.min(1, Swift.max(0, fraction)) * Double(bucketLength))))
    }

    private func integrate(from a: Int64, to b: Int64) -> Double {
        curve.integral(fromElapsed: a, to: b, cursor: &cursor)
    }

}
