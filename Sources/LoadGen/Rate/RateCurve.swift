import Commerce
import Foundation

/// A time window that scales the rate: business hours, weekends, a Black Friday morning,
/// Thanksgiving evening for US shoppers. Every condition it names must hold (hours, days,
/// dates, countries); matching windows multiply.
public struct Multiplier: Sendable, Equatable {
    /// Shown in reports and errors (`business_hours`).
    public var name: String
    /// [start, end) in local hours, 0...24; may wrap midnight (22 -> 6).
    public var hours: HourWindow?
    /// Local weekdays, 0 = Monday ... 6 = Sunday.
    public var days: Set<Int>?
    /// Local dates as yyyymmdd.
    public var dates: Set<Int>?
    /// The shoppers' countries it applies to (`US`, `CA`, `GB`; nil: every shopper).
    public var countries: Set<String>?
    /// What the rate is multiplied by while every condition holds.
    public var factor: Double

    /// A window: every condition given must hold (nil: any).
    public init(
        name: String, hours: HourWindow? = nil, days: Set<Int>? = nil, dates: Set<Int>? = nil,
        countries: Set<String>? = nil, factor: Double
    ) {
        self.name = name
        self.hours = hours
        self.days = days
        self.dates = dates
        self.countries = countries
        self.factor = factor
    }

    /// Hours [start, end) of the local day; `start > end` wraps midnight.
    public struct HourWindow: Sendable, Equatable {
        /// First hour inside the window (0 ..< 24, fractions allowed).
        public var start: Double
        /// First hour after the window; below `start` when it wraps midnight.
        public var end: Double
        /// Hours `[start, end)`.
        public init(_ start: Double, _ end: Double) {
            self.start = start
            self.end = end
        }

        /// Whether a local hour of the day (0 ..< 24) is inside.
        public func contains(_ hour: Double) -> Bool {
            start < end ? (hour >= start && hour < end) : (hour >= start || hour < end)
        }
    }

    /// Whether the window covers a local time of shoppers in `country` (nil: unknown, which a
    /// window naming countries does not cover).
    public func matches(_ t: SimulatedClock.LocalTime, country: String? = nil) -> Bool {
        if let countries, !(country.map { countries.contains($0) } ?? false) { return false }
        if let hours, !hours.contains(t.hour) { return false }
        if let days, !days.contains(t.weekday) { return false }
        if let dates, !dates.contains(t.date) { return false }
        return true
    }

    /// The documented default day: business hours 9-17 x1.5, peak 12-14 x2.0, weekend x1.5,
    /// late night 22-6 x0.3, compounding.
    public static let documentedDefaults: [Multiplier] = [
        Multiplier(name: "business_hours", hours: HourWindow(9, 17), factor: 1.5),
        Multiplier(name: "peak_hours", hours: HourWindow(12, 14), factor: 2.0),
        Multiplier(name: "weekend", days: [5, 6], factor: 1.5),
        Multiplier(name: "late_night", hours: HourWindow(22, 6), factor: 0.3),
    ]
}

/// The target rate over time: base rate x the product of the multipliers matching the
/// simulated local time. The rate is in real transactions per second (the load Kafka sees);
/// simulated time only shapes it. Windows are evaluated at simulated-minute resolution.
///
/// When shoppers live on their own clocks (``shoppers``), the curve is a mixture: base x the
/// sum over the population's local clocks of their share of purchases x the product of the
/// multipliers matching *that* clock's local time, so each region's evening peak comes at its
/// own evening. Otherwise every window is read on the clock's (the profile's) zone. A window
/// that names countries applies to those shoppers only: the mixture is then also over the
/// countries (``countries``' shares on the profile's zone).
public struct RateCurve: Sendable {
    /// The base rate, before multipliers.
    public let base: RateSpec
    /// The windows that shape it.
    public let multipliers: [Multiplier]
    /// The clock whose local time the windows use (unless ``shoppers`` is set).
    public let clock: SimulatedClock
    /// The shoppers' local clocks, their countries and their shares of purchases (nil: the
    /// profile's zone for all).
    public let shoppers: [(clock: LocalClock, country: String, share: Double)]?
    /// The shoppers' countries and their shares of purchases, for windows naming countries
    /// read on the profile's zone (unused with ``shoppers``).
    public let countries: [(code: String, share: Double)]
    /// Seeded day-to-day and hour-to-hour variation (nil: the curve exactly).
    public let noise: RateNoise?
    /// Who the windows are read for on the profile's zone: each country with its share when a
    /// window names countries (and the shares are known), else everyone at once (no country:
    /// a window naming countries applies to nobody).
    private let profileMixture: [(country: String?, share: Double)]
    /// ``windows(atSimulated:)`` when there are no multipliers: the mixture's shares summed in
    /// its order (the same double the sum of share x 1 gives), with no clock read at all.
    private let unitWindows: Double

    /// The curve of `base` shaped by `multipliers` on `clock`, or on each of `shoppers`' clocks,
    /// varied by `noise`; `countries`: the purchase shares windows naming countries use on the
    /// profile's zone.
    public init(
        base: RateSpec, multipliers: [Multiplier], clock: SimulatedClock,
        shoppers: [(clock: LocalClock, country: String, share: Double)]? = nil,
        countries: [(code: String, share: Double)] = [], noise: RateNoise? = nil
    ) {
        self.base = base
        self.multipliers = multipliers
        self.clock = clock
        self.shoppers = shoppers
        self.countries = countries
        self.noise = noise
        profileMixture = multipliers.contains { $0.countries != nil } && !countries.isEmpty
            ? countries.map { (country: $0.code, share: $0.share) } : [(country: nil, share: 1)]
        unitWindows = shoppers.map { $0.reduce(0) { $0 + $1.share } } ?? profileMixture.reduce(0) { $0 + $1.share }
    }

    /// The same curve (windows, clocks, noise) from another base rate (a shard's share).
    public func with(base: RateSpec) -> RateCurve {
        RateCurve(base: base, multipliers: multipliers, clock: clock, shoppers: shoppers, countries: countries, noise: noise)
    }

    /// The product of the matching multipliers at a simulated instant (the shoppers' mixture
    /// when they live on their own clocks), times the noise of its simulated day and hour.
    public func factor(atSimulated millis: Int64) -> Double {
        windows(atSimulated: millis) * noiseFactor(atSimulated: millis)
    }

    /// What shapes the rate at a simulated instant, for the start and status lines: the
    /// windows' factor (on the profile's clock, or the shoppers' mixture of their own clocks),
    /// the windows in force (on the profile's clock, or on any shoppers' clock), and the
    /// noise's factor (1 without noise). `base × windows × noise` is ``rate(atSimulated:)``
    /// (below the governor's cap).
    public func shape(atSimulated millis: Int64) -> (windows: Double, active: [Multiplier], noise: Double) {
        let profileLocal = clock.local(atSimulated: millis)
        let locals: [(SimulatedClock.LocalTime, String?)] = shoppers.map {
            $0.filter { $0.share > 0 }.map { (Self.simulated($0.clock.local(atUTC: millis)), $0.country) }
        } ?? profileMixture.filter { $0.share > 0 }.map { (profileLocal, $0.country) }
        let active = multipliers.filter { m in locals.contains { m.matches($0.0, country: $0.1) } }
        return (windows(atSimulated: millis), active, noiseFactor(atSimulated: millis))
    }

    /// The product of the matching multipliers (the shoppers' mixture when they live on their
    /// own clocks).
    private func windows(atSimulated millis: Int64) -> Double {
        if multipliers.isEmpty { return unitWindows }
        guard let shoppers else {
            let local = clock.local(atSimulated: millis)
            return profileMixture.reduce(0) { $0 + $1.share * Self.factor(multipliers, at: local, country: $1.country) }
        }
        return shoppers.reduce(0) { $0 + $1.share * Self.factor(multipliers, at: $1.clock.local(atUTC: millis), country: $1.country) }
    }

    /// The noise of the instant's simulated day and hour (1 without noise).
    private func noiseFactor(atSimulated millis: Int64) -> Double {
        noise?.factor(date: clock.local(atSimulated: millis).date, hourOfEpoch: CivilCalendar.floorDivision(millis, 3_600_000)) ?? 1
    }

    /// A shopper's local time as the windows read it.
    static func simulated(_ local: LocalTime) -> SimulatedClock.LocalTime {
        SimulatedClock.LocalTime(weekday: local.weekday, hour: Double(local.minuteOfDay) / 60, date: local.date)
    }

    /// The product of the multipliers matching a local time of shoppers in `country`.
    static func factor(_ multipliers: [Multiplier], at local: SimulatedClock.LocalTime, country: String? = nil) -> Double {
        multipliers.reduce(1) { $1.matches(local, country: country) ? $0 * $1.factor : $0 }
    }

    /// The product of the multipliers matching a shopper's local time.
    static func factor(_ multipliers: [Multiplier], at local: LocalTime, country: String? = nil) -> Double {
        factor(multipliers, at: simulated(local), country: country)
    }

    /// The day curve as shoppers live it, for the footfall. Nil when windows are read on the
    /// profile's zone and none names countries: then the footfall weighs groups by their share
    /// alone; with country windows there, each group by its country's factor on that zone.
    public var shoppingDay: ShoppingDay? {
        guard !multipliers.isEmpty else { return nil }
        let multipliers = self.multipliers
        guard shoppers != nil else {
            guard profileMixture.first?.country != nil else { return nil }
            let clock = self.clock
            return ShoppingDay { _, country, millis in Self.factor(multipliers, at: clock.local(atSimulated: millis), country: country) }
        }
        // The footfall asks once per simulated minute and clock group: skip the calendar date
        // (a civil-date conversion) unless a window names dates.
        guard !multipliers.contains(where: { $0.dates != nil }) else {
            return ShoppingDay { local, country, _ in Self.factor(multipliers, at: local, country: country) }
        }
        return ShoppingDay { local, country, _ in
            Self.factor(
                multipliers, at: SimulatedClock.LocalTime(weekday: local.weekday, hour: Double(local.minuteOfDay) / 60, date: 0),
                country: country)
        }
    }

    /// Target transactions per real second at a simulated instant (nil when unlimited).
    public func rate(atSimulated millis: Int64) -> Double? {
        base.perSecond.map { $0 * factor(atSimulated: millis) }
    }

    /// Target transactions per real second at `elapsedNanos` into the run.
    public func rate(atElapsed elapsedNanos: Int64) -> Double? {
        rate(atSimulated: clock.simulatedMillis(elapsedNanos: elapsedNanos))
    }

    /// The expected number of transactions between two instants of the run (real ns since
    /// start): the integral of the curve, exact for its minute-wise steps, with the rate capped
    /// at ``InputLimits/maxPerSecond`` as the governor caps it. 0 when unlimited.
    public func integral(fromElapsed start: Int64, to end: Int64) -> Double {
        var cursor = Cursor(curve: self)
        return integral(fromElapsed: start, to: end, cursor: &cursor)
    }

    /// The same, walking the curve with `cursor` (which keeps its place for the next call: the
    /// governor integrates bucket after bucket).
    func integral(fromElapsed start: Int64, to end: Int64, cursor: inout Cursor) -> Double {
        guard let perSecond = base.perSecond, end > start else { return 0 }
        var total = 0.0
        var t = Double(start)
        while t < Double(end) {
            let (factor, segmentEnd) = cursor.segment(atElapsed: t)
            let stop = min(segmentEnd, Double(end))
            total += Swift.min(perSecond * factor, InputLimits.maxPerSecond) * (stop - t) / 1e9
            t = stop
        }
        return total
    }

    /// Walks the curve in time order, computing each simulated minute's factor once.
    public struct Cursor: Sendable {
        let curve: RateCurve
        private var minute = Int64.min
        private var cachedFactor = 1.0

        /// The integral of `curve`.
        public init(curve: RateCurve) { self.curve = curve }

        /// The factor at real `elapsed` ns and the real instant where its minute ends.
        public mutating func segment(atElapsed elapsed: Double) -> (factor: Double, end: Double) {
            let clock = curve.clock
            let sim = clock.startMillis &+ SimulatedClock.clampedMillis(elapsed * clock.speed / 1_000_000)
            let m = sim >= 0 ? sim / 60_000 : (sim - 59_999) / 60_000
            if m != minute {
                minute = m
                cachedFactor = curve.factor(atSimulated: m * 60_000)
            }
            var end = clock.elapsedNanos(atSimulated: (m + 1) * 60_000)
            if end <= elapsed { end = elapsed + 1 }
            return (cachedFactor, end)
        }
    }
}

/// Demand that differs from the curve by a few percent, the same way for the same seed: a
/// multiplicative factor per simulated (local) day times one per simulated hour, each
/// log-normal around 1 (mean 1). The schedule integrates the noisy curve, so its count per day
/// is still the integral, of the curve with its noise.
public struct RateNoise: Sendable, Equatable {
    /// What the variation is drawn from (the profile's seed).
    public var seed: UInt64
    /// Standard deviation of the day factor's logarithm (0.06: days differ by about 6 %).
    public var daily: Double
    /// Standard deviation of the hour factor's logarithm.
    public var hourly: Double

    /// Noise from `seed`: days by about `daily`, hours by about `hourly` (standard deviations).
    public init(seed: UInt64, daily: Double = 0.06, hourly: Double = 0.04) {
        self.seed = seed
        self.daily = daily
        self.hourly = hourly
    }

    /// The largest ``factor(date:hourOfEpoch:)`` can be: each normal value is at most
    /// 2·√3 (four uniforms, scaled to unit variance).
    public var largestFactor: Double { exp(2 * 3.0.squareRoot() * (daily + hourly)) }

    /// The factor of a local date (yyyymmdd) and an hour (hours since 1970 UTC).
    public func factor(date: Int, hourOfEpoch: Int64) -> Double {
        let d = daily * Self.normal(seed, UInt64(bitPattern: Int64(date)), 0xDA7)
        let h = hourly * Self.normal(seed, UInt64(bitPattern: hourOfEpoch), 0x40E)
        return exp(d + h - (daily * daily + hourly * hourly) / 2)
    }

    /// An approximately standard normal value from (seed, index, purpose): four hashed
    /// uniforms summed (Irwin–Hall), scaled to unit variance.
    static func normal(_ seed: UInt64, _ index: UInt64, _ purpose: UInt64) -> Double {
        var sum = 0.0
        for k in 0..<4 as Range<UInt64> { sum += Mix.unit(seed, index, purpose &* 8 &+ k) }
        return (sum - 2) * 3.0.squareRoot()
    }
}
