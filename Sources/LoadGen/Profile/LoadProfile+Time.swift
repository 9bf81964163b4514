import Commerce
import Foundation

/// The time parts of a profile: the simulated clock and the multiplier windows.
extension ProfileReader {
    func clock(_ v: JSONValue, into p: inout LoadProfile) throws(InputError) {
        let f = try members(v, "$.clock", allowed: ["start", "timezone", "speed", "shoppers_local_time"])
        if let x = f["shoppers_local_time"] {
            guard case .bool(let local) = x else {
                throw fail("$.clock.shoppers_local_time", "expected true (each shopper's own local time) or false (everyone on the profile's timezone), got \(x.kindDescription)")
            }
            p.shoppersLocalTime = local
        }
        if let x = f["timezone"] {
            let name = try string(x, "$.clock.timezone")
            guard let zone = TimeZone(identifier: name) else {
                throw fail("$.clock.timezone", "expected an IANA time zone like \"America/New_York\" or \"UTC\", got \(InputError.quoted(name))")
            }
            p.timeZone = zone
        }
        if let x = f["speed"] {
            p.speed = try positive(x, "$.clock.speed")
            guard p.speed <= 1_000_000 else { throw fail("$.clock.speed", "expected at most 1000000, got \(JSONValue.format(p.speed))") }
        }
        if let x = f["start"] {
            let text = try string(x, "$.clock.start")
            p.clockStart = try clockStart(text)
            // A local time the clocks skip (spring forward) is refused; one they show twice (fall
            // back) is its first occurrence (see SimulatedClock.instants).
            if case let .local(year, month, day, seconds) = p.clockStart,
               SimulatedClock.instants(year: year, month: month, day: day, seconds: seconds, in: p.timeZone).isEmpty {
                throw fail("$.clock.start", "\(InputError.quoted(text)) does not exist in \(p.timeZone.identifier): the clocks skip it that day (daylight saving time); expected a local time outside the gap, or one with Z or an offset")
            }
        }
    }

    /// `now`, `2026-11-27T00:00:00` (local), `2026-11-27` (local midnight), or with `Z` / `+hh:mm`.
    func clockStart(_ s: String, at path: String = "$.clock.start") throws(InputError) -> LoadProfile.ClockStart {
        switch Self.parseClockStart(s) {
        case .success(let start): return start
        case .failure(.impossible(let message)): throw fail(path, message)
        case .failure(.malformed):
            throw fail(path, "expected \"now\" or a date-time like \"2026-11-27T00:00:00\" (local to the profile's timezone), got \(InputError.quoted(s))")
        }
    }

    /// Why a clock start was refused: not a date-time at all (each caller says what it expects
    /// there), or one that cannot be — an impossible date, a year out of range, an impossible
    /// offset — whose words every caller keeps.
    enum ClockStartProblem: Error, Equatable {
        case malformed
        case impossible(String)
    }

    /// ``clockStart(_:at:)``'s reading of `s`, with why it was refused.
    static func parseClockStart(_ s: String) -> Result<LoadProfile.ClockStart, ClockStartProblem> {
        if s == "now" { return .success(.now) }
        let chars = Array(s.utf8)
        func digits(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= chars.count else { return nil }
            var v = 0
            for c in chars[at..<at + n] { guard (0x30...0x39).contains(c) else { return nil }; v = v * 10 + Int(c - 0x30) }
            return v
        }
        guard let year = digits(0, 4), chars.count >= 10, chars[4] == 0x2D, let month = digits(5, 2), chars[7] == 0x2D,
              let day = digits(8, 2), (1...12).contains(month), (1...31).contains(day)
        else { return .failure(.malformed) }
        guard day <= CivilCalendar.daysIn(year: year, month: month) else {
            return .failure(.impossible("\(InputError.quoted(String(s.prefix(10)))) is not a date: \(year) \(monthNames[month - 1]) has \(CivilCalendar.daysIn(year: year, month: month)) days"))
        }
        // Transactions carry times from 1970 to 9999 (epoch milliseconds, four-digit years).
        guard (1970...9999).contains(year) else {
            return .failure(.impossible("expected a date from 1970 to 9999, got \(InputError.quoted(s))"))
        }
        var seconds = 0
        var i = 10
        if chars.count > 10 {
            guard chars[10] == 0x54 || chars[10] == 0x20, let h = digits(11, 2), chars.count >= 16, chars[13] == 0x3A,
                  let m = digits(14, 2), h < 24, m < 60
            else { return .failure(.malformed) }
            seconds = h * 3600 + m * 60
            i = 16
            if i < chars.count, chars[i] == 0x3A {
                guard let sec = digits(17, 2), sec < 60 else { return .failure(.malformed) }
                seconds += sec
                i = 19
            }
        }
        if i == chars.count { return .success(.local(year: year, month: month, day: day, seconds: seconds)) }
        let base = (CivilCalendar.days(year: year, month: month, day: day) * 86_400 + Int64(seconds)) * 1000
        if chars[i] == 0x5A, i + 1 == chars.count { return .success(.instant(millis: base)) }
        guard chars[i] == 0x2B || chars[i] == 0x2D, let oh = digits(i + 1, 2), i + 6 == chars.count, chars[i + 3] == 0x3A,
              let om = digits(i + 4, 2)
        else { return .failure(.malformed) }
        guard oh <= 18, om < 60, oh < 18 || om == 0 else {
            return .failure(.impossible("expected a UTC offset from -18:00 to +18:00, got \(InputError.quoted(String(s[s.utf8.index(s.startIndex, offsetBy: i)...])))"))
        }
        let offset = Int64((oh * 3600 + om * 60) * 1000) * (chars[i] == 0x2B ? 1 : -1)
        return .success(.instant(millis: base - offset))
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    static let weekdays = ["mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
                           "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6]

    func multiplier(_ v: JSONValue, _ path: String) throws(InputError) -> Multiplier {
        let f = try members(v, path, allowed: ["name", "hours", "days", "dates", "countries", "factor"])
        guard let factorValue = f["factor"] else { throw fail("\(path).factor", "missing: expected a positive factor") }
        let factor = try positive(factorValue, "\(path).factor")
        guard factor <= InputLimits.maxFactor else {
            throw fail("\(path).factor", "expected a positive factor of at most 1000, got \(JSONValue.format(factor))")
        }
        var m = Multiplier(name: "", factor: factor)
        if let x = f["name"] { m.name = try string(x, "\(path).name") }
        if let x = f["hours"] {
            let items = try array(x, "\(path).hours")
            let numbers = items.compactMap { if case .number(let n) = $0 { return n } else { return nil } }
            let shown = "[" + items.map { item in if case .number(let n) = item { return JSONValue.format(n) } else { return item.kindDescription } }.joined(separator: ", ") + "]"
            guard numbers.count == 2, items.count == 2, numbers.allSatisfy({ (0...24).contains($0) }) else {
                throw fail("\(path).hours", "expected [start, end] with 0...24, got \(shown)")
            }
            guard numbers[0] != numbers[1] else {
                throw fail("\(path).hours", "expected start != end (use no hours for the whole day), got \(shown)")
            }
            m.hours = .init(numbers[0], numbers[1])
        }
        if let x = f["days"] {
            var days = Set<Int>()
            for (i, d) in try array(x, "\(path).days").enumerated() {
                let s = try string(d, "\(path).days[\(i)]")
                guard let n = Self.weekdays[s.lowercased()] else {
                    throw fail("\(path).days[\(i)]", "expected a weekday (mon, tue, wed, thu, fri, sat, sun), got \(InputError.quoted(s))")
                }
                days.insert(n)
            }
            m.days = days
        }
        if let x = f["dates"] {
            var dates = Set<Int>()
            for (i, d) in try array(x, "\(path).dates").enumerated() {
                dates.insert(try date(d, "\(path).dates[\(i)]"))
            }
            m.dates = dates
        }
        if let x = f["countries"] {
            let known = Geography.standard.countryCodes
            var countries = Set<String>()
            for (i, c) in try array(x, "\(path).countries").enumerated() {
                let code = try string(c, "\(path).countries[\(i)]")
                guard known.contains(code) else {
                    throw fail("\(path).countries[\(i)]", "expected a country of the population (\(known.joined(separator: ", "))), got \(InputError.quoted(code))")
                }
                countries.insert(code)
            }
            guard !countries.isEmpty else {
                throw fail("\(path).countries", "expected at least one country (\(known.joined(separator: ", "))), or no countries for every shopper")
            }
            m.countries = countries
        }
        return m
    }

    /// A local date `"2026-11-27"` as yyyymmdd.
    func date(_ d: JSONValue, _ path: String) throws(InputError) -> Int {
        let s = try string(d, path)
        let invalid = fail(path, "expected a date like \"2026-11-27\", got \(InputError.quoted(s))")
        guard s.utf8.count == 10 else { throw invalid }
        switch Self.parseClockStart(s) {
        case .success(.local(let y, let mo, let day, 0)): return y * 10_000 + mo * 100 + day
        case .failure(.impossible(let message)): throw fail(path, message)
        default: throw invalid
        }
    }
}

extension LoadProfile.ClockStart {
    /// A clock start given on the command line (`--start`): the profile's forms, with errors
    /// at `field`; a local time that `zone`'s clocks skip is refused.
    public static func parse(_ text: String, field: String, in zone: TimeZone) throws(InputError) -> Self {
        let start: Self
        do { start = try ProfileReader(file: "").clockStart(text, at: "") } catch { throw InputError(field, error.message) }
        if case let .local(year, month, day, seconds) = start,
           SimulatedClock.instants(year: year, month: month, day: day, seconds: seconds, in: zone).isEmpty {
            throw InputError(field, "\"\(text)\" does not exist in \(zone.identifier): the clocks skip it that day (daylight saving time); expected a local time outside the gap, or one with Z or an offset")
        }
        return start
    }
}
