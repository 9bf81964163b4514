/// Everything that shapes the data (not the rate): population, markets, mix, campaigns, seed.
///
/// Each field has the documented default; ``validate()`` names the field and what it expects.
public struct CommerceConfiguration: Sendable, Equatable {
    /// Same seed, same configuration, same shard and same times: byte-identical output.
    public var seed: UInt64 = 42
    /// Number of distinct shoppers (1 ... 900,000,000). Attributes are derived, not stored, so
    /// memory does not grow with it.
    public var users: Int = 100_000
    /// Share of shoppers per country (US, CA, GB).
    public var countries: [String: Double] = ["US": 0.70, "CA": 0.15, "GB": 0.15]
    /// Category shares by name: each named category gets exactly its share of lines, the others
    /// share what is left in their default proportions (shares summing over 1 are refused).
    public var categories: [String: Double] = [:]
    /// Payment method shares.
    public var payments: [String: Double] = Payments.defaultWeights
    /// Share of transactions with a discount.
    public var discountProbability = 0.20
    /// Discount fraction range (whole percents are drawn uniformly inside it).
    public var discountRange: ClosedRange<Double> = 0.05...0.30
    /// Campaigns and their shares of visits.
    public var campaigns: [Campaign] = Campaign.defaults
    /// A visit ends after this much (simulated) inactivity.
    public var sessionTimeoutSeconds: Int64 = 1800
    /// The instant the population is described at (ms since 1970 UTC): three quarters of the
    /// customers signed up in the six years before its day, the rest sign up over the year
    /// after it. A run sets it to its first simulated day, so new customers join during it.
    public var populationAnchorMillis: Int64 = 1_735_689_600_000
    /// How signups are spread over the days: one weight per day from ``SignupCurve/historyDays``
    /// before the anchor's day (a run gives the schedule's traffic of each day, so a busy day
    /// brings more newcomers). Empty: the days weigh alike (``SignupCurve``).
    public var signupDayWeights: [Double] = []
    /// Which slice of the users and transaction ids this process generates.
    public var shard = Shard(index: 0, count: 1)

    /// The documented defaults.
    public init() {}

    /// This process's part of a run split across `count` processes (`--shard index/count`).
    public struct Shard: Sendable, Equatable {
        /// This shard, 0 ..< count.
        public var index: Int
        /// How many shards the run is split into.
        public var count: Int
        /// Shard `index` of `count`.
        public init(index: Int, count: Int) {
            self.index = index
            self.count = count
        }
    }

    /// How far from 1 a list of shares that must be whole may sum.
    static let shareTolerance = 0.001

    /// A sum of shares for a message, to four decimals (0.9 + 0.5 shows as 1.4).
    static func shown(_ total: Double) -> Double { (total * 10_000).rounded() / 10_000 }

    /// Checks every field.
    /// - Throws: ``CommerceConfigurationError`` naming the field and what was expected.
    public func validate() throws(CommerceConfigurationError) {
        func fail(_ field: String, _ expected: String, _ got: String) -> CommerceConfigurationError {
            CommerceConfigurationError(field: field, message: "expected \(expected), got \(got)")
        }
        guard (1...900_000_000).contains(users) else { throw fail("population.users", "1...900000000", "\(users)") }
        guard !countries.isEmpty else { throw fail("population.countries", "at least one of US, CA, GB", "none") }
        let known = Geography.standard.countryCodes
        for (code, share) in countries.sorted(by: { $0.key < $1.key }) {
            guard known.contains(code) else { throw fail("population.countries.\(code)", "one of \(known.joined(separator: ", "))", "\"\(code)\"") }
            guard share > 0, share.isFinite else { throw fail("population.countries.\(code)", "a positive share", "\(share)") }
        }
        // The named countries are the whole population, so their shares are the whole of it
        // (within rounding: three thirds typed as 0.333 pass).
        let countryTotal = countries.values.reduce(0, +)
        guard abs(countryTotal - 1) <= Self.shareTolerance else {
            throw fail("population.countries", "shares summing to 1 (the countries named are the whole population)", "shares summing to \(Self.shown(countryTotal))")
        }
        for (name, share) in categories.sorted(by: { $0.key < $1.key }) {
            guard Catalog.standard.categoryIndex(named: name) != nil else {
                let names = Catalog.standard.categories.map { "\"\($0.name.string)\"" }.joined(separator: ", ")
                throw fail("mix.categories.\(name)", "one of \(names)", "\"\(name)\"")
            }
            guard share > 0, share.isFinite else { throw fail("mix.categories.\(name)", "a positive share", "\(share)") }
        }
        let named = categories.values.reduce(0, +)
        if named > 1 + 1e-9 {
            throw fail("mix.categories", "shares summing to at most 1 (each is that category's share of lines; the others fill the rest)", "shares summing to \(named)")
        }
        if categories.count == Catalog.standard.categories.count, abs(named - 1) > 1e-9 {
            throw fail("mix.categories", "shares summing to 1 when every category is named", "shares summing to \(named)")
        }
        guard !payments.isEmpty else { throw fail("mix.payments", "at least one method", "none") }
        for (name, share) in payments.sorted(by: { $0.key < $1.key }) {
            guard Payments.knownMethods.contains(name) else {
                throw fail("mix.payments.\(name)", "one of \(Payments.knownMethods.joined(separator: ", "))", "\"\(name)\"")
            }
            guard share > 0, share.isFinite else { throw fail("mix.payments.\(name)", "a positive share", "\(share)") }
        }
        let paymentTotal = payments.values.reduce(0, +)
        guard abs(paymentTotal - 1) <= Self.shareTolerance else {
            throw fail("mix.payments", "shares summing to 1 (the methods named are every payment)", "shares summing to \(Self.shown(paymentTotal))")
        }
        guard (0...1).contains(discountProbability) else { throw fail("mix.discount.probability", "0...1", "\(discountProbability)") }
        guard discountRange.lowerBound >= 0.01, discountRange.upperBound <= 0.90 else {
            throw fail("mix.discount.range", "[low, high] within 0.01...0.90", "[\(discountRange.lowerBound), \(discountRange.upperBound)]")
        }
        guard !campaigns.isEmpty else { throw fail("campaigns", "at least one campaign", "none") }
        for (i, c) in campaigns.enumerated() {
            guard !c.id.isEmpty, c.id.utf8.count <= 100 else { throw fail("campaigns[\(i)].id", "1 to 100 characters", "\"\(c.id)\"") }
            guard !c.channel.isEmpty, c.channel.utf8.count <= 100 else { throw fail("campaigns[\(i)].channel", "1 to 100 characters", "\"\(c.channel)\"") }
            guard !c.referrer.isEmpty, c.referrer.utf8.count <= 100 else { throw fail("campaigns[\(i)].referrer", "1 to 100 characters", "\"\(c.referrer)\"") }
            guard c.weight > 0, c.weight.isFinite else { throw fail("campaigns[\(i)].weight", "a positive weight", "\(c.weight)") }
        }
        guard sessionTimeoutSeconds > 0 else { throw fail("session_timeout", "a positive number of seconds", "\(sessionTimeoutSeconds)") }
        guard shard.count >= 1, (0..<shard.count).contains(shard.index) else {
            throw fail("shard", "i/n with 0 <= i < n", "\(shard.index)/\(shard.count)")
        }
    }
}

extension CommerceConfiguration {
    /// The discount rule: ``discountProbability`` within ``discountRange`` in whole percents.
    var discounts: Discounts {
        let low = Int((discountRange.lowerBound * 100).rounded()), high = Int((discountRange.upperBound * 100).rounded())
        return Discounts(probability: discountProbability, percents: low...max(low, high))
    }

    /// Each category's share of lines, in the catalog's order: the named ones as given, the
    /// rest filling what is left in proportion to their default weights.
    func categoryShares(_ catalog: Catalog) -> [Double] {
        let named = catalog.categories.reduce(0.0) { $0 + (categories[$1.name.string] ?? 0) }
        let unnamedDefault = catalog.categories.reduce(0.0) { $0 + (categories[$1.name.string] == nil ? $1.defaultWeight : 0) }
        let rest = max(0, 1 - named)
        let shares = catalog.categories.map { c in
            categories[c.name.string] ?? (unnamedDefault > 0 ? c.defaultWeight / unnamedDefault * rest : 0)
        }
        return shares.reduce(0, +) > 0 ? shares : catalog.categories.map(\.defaultWeight)
    }
}

/// A configuration field with a value outside what it accepts.
public struct CommerceConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The field's path, e.g. `mix.categories.Gadgets`.
    public let field: String
    /// What was expected and what was given.
    public let message: String
    public var description: String { "\(field): \(message)" }
}
