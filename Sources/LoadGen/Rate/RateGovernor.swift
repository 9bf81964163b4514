import Commerce
import Synchronization

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
    var schedule: EventSchedule
    private var footfall: Footfall?
    let pace: Pace
    let clock: any RunClock
    let start: Int64
    let end: Int64?
    private let burst: Int64
    let shardIndex: UInt64, shardCount: UInt64
    let generators: UInt64
    var queues: [PermitQueue]
    /// Real time (ns) at which the live part's schedule time starts (``Pace/liveAfter(ns:)``).
    private var liveAnchor: Int64?
    var stopped = false
    /// Real time (monotonic ns) after which an unthrottled run hands out no more permits.
    let deadline: Int64?
    /// The walker of an unthrottled run (``walkAhead(batch:)``) while it waits for room.
    var walker: CheckedContinuation<Void, Never>?
    /// Permits queued (all generators) below which a waiting walker walks again (0: none runs).
    var walkerResumeBelow = 0
    /// The walker waits while a generator's queue holds this many permits.
    var walkerQueueBound = Int.max
    /// The curve the target and the status line read (this shard's share of the rate).
    let shareCurve: RateCurve

    /// Permits handed out.
    public internal(set) var issued = 0
    /// Permits of this shard dropped because consumers were more than the burst allowance behind.
    public private(set) var dropped = 0
    /// Events of the whole schedule walked (every shard's), dropped ones included.
    private(set) var walked = 0
    /// Permits handed out ahead and taken back unsent (``withdraw(_:)``): this shard's all the same.
    var withdrawn = 0
    /// Permits handed out per local date of their event time (yyyymmdd).
    public internal(set) var perDay: [Int32: Int] = [:]
    /// The latest event time handed out (simulated ms; nil before the first; permits handed
    /// out ahead and withdrawn still count: a live run does not read it).
    public private(set) var latestEventMillis: Int64?

    /// A permit queue holds at most this many batches before the walk waits for its generator.
    static let queueBatches = 8
    /// Live permits are released in slices, aligned to the start: a generator waiting for a
    /// permit sleeps to the end of the slice it falls in. A slice is long enough to hold about
    /// ``permitsPerSlice`` of a generator's permits at the current rate, and lasts from
    /// ``sliceNanos`` (1 ms per generator: the engine wakes at most about 1,000 times a second
    /// whatever the rate) to ``maximumSliceNanos`` (10 ms, or the shortest slice if longer), so
    /// at 1,000/s a generator wakes 100 times a second rather than once per permit: each
    /// wake-up costs tens of microseconds of CPU (timer thread, worker threads, actor hops).
    /// A permit is at most one slice late by design (its lateness is measured from its own due
    /// time, and shows in the schedule-lag histogram).
    public nonisolated let sliceNanos: Int64
    /// The longest slice (the lateness slicing may add): 10 ms, or ``sliceFloorNanos``.
    public nonisolated let maximumSliceNanos: Int64
    /// A generator's permits a slice should hold at the current rate.
    static let permitsPerSlice = 32.0
    /// The shortest slice: half the producer's `linger.ms` (a message waits that long in
    /// librdkafka anyway), at most 50 ms; fuller batches keep a generator's caches warm.
    public nonisolated let sliceFloorNanos: Int64
    /// Timed waits handed to generators so far: what the slicing bounds (a generator asking for
    /// its next hand-out ahead while it still holds one does not sleep on it; the report counts
    /// the generators' own sleeps).
    public private(set) var wakeUps = 0
    /// How far ahead of their due time a live run's permits are handed out (0: when due). A
    /// generator makes that much in one go, its caches warm (a sleep of a few ms leaves them
    /// cold on a shared machine: a message then costs two to three times as much to make), and
    /// sends each slice's messages when the slice ends (``PermitBatch/slices``).
    public nonisolated let aheadNanos: Int64
    /// Set once the governor stops: a generator drops the messages it made ahead
    /// (``withdraw(_:)``) rather than send what the schedule no longer asks for.
    public nonisolated let halted = Atomic<Bool>(false)

    /// - Parameters:
    ///   - curve: the rate and the clock; an unlimited base rate runs unthrottled on the
    ///     documented default rate's schedule (1000 per hour).
    ///   - pace: how schedule time maps to real time (unthrottled anyway for an unlimited rate).
    ///   - start: the run's start on `clock` (monotonic ns); elapsed time is measured from it.
    ///   - count: the schedule's length in transactions (for all shards together).
    ///   - duration: schedule time after which there are no permits (live: real time too; an
    ///     unthrottled run that is not a simulated `window`: real time only).
    ///   - burst: how far behind consumers may fall before permits are dropped.
    ///   - footfall: who makes each transaction (nil: permits go round the generators by number).
    ///   - sinkBatching: the producer's `linger.ms` (see ``sliceFloorNanos``).
    ///   - makeAhead: how far ahead a live run's permits are handed out (see ``aheadNanos``).
    public init(
        curve: RateCurve, arrivals: Arrivals = .uniform, pace: Pace = .live, clock: any RunClock, start: Int64,
        count: Int? = nil, duration: Duration? = nil, burst: Duration = .seconds(1), seed: UInt64 = 0,
        footfall: Footfall? = nil, shard: (index: Int, count: Int) = (0, 1), generators: Int = 1, window: Bool = false,
        sinkBatching: Duration = .zero, makeAhead: Duration = .zero
    ) {
        let unlimited = curve.base.perSecond == nil
        let scheduled = unlimited ? curve.with(base: .documentedDefault) : curve
        let pace = unlimited ? .unthrottled : pace
        self.pace = pace
        self.clock = clock
        aheadNanos = pace == .live ? Self.nanos(makeAhead) : 0
        self.start = start
        // An unthrottled run's duration is real time (send as fast as possible for so long);
        // otherwise it is schedule time (live: the same; a simulated window: simulated time).
        let realTime = pace == .unthrottled && !window
        let end = realTime ? nil : duration.map { Self.nanos($0) }
        self.end = end
        self.deadline = realTime ? duration.map { start + Self.nanos($0) } : nil
        self.burst = Self.nanos(burst)
        self.schedule = EventSchedule(curve: scheduled, arrivals: arrivals, seed: seed, end: end, limit: count.map { UInt64(Swift.max(0, $0)) })
        self.footfall = footfall
        shardIndex = UInt64(shard.index)
        shardCount = UInt64(Swift.max(1, shard.count))
        self.generators = UInt64(Swift.max(1, generators))
        queues = Array(repeating: PermitQueue(), count: Swift.max(1, generators))
        sliceNanos = 1_000_000 * Int64(Swift.max(1, generators))
        sliceFloorNanos = Swift.min(Self.nanos(sinkBatching) / 2, 50_000_000)
        maximumSliceNanos = Swift.max(10_000_000, sliceNanos, sliceFloorNanos)
        shareCurve = curve.with(base: curve.base.divided(by: Swift.max(1, shard.count)))
    }

    /// Stops handing out permits; waiting and later calls return nil.
    public func stop() {
        stopped = true
        halted.store(true, ordering: .relaxed)
        releaseWalker()
    }

    /// Whether the governor has stopped (asked to, or the schedule is used up and handed out).
    public var isFinished: Bool { stopped || (schedule.isOver && queues.allSatisfy(\.isEmpty)) }

    /// ``next(for:max:)`` without the waiting: the generator waits itself, so a generator on a
    /// thread of its own sleeps there (one wake-up per slice, no timer thread, no hop to a pool
    /// worker). Each `.wait` counts as a wake-up.
    public func step(for generator: Int, max: Int) -> Step {
        let max = Swift.max(1, max)
        while true {
            if stopped { return over() }
            let now = clock.now()
            if let deadline, now >= deadline { return over() }
            if !queues[generator].isEmpty { return .permits(handOut(generator, max: max, now: now)) }
            let wait = walk(now: now, horizon: now + aheadNanos, budget: max * Int(generators))
            if !queues[generator].isEmpty { continue }
            if schedule.isOver {
                // A run bounded by a duration (and not by a count) still lasts that long.
                if pace == .live, !schedule.countUsedUp, let end, now < start + end {
                    return waitUntil(Swift.min(start + end, now + 50_000_000))
                }
                return over()
            }
            if let wait {
                // To the end of the slice the next permit falls in; at most 50 ms, so stop() is
                // noticed promptly even at very low rates. (Handed out ahead, the next permit lies
                // beyond now + aheadNanos: the wait is the 50 ms, and the next hand-out holds them.)
                let length = slice(atElapsed: schedule.upcoming?.elapsed ?? schedule.idleUntil)
                return waitUntil(Swift.min(Slices(origin: start, length: length).end(of: wait), now + 50_000_000))
            } else if queues.contains(where: { $0.count >= Self.queueBatches * max }) {
                // Another generator is behind: let it catch up rather than queueing without end.
                return waitUntil(Slices(origin: start, length: sliceNanos).end(of: now + 1))
            }
            return .yield
        }
    }

    /// The clock the governor and its generators wait on.
    public nonisolated var runClock: any RunClock { clock }

    private func waitUntil(_ deadline: Int64) -> Step {
        wakeUps += 1
        return .wait(until: deadline)
    }

    /// Drops, now, the permits that are already more than the burst allowance overdue (the next
    /// ``next(for:max:)`` would drop them anyway), so a sampler sees drops while generators are
    /// stuck waiting on a full sink. Returns the permits dropped so far.
    public func dropOverdue() -> Int {
        guard !stopped else { return dropped }
        _ = walk(now: clock.now(), budget: 0)
        return dropped
    }

    // MARK: - The walk

    /// When a schedule event is due in real time (nil: at once); `queues`: the generators'
    /// (the walk holds them while it runs).
    private func due(_ elapsed: Int64, now: Int64, queues: borrowing [PermitQueue]) -> Int64? {
        switch pace {
        case .live: return start + elapsed
        case .unthrottled: return nil
        case .liveAfter(let backfill):
            guard elapsed >= backfill else { return nil }
            if liveAnchor == nil {
                // Live time starts once the backfill is all handed out (not while generators
                // still hold queued backfill, or the first live permits would start late).
                guard queues.allSatisfy(\.isEmpty) else { return now + 1 }
                liveAnchor = now
            }
            return liveAnchor! + (elapsed - backfill)
        }
    }

    /// Walks the schedule up to `horizon` (`now`, or later to hand permits out ahead), queueing
    /// this shard's permits for their generators, until `budget` permits are queued (0: only
    /// drop what is overdue at `now`). Returns the real time of the next event beyond `horizon`.
    func walk(now: Int64, horizon: Int64? = nil, budget: Int) -> Int64? {
        // The queues and counts are the walk's own until it returns (an actor's stored `var`
        // changed per event is an exclusivity check per event: ~2 % of an unthrottled run).
        var queues: [PermitQueue] = [], counts = (walked: 0, dropped: 0)
        swap(&queues, &self.queues)
        defer { swap(&queues, &self.queues); walked += counts.walked; dropped += counts.dropped }
        return walk(
            now: now, horizon: Swift.max(now, horizon ?? now), budget: budget, schedule: &schedule, footfall: &footfall,
            queues: &queues, counts: &counts)
    }

    /// The walk, on the schedule, footfall, queues and counts passed in place: one exclusive
    /// access to each for the whole walk, not one per event.
    private func walk(
        now: Int64, horizon: Int64, budget: Int, schedule: inout EventSchedule, footfall: inout Footfall?,
        queues: inout [PermitQueue], counts: inout (walked: Int, dropped: Int)
    ) -> Int64? {
        var queued = 0
        var steps = 0
        let maxSteps = Swift.max(1, budget) * Int(shardCount) + 1_000_000
        while steps < maxSteps {
            guard let event = schedule.peek() else {
                guard let idle = schedule.idleUntil else { return nil }
                if let at = due(idle, now: now, queues: queues), at > horizon { return at }
                continue
            }
            let dueAt = due(event.elapsed, now: now, queues: queues)
            if let dueAt, dueAt > horizon { return dueAt }
            let overdue = dueAt.map { now - $0 > burst } ?? false
            if !overdue, queued >= budget { return nil }
            if overdue, let bucketDue = due(schedule.bucketEnd - 1, now: now, queues: queues), now - bucketDue > burst {
                // The whole rest of the bucket is overdue: dropped by arithmetic (a shard counts
                // its share; the footfall is not walked for permits nobody makes).
                let skipped = schedule.skipBucket()
                counts.walked += skipped
                counts.dropped += shardCount == 1 ? skipped : (skipped + Int(shardCount - 1 - shardIndex)) / Int(shardCount)
                steps += 1
                continue
            }
            steps += 1
            schedule.advance()
            counts.walked += 1
            if overdue {
                if shardCount == 1 || (footfall == nil ? event.number : UInt64(truncatingIfNeeded: Mix.hash(event.number))) % shardCount == shardIndex {
                    counts.dropped += 1
                }
                continue
            }
            let visit = footfall?.next(at: event.eventMillis)
            let owner = visit?.user ?? event.number
            guard owner % shardCount == shardIndex else { continue }
            let generator = Int((owner / shardCount) % generators)
            // Without a due time (unthrottled, a backfill) a permit is due when walked;
            // handOut stamps an unthrottled one again, since the walker may queue it early.
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
        // Permits handed out ahead are made in one go before the first of them is sent: 500 per
        // ms of slice (made at up to 2 µs each, they are made within the slice), at least a slice's.
        let slices = aheadNanos > 0 ? queues[generator].first.map { Slices(origin: start, length: slice(atElapsed: $0.due - start)) } : nil
        let limit = slices.map { Swift.max(Int(Self.permitsPerSlice), Int($0.length / 2_000)) } ?? max
        var permits = queues[generator].take(Swift.min(max, limit))
        // An unthrottled permit is due when handed out, not when walked (it may wait queued).
        if pace == .unthrottled { for i in permits.indices { permits[i].due = now } }
        issued += permits.count
        // Permits come in time order: count runs of one date, not one dictionary update each.
        var runDate = permits.first?.date ?? 0, run = 0
        for p in permits {
            if p.date != runDate { perDay[runDate, default: 0] += run; runDate = p.date; run = 0 }
            run += 1
        }
        if run > 0 { perDay[runDate, default: 0] += run }
        if let last = permits.last { latestEventMillis = Swift.max(latestEventMillis ?? last.eventMillis, last.eventMillis) }
        if walker != nil, walkerHasRoom { releaseWalker() }
        return PermitBatch(permits: permits, slices: slices)
    }
}
