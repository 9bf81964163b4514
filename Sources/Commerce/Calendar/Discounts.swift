/// How discounts are given: on round percentages (10, 15, 20, 25, 30, 40, 50 %...), more often
/// and deeper through deal campaigns than through direct visits.
public struct Discounts: Sendable, Equatable {
    /// Share of lines with a discount, over all campaigns (each campaign's own share is this
    /// times its ``DiscountDepth/probabilityFactor``, scaled so the mean over campaigns holds).
    public var probability: Double
    /// Whole percents allowed, both included.
    public var percents: ClosedRange<Int>

    /// The percentages shops print: discounts land on these.
    public static let roundPercents = [5, 10, 15, 20, 25, 30, 35, 40, 50, 60, 70]

    /// The week of UTC day `day` (days since 1970), weeks from Monday: a campaign's coupon
    /// percent holds for one.
    @inline(__always)
    public static func week(ofDay day: Int64) -> Int64 { CivilCalendar.floorDivision(day + 3, 7) }

    /// `probability` of a discount within `percents`.
    public init(probability: Double, percents: ClosedRange<Int>) {
        self.probability = probability
        self.percents = percents
    }
}

extension Discounts {
    /// The most a campaign's coupon takes off a category, whole percents, where shops draw the
    /// line: a sitewide code stops at 20 % on electronics (Apple, consoles and cameras are
    /// excluded or capped: their margins are thin) and at 30 % on books and beauty (publishers'
    /// and brands' prices); the other categories take the coupon whole. Promotions of a model
    /// (``PriceEvents``) are the retailer's own and are not capped.
    public static let couponCapPercents = ["electronics": 20, "books": 30, "beauty_health": 30]

    /// Each category's coupon cap, never below `percents`' lowest (a profile asking for
    /// 40–60 % gets 40 % on electronics) and on a value coupons land on: the largest round
    /// percent of the range within the cap, else the range's smallest round one (22–50 % gives
    /// electronics 25, not 22); a range without round values caps at whole percents.
    public static func couponCaps(_ catalog: Catalog, within percents: ClosedRange<Int>) -> [Int] {
        let round = roundPercents.filter { percents.contains($0) }
        return catalog.categories.map { category in
            let cap = max(couponCapPercents[category.slug] ?? 100, percents.lowerBound)
            return round.isEmpty ? cap : round.last { $0 <= cap } ?? round[0]
        }
    }
}

/// How deep a campaign's discounts go.
enum DiscountDepth: Int, Sendable, CaseIterable {
    /// Direct and organic visits: mostly 10 %.
    case shallow
    /// Ads, social, email: 10–30 %.
    case standard
    /// Deal sites, cashback partners, Black Friday, Cyber Monday, clearance: 20–50 %.
    case deep

    /// How much more often than the mean this campaign's lines are discounted.
    var probabilityFactor: Double {
        switch self {
        case .shallow: 0.7
        case .standard: 1.0
        case .deep: 1.8
        }
    }

    /// Relative weights of ``Discounts/roundPercents``.
    var weights: [Double] {
        switch self {
        case .shallow: [14, 34, 18, 18, 6, 6, 0, 2, 2, 0, 0]
        case .standard: [6, 26, 18, 22, 10, 10, 1, 4, 3, 0, 0]
        case .deep: [0, 6, 8, 16, 16, 20, 4, 14, 12, 3, 1]
        }
    }

    /// The depth of a campaign, from its id and channel.
    static func of(_ c: Campaign) -> DiscountDepth {
        let id = c.id.lowercased()
        let deals = ["black_friday", "doorbuster", "cyber", "sale", "clearance", "deal", "cashback", "coupon"]
        if c.channel == "affiliate" || deals.contains(where: { id.contains($0) }) { return .deep }
        if c.channel == "direct" || c.channel == "organic" { return .shallow }
        return .standard
    }
}

/// The discount draw of one depth within the configured range: round values when any fall in
/// it, else whole percents spread evenly.
struct DiscountTable: Sendable {
    let values: [Int]
    let table: AliasTable

    init(depth: DiscountDepth, percents: ClosedRange<Int>) {
        let round = zip(Discounts.roundPercents, depth.weights).filter { percents.contains($0.0) && $0.1 > 0 }
        if round.isEmpty {
            values = Array(percents)
            table = AliasTable(values.map { _ in 1 })
        } else {
            values = round.map(\.0)
            table = AliasTable(round.map(\.1))
        }
    }

    @inline(__always)
    func pick(_ random: inout SeededRandom) -> Int { values[table.pick(&random)] }

    /// A percent for hashed `bits`.
    @inline(__always)
    func pick(_ bits: UInt64) -> Int { values[table.pick(bits)] }
}
