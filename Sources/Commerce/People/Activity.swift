/// How much a customer buys, and when they joined: the heavy tail and the open population.
///
/// Customers fall into activity classes (dormant accounts that never buy, customers who buy for
/// a year and then lapse, occasional buyers, regulars, loyal customers and a few heavy buyers):
/// a class's `rate` is how often one of its customers shops relative to an occasional buyer, so
/// a few loyal and heavy buyers make most purchases and many accounts buy once or never.
public struct ActivityClass: Sendable, Equatable {
    /// `dormant`, `lapsing`, `occasional`, `regular`, `loyal`, `heavy`.
    public let name: String
    /// Share of the population.
    public let share: Double
    /// Relative purchase rate of one of its customers (0: never buys).
    public let rate: Double
    /// Days after signing up when its customers stop buying (nil: they never churn).
    public let lifetimeDays: Int64?

    /// The built-in classes, in layout order.
    public static let standard: [ActivityClass] = [
        ActivityClass(name: "dormant", share: 0.30, rate: 0, lifetimeDays: nil),
        ActivityClass(name: "lapsing", share: 0.15, rate: 2, lifetimeDays: 365),
        ActivityClass(name: "occasional", share: 0.30, rate: 1, lifetimeDays: nil),
        ActivityClass(name: "regular", share: 0.17, rate: 4, lifetimeDays: nil),
        ActivityClass(name: "loyal", share: 0.065, rate: 12, lifetimeDays: nil),
        ActivityClass(name: "heavy", share: 0.015, rate: 40, lifetimeDays: nil),
    ]

    /// A customer's mean purchase rate over `classes`, in occasional buyers' units (the share
    /// of each class times its rate).
    public static func purchasesPerCustomer(_ classes: [ActivityClass]) -> Double {
        classes.reduce(0) { $0 + $1.share * $1.rate }
    }
}

/// When customers signed up: a cumulative share of each block of the population by day,
/// relative to the population's anchor day (the run's first simulated day). Three quarters had
/// signed up before it (the shop opened six years before and grew: 18 % by three years before
/// it, 48 % by one year before), the last quarter signs up over the year from it: new customers
/// join during any simulated window.
///
/// The shop's growth is smooth: the cumulative share is a monotone cubic through those points,
/// so a cohort's size changes from day to day, never in steps. Each day's share of its stretch
/// is then weighed by ``CommerceConfiguration/signupDayWeights`` (the schedule's traffic that
/// day: weekends, and in the run's year its dated windows such as Black Friday), so a busy day
/// brings as many more newcomers as it brings shoppers; without weights the days weigh alike.
///
/// Inside a block of equivalent customers, the offset orders them by signup day, so "who has
/// signed up by day d" is a prefix and "who has not churned" a suffix: a pick is uniform over a
/// range, with no per-customer state.
public struct SignupCurve: Sendable {
    /// (days from the anchor, cumulative share), increasing in both: the points the curve
    /// passes through (exactly, whatever the weights).
    static let knots: [(day: Int, share: Double)] = [
        (-2190, 0), (-1095, 0.18), (-365, 0.48), (0, 0.75), (365, 1.0),
    ]
    /// Days before the anchor's when the first customer signed up.
    public static let historyDays = 2190
    /// Days of the year from the anchor's (the last stretch).
    public static let yearDays = 365
    /// Days the curve spans: one weight each in ``CommerceConfiguration/signupDayWeights``.
    public static let days = historyDays + yearDays
    /// Buckets of the share, for ``signupDay(offset:of:)``'s first guess.
    private static let guessBuckets = 8192

    /// Day number of the anchor.
    public let anchorDay: Int64
    /// `table[k]`: the share signed up before day `k - historyDays` from the anchor (k = 0 …
    /// ``days``): 0, rising to 1.
    private let table: [Double]
    /// For a share `u` in bucket `j` (`j / 8192 ..< (j + 1) / 8192`), an index at or before
    /// `u`'s signup day's.
    private let guess: [Int16]

    /// The curve anchored at `anchorDay`, each day from 2,190 days before it to 364 after it
    /// weighed by `dayWeights` (one non-negative weight per day, the first for the earliest;
    /// missing days weigh as the mean of the given ones; no weights, or none positive, weigh
    /// the days alike).
    public init(anchorDay: Int64, dayWeights: [Double] = []) {
        self.anchorDay = anchorDay
        let given = dayWeights.prefix(Self.days).map { $0.isFinite ? Swift.max(0, $0) : 0 }
        let mean = given.isEmpty ? 1 : given.reduce(0, +) / Double(given.count)
        let weight: (Int) -> Double = { k in mean > 0 ? (k < given.count ? given[k] : mean) : 1 }
        let growth = Self.growth()
        let grown = (0...Self.days).map { growth(Double($0 - Self.historyDays)) }
        var table = [0.0]
        for segment in 0..<(Self.knots.count - 1) {
            let (start, end) = (Self.knots[segment].day + Self.historyDays, Self.knots[segment + 1].day + Self.historyDays)
            let (low, high) = (Self.knots[segment].share, Self.knots[segment + 1].share)
            // Each day's growth times its weight, scaled so the stretch ends at its point.
            var daily = (start..<end).map { grown[$0 + 1] - grown[$0] }
            let weighed = (start..<end).map { weight($0) * daily[$0 - start] }
            if weighed.reduce(0, +) > 0 { daily = weighed }
            let total = daily.reduce(0, +)
            var cumulative = 0.0
            for d in daily {
                cumulative += d
                table.append(low + (high - low) * (total > 0 ? cumulative / total : 1))
            }
            table[table.count - 1] = high
        }
        self.table = table
        var guess: [Int16] = []
        var k = 0
        for j in 0..<Self.guessBuckets {
            let low = Double(j) / Double(Self.guessBuckets)
            while k + 1 < Self.days, table[k + 1] < low { k += 1 }
            guess.append(Int16(k))
        }
        self.guess = guess
    }

    /// The smooth cumulative share at `x` days from the anchor: a monotone cubic (Fritsch and
    /// Carlson's slopes) through ``knots``, 0 before the first and 1 after the last.
    static func growth() -> (Double) -> Double {
        let x = knots.map { Double($0.day) }, y = knots.map(\.share)
        let n = knots.count
        let h = (0..<(n - 1)).map { x[$0 + 1] - x[$0] }
        let delta = (0..<(n - 1)).map { (y[$0 + 1] - y[$0]) / h[$0] }
        var m = [Double](repeating: 0, count: n)
        for k in 1..<(n - 1) where delta[k - 1] > 0 && delta[k] > 0 {
            let w1 = 2 * h[k] + h[k - 1], w2 = h[k] + 2 * h[k - 1]
            m[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k])
        }
        m[0] = Swift.max(0, ((2 * h[0] + h[1]) * delta[0] - h[0] * delta[1]) / (h[0] + h[1]))
        m[n - 1] = Swift.max(0, ((2 * h[n - 2] + h[n - 3]) * delta[n - 2] - h[n - 2] * delta[n - 3]) / (h[n - 2] + h[n - 3]))
        return { t in
            if t <= x[0] { return 0 }
            if t >= x[n - 1] { return 1 }
            var k = 0
            while t > x[k + 1] { k += 1 }
            let s = (t - x[k]) / h[k], s2 = s * s, s3 = s2 * s
            return (2 * s3 - 3 * s2 + 1) * y[k] + (s3 - 2 * s2 + s) * h[k] * m[k] + (-2 * s3 + 3 * s2) * y[k + 1] + (s3 - s2) * h[k] * m[k + 1]
        }
    }

    /// The signup day (days since 1970) of offset `i` of a block of `n` customers: the last day
    /// whose start the share `(i + 0.5) / n` is above.
    @inline(__always)
    public func signupDay(offset i: UInt64, of n: UInt64) -> Int64 {
        let u = (Double(i) + 0.5) / Double(Swift.max(n, 1))
        let j = Swift.min(Self.guessBuckets - 1, Int(u * Double(Self.guessBuckets)))
        var k = Int(guess[Swift.max(0, j)])
        while k > 0, table[k] >= u { k -= 1 }
        while k + 1 < Self.days, table[k + 1] < u { k += 1 }
        return anchorDay + Int64(k - Self.historyDays)
    }

    /// The share of a block signed up by the end of day `day` (the curve itself).
    @inline(__always)
    func share(by day: Int64) -> Double {
        let k = day - anchorDay + 1 + Int64(Self.historyDays)
        if k <= 0 { return 0 }
        if k >= Int64(Self.days) { return 1 }
        return table[Int(k)]
    }

    /// How many of a block of `n` customers have signed up by the end of day `day`: the first
    /// offset whose signup day is after it.
    public func signedUp(by day: Int64, of n: UInt64) -> UInt64 {
        guard n > 0 else { return 0 }
        let share = self.share(by: day)
        var count = UInt64(Swift.min(Double(n), Swift.max(0, (share * Double(n)).rounded())))
        while count < n, signupDay(offset: count, of: n) <= day { count += 1 }
        while count > 0, signupDay(offset: count - 1, of: n) > day { count -= 1 }
        return count
    }
}
