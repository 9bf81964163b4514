import Commerce

/// How permits are spread in time.
public enum Arrivals: String, Sendable, CaseIterable {
    /// Evenly spaced where the curve's integral crosses each whole number.
    case uniform
    /// Within each bucket of the schedule, arrivals are placed exactly as a Poisson process
    /// places a given number of events (sorted uniform times); the count per bucket follows the
    /// curve.
    case poisson
}

/// One transaction to make: its place in the schedule, its event time, when it is due, and
/// (for the commerce model) its shopper and visit.
public struct Permit: Sendable, Equatable {
    /// Its place in the run's schedule (0, 1, 2, ...): the transaction's number.
    public var number: UInt64
    /// Simulated time of the event, ms since 1970 UTC (the data's timestamp).
    public var eventMillis: Int64
    /// Monotonic ns at which it was due to be sent (for an unthrottled permit: when it was
    /// handed out). Latency and schedule lag are measured from it.
    public var due: Int64
    /// The shopper, their visit and the order this line belongs to (`user == .max` without a
    /// footfall).
    public var visit: Footfall.Visit
    /// The shopper (index in the population; `.max` without a footfall).
    public var user: UInt64 { visit.user }
    /// When the shopper's visit began (simulated ms).
    public var visitStart: Int64 { visit.startMillis }
    /// The event's local date in the clock's zone, yyyymmdd.
    public var date: Int32
}

/// Permits for one generator, in schedule order.
public struct PermitBatch: Sendable {
    /// The permits.
    public var permits: [Permit]
    /// When each was due, monotonic ns, in order.
    public var due: [Int64] { permits.map(\.due) }
}

/// How the schedule's time maps to real time.
public enum Pace: Sendable, Equatable {
    /// Each permit is due at the run's start + its schedule time: the live rate.
    case live
    /// Every permit is due at once: as fast as the pipeline takes them (`--simulate`, `--rate max`).
    case unthrottled
    /// Unthrottled up to `ns` of schedule time (a backfill), then live from there on, with the
    /// live part's start wherever the backfill ends in real time (`--simulate … --then-live`).
    case liveAfter(ns: Int64)
}

/// Turns the schedule (``EventSchedule``) into permits: each generator asks for its own, the
/// governor walks the schedule once, in order, for everyone.
///
/// The walk decides who makes each transaction (the ``Footfall``): the shopper's index picks
/// the shard (`user mod n`) and, inside the shard, the generator. So the data is the same however
/// many generators or shards share it, a shopper's transactions come from one generator in
/// event-time order, and a shard keeps exactly its own share of one common schedule.
///
/// Live permits carry the time they were due, so lateness is measured (no coordinated
/// omission). If consumers fall more than the burst allowance behind, the oldest permits are
/// dropped and counted: the run reports it could not keep up rather than silently compressing
/// the schedule.
public actor RateGovernor {
    private var schedule: EventSchedule
    private var footfall: Footfall?
    private let pace: Pace
    private let clock: any RunClock
    private let start: Int64
    private let end: Int64?
    private let burst: Int64
    private let shardIndex: UInt64, shardCount: UInt64
    private let generators: UInt64
    private var queues: [PermitQueue]
    /// Real time (ns) at which the live part's schedule time starts (``Pace/liveAfter(ns:)``).
    private var liveAnchor: Int64?
    private var stopped = false
    /// The curve the target and the status line read (this shard's share of the rate).
    private let shareCurve: RateCurve

    /// Permits handed out.
    public private(set) var issued = 0
    /// Permits of this shard dropped because consumers were more than the burst allowance behind.
    public private(set) var dropped = 0
    /// Permits handed out per local date of their event time (yyyymmdd).
    public private(set) var perDay: [Int32: Int] = [:]
    /// The latest event time handed out (simulated ms; nil before the first).
    public private(set) var latestEventMillis: Int64?

    /// A permit queue holds at most this many batches before the walk waits for its generator.
    private static let queueBatches = 8

    /// - Parameters:
    ///   - curve: the rate and the clock; an unlimited base rate runs unthrottled on the
    ///     documented default rate's schedule (1000 per hour).
    ///   - pace: how schedule time maps to real time (unthrottled anyway for an unlimited rate).
    ///   - start: the run's start on `clock` (monotonic ns); elapsed time is measured from it.
    ///   - count: the schedule's length in transactions (for all shards together).
    ///   - duration: schedule time after which there are no permits (live: real time too).
    ///   - burst: how far behind consumers may fall before permits are dropped.
    ///   - footfall: who makes each transaction (nil: permits go round the generators by number).
    public init(
        curve: RateCurve, arrivals: Arrivals = .uniform, pace: Pace = .live, clock: any RunClock, start: Int64,
        count: Int? = nil, duration: Duration? = nil, burst: Duration = .seconds(1), seed: UInt64 = 0,
        footfall: Footfall? = nil, shard: (index: Int, count: Int) = (0, 1), generators: Int = 1
    ) {
        let unlimited = curve.base.perSecond == nil
        let scheduled = unlimited ? curve.with(base: .perSecond(1000.0 / 3600)) : curve  // the documented default rate
        self.pace = unlimited ? .unthrottled : pace
        self.clock = clock
        self.start = start
        let end = duration.map { Self.nanos($0) }
        self.end = end
        self.burst = Self.nanos(burst)
        self.schedule = EventSchedule(curve: scheduled, arrivals: arrivals, seed: seed, end: end, limit: count.map { UInt64(Swift.max(0, $0)) })
        self.footfall = footfall
        shardIndex = UInt64(shard.index)
        shardCount = UInt64(Swift.max(1, shard.count))
        self.generators = UInt64(Swift.max(1, generators))
        queues = Array(repeating: PermitQueue(), count: Swift.max(1, generators))
        shareCurve = curve.with(base: curve.base.divided(by: Swift.max(1, shard.count)))
    }

    /// Stops handing out permits; waiting and later calls return nil.
    public func stop() { stopped = true }

    /// Whether the governor has stopped (asked to, or the schedule is used up and handed out).
    public var isFinished: Bool { stopped || (schedule.isOver && queues.allSatisfy(\.isEmpty)) }

    /// The next permits of generator 0 (a governor with one generator).
    public func next(max: Int) async -> PermitBatch? { await next(for: 0, max: max) }

    /// The next permits of `generator`: at most `max`, every one due by now; waits until at least
    /// one is due. Returns nil when the run is over (stopped, count reached, duration passed).
    public func next(for generator: Int, max: Int) async -> PermitBatch? {
        let max = Swift.max(1, max)
        while true {
            if stopped { return nil }
            let now = clock.now()
            if !queues[generator].isEmpty { return handOut(generator, max: max, now: now) }
            let wait = walk(now: now, budget: max * Int(generators))
            if !queues[generator].isEmpty { continue }
            if schedule.isOver {
                // A run bounded by a duration still lasts that long.
                if pace == .live, let end, now < start + end {
                    try? await clock.sleep(until: Swift.min(start + end, now + 50_000_000))
                    continue
                }
                return nil
            }
            if let wait {
                // Sleep in slices so stop() is noticed promptly even at very low rates.
                try? await clock.sleep(until: Swift.min(wait, now + 50_000_000))
            } else if queues.contains(where: { $0.count >= Self.queueBatches * max }) {
                // Another generator is behind: let it catch up rather than queueing without end.
                try? await clock.sleep(until: now + 1_000_000)
            } else {
                await Task.yield()
            }
        }
    }

    /// Drops, now, the permits that are already more than the burst allowance overdue (the next
    /// ``next(for:max:)`` would drop them anyway), so a sampler sees drops while generators are
    /// stuck waiting on a full sink. Returns the permits dropped so far.
    public func dropOverdue() -> Int {
        guard !stopped else { return dropped }
        _ = walk(now: clock.now(), budget: 0)
        return dropped
    }

    /// The integral of this shard's share of the curve from the start to `until` (or to the end
    /// of the run): the number of transactions the schedule called for.
    public func target(until: Int64) -> Double {
        let stop = end.map { Swift.min(start + $0, until) } ?? until
        return shareCurve.integral(fromElapsed: 0, to: stop - start)
    }

    /// A duration in nanoseconds, at most about 126 years (so instants never overflow).
    static func nanos(_ d: Duration) -> Int64 {
        let ns = d.seconds * 1e9
        return ns.isNaN ? 0 : Int64(Swift.min(Swift.max(ns, 0), 4e18))
    }

    // MARK: - The walk

    /// When a schedule event is due in real time (nil: at once).
    private func due(_ elapsed: Int64, now: Int64) -> Int64? {
        switch pace {
        case .live: return start + elapsed
        case .unthrottled: return nil
        case .liveAfter(let backfill):
            guard elapsed >= backfill else { return nil }
            if liveAnchor == nil { liveAnchor = now }
            return liveAnchor! + (elapsed - backfill)
        }
    }

    /// Walks the schedule up to `now`, queueing this shard's permits for their generators, until
    /// `budget` permits are queued (0: only drop what is overdue). Returns the real time of the
    /// next event when it is not due yet.
    private func walk(now: Int64, budget: Int) -> Int64? {
        var queued = 0
        var steps = 0
        let maxSteps = Swift.max(1, budget) * Int(shardCount) + 1_000_000
        while steps < maxSteps {
            guard let event = schedule.peek() else {
                guard let idle = schedule.idleUntil else { return nil }
                if let at = due(idle, now: now), at > now { return at }
                continue
            }
            let dueAt = due(event.elapsed, now: now)
            if let dueAt, dueAt > now { return dueAt }
            let overdue = dueAt.map { now - $0 > burst } ?? false
            if !overdue, queued >= budget { return nil }
            steps += 1
            schedule.advance()
            let visit = footfall?.next(at: event.eventMillis)
            let owner = visit?.user ?? event.number
            guard owner % shardCount == shardIndex else { continue }
            if overdue { dropped += 1; continue }
            let generator = Int((owner / shardCount) % generators)
            queues[generator].append(Permit(
                number: event.number, eventMillis: event.eventMillis, due: dueAt ?? now,
                visit: visit ?? Footfall.Visit(user: .max, startMillis: event.eventMillis), date: event.date))
            queued += 1
        }
        return nil
    }

    private func handOut(_ generator: Int, max: Int, now: Int64) -> PermitBatch {
        // Queued permits are not dropped: the walk drops what is overdue before queueing, and a
        // queue holds a few batches at most, so lateness there shows as schedule lag.
        let permits = queues[generator].take(max)
        issued += permits.count
        for p in permits { perDay[p.date, default: 0] += 1 }
        if let last = permits.last { latestEventMillis = Swift.max(latestEventMillis ?? last.eventMillis, last.eventMillis) }
        return PermitBatch(permits: permits)
    }
}

/// A first-in, first-out queue of permits that reuses its storage.
struct PermitQueue: Sendable {
    private var items: [Permit] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }
    var count: Int { items.count - head }

    mutating func append(_ p: Permit) { items.append(p) }

    mutating func take(_ n: Int) -> [Permit] {
        let stop = Swift.min(items.count, head + n)
        let out = Array(items[head..<stop])
        head = stop
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        return out
    }
}
