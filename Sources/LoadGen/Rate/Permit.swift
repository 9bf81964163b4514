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
    /// handed out to its generator, however long it waited queued before). Latency and schedule lag are measured from it.
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
    /// The slices the permits go out in, when they were handed out ahead of time (a live run
    /// that makes its messages ahead): a message is sent when the slice holding its due time
    /// ends, never before. Nil: send them now.
    public var slices: Slices?
}

/// A live run's slices of real time: `length` ns each, aligned to `origin` (the run's start).
public struct Slices: Sendable, Equatable {
    public var origin: Int64
    public var length: Int64

    /// The end of the slice holding `t` (`t` itself when it is a slice boundary, or before the origin).
    public func end(of t: Int64) -> Int64 {
        let offset = t - origin
        guard offset > 0, length > 0 else { return t }
        return origin + (offset + length - 1) / length * length
    }
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

/// A first-in, first-out queue of permits that reuses its storage.
struct PermitQueue: Sendable {
    private var items: [Permit] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }
    /// Permits held in storage, taken ones included (what the queue's memory grows with).
    var storageCount: Int { items.count }
    var count: Int { items.count - head }
    /// The oldest permit queued.
    var first: Permit? { isEmpty ? nil : items[head] }

    mutating func append(_ p: Permit) { items.append(p) }

    mutating func take(_ n: Int) -> [Permit] {
        let stop = Swift.min(items.count, head + n)
        let out = Array(items[head..<stop])
        head = stop
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 4096, head * 2 >= items.count {
            // A queue refilled before it empties (a walker ahead of its generator) would grow
            // without end: drop what was taken once it is at least half the storage.
            items.removeSubrange(0..<head)
            head = 0
        }
        return out
    }
}
