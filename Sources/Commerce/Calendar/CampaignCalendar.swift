/// Campaigns encoded for the writer, with what the calendar knows of them: the days they run
/// and how deep each campaign's discounts go (the hours they bring visits: ``ChannelHours``).
final class CampaignTable: Sendable {
    struct Entry: Sendable {
        let id: JSONText
        let channel: JSONText
        let referrer: JSONText
        /// Local days (since 1970) it runs, nil: always.
        let days: ClosedRange<Int64>?
        /// Share of this campaign's lines with a discount.
        let discountProbability: Double
        /// Which of ``Discounts/roundPercents`` it gives, and how often.
        let depth: DiscountDepth
    }
    let entries: [Entry]
    /// Every campaign by weight (what the profile says).
    let table: AliasTable
    /// The campaigns without dates, where a dated campaign's visits go outside its dates.
    private let undated: (indexes: [Int], table: AliasTable)?

    /// `promoted`: the share of lines promotions discount (``PriceEvents/promotionLineShare(categoryShares:)``).
    init(_ campaigns: [Campaign], discount: Discounts, promoted promotedShare: Double) {
        func group(_ members: [Int]) -> (indexes: [Int], table: AliasTable)? {
            let weights = members.map { campaigns[$0].weight }
            return weights.reduce(0, +) > 0 ? (members, AliasTable(weights)) : nil
        }
        let factors = campaigns.map { DiscountDepth.of($0).probabilityFactor }
        let total = campaigns.reduce(0) { $0 + $1.weight }
        // Promotions discount some lines whatever the campaign: the campaigns make up the rest
        // of the profile's share of discounted lines.
        let promoted = discount.probability > 0 ? promotedShare : 0
        let mean = max(0, (discount.probability - promoted) / (1 - promoted))
        let probabilities = Self.probabilities(factors: factors, weights: campaigns.map { $0.weight / total }, mean: mean)
        entries = campaigns.enumerated().map { i, c in
            Entry(
                id: JSONText(c.id), channel: JSONText(c.channel), referrer: JSONText(c.referrer),
                days: c.dates.map { CampaignTable.day($0.lowerBound)...CampaignTable.day($0.upperBound) },
                discountProbability: probabilities[i],
                depth: DiscountDepth.of(c))
        }
        table = AliasTable(campaigns.map(\.weight))
        undated = group(campaigns.indices.filter { campaigns[$0].dates == nil })
    }

    /// Each campaign's discount probability: `scale x factor`, at most 1, with the scale chosen
    /// (bisection) so the mean over campaigns, by share of visits, is `mean`.
    static func probabilities(factors: [Double], weights: [Double], mean: Double) -> [Double] {
        func average(_ scale: Double) -> Double { zip(factors, weights).reduce(0) { $0 + $1.1 * min(1, scale * $1.0) } }
        var low = 0.0, high = 1.0
        while average(high) < mean, high < 1e6 { high *= 2 }
        for _ in 0..<60 {
            let mid = (low + high) / 2
            if average(mid) < mean { low = mid } else { high = mid }
        }
        return factors.map { min(1, high * $0) }
    }

    /// The day number of a yyyymmdd date.
    static func day(_ yyyymmdd: Int) -> Int64 {
        CivilCalendar.days(year: yyyymmdd / 10_000, month: yyyymmdd / 100 % 100, day: yyyymmdd % 100)
    }

    /// `chosen` (picked by the hour, see ``ChannelHours``) on local day `day` (days since 1970):
    /// itself within its dates, else one of the campaigns that always run (drawn from `bits`).
    @inline(__always)
    func onItsDates(_ chosen: Int, day: Int64, _ bits: UInt64) -> Int {
        if let days = entries[chosen].days, !days.contains(day), let undated {
            return undated.indexes[undated.table.pick(Mix.hash(bits))]
        }
        return chosen
    }
}
