import Commerce

/// Instants as ISO-8601 text, UTC, to the second: what reports, stats lines and dead letters
/// write (`2026-11-27T05:00:00Z`).
package enum ISOTime {
    /// `2026-11-27T05:00:00Z` for `millis` since 1970 (UTC).
    package static func string(_ millis: Int64) -> String {
        let days = CivilCalendar.day(ofMillis: millis)
        let (y, m, d) = CivilCalendar.date(fromDays: days)
        let s = (millis - days * 86_400_000) / 1000
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(Int64(m)))-\(two(Int64(d)))T\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))Z"
    }

    /// Milliseconds since 1970 of text ``string(_:)`` wrote; nil for anything else.
    package static func millis(_ text: String) -> Int64? {
        let parts = text.split(whereSeparator: { "-T:Z".contains($0) }).map { Int($0) }
        guard text.count == 20, text.hasSuffix("Z"), parts.count == 6, let y = parts[0], let mo = parts[1], let d = parts[2],
              let h = parts[3], let mi = parts[4], let s = parts[5], (1...12).contains(mo), (1...31).contains(d),
              (0...23).contains(h), (0...59).contains(mi), (0...60).contains(s)
        else { return nil }
        return CivilCalendar.days(year: y, month: mo, day: d) * 86_400_000 + Int64(h * 3600 + mi * 60 + s) * 1000
    }
}
