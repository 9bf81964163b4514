import CPrefetch
/// Who walks into the shop at each moment of the schedule: the shopper of the k-th transaction
/// and the visit it belongs to, decided in schedule order for the whole run at once.
///
/// This is the only sequential part of the data. It is a pure function of (seed, population,
/// the schedule's event times), so it comes out the same however many generator actors,
/// processes (shards) or machines share the work: each of them walks the same footfall and
/// keeps the transactions whose shopper it owns. A shopper is therefore always served by one
/// generator, in event-time order, and every transaction's number is its place in the schedule.
///
/// A new visit's shopper is picked by the ``PopulationLayout``: a clock group with probability
/// proportional to its customers' activity times the day curve at *their* local time (so
/// evening peaks roll across the zones), then an activity class by its weight, then a customer
/// of that block who has signed up and not churned by that day.
///
/// Checkouts are orders of one or more lines: the footfall groups consecutive places of the
/// schedule into an order (its size drawn from ``orderSizeShares`` by hashing the order's number),
/// the later lines reusing the first line's shopper, visit and time. One place of the schedule
/// is still one message (the rate counts lines).
///
/// Memory is fixed: a ring of recent shoppers (a visit goes on with another purchase), a
/// direct-mapped table of open visits (see ``SessionTracker``) and a few numbers per block.
public struct Footfall: Sendable {
    /// A transaction's shopper and visit, and its place in the order it belongs to.
    public struct Visit: Sendable, Equatable {
        /// The shopper's index in the population.
        public var user: UInt64
        /// When their visit began (ms, simulated time).
        public var startMillis: Int64
        /// The order's number in the run (0, 1, 2, ... in schedule order): unique in the run.
        public var order: UInt64
        /// When the order was placed (ms, simulated): every line's timestamp.
        public var orderMillis: Int64
        /// This line's number in the order, 1 ... ``lineCount``.
        public var line: Int32
        /// How many lines the order has (1 ... ``Footfall/maximumOrderLines``).
        public var lineCount: Int32
        /// The shopper's home postal area as the population draws it (index into
        /// ``Geography/areas``), when the footfall drew it; -1: not given (the generator draws
        /// it). The footfall knows its shoppers a visit ahead, so it fetches the draw's random
        /// slot early, where the generator would wait for it.
        public var area: Int32
        /// Line `line` of `lineCount` of order `order`, placed at `orderMillis` (default: the
        /// visit's start) during a shopper's visit.
        public init(
            user: UInt64, startMillis: Int64, order: UInt64 = 0, orderMillis: Int64? = nil, line: Int32 = 1, lineCount: Int32 = 1, area: Int32 = -1
        ) {
            self.user = user
            self.startMillis = startMillis
            self.order = order
            self.orderMillis = orderMillis ?? startMillis
            self.line = line
            self.lineCount = lineCount
            self.area = area
        }
    }

    /// Shares of orders with 1 to 8 lines: mostly one (a line may still hold several units),
    /// and a tail that thins out gradually (4.5 % of orders have 5 lines or more), not a cap.
    public static let orderSizeShares = [0.60, 0.22, 0.09, 0.045, 0.022, 0.011, 0.007, 0.005]
    /// The most lines an order has (an order's lines draw from streams numbered in 3 bits).
    public static let maximumOrderLines = 8
    private static let orderSizes = AliasTable(orderSizeShares)
    /// The mean number of lines of an order, by ``orderSizeShares``.
    public static let meanOrderLines = orderSizeShares.enumerated().reduce(0.0) { $0 + Double($1.offset + 1) * $1.element }

    /// `Mix.key(seed, 0x0D3E)`: an order's line count is `Mix.hash(seed, order, 0x0D3E)`'s draw.
    private let orderSizeKey: UInt64
    /// `Mix.key(seed, 1)`: the key of the population's area draw (``Population/user(_:)``).
    private let areaKey: UInt64
    private let users: UInt64
    private var random: SeededRandom
    private var sessions: SessionTracker
    private var recent: [UInt64]
    private var recentCount = 0
    /// The next transaction's shopper, picked one ahead (`.max`: not yet).
    private var upcoming: UInt64 = .max
    private let layout: PopulationLayout
    private let day: ShoppingDay?
    /// The simulated minute and UTC day the weights below are for.
    private var minute = Int64.min, dayNumber = Int64.min
    /// Per block: the offsets who may shop on `blockDay` [low, high), the class weights cumulated
    /// within the group; per group: today's mass and the cumulated weight at this minute.
    private var low: [UInt64], high: [UInt64], blockDay: [Int64], classCumulative: [Double]
    private var groupMass: [Double], groupCumulative: [Double]
    /// Per clock group, today's newcomers: customers of the group's blocks that buy who sign up
    /// today (absolute index ranges), how many in all, how many have placed their first order
    /// so far today, and the group's new visits picked today.
    private var newcomers: [[(start: UInt64, count: UInt64)]]
    private var newcomerTotal: [UInt64], newcomersServed: [UInt64], picksToday: [UInt64]
    /// Per clock group (1,441 entries each), the UTC day's shape at the group's local time: the
    /// day curve summed over the minutes, as shares of the day (`[0]` = 0, `[i]` = minutes
    /// `0..<i`). A group's newcomers are served as its shoppers come: more at its evening peak
    /// than at its 4 am, not evenly over the clock, nor at another zone's hours.
    private var dayShape: [Double]
    /// The order being placed (its later lines come next).
    private var current = Visit(user: 0, startMillis: 0, line: 1, lineCount: 0)
    /// Orders begun so far.
    private var orders: UInt64 = 0

    /// Share of orders placed by a shopper whose visit is still open (a second checkout in one
    /// visit: rare, the rest of a basket is the order's other lines).
    static let continueVisitShare = 0.03
    /// At most this share of a day's new visits are newcomers' first orders (at a low rate the
    /// day's signups would otherwise be all its shoppers).
    static let newcomerShareLimit = 0.5

    /// The footfall of a configuration's population (the whole population: shards filter it).
    /// `day`: the day curve each shopper follows in their own local time (nil: every group
    /// shops at its share of the population, whatever the hour: the curve is the profile's).
    public init(configuration: CommerceConfiguration, day: ShoppingDay? = nil) {
        layout = PopulationLayout(configuration: configuration)
        self.day = day
        low = Array(repeating: 0, count: layout.blockCount)
        high = low
        blockDay = Array(repeating: .min, count: layout.blockCount)
        classCumulative = Array(repeating: 0, count: layout.blockCount)
        groupMass = Array(repeating: 0, count: layout.groups.count)
        groupCumulative = groupMass
        let groups = layout.groups.count
        newcomers = Array(repeating: [], count: groups)
        newcomerTotal = Array(repeating: 0, count: groups)
        newcomersServed = newcomerTotal
        picksToday = newcomerTotal
        dayShape = Array(repeating: 0, count: 1441 * groups)
        orderSizeKey = Mix.key(configuration.seed, 0x0D3E)
        areaKey = Mix.key(configuration.seed, 1)
        users = UInt64(configuration.users)
        random = SeededRandom(seed: configuration.seed, stream: 0xF007_FA11)
        sessions = SessionTracker(timeoutSeconds: configuration.sessionTimeoutSeconds)
        recent = [UInt64](repeating: 0, count: 512)
    }

    /// The shopper and visit of the next transaction of the schedule, at `millis` (simulated):
    /// the next line of the order being placed, or the first line of a new order.
    /// Times must not go backwards.
    @inline(__always)
    public mutating func next(at millis: Int64) -> Visit {
        if current.line < current.lineCount {
            current.line += 1
            return current
        }
        let user = upcoming == .max ? pick(at: millis) : upcoming
        recent[recentCount & (recent.count - 1)] = user
        recentCount &+= 1
        let lines = Int32(Self.orderSizes.pick(Mix.hash(orderSizeKey &+ orders)) + 1)
        let visit = Visit(
            user: user, startMillis: sessions.visit(user: user, at: millis), order: orders, orderMillis: millis,
            line: 1, lineCount: lines, area: Int32(truncatingIfNeeded: areaDraw(of: user).map { layout.area(inGroup: $0.group, $0.bits) } ?? -1))
        current = visit
        orders &+= 1
        // The home's place is the first thing the population reads for this shopper: a random
        // row of a table too big for the core's cache. Fetched here, it arrives while the rest
        // of the schedule's batch is drawn, before the generator makes the transaction.
        if let place = layout.geography.placeAddress(ofArea: Int(visit.area)) { loadgen_prefetch(place) }
        // The next shopper is picked one transaction ahead, so their slots in the visit table
        // and in the area draw's table (megabytes: misses to memory otherwise) are fetched
        // while this one is made.
        upcoming = pick(at: millis)
        sessions.prefetch(user: upcoming)
        if let draw = areaDraw(of: upcoming) { loadgen_prefetch(layout.areaPickAddress(inGroup: draw.group, draw.bits)) }
        return visit
    }

    /// What the population draws shopper `user`'s home postal area by (``Population/user(_:)``):
    /// their clock group and the draw's bits. Nil outside the population or without groups.
    @inline(__always)
    private func areaDraw(of user: UInt64) -> (group: Int, bits: UInt64)? {
        guard user < users, layout.blockCount > 0 else { return nil }
        return (layout.block(of: user).block / layout.classes.count, Mix.hash(areaKey &+ user))
    }

    @inline(__always)
    private mutating func pick(at millis: Int64) -> UInt64 {
        if recentCount > 0, random.unit() < Self.continueVisitShare {
            let candidate = recent[Int(random.below(UInt64(min(recentCount, recent.count))))]
            if sessions.isOpen(user: candidate, at: millis) { return candidate }
        }
        let m = CivilCalendar.floorDivision(millis, 60_000)
        if m != minute { weigh(minute: m) }
        let groups = groupCumulative.count, classes = layout.classes.count
        guard let total = groupCumulative.last, total > 0 else { return random.below(users) }
        let u = random.unit() * total
        var g = 0
        while g < groups - 1, u >= groupCumulative[g] { g += 1 }
        picksToday[g] &+= 1
        // A customer's first order comes on the day they sign up: a group's newcomers are served
        // through the day as its shoppers come (by its day's shape), in a scrambled order.
        let served = newcomersServed[g]
        if served < newcomerTotal[g], Double(served) < Self.newcomerShareLimit * Double(picksToday[g]),
           Double(served) < Double(newcomerTotal[g]) * dayShape[g * 1441 + Int(m - dayNumber * 1440) + 1] {
            newcomersServed[g] = served + 1
            return newcomer(served, of: g)
        }
        let first = g * classes
        let v = random.unit() * classCumulative[first + classes - 1]
        var b = first
        while b < first + classes - 1, v >= classCumulative[b] { b += 1 }
        // Who may shop today, exactly, once a day for the blocks picked (the weights use the
        // curve's approximation: the count matters only here, where it keeps signups first).
        if blockDay[b] != dayNumber {
            blockDay[b] = dayNumber
            (low[b], high[b]) = layout.shopping(block: b, on: dayNumber)
        }
        let (start, lo, hi) = (layout.blockStart[b], low[b], high[b])
        return hi > lo ? start + lo + random.below(hi - lo) : random.below(users)
    }

    /// Group `g`'s `k`-th newcomer of the day served: a prime stride through its signups (a
    /// bijection, as the prime does not divide their number), so classes mix.
    private func newcomer(_ k: UInt64, of g: Int) -> UInt64 {
        let total = newcomerTotal[g]
        let prime: UInt64 = total % 1_000_003 == 0 ? 1_000_033 : 1_000_003
        var position = UInt64((UInt128(k) * UInt128(prime)) % UInt128(total))
        for range in newcomers[g] {
            if position < range.count { return range.start + position }
            position -= range.count
        }
        return newcomers[g][0].start
    }

    /// ``dayShape`` for the UTC day from `startMillis`, as shares of the day (the last is 1);
    /// without a day curve (or with one that is 0 all day), the minutes' shares.
    private mutating func shapeDay(startMillis: Int64) {
        for (g, group) in layout.groups.enumerated() {
            let base = g * 1441
            var total = 0.0
            for i in 0..<1440 {
                let millis = startMillis &+ Int64(i) &* 60_000
                total += day?.factor(group.clock.local(atUTC: millis), group.country, millis) ?? 1
                dayShape[base + i + 1] = total
            }
            for i in 1...1440 { dayShape[base + i] = total > 0 && total.isFinite ? dayShape[base + i] / total : Double(i) / 1440 }
        }
    }

    /// The weights of simulated minute `m`: who may shop today, and each group's activity
    /// times the day curve at its local time.
    private mutating func weigh(minute m: Int64) {
        minute = m
        let millis = m &* 60_000
        let today = CivilCalendar.day(ofMillis: millis)
        let classes = layout.classes
        if today != dayNumber {
            dayNumber = today
            for g in newcomers.indices {
                newcomers[g].removeAll(keepingCapacity: true)
                newcomersServed[g] = 0
                picksToday[g] = 0
            }
            for b in 0..<layout.blockCount where classes[b % classes.count].rate > 0 {
                let n = layout.range(ofBlock: b).count
                let from = layout.signups.signedUp(by: today - 1, of: n)
                let to = layout.signups.signedUp(by: today, of: n)
                if to > from { newcomers[b / classes.count].append((layout.blockStart[b] + from, to - from)) }
            }
            for g in newcomers.indices { newcomerTotal[g] = newcomers[g].reduce(0) { $0 + $1.count } }
            for g in layout.groups.indices {
                var cumulative = 0.0
                for c in classes.indices {
                    let b = g * classes.count + c
                    if classes[c].rate > 0 { cumulative += layout.approximatelyShopping(block: b, on: today) * classes[c].rate }
                    classCumulative[b] = cumulative
                }
                groupMass[g] = cumulative
            }
            shapeDay(startMillis: today &* 86_400_000)
        }
        var cumulative = 0.0
        for (g, group) in layout.groups.enumerated() {
            cumulative += groupMass[g] * (day?.factor(group.clock.local(atUTC: millis), group.country, millis) ?? 1)
            groupCumulative[g] = cumulative
        }
    }
}
