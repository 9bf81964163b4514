/// Wall-clock time in one of the geography's zones, with its daylight-saving rule, computed
/// without Foundation (a few integer operations, no allocation).
enum LocalTime {
    /// `utcMillis` as local wall-clock ms since 1970 in `zone`.
    @inline(__always)
    static func millis(_ utcMillis: Int64, in zone: Geography.TimeZone) -> Int64 {
        let standard = utcMillis &+ Int64(zone.standardOffsetMinutes) &* 60_000
        switch zone.daylightSaving {
        case .none:
            return standard
        case .northAmerica:
            // 02:00 standard on the second Sunday of March to 02:00 daylight (01:00 standard) on
            // the first Sunday of November.
            let year = CivilCalendar.date(fromDays: CivilCalendar.day(ofMillis: standard)).year
            let start = (sunday(year: year, month: 3, after: 8)) * 86_400_000 + 7_200_000
            let end = (sunday(year: year, month: 11, after: 1)) * 86_400_000 + 3_600_000
            return standard >= start && standard < end ? standard + 3_600_000 : standard
        case .europe:
            // 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
            let year = CivilCalendar.date(fromDays: CivilCalendar.day(ofMillis: utcMillis)).year
            let start = sunday(year: year, month: 3, after: 25) * 86_400_000 + 3_600_000
            let end = sunday(year: year, month: 10, after: 25) * 86_400_000 + 3_600_000
            return utcMillis >= start && utcMillis < end ? standard + 3_600_000 : standard
        }
    }

    /// The day number of the first Sunday on or after day `day` of `month`.
    static func sunday(year: Int, month: Int, after day: Int) -> Int64 {
        let d = CivilCalendar.days(year: year, month: month, day: day)
        let weekday = ((d % 7) + 7 + 3) % 7  // 0 = Monday (1970-01-01 was a Thursday)
        return d + (6 - weekday)
    }
}
