/// List prices move as events, never per sale. Each model's list price holds for whole
/// periods of ``periodDays`` (each model's periods start on its own day): in most periods it is
/// the price list's, in about a quarter a step down or up (a price cut, a rise), put on the
/// local price ladder. Promotions run for 3 to 7 days with a start and an end and take a
/// percent off every line of the model while they run, as often and as deep as its category
/// runs sales: clothing in about 8 % of a model's weeks at 15 to 30 % off, electronics and
/// books in about 4 % at 10 to 20 % (a promotion is drawn for a share of the weeks, and none
/// starts in the week after one was drawn).
///
/// Events belong to the model, not the variant: its colours and sizes change price together
/// and keep one price, its storage ladder keeps ascending (the local price points are
/// monotonic), and a promotion covers every variant.
///
/// Both are functions of the model and the UTC day alone (no seed): a shop's price history,
/// the same in every run, so prices join across runs as products do.
public enum PriceEvents {
    /// How long a list price holds, in days.
    public static let periodDays: Int64 = 14
    /// The list price factors a period may have: the price list's, then the steps.
    static let factors: [Double] = [1.0, 0.90, 0.95, 1.05, 1.10]
    /// Share of a product's periods at a stepped price.
    static let steppedShare = 0.25
    /// Share of a model's weeks in which a promotion starts, and what it may take off
    /// (percent, one of four), by category: fashion and beauty are on sale often and deep,
    /// electronics and books rarely and shallow.
    static let categoryPromotions: [String: (share: Double, percents: [Int])] = [
        "clothing": (0.09, [15, 20, 25, 30]), "beauty_health": (0.075, [10, 15, 20, 25]), "toys_games": (0.07, [10, 15, 20, 25]),
        "home_garden": (0.06, [10, 15, 20, 25]), "sports_outdoors": (0.06, [10, 15, 20, 25]),
        "books": (0.045, [10, 10, 15, 20]), "electronics": (0.04, [10, 10, 15, 20]),
    ]
    /// The promotions of a category the table does not name.
    static let otherPromotions = (share: 0.06, percents: [10, 15, 20, 25])

    /// Each model's promotions (by its category), built once from the catalog.
    static let modelPromotions: [(share: Double, percents: [Int])] = {
        let catalog = Catalog.standard
        var byModel = [(share: Double, percents: [Int])](repeating: otherPromotions, count: (catalog.products.map(\.model).max() ?? 0) + 1)
        for p in catalog.products { byModel[p.model] = categoryPromotions[catalog.categories[p.category].slug] ?? otherPromotions }
        return byModel
    }()

    /// Which of ``factors`` holds for `model` (``Catalog/Product/model``) on `day` (days since
    /// 1970, UTC).
    @inline(__always)
    static func factorIndex(model: Int, day: Int64) -> Int {
        let phase = Int64(Mix.hash(0x9_1CE, UInt64(model), 1) % UInt64(periodDays))
        let period = CivilCalendar.floorDivision(day + phase, periodDays)
        let bits = Mix.hash(0x9_1CE, UInt64(model), UInt64(bitPattern: period) &* 4 &+ 2)
        guard Double(bits >> 11) * 0x1p-53 < steppedShare else { return 0 }
        return 1 + Int(bits % UInt64(factors.count - 1))
    }

    /// The list price factor of `product` (its model's) on `day`.
    public static func factor(product: Int, day: Int64) -> Double {
        factors[factorIndex(model: Catalog.standard.products[product].model, day: day)]
    }

    /// The percent a promotion takes off `product` (its model) on `day` (0: none runs).
    public static func promotion(product: Int, day: Int64) -> Int {
        promotion(model: Catalog.standard.products[product].model, day: day)
    }

    /// The percent a promotion takes off every variant of `model` on `day` (0: none runs).
    @inline(__always)
    static func promotion(model: Int, day: Int64) -> Int {
        let week = CivilCalendar.floorDivision(day, 7)
        let promotions = model < modelPromotions.count ? modelPromotions[model] : otherPromotions
        // A promotion starts in its week and may run into the next; none starts in the week
        // after one was drawn (so two never run back to back for weeks on end).
        func drawn(_ w: Int64) -> UInt64? {
            let bits = Mix.hash(0x960_7105, UInt64(model), UInt64(bitPattern: w))
            return Double(bits >> 11) * 0x1p-53 < promotions.share ? bits : nil
        }
        /// The percent off of week `w`'s promotion (drawn as `bits`) on `day`, 0 when not running.
        func running(_ bits: UInt64, from w: Int64) -> Int {
            let start = w * 7 + Int64(bits & 3), length = 3 + Int64((bits >> 2) % 5)
            return day >= start && day < start + length ? promotions.percents[Int((bits >> 5) % 4)] : 0
        }
        let lastWeek = drawn(week - 1)
        if let bits = drawn(week), lastWeek == nil, case let percent = running(bits, from: week), percent > 0 { return percent }
        if let bits = lastWeek, drawn(week - 2) == nil { return running(bits, from: week - 1) }
        return 0
    }

    /// The share of (product, day) pairs with a promotion running over a year, for each
    /// category (in catalog order): the share of the category's lines a promotion discounts
    /// (inside a category, promotions ignore popularity).
    public static let promotionDayShares: [Double] = {
        let catalog = Catalog.standard, first = CivilCalendar.days(year: 2026, month: 1, day: 1)
        var on = [Int](repeating: 0, count: catalog.categories.count), products = on
        for (product, p) in catalog.products.enumerated() {
            products[p.category] += 1
            for day in first..<(first + 364) where promotion(product: product, day: day) > 0 { on[p.category] += 1 }
        }
        return zip(on, products).map { $1 > 0 ? Double($0) / Double($1 * 364) : 0 }
    }()

    /// The share of lines a promotion discounts when the categories' shares of lines are
    /// `categoryShares` (catalog order).
    public static func promotionLineShare(categoryShares: [Double]) -> Double {
        let total = categoryShares.reduce(0, +)
        guard total > 0 else { return 0 }
        return zip(categoryShares, promotionDayShares).reduce(0) { $0 + $1.0 / total * $1.1 }
    }

}

/// Every model's price events on one day (its list price factor and its promotion), filled
/// once per day a generator writes: an order line read them from the events' hashes, six
/// finalisers for the factor and up to four for the promotion, and the pre-send check read the
/// factor again. The arrays keep their capacity, so a new day allocates nothing.
struct DayPrices: Sendable {
    /// The day (days since 1970, UTC) held; `.min`: none yet.
    private(set) var day = Int64.min
    /// The day's month, 0 = January (what sells in season, ``Seasons``).
    private var month = 0
    private var factorIndexes: [UInt8] = []
    private var promotions: [UInt8] = []

    /// Holds `day`'s events for models 0 ..< `models`.
    @inline(__always)
    mutating func load(day: Int64, models: Int) {
        if day != self.day { fill(day: day, models: models) }
    }

    private mutating func fill(day: Int64, models: Int) {
        self.day = day
        month = CivilCalendar.date(fromDays: day).month - 1
        if factorIndexes.count != models {
            factorIndexes = [UInt8](repeating: 0, count: models)
            promotions = [UInt8](repeating: 0, count: models)
        }
        for m in 0..<models {
            factorIndexes[m] = UInt8(PriceEvents.factorIndex(model: m, day: day))
            promotions[m] = UInt8(PriceEvents.promotion(model: m, day: day))
        }
    }

    /// The month of `day` (0 = January): held when it is the day held.
    @inline(__always)
    func month(ofDay day: Int64) -> Int {
        day == self.day ? month : CivilCalendar.date(fromDays: day).month - 1
    }

    /// ``PriceEvents/factorIndex(model:day:)``: from the table when it holds `day`.
    @inline(__always)
    func factorIndex(model: Int, day: Int64) -> Int {
        day == self.day ? factorIndex(model: model) : PriceEvents.factorIndex(model: model, day: day)
    }

    /// ``PriceEvents/promotion(model:day:)``: from the table when it holds `day`.
    @inline(__always)
    func promotion(model: Int, day: Int64) -> Int {
        day == self.day ? promotion(model: model) : PriceEvents.promotion(model: model, day: day)
    }

    /// ``PriceEvents/factorIndex(model:day:)`` of `model` on the day held.
    @inline(__always)
    func factorIndex(model: Int) -> Int { Int(factorIndexes.withUnsafeBufferPointer { $0[model] }) }

    /// ``PriceEvents/promotion(model:day:)`` of `model` on the day held.
    @inline(__always)
    func promotion(model: Int) -> Int { Int(promotions.withUnsafeBufferPointer { $0[model] }) }
}
