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
/// Inside a block of equivalent customers, the offset orders them by signup day, so "who has
/// signed up by day d" is a prefix and "who has not churned" a suffix: a pick is uniform over a
/// range, with no per-customer state.
public struct SignupCurve: Sendable {
    /// (days from the anchor, cumulative share), increasing in both.
    static let knots: [(day: Double, share: Double)] = [
        (-2190, 0), (-1095, 0.18), (-365, 0.48), (0, 0.75), (365, 1.0),
    ]

    /// The signup day (days since 1970) of offset `i` of a block of `n` customers.
    @inline(__always)
    public static func signupDay(offset i: UInt64, of n: UInt64, anchorDay: Int64) -> Int64 {
        let u = (Double(i) + 0.5) / Double(max(n, 1))
        var k = 1
        while k < knots.count - 1, u > knots[k].share { k += 1 }
        let (d0, s0) = knots[k - 1], (d1, s1) = knots[k]
        let day = d0 + (d1 - d0) * min(1, max(0, (u - s0) / (s1 - s0)))
        return anchorDay + Int64(day.rounded(.down))
    }

    /// The share of a block signed up by the end of day `day` (the curve itself).
    @inline(__always)
    static func share(by day: Int64, anchorDay: Int64) -> Double {
        let x = Double(day - anchorDay) + 1
        if x <= knots[0].day { return 0 }
        if x >= knots[knots.count - 1].day { return 1 }
        var k = 1
        while x > knots[k].day { k += 1 }
        let (d0, s0) = knots[k - 1], (d1, s1) = knots[k]
        return s0 + (s1 - s0) * (x - d0) / (d1 - d0)
    }

    /// How many of a block of `n` customers have signed up by the end of day `day`: the first
    /// offset whose signup day is after it.
    public static func signedUp(by day: Int64, of n: UInt64, anchorDay: Int64) -> UInt64 {
        guard n > 0 else { return 0 }
        let share = Self.share(by: day, anchorDay: anchorDay)
        var count = UInt64(min(Double(n), max(0, (share * Double(n)).rounded())))
        while count < n, signupDay(offset: count, of: n, anchorDay: anchorDay) <= day { count += 1 }
        while count > 0, signupDay(offset: count - 1, of: n, anchorDay: anchorDay) > day { count -= 1 }
        return count
    }
}
