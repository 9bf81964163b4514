/// Where each customer sits in the index space, so a customer's clock group and activity class
/// are pure functions of their index and a heavy-tailed pick costs a few table reads.
///
/// The indexes 0 ..< size are cut into blocks, one per (clock group, activity class), in that
/// order, sized by the group's share of the population (country shares times the postal
/// areas' populations) and the class's share. Inside a block the offset orders customers by
/// signup day (``SignupCurve``): who may shop on a given day is a contiguous range. A
/// customer's postal area is drawn from their group's areas, so their home, region and time
/// zone agree with the block. Memory: a few numbers per block, and at most 4,097 block hints,
/// whatever the population.
public final class PopulationLayout: Sendable {
    /// One clock group: shoppers of one country who read the same wall clock (a profile's
    /// window may name countries: Thanksgiving is not Canada's).
    public struct Group: Sendable {
        /// Their clock.
        public let clock: LocalClock
        /// Their country (`US`, `CA`, `GB`).
        public let country: String
        /// Their share of the population.
        public let share: Double
        /// Postal areas in the group, drawn by ``areaTable``.
        let areas: [Int]
        let areaTable: AliasTable
    }

    /// The groups, in a fixed order (by offset, then rule, then country).
    public let groups: [Group]
    /// The activity classes.
    public let classes: [ActivityClass]
    /// First index of block `g * classes.count + c`; one more entry: the population size.
    let blockStart: [UInt64]
    /// When each block's customers sign up (around the anchor day).
    public let signups: SignupCurve
    /// Day number of the anchor (signups are spread around it).
    public var anchorDay: Int64 { signups.anchorDay }
    /// Every group's area table flattened into one array, each slot holding its own outcome
    /// and its alias as area indexes: a customer's area costs one read (one cache line) where
    /// the group's table, its aliases and its area list were three misses and a struct copy.
    let areaPicks: [AreaPick]
    /// Group `g`'s slots in ``areaPicks``: `start ..< start + count`.
    let groupPicks: [(start: Int, count: Int)]
    /// Group `g`'s clock.
    let groupClocks: [LocalClock]
    /// The block of index `i << hintShift`, for every such index (the shift cuts the index space
    /// into 2,048 to 4,096 stretches): ``block(of:)`` starts there and
    /// steps over the few block starts that fall inside the stretch (a binary search over all
    /// the blocks was a tenth of a transaction's derivation).
    private let blockHints: [Int32]
    private let hintShift: Int
    /// The geography the areas index (the footfall prefetches its places).
    let geography: Geography

    /// One slot of a flattened alias table.
    struct AreaPick: Sendable {
        let threshold: Double
        let area: Int32
        let alias: Int32
    }

    /// The layout of a configuration's population.
    public init(configuration: CommerceConfiguration, geography: Geography = .standard, classes: [ActivityClass] = ActivityClass.standard) {
        self.geography = geography
        let weights = geography.areaWeights(countryMix: configuration.countries)
        let (byClock, clocks) = Self.areasByClock(weights, geography)
        groups = clocks.map { key in
            let areas = byClock[key]!
            return Group(
                clock: key.clock, country: key.country, share: areas.reduce(0) { $0 + weights[$1] }, areas: areas,
                areaTable: AliasTable(areas.map { weights[$0] }))
        }
        var picks: [AreaPick] = []
        var ranges: [(start: Int, count: Int)] = []
        for group in groups {
            ranges.append((picks.count, group.areaTable.count))
            for slot in 0..<group.areaTable.count {
                picks.append(AreaPick(
                    threshold: group.areaTable.probability[slot], area: Int32(group.areas[slot]),
                    alias: Int32(group.areas[Int(group.areaTable.alias[slot])])))
            }
        }
        areaPicks = picks
        groupPicks = ranges
        groupClocks = groups.map(\.clock)
        self.classes = classes
        let size = Double(configuration.users)
        let classTotal = classes.reduce(0) { $0 + $1.share }
        var starts: [UInt64] = [0]
        var cumulative = 0.0
        for group in groups {
            for c in classes {
                cumulative += group.share * c.share / classTotal
                starts.append(max(starts.last!, min(UInt64(configuration.users), UInt64((cumulative * size).rounded()))))
            }
        }
        starts[starts.count - 1] = UInt64(configuration.users)
        blockStart = starts
        let shift = max(0, (64 - UInt64(configuration.users).leadingZeroBitCount) - 12)
        hintShift = shift
        blockHints = (0...(UInt64(configuration.users) >> shift)).map { i in
            Int32(Self.searchBlock(of: i << shift, starts: starts))
        }
        signups = SignupCurve(anchorDay: CivilCalendar.day(ofMillis: configuration.populationAnchorMillis), dayWeights: configuration.signupDayWeights)
    }

    /// Number of blocks.
    public var blockCount: Int { blockStart.count - 1 }

    /// The block holding `index` and the index's offset in it.
    @inline(__always)
    func block(of index: UInt64) -> (block: Int, offset: UInt64) {
        blockStart.withUnsafeBufferPointer { starts in
            blockHints.withUnsafeBufferPointer { hints in
                let hint = Int(index >> hintShift)
                var b = hint < hints.count ? Int(hints[hint]) : starts.count - 2
                while b < starts.count - 2, starts[b + 1] <= index { b += 1 }
                return (b, index - starts[b])
            }
        }
    }

    /// The last block whose start is at most `index` (blocks may be empty), by binary search.
    static func searchBlock(of index: UInt64, starts: [UInt64]) -> Int {
        var low = 0, high = starts.count - 2
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= index { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Where the slot ``area(inGroup:_:)`` reads for (`g`, `bits`) lies (for a prefetch).
    @inline(__always)
    func areaPickAddress(inGroup g: Int, _ bits: UInt64) -> UnsafeRawPointer {
        let (start, count) = groupPicks[g]
        let slot = start + Int(UInt64(count).multipliedFullWidth(by: bits).high)
        return areaPicks.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress! + slot) }
    }

    /// The postal area of a customer of group `g`, drawn by `bits` from the group's area
    /// weights: the same outcome as `groups[g].areas[groups[g].areaTable.pick(bits)]`.
    @inline(__always)
    func area(inGroup g: Int, _ bits: UInt64) -> Int {
        let (start, count) = groupPicks[g]
        let slot = start + Int(UInt64(count).multipliedFullWidth(by: bits).high)
        let fraction = Double(bits & 0xFFFF_FFFF) * 0x1.0p-32
        return areaPicks.withUnsafeBufferPointer { picks in
            let pick = picks[slot]
            return Int(fraction < pick.threshold ? pick.area : pick.alias)
        }
    }

    /// First index and size of block `b`.
    @inline(__always)
    func range(ofBlock b: Int) -> (start: UInt64, count: UInt64) {
        (blockStart[b], blockStart[b + 1] - blockStart[b])
    }

    /// The customers of block `b` who may shop on day `day`: signed up by then and not churned.
    func shopping(block b: Int, on day: Int64) -> (low: UInt64, high: UInt64) {
        let n = range(ofBlock: b).count
        let high = signups.signedUp(by: day, of: n)
        guard let lifetime = classes[b % classes.count].lifetimeDays else { return (0, high) }
        return (min(high, signups.signedUp(by: day - lifetime, of: n)), high)
    }

    /// About how many customers of block `b` may shop on day `day` (the signup curve's share,
    /// without the exact count's corrections): cheap enough for the daily weights.
    @inline(__always)
    func approximatelyShopping(block b: Int, on day: Int64) -> Double {
        let n = Double(range(ofBlock: b).count)
        let signed = signups.share(by: day)
        guard let lifetime = classes[b % classes.count].lifetimeDays else { return signed * n }
        return Swift.max(0, signed - signups.share(by: day - lifetime)) * n
    }

    /// Each group's share of purchases (population share times the classes' rates): the
    /// weights of the schedule's mixture of local clocks.
    public var purchaseShares: [(clock: LocalClock, country: String, share: Double)] {
        let perUser = ActivityClass.purchasesPerCustomer(classes)
        let total = groups.reduce(0) { $0 + $1.share } * perUser
        return groups.map { ($0.clock, $0.country, total > 0 ? $0.share * perUser / total : 1 / Double(groups.count)) }
    }

    /// ``purchaseShares`` of a configuration's population without laying it out (no alias
    /// tables): every class shops on its group's clock, so a group's share of purchases is its
    /// share of the population.
    public static func purchaseShares(configuration: CommerceConfiguration, geography: Geography = .standard) -> [(clock: LocalClock, country: String, share: Double)] {
        let weights = geography.areaWeights(countryMix: configuration.countries)
        let (byClock, clocks) = areasByClock(weights, geography)
        let shares = clocks.map { byClock[$0]!.reduce(0) { $0 + weights[$1] } }
        let total = shares.reduce(0, +)
        return zip(clocks, shares).map { ($0.clock, $0.country, total > 0 ? $1 / total : 1 / Double(clocks.count)) }
    }

    /// A group's key: the wall clock and the country.
    private struct GroupKey: Hashable {
        let clock: LocalClock
        let country: String
    }

    /// The areas of positive weight grouped by local clock and country, and the groups in
    /// order (by standard offset, then daylight-saving rule, then country).
    private static func areasByClock(_ weights: [Double], _ geography: Geography) -> ([GroupKey: [Int]], [GroupKey]) {
        var byClock: [GroupKey: [Int]] = [:]
        for (area, weight) in weights.enumerated() where weight > 0 {
            let a = geography.areas[area]
            byClock[GroupKey(clock: LocalClock(geography.timeZones[a.timeZone]), country: a.countryCode), default: []].append(area)
        }
        let clocks = byClock.keys.sorted {
            ($0.clock.standardOffsetMinutes, $0.clock.daylightSaving.rawValue, $0.country)
                < ($1.clock.standardOffsetMinutes, $1.clock.daylightSaving.rawValue, $1.country)
        }
        return (byClock, clocks)
    }
}
