/// Who walks into the shop at each moment of the schedule: the shopper of the k-th transaction
/// and the visit it belongs to, decided in schedule order for the whole run at once.
///
/// This is the only sequential part of the data. It is a pure function of (seed, population,
/// the schedule's event times), so it comes out the same however many generator actors,
/// processes (shards) or machines share the work: each of them walks the same footfall and
/// keeps the transactions whose shopper it owns. A shopper is therefore always served by one
/// generator, in event-time order, and every transaction's number is its place in the schedule.
///
/// Memory is fixed: a ring of recent shoppers (a visit goes on with another purchase) and a
/// direct-mapped table of open visits (see ``SessionTracker``).
public struct Footfall: Sendable {
    /// A transaction's shopper and visit.
    public struct Visit: Sendable, Equatable {
        /// The shopper's index in the population.
        public var user: UInt64
        /// When their visit began (ms, simulated time).
        public var startMillis: Int64
        /// A shopper's visit.
        public init(user: UInt64, startMillis: Int64) {
            self.user = user
            self.startMillis = startMillis
        }
    }

    private let seed: UInt64
    private let users: UInt64
    private var random: SeededRandom
    private var sessions: SessionTracker
    private var recent: [UInt64]
    private var recentCount = 0
    /// The next transaction's shopper, picked one ahead (`.max`: not yet).
    private var upcoming: UInt64 = .max

    /// Share of purchases made by a shopper whose visit is still open (several purchases per visit).
    static let continueVisitShare = 0.30

    /// The footfall of a configuration's population (the whole population: shards filter it).
    public init(configuration: CommerceConfiguration) {
        seed = configuration.seed
        users = UInt64(configuration.users)
        random = SeededRandom(seed: configuration.seed, stream: 0xF007_FA11)
        sessions = SessionTracker(timeoutSeconds: configuration.sessionTimeoutSeconds)
        recent = [UInt64](repeating: 0, count: 512)
    }

    /// The shopper and visit of the next transaction of the schedule, at `millis` (simulated).
    /// Times must not go backwards.
    @inline(__always)
    public mutating func next(at millis: Int64) -> Visit {
        let user = upcoming == .max ? pick(at: millis) : upcoming
        recent[recentCount & (recent.count - 1)] = user
        recentCount &+= 1
        let visit = Visit(user: user, startMillis: sessions.visit(user: user, at: millis))
        // The next shopper is picked one transaction ahead, so their slot in the visit table
        // (megabytes: a miss to memory otherwise) is fetched while this one is serialized.
        upcoming = pick(at: millis)
        sessions.prefetch(user: upcoming)
        return visit
    }

    @inline(__always)
    private mutating func pick(at millis: Int64) -> UInt64 {
        if recentCount > 0, random.unit() < Self.continueVisitShare {
            let candidate = recent[Int(random.below(UInt64(min(recentCount, recent.count))))]
            if sessions.isOpen(user: candidate, at: millis) { return candidate }
        }
        return random.below(users)
    }
}
