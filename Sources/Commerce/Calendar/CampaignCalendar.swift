/// Campaigns encoded for the writer, with what the calendar knows of them: the days they run,
/// when email is read, and how deep each campaign's discounts go.
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
    /// Email campaigns and the others, by weight within each group.
    private let email: (indexes: [Int], table: AliasTable)?
    private let other: (indexes: [Int], table: AliasTable)?
    /// The campaigns without dates, where a dated campaign's visits go outside its dates.
    private let undated: (indexes: [Int], table: AliasTable)?
    /// Share of visits by email campaigns.
    private let emailShare: Double

    /// How likely an email is to bring a visit at each local hour, relative to the day's mean:
    /// sends at 09:00 and 19:00 local, read in the hours after, hardly at night.
    static let emailHourly: [Double] = [
        0.10, 0.08, 0.06, 0.06, 0.08, 0.12, 0.25, 0.45, 0.70, 1.00, 1.00, 0.90,
        0.80, 0.70, 0.60, 0.55, 0.55, 0.60, 0.75, 0.85, 0.70, 0.50, 0.30, 0.18,
    ]
    /// ``emailHourly`` scaled so its mean over the documented day curve (visits per hour) is 1:
    /// email keeps its share of visits over a day and has it at the hours emails are read.
    static let emailByHour: [Double] = {
        // The documented default day: business hours 9-17 x1.5, peak 12-14 x2, late night 22-6 x0.3.
        let traffic = (0..<24).map { h -> Double in
            (h >= 9 && h < 17 ? 1.5 : 1) * (h >= 12 && h < 14 ? 2 : 1) * (h >= 22 || h < 6 ? 0.3 : 1)
        }
        let mean = zip(emailHourly, traffic).map(*).reduce(0, +) / traffic.reduce(0, +)
        return emailHourly.map { $0 / mean }
    }()

    init(_ campaigns: [Campaign], discount: Discounts) {
        func group(_ members: [Int]) -> (indexes: [Int], table: AliasTable)? {
            let weights = members.map { campaigns[$0].weight }
            return weights.reduce(0, +) > 0 ? (members, AliasTable(weights)) : nil
        }
        let factors = campaigns.map { DiscountDepth.of($0).probabilityFactor }
        let total = campaigns.reduce(0) { $0 + $1.weight }
        let probabilities = Self.probabilities(factors: factors, weights: campaigns.map { $0.weight / total }, mean: discount.probability)
        entries = campaigns.enumerated().map { i, c in
            Entry(
                id: JSONText(c.id), channel: JSONText(c.channel), referrer: JSONText(c.referrer),
                days: c.dates.map { CampaignTable.day($0.lowerBound)...CampaignTable.day($0.upperBound) },
                discountProbability: probabilities[i],
                depth: DiscountDepth.of(c))
        }
        table = AliasTable(campaigns.map(\.weight))
        let isEmail = campaigns.map { $0.channel == "email" }
        email = group(campaigns.indices.filter { isEmail[$0] })
        other = group(campaigns.indices.filter { !isEmail[$0] })
        undated = group(campaigns.indices.filter { campaigns[$0].dates == nil })
        emailShare = campaigns.indices.filter { isEmail[$0] }.reduce(0) { $0 + campaigns[$1].weight } / total
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

    /// The campaign of a visit that began at `localMillis` (the shopper's wall clock), from two
    /// hashed draws: email or not (email more likely in the hours after a send), then which
    /// campaign of that group; a campaign outside its dates gives way to the undated ones.
    func pick(_ bits: UInt64, _ bits2: UInt64, localMillis: Int64) -> Int {
        let day = CivilCalendar.day(ofMillis: localMillis)
        let hour = Int((localMillis - day * 86_400_000) / 3_600_000)
        let u = Double(bits >> 11) * 0x1.0p-53
        let chosen: Int
        if let email, u < emailShare * Self.emailByHour[hour] || other == nil {
            chosen = email.indexes[email.table.pick(bits2)]
        } else if let other {
            chosen = other.indexes[other.table.pick(bits2)]
        } else {
            chosen = table.pick(bits2)
        }
        if let days = entries[chosen].days, !days.contains(day), let undated {
            return undated.indexes[undated.table.pick(Mix.hash(bits2))]
        }
        return chosen
    }
}
