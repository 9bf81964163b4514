import Commerce
import Foundation

/// Simulated time: starts at `start` and runs `speed` times faster than real time, in a time
/// zone whose local hours and days drive the rate curve. With speed 24 a simulated day passes
/// in one real hour. Transaction timestamps are simulated time.
public struct SimulatedClock: Sendable {
    /// Simulated instant at the start of the run, in ms since 1970 UTC.
    public let startMillis: Int64
    /// Simulated seconds per real second.
    public let speed: Double
    /// The zone local hours, weekdays and dates are read in.
    public let timeZone: TimeZone

    /// A clock starting at `startMillis` (ms since 1970 UTC) running `speed` times real time.
    public init(startMillis: Int64, speed: Double = 1, timeZone: TimeZone = TimeZone(identifier: "UTC")!) {
        self.startMillis = startMillis
        self.speed = speed
        self.timeZone = timeZone
    }

    /// The simulated instant `elapsedNanos` of real time after the start.
    @inline(__always)
    public func simulatedMillis(elapsedNanos: Int64) -> Int64 {
        startMillis &+ Self.clampedMillis(Double(elapsedNanos) * speed / 1_000_000)
    }

    /// Milliseconds as an Int64, rounded down and held within ±4e18 (about 126 million years)
    /// so that a clock built in code with any speed never traps.
    @inline(__always)
    static func clampedMillis(_ millis: Double) -> Int64 {
        millis.isNaN ? 0 : Int64(Swift.min(Swift.max(millis.rounded(.down), -4e18), 4e18))
    }

    /// Real nanoseconds after the start at which simulated time reaches `millis`.
    public func elapsedNanos(atSimulated millis: Int64) -> Double {
        Double(millis - startMillis) * 1_000_000 / speed
    }

    /// Local calendar facts at a simulated instant.
    public struct LocalTime: Sendable, Equatable {
        /// 0 = Monday ... 6 = Sunday.
        public let weekday: Int
        /// Hours since local midnight, 0 ..< 24 (fractional).
        public let hour: Double
        /// The local date as yyyymmdd.
        public let date: Int
    }

    /// Local time at a simulated instant (UTC offset from the time zone, DST included).
    public func local(atSimulated millis: Int64) -> LocalTime {
        let offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(millis) / 1000))) * 1000
        let local = millis + offset
        let day = CivilCalendar.day(ofMillis: local)
        let weekday = Int(((day % 7) + 7 + 3) % 7)
        return LocalTime(
            weekday: weekday, hour: Double(local - day * 86_400_000) / 3_600_000,
            date: CivilCalendar.yyyymmdd(ofDay: day))
    }

    /// The UTC instant (ms) of a local wall-clock time in `timeZone`. A time the clocks show
    /// twice (when they go back) is its first occurrence; a time they skip (when they go
    /// forward) is read with the offset before the change, so it lands as far after the gap's
    /// start as it says (02:30 in a 02:00-03:00 gap is 03:30). Profiles refuse skipped times.
    public static func utcMillis(year: Int, month: Int, day: Int, seconds: Int, in timeZone: TimeZone) -> Int64 {
        if let first = instants(year: year, month: month, day: day, seconds: seconds, in: timeZone).first { return first }
        let localMillis = (CivilCalendar.days(year: year, month: month, day: day) * 86_400 + Int64(seconds)) * 1000
        return localMillis - offsetMillis(at: localMillis - 86_400_000, in: timeZone)
    }

    /// Every UTC instant (ms, in order) at which `timeZone`'s clocks show the local time: one
    /// normally, two when the clocks go back over it, none when they skip it.
    public static func instants(year: Int, month: Int, day: Int, seconds: Int, in timeZone: TimeZone) -> [Int64] {
        let localMillis = (CivilCalendar.days(year: year, month: month, day: day) * 86_400 + Int64(seconds)) * 1000
        let offsets = Set([-86_400_000, 0, 86_400_000].map { offsetMillis(at: localMillis + Int64($0), in: timeZone) })
        return offsets.map { localMillis - $0 }.filter { offsetMillis(at: $0, in: timeZone) == localMillis - $0 }.sorted()
    }

    static func offsetMillis(at millis: Int64, in timeZone: TimeZone) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(millis) / 1000))) * 1000
    }
}

extension CivilCalendar {
    /// Days in a month of the proleptic Gregorian calendar (February 29 in leap years).
    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
