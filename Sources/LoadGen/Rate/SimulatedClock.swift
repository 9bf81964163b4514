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
        startMillis + Int64((Double(elapsedNanos) * speed / 1_000_000).rounded(.down))
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
        let day = local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000
        let civil = CivilCalendar.date(fromDays: day)
        let weekday = Int(((day % 7) + 7 + 3) % 7)
        return LocalTime(
            weekday: weekday, hour: Double(local - day * 86_400_000) / 3_600_000,
            date: civil.year * 10_000 + civil.month * 100 + civil.day)
    }

    /// The UTC instant (ms) of a local wall-clock time in `timeZone`.
    public static func utcMillis(year: Int, month: Int, day: Int, seconds: Int, in timeZone: TimeZone) -> Int64 {
        let localMillis = (CivilCalendar.days(year: year, month: month, day: day) * 86_400 + Int64(seconds)) * 1000
        var guess = localMillis
        for _ in 0..<2 {
            let offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(guess) / 1000))) * 1000
            guess = localMillis - offset
        }
        return guess
    }
}
