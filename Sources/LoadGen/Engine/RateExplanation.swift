import Commerce

/// The start line that says what rate a run will go at and why: the base rate and where it
/// came from, the multipliers in force at the simulated start and the product, or — for a
/// simulated window — how many transactions its schedule holds.
///
///     rate 5,000/s (--rate) × 2.60 in shoppers' local time (business_hours, peak_hours, weekend) × 0.88 noise = 11,450/s now; day curve from profile default
package enum RateExplanation {
    /// The line for a run of `configuration` started at real time `nowMillis`.
    package static func line(_ configuration: RunConfiguration, nowMillis: Int64) -> String {
        line(configuration, schedule: LoadRun.Schedule(configuration, nowMillis: nowMillis))
    }

    /// The line for `configuration` on `schedule` (the whole run's schedule, also when sharded:
    /// the shard note says each shard's share).
    static func line(_ configuration: RunConfiguration, schedule: LoadRun.Schedule) -> String {
        let p = configuration.profile
        let curveNote = p.multipliers.isEmpty ? "flat (\(configuration.curveSource)): no multipliers" : "day curve from \(configuration.curveSource)"
        let base = "rate \(text(p.rate)) (\(configuration.rateSource))"
        let shards = configuration.shard.count
        let shardNote = shards > 1 ? "; shard \(configuration.shard.index)/\(shards) takes its shoppers' share (about 1/\(shards))" : ""
        if let window = schedule.window {
            let total = schedule.curve.integral(fromElapsed: 0, to: RateGovernor.nanos(configuration.simulate ?? .zero))
            let then = configuration.thenLive ? ", then live from \(ISOTime.string(window.end))" : ""
            return "\(base) per simulated hour; \(curveNote); simulating \(ISOTime.string(window.start)) -> \(ISOTime.string(window.end)): \(grouped(EventSchedule.whole(total))) transactions scheduled\(then)\(shardNote)"
        }
        if schedule.pace == .unthrottled {
            return "sending as fast as the sink takes it; event times follow \(base); \(curveNote)\(shardNote)"
        }
        let start = schedule.clock.startMillis
        let shape = schedule.curve.shape(atSimulated: start)
        let factors = Self.factors(shape, localClocks: schedule.curve.shoppers != nil, separator: " × ", local: "in shoppers' local time")
        // The rate the governor goes at (capped as it caps it); the factors shown are rounded.
        let now = Swift.min(schedule.curve.rate(atSimulated: start) ?? 0, InputLimits.maxPerSecond)
        return "\(base)\(factors) = \(text(.perSecond(now))) now; \(curveNote)\(shardNote)"
    }

    /// The windows in force, each ` × 1.5 weekend`; with shoppers on their own clocks, the
    /// mixture's factor and the windows in force on any of them, after `local`:
    /// ` × 2.60 in shoppers' local time (business_hours, peak_hours, weekend)`; then the noise's
    /// factor when there is noise (` × 0.88 noise`).
    static func factors(
        _ shape: (windows: Double, active: [Multiplier], noise: Double), localClocks: Bool, separator: String, local: String
    ) -> String {
        // A window for some countries' shoppers says so (`thanksgiving_evening in US`).
        let names = shape.active.map { m in
            (m.name.isEmpty ? "window" : m.name) + (m.countries.map { " in " + $0.sorted().joined(separator: "/") } ?? "")
        }
        let windows: String
        if !localClocks, shape.active.allSatisfy({ $0.countries == nil }) {
            windows = zip(shape.active, names).map { "\(separator)\(number($0.factor)) \($1)" }.joined()
        } else if names.isEmpty {
            windows = ""
        } else {
            // A mixture (of clocks, or of countries on the profile's zone): its factor, and the
            // windows in force for some of the shoppers.
            windows = "\(separator)\(RunReport.fixed(shape.windows, decimals: 2))\(localClocks ? " " + local : "") (\(names.joined(separator: ", ")))"
        }
        return windows + (shape.noise != 1 ? "\(separator)\(RunReport.fixed(shape.noise, decimals: 2)) noise" : "")
    }

    /// How often an occasional buyer (the activity class of rate 1) orders at most, in days,
    /// before the start line says the population is too small for the rate: a real shop's
    /// occasional buyers order every few months; weekly is far from it (the built-in profile's
    /// 100,000 customers at its 1,000/h: every 18 days; shop.json: about a month).
    static let crowdedIntervalDays = 7.0
    /// The interval the suggested population gives an occasional buyer, in days.
    static let suggestedIntervalDays = 90.0

    /// The notice for a population too small for its rate (nil when it is not, or the run has no
    /// rate): with the population fixed, each customer buys more the faster the run goes, and
    /// an analyst sees a shop whose customers order every few days. It estimates the orders of
    /// a simulated day from the schedule (the window's mean for `--simulate`), the lines per
    /// order and the activity classes' rates (every customer counted: about three quarters have
    /// signed up at the start, so buyers order somewhat more often than it says), and suggests
    /// a `population.users`.
    static func populationNote(_ configuration: RunConfiguration, schedule: LoadRun.Schedule) -> String? {
        let p = configuration.profile
        guard let (ordersPerDay, interval) = occasionalInterval(configuration, schedule: schedule), interval < crowdedIntervalDays else { return nil }
        let heavy = ActivityClass.standard.map(\.rate).max() ?? 1
        let suggested = Swift.min(Double(p.commerce.users) * suggestedIntervalDays / interval, 900_000_000)
        let suggestion = suggested >= 900_000_000
            ? "even the most customers (population.users 900,000,000) leave it crowded: a lower rate"
            : "set population.users to about \(grouped((suggested / 1e6).rounded(.up) * 1e6)) (or a lower rate) for data that looks like one"
        return "population: \(grouped(Double(p.commerce.users))) customers for about \(grouped(ordersPerDay)) orders a simulated day, so an occasional buyer orders \(often(1 / interval)) and a heavy one \(often(heavy / interval)); a shop's occasional buyers order every few months: \(suggestion)"
    }

    /// The orders of a simulated day and how many days apart an occasional buyer orders (nil
    /// when the run has no rate, is unthrottled live, or is counted in fewer transactions than a
    /// simulated day holds: it shows no customer twice).
    static func occasionalInterval(_ configuration: RunConfiguration, schedule: LoadRun.Schedule) -> (ordersPerDay: Double, days: Double)? {
        let p = configuration.profile
        guard p.rate.perSecond != nil, schedule.pace != .unthrottled || schedule.window != nil else { return nil }
        let days = schedule.window.map { Double($0.end - $0.start) / 86_400_000 } ?? 1
        let span = schedule.window != nil ? RateGovernor.nanos(configuration.simulate ?? .zero) : Int64((86_400 / schedule.clock.speed * 1e9).rounded())
        let lines = schedule.curve.integral(fromElapsed: 0, to: span)
        guard days > 0, lines.isFinite, lines > 0 else { return nil }
        if let count = p.count, Double(count) < lines / days { return nil }
        let ordersPerDay = lines / days / Footfall.meanOrderLines
        // The population's purchases in occasional buyers' units (regulars count 4, heavy 40).
        let units = Double(p.commerce.users) * ActivityClass.purchasesPerCustomer(ActivityClass.standard)
        return (ordersPerDay, units / ordersPerDay)
    }

    /// `every 3.8 days`, `every 17 days`, `2.3 times a day`, `36,882 times a day`.
    static func often(_ perDay: Double) -> String {
        if (0.95..<1.05).contains(perDay) { return "about once a day" }
        if perDay < 0.95 {
            let days = 1 / perDay
            return "every \(days < 10 ? number((days * 10).rounded() / 10) : grouped(days.rounded())) days"
        }
        return "\(perDay < 10 ? number((perDay * 10).rounded() / 10) : grouped(perDay.rounded())) times a day"
    }

    /// `5,000/s`, or per hour below one a second (`1,000/h`).
    static func text(_ rate: RateSpec) -> String {
        guard let r = rate.perSecond else { return "max" }
        if r >= 1 { return grouped(r) + "/s" }
        return grouped(r * 3600) + "/h"
    }

    /// `1.5`, `2`, `0.3`.
    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : RunReport.fixed(v, decimals: v * 10 == (v * 10).rounded() ? 1 : 2)
    }

    static func grouped(_ v: Double) -> String { NumberText.grouped(v) }
}
