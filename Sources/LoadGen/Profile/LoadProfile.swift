import Commerce
import Foundation

/// Everything a run can be told in a profile file (`loadprofiles/*.json`). Every field has a
/// documented default, so a profile names only what it changes.
public struct LoadProfile: Sendable, Equatable {
    /// Shown in status lines and reports.
    public var name = "default"
    /// What the profile is for (shown by tools, not used by the run).
    public var description: String?
    /// Topic to produce to.
    public var topic = "transactions"
    /// Base rate (real transactions per second), before multipliers. Default 1000 per hour.
    public var rate: RateSpec = .documentedDefault
    /// Whether the profile named a rate (a `--count` run without any rate goes as fast as it can).
    public var rateIsExplicit = false
    /// How transactions are spaced within each second: evenly, or as a Poisson process.
    public var arrivals: Arrivals = .poisson
    /// How far the schedule may run ahead of the pipeline before permits are dropped.
    public var burst: Duration = .seconds(1)
    /// Simulated clock. `clockStart == nil` means now (real time).
    public var clockStart: ClockStart = .now
    /// The zone whose local hours, weekdays and dates the multipliers use.
    public var timeZone = TimeZone(identifier: "UTC")!
    /// Simulated seconds per real second (24: a day per hour).
    public var speed = 1.0
    /// Whether each shopper follows the multipliers in their own local time (the rate is the
    /// sum over the population's time zones), or everyone in ``timeZone``'s
    /// (`clock.shoppers_local_time`: false, the old behaviour).
    public var shoppersLocalTime = true
    /// Time-of-day, weekday and date windows; matching ones multiply.
    public var multipliers = Multiplier.documentedDefaults
    /// The data: population, markets, mix, campaigns, seed.
    public var commerce = CommerceConfiguration()
    /// librdkafka properties (and seed-era aliases) for the producer.
    public var producer: [String: String] = [:]
    /// How long to run (nil: until stopped).
    public var duration: Duration?
    /// How many transactions to produce (nil: no limit).
    public var count: Int?
    /// Partitions of the topic when loadgen creates it (embedded broker).
    public var partitions = 12
    /// Pass/fail criteria judged at the end of the run (and while it goes, for `abort_on_fail`).
    public var thresholds: [Threshold] = []
    /// How long `rss_growth_pct` waits before it takes its baseline (nil: 10 minutes, or the
    /// first third of a run shorter than 30 minutes).
    public var thresholdWarmup: Duration?

    /// The documented defaults: 1000 per hour, real time, UTC, the four documented windows.
    public init() {}

    /// When simulated time starts.
    public enum ClockStart: Sendable, Equatable {
        /// The real time at the start of the run.
        case now
        /// A local wall-clock time in the profile's time zone.
        case local(year: Int, month: Int, day: Int, seconds: Int)
        /// An absolute instant (ms since 1970 UTC).
        case instant(millis: Int64)
    }

    /// The simulated clock for a run starting at real time `now` (ms since 1970 UTC).
    public func simulatedClock(realNowMillis: Int64) -> SimulatedClock {
        let start: Int64
        switch clockStart {
        case .now: start = realNowMillis
        case .instant(let millis): start = millis
        case let .local(year, month, day, seconds):
            start = SimulatedClock.utcMillis(year: year, month: month, day: day, seconds: seconds, in: timeZone)
        }
        return SimulatedClock(startMillis: start, speed: speed, timeZone: timeZone)
    }

    /// The most the curve can ask for: the base rate times every factor above 1 (as if all
    /// such windows overlapped), per second; nil when unlimited.
    public var peakPerSecond: Double? {
        rate.perSecond.map { multipliers.reduce($0) { $0 * Swift.max(1, $1.factor) } }
    }

    /// Refuses a profile whose rate, shaped by its multipliers, can exceed what the engine
    /// schedules (``InputLimits/maxPerSecond``).
    /// - Throws: ``InputError`` at `field`.
    public func checkPeakRate(field: String) throws(InputError) {
        guard let peak = peakPerSecond, !(peak <= InputLimits.maxPerSecond) else { return }
        let shown = peak.isFinite ? JSONValue.format((peak * 10).rounded() / 10) + "/s" : "more than any number"
        throw InputError(field, "the base rate \(rate) times every multiplier factor above 1 reaches \(shown) where their windows overlap; expected at most \(InputLimits.maxRateText), the most the engine can schedule")
    }

    /// The profile's rate curve on a clock: on each shopper's local clock (weighted by the
    /// population's purchase shares) unless ``shoppersLocalTime`` is off, with seeded noise of a
    /// few percent per day and hour (none on a flat curve: no windows, e.g. `--flat` or the
    /// stress profile).
    public func curve(on clock: SimulatedClock, shards: Int = 1) -> RateCurve {
        let shoppers = shoppersLocalTime ? PopulationLayout.purchaseShares(configuration: commerce) : nil
        let total = commerce.countries.values.reduce(0, +)
        let countries = commerce.countries.keys.sorted().map { (code: $0, share: total > 0 ? commerce.countries[$0]! / total : 0) }
        return RateCurve(
            base: rate.divided(by: shards), multipliers: multipliers, clock: clock, shoppers: shoppers, countries: countries,
            noise: multipliers.isEmpty ? nil : RateNoise(seed: commerce.seed))
    }
}
