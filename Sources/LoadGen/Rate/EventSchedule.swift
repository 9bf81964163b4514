#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Commerce

/// The run's schedule: the k-th transaction's place in time, a pure function of the curve, the
/// arrival process and the seed — never of the machine, the sink or the wall clock.
///
/// Time is cut into buckets of simulated time aligned to the epoch (one real second of the
/// clock, rounded down to a divisor of a minute, so a bucket never straddles a step of the curve
/// or a local midnight). Bucket `b` holds exactly `floor(I(end_b)) - floor(I(start_b))`
/// transactions, where `I` is the curve's integral from the start, so any window made of whole
/// buckets holds the integral rounded (a schedule, not a sample). Inside a bucket the
/// transactions fall where the integral crosses each whole number (`uniform`) or where a
/// Poisson process with that many events puts them (sorted uniform times from the bucket's own
/// seeded stream), with nanosecond resolution: event times are milliseconds, not buckets.
struct EventSchedule: Sendable {
    /// One transaction of the schedule.
    struct Event: Sendable, Equatable {
        /// Its place in the schedule, 0, 1, 2, ... (the transaction's number).
        var number: UInt64
        /// Nanoseconds of schedule time after the start (real time when the run is live).
        var elapsed: Int64
        /// Simulated time, ms since 1970 UTC.
        var eventMillis: Int64
        /// Its local date in the clock's zone, yyyymmdd.
        var date: Int32
    }

    let curve: RateCurve
    let arrivals: Arrivals
    private let seed: UInt64
    /// Schedule time (ns) past which there are no events.
    let end: Int64?
    /// Events at most.
    let limit: UInt64?
    /// A bucket's length in simulated ms.
    let bucketMillis: Int64
    private let scanLimit = 3600
    private var cursor: RateCurve.Cursor

    private var bucket: Int64 = 0
    private var bucketStart: Int64 = 0
    private var bucketLength: Int64 = 0
    private var integralAtStart = 0.0
    private var integralAtEnd = 0.0
    private var firstNumber: UInt64 = 0
    private var inBucket = 0
    private var nextIndex = 0
    private var lastOrderStatistic = 0.0
    private var random = SeededRandom(seed: 0)
    private var date: Int32 = 0
    private var dateFrom: Int64 = .max, dateUntil: Int64 = .min
    private var opened = false
    private var haveBucket = false
    /// The next event (nil: the schedule is over, or ``idleUntil`` is set).
    private(set) var upcoming: Event?
    /// Set when ``scanLimit`` empty buckets were scanned: nothing happens before this schedule
    /// time; the next ``advance()`` scans on from there.
    private(set) var idleUntil: Int64?
    /// Whether the schedule ended because its ``limit`` of events was used up.
    private(set) var countUsedUp = false

    /// - Parameters:
    ///   - curve: the rate (per second of schedule time) and the clock mapping it to simulated time.
    ///   - end: schedule time (ns) at which the schedule ends.
    ///   - limit: how many events at most.
    init(curve: RateCurve, arrivals: Arrivals, seed: UInt64, end: Int64? = nil, limit: UInt64? = nil) {
        self.curve = curve
        self.arrivals = arrivals
        self.seed = seed
        self.end = end
        self.limit = limit
        self.cursor = RateCurve.Cursor(curve: curve)
        bucketMillis = Self.bucketMillis(speed: curve.clock.speed, perSecond: curve.base.perSecond ?? 0)
    }

    /// The largest divisor of a minute (in ms) not longer than one real second of the clock —
    /// or, at low base rates, long enough for about 32 events (so a schedule of a few an hour
    /// does not open thousands of empty buckets per event), up to the minute.
    static func bucketMillis(speed: Double, perSecond: Double) -> Int64 {
        let perSimulatedMilli = perSecond / Swift.max(speed, 1e-9) / 1000
        let sparse = perSimulatedMilli > 0 ? Swift.min(60_000, 32 / perSimulatedMilli) : 60_000
        let target = Swift.max(speed * 1000, sparse)
        let divisors: [Int64] = [1, 2, 4, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 3000, 4000, 5000, 6000, 10_000, 12_000, 15_000, 20_000, 30_000, 60_000]
        return divisors.last { Double($0) <= target } ?? 1
    }

    /// The next event without consuming it (opens the schedule on first use).
    mutating func peek() -> Event? {
        if !opened {
            opened = true
            let s = curve.clock.startMillis
            open(bucket: CivilCalendar.floorDivision(s, bucketMillis))
        } else if idleUntil != nil, upcoming == nil {
            idleUntil = nil
            open(bucket: bucket &+ 1)
        }
        return upcoming
    }

    /// Consumes the event ``peek()`` returned.
    mutating func advance() {
        nextIndex += 1
        if nextIndex >= inBucket { open(bucket: bucket &+ 1) } else { upcoming = event(at: nextIndex) }
    }

    /// Schedule time (ns) at which the open bucket ends.
    var bucketEnd: Int64 { bucketStart + bucketLength }

    /// Skips the rest of the open bucket (a pipeline far behind drops it whole, by arithmetic
    /// rather than one event at a time); returns how many events were skipped.
    mutating func skipBucket() -> Int {
        guard upcoming != nil else { return 0 }
        let skipped = inBucket - nextIndex
        open(bucket: bucket &+ 1)
        return skipped
    }

    /// Whether the schedule is used up (past its end or its limit).
    var isOver: Bool { opened && upcoming == nil && idleUntil == nil }

    // MARK: - Buckets

    /// Opens the first non-empty bucket from `first` on; after ``scanLimit`` empty ones it stops
    /// with ``idleUntil`` set.
    private mutating func open(bucket first: Int64) {
        let clock = curve.clock
        var b = first
        upcoming = nil
        for _ in 0..<scanLimit {
            let simStart = Swift.max(clock.startMillis, b &* bucketMillis)
            let start = Self.clamped(clock.elapsedNanos(atSimulated: simStart))
            var stop = Self.clamped(clock.elapsedNanos(atSimulated: (b &+ 1) &* bucketMillis))
            if let end { stop = Swift.min(stop, end) }
            guard stop > start else { idleUntil = nil; return }
            bucket = b
            bucketStart = start
            bucketLength = stop - start
            integralAtStart = haveBucket ? integralAtEnd : 0
            haveBucket = true
            let piece = curve.integral(fromElapsed: start, to: stop, cursor: &cursor)
            integralAtEnd = integralAtStart + (piece.isFinite ? piece : 0)
            firstNumber = UInt64(Swift.min(Swift.max(Self.whole(integralAtStart), 0), 1.8e19))
            inBucket = Int(Swift.max(0, Self.whole(integralAtEnd) - Self.whole(integralAtStart)))
            if let limit {
                if firstNumber >= limit { idleUntil = nil; countUsedUp = true; return }
                inBucket = Swift.min(inBucket, Int(limit - firstNumber))
            }
            nextIndex = 0
            if inBucket > 0 {
                lastOrderStatistic = 0
                random = SeededRandom(seed: seed, stream: UInt64(bitPattern: b) ^ 0x5C4E_D000_0000_0000)
                date = localDate(at: simStart)
                upcoming = event(at: 0)
                idleUntil = nil
                return
            }
            b &+= 1
        }
        bucket = b &- 1
        idleUntil = Self.clamped(clock.elapsedNanos(atSimulated: b &* bucketMillis))
    }

    /// The local date at simulated `millis`, looked up once per local hour (the zone's offset
    /// changes only on hour boundaries).
    private mutating func localDate(at millis: Int64) -> Int32 {
        if millis >= dateFrom, millis < dateUntil { return date }
        let local = curve.clock.local(atSimulated: millis)
        dateFrom = millis
        dateUntil = millis + Int64(((1 - local.hour.truncatingRemainder(dividingBy: 1)) * 3_600_000).rounded(.down))
        return Int32(local.date)
    }

    /// Nanoseconds as an Int64, held within ±4e18 (a clock built in code with any start or speed
    /// never traps).
    static func clamped(_ ns: Double) -> Int64 {
        ns.isNaN ? 0 : Int64(Swift.min(Swift.max(ns.rounded(), -4e18), 4e18))
    }

    /// The whole number of events an integral stands for: rounded down, after forgiving the
    /// summation's last bits (a day whose integral is 25,400 holds 25,400, not 25,399).
    static func whole(_ integral: Double) -> Double {
        (integral + Swift.max(1e-4, abs(integral) * 1e-12)).rounded(.down)
    }

    /// The `k`-th event of the open bucket (events are made in order: Poisson draws depend on
    /// the previous one).
    private mutating func event(at k: Int) -> Event {
        let fraction: Double
        switch arrivals {
        case .uniform:
            let target = Self.whole(integralAtStart) + Double(k + 1)
            fraction = (target - integralAtStart) / (integralAtEnd - integralAtStart)
        case .poisson:
            let remaining = Double(inBucket - k)
            let v = Swift.max(random.unit(), 1e-300)
            lastOrderStatistic = 1 - (1 - lastOrderStatistic) * pow(v, 1 / remaining)
            fraction = lastOrderStatistic
        }
        let offset = Swift.max(0, Swift.min(bucketLength - 1, Int64(Swift.min(1, Swift.max(0, fraction)) * Double(bucketLength))))
        let elapsed = bucketStart + offset
        return Event(
            number: firstNumber + UInt64(k), elapsed: elapsed,
            eventMillis: curve.clock.simulatedMillis(elapsedNanos: elapsed), date: date)
    }
}
