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
/// signed up before it (the shop grew over six years), the last quarter signs up over the year
/// from it: new customers join during any simulated window.
///
/// That year's signups follow the shop's days (``CommerceConfiguration/signupDayWeights``: the
/// schedule's traffic of each day), so a weekend or Black Friday brings as many more newcomers
/// as it brings more shoppers; without weights they are spread evenly.
///
/// Inside a block of equivalent customers, the offset orders them by signup day, so "who has
/// signed up by day d" is a prefix and "who has not churned" a suffix: a pick is uniform over a
/// range, with no per-customer state.
public struct SignupCurve: Sendable {
    /// (days from the anchor, cumulative share), increasing in both.
    static let knots: [(day: Double, share: Double)] = [
        (-2190, 0), (-1095, 0.18), (-365, 0.48), (0, 0.75), (365, 1.0),
    ]
    /// Days of the last segment (the year from the anchor), whose shape the weights set.
    public static let yearDays = 365
    /// Share signed up before the anchor day.
    static let beforeAnchor = 0.75
    /// Buckets of the year's share, for ``signupDay(offset:of:)``'s first guess.
    private static let guessBuckets = 4096

    /// Day number of the anchor.
    public let anchorDay: Int64
    /// `year[k]`: the share signed up before day `k` from the anchor (k = 0 … 365): 0.75, then
    /// rising to 1 by each day's weight.
    private let year: [Double]
    /// For a share `u` of the year's bucket `j` (`u - 0.75` in `j / 4096 ..< (j + 1) / 4096` of
    /// the quarter), a day at or before `u`'s signup day.
    private let guess: [Int16]

    /// The curve anchored at `anchorDay`, the year from it shaped by `dayWeights` (one
    /// non-negative weight per day from the anchor; missing days weigh as the mean of the
    /// given ones, and no weights, or none positive, spread the year evenly).
    public init(anchorDay: Int64, dayWeights: [Double] = []) {
        self.anchorDay = anchorDay
        let given = dayWeights.prefix(Self.yearDays).map { $0.isFinite ? Swift.max(0, $0) : 0 }
        let mean = given.isEmpty ? 1 : given.reduce(0, +) / Double(given.count)
        let weights = mean > 0 ? (0..<Self.yearDays).map { $0 < given.count ? given[$0] : mean } : Array(repeating: 1, count: Self.yearDays)
        let total = weights.reduce(0, +)
        var year = [Self.beforeAnchor]
        var cumulative = 0.0
        for w in weights {
            cumulative += w
            year.append(Self.beforeAnchor + (1 - Self.beforeAnchor) * cumulative / total)
        }
        year[Self.yearDays] = 1
        self.year = year
        var guess: [Int16] = []
        var k = 0
        for j in 0..<Self.guessBuckets {
            let low = Self.beforeAnchor + (1 - Self.beforeAnchor) * Double(j) / Double(Self.guessBuckets)
            while k + 1 < Self.yearDays, year[k + 1] < low { k += 1 }
            guess.append(Int16(k))
        }
        self.guess = guess
    }

    /// The signup day (days since 1970) of offset `i` of a block of `n` customers.
    @inline(__always)
    public func signupDay(offset i: UInt64, of n: UInt64) -> Int64 {
        let u = (Double(i) + 0.5) / Double(Swift.max(n, 1))
        guard u <= Self.beforeAnchor else { return anchorDay + Int64(yearDay(u)) }
        var k = 1
        while k < Self.knots.count - 2, u > Self.knots[k].share { k += 1 }
        let (d0, s0) = Self.knots[k - 1], (d1, s1) = Self.knots[k]
        let day = d0 + (d1 - d0) * Swift.min(1, Swift.max(0, (u - s0) / (s1 - s0)))
        return anchorDay + Int64(day.rounded(.down))
    }

    /// The day from the anchor on which share `u` (over 0.75) of a block has signed up: the
    /// last day `k` with `year[k] < u`.
    @inline(__always)
    private func yearDay(_ u: Double) -> Int {
        let j = Swift.min(Self.guessBuckets - 1, Int((u - Self.beforeAnchor) / (1 - Self.beforeAnchor) * Double(Self.guessBuckets)))
        var k = Int(guess[Swift.max(0, j)])
        while k > 0, year[k] >= u { k -= 1 }
        while k + 1 < Self.yearDays, year[k + 1] < u { k += 1 }
        return k
    }

    /// The share of a block signed up by the end of day `day` (the curve itself).
    @inline(__always)
    func share(by day: Int64) -> Double {
        let x = day - anchorDay + 1
        if x >= Int64(Self.yearDays) { return 1 }
        if x >= 0 { return year[Int(x)] }
        let xd = Double(x)
        if xd <= Self.knots[0].day { return 0 }
        var k = 1
        while xd > Self.knots[k].day { k += 1 }
        let (d0, s0) = Self.knots[k - 1], (d1, s1) = Self.knots[k]
        return s0 + (s1 - s0) * (xd - d0) / (d1 - d0)
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
