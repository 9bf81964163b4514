/// A shopper's wall clock: a standard UTC offset and a daylight-saving rule, read without
/// Foundation so the generator can ask for a customer's local hour on every transaction.
///
/// Shoppers with the same clock (New York and Toronto, Chicago and Winnipeg) share a group in
/// the ``PopulationLayout``: the day curve is evaluated once per clock, not per IANA zone.
public struct LocalClock: Sendable, Hashable {
    /// Standard (winter) offset from UTC, in minutes.
    public let standardOffsetMinutes: Int
    /// When clocks go forward one hour.
    public let daylightSaving: Geography.DaylightSaving

    /// A clock `standardOffsetMinutes` from UTC with `daylightSaving`'s rule.
    public init(standardOffsetMinutes: Int, daylightSaving: Geography.DaylightSaving) {
        self.standardOffsetMinutes = standardOffsetMinutes
        self.daylightSaving = daylightSaving
    }

    /// The clock of a time zone.
    public init(_ zone: Geography.TimeZone) {
        self.init(standardOffsetMinutes: zone.standardOffsetMinutes, daylightSaving: zone.daylightSaving)
    }

    /// Offset from UTC (ms) at the UTC instant `millis`, daylight saving included: from a table
    /// of each year's transitions, 1900 to 2299 (the rule's arithmetic, a civil date and two
    /// Sundays, was computed at every call: the schedule asks for every clock group's local time
    /// at every bucket it opens); ``exactOffsetMillis(atUTC:)`` outside those years.
    ///
    /// The year comes from the instant divided by the mean Gregorian year, which is off by one
    /// only within two days of New Year, when neither rule's window (March to November) holds
    /// the instant in either year: the answer is the same.
    @inline(__always)
    public func offsetMillis(atUTC millis: Int64) -> Int64 {
        let standard = Int64(standardOffsetMinutes) * 60_000
        guard daylightSaving != .none else { return standard }
        let instant = ruleInstant(atUTC: millis)
        let year = Int(truncatingIfNeeded: CivilCalendar.floorDivision(instant, Self.meanYearMillis)) &+ (1970 - Self.firstTableYear)
        guard year >= 0, year < Self.tableYears else { return exactOffsetMillis(atUTC: millis) }
        let window = Self.transitions + (year &* 4 &+ (daylightSaving == .northAmerica ? 0 : 2))
        return instant >= window[0] && instant < window[1] ? standard + 3_600_000 : standard
    }

    /// ``offsetMillis(atUTC:)`` by the rule's arithmetic (any year).
    func exactOffsetMillis(atUTC millis: Int64) -> Int64 {
        let standard = Int64(standardOffsetMinutes) * 60_000
        guard daylightSaving != .none else { return standard }
        let instant = ruleInstant(atUTC: millis)
        let window = Self.window(daylightSaving, year: CivilCalendar.date(fromDays: CivilCalendar.day(ofMillis: instant)).year)
        return instant >= window.start && instant < window.end ? standard + 3_600_000 : standard
    }

    /// The instant on the clock the rule's windows are written in: North America's on the
    /// local standard clock (ms since 1970 as if UTC), Europe's in UTC.
    @inline(__always)
    private func ruleInstant(atUTC millis: Int64) -> Int64 {
        daylightSaving == .northAmerica ? millis &+ Int64(standardOffsetMinutes) * 60_000 : millis
    }

    /// When daylight saving runs in `year` under `rule`, on the clock ``ruleInstant(atUTC:)``
    /// reads (empty for `.none`).
    static func window(_ rule: Geography.DaylightSaving, year: Int) -> (start: Int64, end: Int64) {
        switch rule {
        case .none: return (0, 0)
        case .northAmerica:
            // Second Sunday of March 02:00 local standard time to the first Sunday of November
            // 02:00 local daylight time (01:00 standard).
            return (sunday(onOrAfter: CivilCalendar.days(year: year, month: 3, day: 8)) * 86_400_000 + 7_200_000,
                    sunday(onOrAfter: CivilCalendar.days(year: year, month: 11, day: 1)) * 86_400_000 + 3_600_000)
        case .europe:
            // Last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC.
            return (sunday(onOrAfter: CivilCalendar.days(year: year, month: 3, day: 25)) * 86_400_000 + 3_600_000,
                    sunday(onOrAfter: CivilCalendar.days(year: year, month: 10, day: 25)) * 86_400_000 + 3_600_000)
        }
    }

    /// 365.2425 days.
    static let meanYearMillis: Int64 = 31_556_952_000
    static let firstTableYear = 1900, tableYears = 400
    /// Per year from ``firstTableYear``: the ``window(_:year:)`` of North America, then of
    /// Europe. Built once, never freed: a plain pointer, read with no reference counting.
    nonisolated(unsafe) static let transitions: UnsafePointer<Int64> = {
        let table = UnsafeMutablePointer<Int64>.allocate(capacity: tableYears * 4)
        for i in 0..<tableYears {
            let america = window(.northAmerica, year: firstTableYear + i), europe = window(.europe, year: firstTableYear + i)
            (table[4 * i], table[4 * i + 1], table[4 * i + 2], table[4 * i + 3]) = (america.start, america.end, europe.start, europe.end)
        }
        return UnsafePointer(table)
    }()

    /// The local time at the UTC instant `millis`.
    @inline(__always)
    public func local(atUTC millis: Int64) -> LocalTime {
        LocalTime(localMillis: millis + offsetMillis(atUTC: millis))
    }

    /// The first Sunday on or after day number `day` (1970-01-01 was a Thursday).
    @inline(__always)
    static func sunday(onOrAfter day: Int64) -> Int64 {
        let weekday = ((day % 7) + 7 + 3) % 7  // 0 = Monday ... 6 = Sunday
        return day + (6 - weekday)
    }
}

/// Local calendar facts of an instant on a ``LocalClock``.
public struct LocalTime: Sendable, Equatable {
    /// Days since 1970-01-01 of the local date.
    public let day: Int64
    /// Minutes since local midnight, 0 ..< 1440.
    public let minuteOfDay: Int

    /// The local time whose wall clock reads `localMillis` (ms since 1970 as if UTC).
    @inline(__always)
    public init(localMillis: Int64) {
        day = CivilCalendar.day(ofMillis: localMillis)
        minuteOfDay = Int((localMillis - day * 86_400_000) / 60_000)
    }

    /// The local hour, 0 ..< 24.
    @inline(__always)
    public var hour: Int { minuteOfDay / 60 }
    /// 0 = Monday ... 6 = Sunday.
    @inline(__always)
    public var weekday: Int { Int(((day % 7) + 7 + 3) % 7) }
    /// Saturday or Sunday.
    @inline(__always)
    public var isWeekend: Bool { weekday >= 5 }
    /// The local date as yyyymmdd.
    public var date: Int { CivilCalendar.yyyymmdd(ofDay: day) }
}

/// The profile's day curve as each shopper lives it: the rate factor of a group of shoppers
/// (the product of the multipliers whose hours, weekdays, dates and countries match). The
/// footfall weighs each group by it at every simulated minute.
public struct ShoppingDay: Sendable {
    /// The factor of shoppers of `country` whose wall clock reads `local` at simulated UTC
    /// `millis`.
    public let factor: @Sendable (_ local: LocalTime, _ country: String, _ millis: Int64) -> Double

    /// A day curve from its factor function.
    public init(factor: @escaping @Sendable (_ local: LocalTime, _ country: String, _ millis: Int64) -> Double) {
        self.factor = factor
    }
}
