import Commerce
import Foundation

extension LoadProfile {
    /// Reads a profile file.
    ///
    /// - Throws: ``InputError`` located at `file: $.json.path` (or the line and column of
    ///   malformed JSON) saying what was expected and what was found.
    public static func load(path: String) throws(InputError) -> LoadProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw InputError("--profile", "\(path): \(reason)")
        }
        return try parse(Array(data), file: path)
    }

    /// Parses profile JSON; `file` names it in errors.
    public static func parse(_ bytes: [UInt8], file: String) throws(InputError) -> LoadProfile {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw InputError(file, "line \(error.line), column \(error.column): malformed JSON: \(error.message)")
        }
        var reader = ProfileReader(file: file)
        return try reader.profile(document)
    }
}

/// Walks a profile document, keeping the JSON path for error messages.
struct ProfileReader {
    let file: String

    func fail(_ path: String, _ message: String) -> InputError { InputError("\(file): \(path)", message) }

    func members(_ value: JSONValue, _ path: String, allowed: [String]) throws(InputError) -> [String: JSONValue] {
        guard case .object(let list) = value else { throw fail(path, "expected an object, got \(value.kindDescription)") }
        var result: [String: JSONValue] = [:]
        for m in list {
            guard allowed.contains(m.key) else {
                throw fail("\(path).\(m.key)", "unknown field (expected one of: \(allowed.joined(separator: ", ")))")
            }
            result[m.key] = m.value
        }
        return result
    }

    func string(_ value: JSONValue, _ path: String) throws(InputError) -> String {
        guard case .string(let s) = value else { throw fail(path, "expected a string, got \(value.kindDescription)") }
        return s
    }

    func number(_ value: JSONValue, _ path: String, _ expectation: String = "a number") throws(InputError) -> Double {
        guard case .number(let n) = value else { throw fail(path, "expected \(expectation), got \(value.kindDescription)") }
        return n
    }

    func positive(_ value: JSONValue, _ path: String) throws(InputError) -> Double {
        let n = try number(value, path, "a positive number")
        guard n > 0 else { throw fail(path, "expected a positive number, got \(JSONValue.format(n))") }
        return n
    }

    func integer(_ value: JSONValue, _ path: String, _ range: ClosedRange<Int>) throws(InputError) -> Int {
        let n = try number(value, path, "an integer in \(range.lowerBound)...\(range.upperBound)")
        guard n == n.rounded(), n >= Double(range.lowerBound), n <= Double(range.upperBound) else {
            throw fail(path, "expected an integer in \(range.lowerBound)...\(range.upperBound), got \(JSONValue.format(n))")
        }
        return Int(n)
    }

    func array(_ value: JSONValue, _ path: String) throws(InputError) -> [JSONValue] {
        guard case .array(let items) = value else { throw fail(path, "expected an array, got \(value.kindDescription)") }
        return items
    }

    func shares(_ value: JSONValue, _ path: String) throws(InputError) -> [String: Double] {
        guard case .object(let list) = value else { throw fail(path, "expected an object of shares, got \(value.kindDescription)") }
        var result: [String: Double] = [:]
        for m in list { result[m.key] = try positive(m.value, "\(path).\(m.key)") }
        return result
    }

    // MARK: - The profile

    mutating func profile(_ document: JSONValue) throws(InputError) -> LoadProfile {
        let fields = try members(document, "$", allowed: [
            "name", "description", "topic", "rate", "clock", "multipliers", "population", "mix", "campaigns",
            "producer", "duration", "count", "seed", "partitions",
        ])
        var p = LoadProfile()
        if let v = fields["name"] { p.name = try string(v, "$.name") }
        if let v = fields["description"] { p.description = try string(v, "$.description") }
        if let v = fields["topic"] {
            p.topic = try string(v, "$.topic")
            guard Self.isValidTopic(p.topic) else {
                throw fail("$.topic", "expected a Kafka topic name (1-249 of a-z A-Z 0-9 . _ -), got \"\(p.topic)\"")
            }
        }
        if let v = fields["rate"] {
            try rate(v, into: &p)
            p.rateIsExplicit = true
        }
        if let v = fields["clock"] { try clock(v, into: &p) }
        if let v = fields["multipliers"] {
            p.multipliers = []
            for (i, item) in try array(v, "$.multipliers").enumerated() {
                p.multipliers.append(try multiplier(item, "$.multipliers[\(i)]"))
            }
        }
        if let v = fields["population"] { try population(v, into: &p) }
        if let v = fields["mix"] { try mix(v, into: &p) }
        if let v = fields["campaigns"] {
            var extra: [Campaign] = []
            for (i, item) in try array(v, "$.campaigns").enumerated() { extra.append(try campaign(item, "$.campaigns[\(i)]")) }
            let total = extra.reduce(0) { $0 + $1.weight }
            guard total <= 1 + 1e-9 else {
                throw fail("$.campaigns", "expected weights (shares of all visits) that sum to at most 1, got \(total)")
            }
            p.commerce.campaigns = Campaign.mix(adding: extra)
        }
        if let v = fields["producer"] {
            guard case .object(let list) = v else { throw fail("$.producer", "expected an object of Kafka properties, got \(v.kindDescription)") }
            for m in list {
                switch m.value {
                case .string(let s): p.producer[m.key] = s
                case .number(let n): p.producer[m.key] = JSONValue.format(n)
                case .bool(let b): p.producer[m.key] = b ? "true" : "false"
                default: throw fail("$.producer.\(m.key)", "expected a string, number or boolean, got \(m.value.kindDescription)")
                }
            }
        }
        if let v = fields["duration"] {
            switch v {
            case .string(let s): p.duration = try DurationSpec.parse(s, field: "\(file): $.duration")
            case .number(let n):
                guard n > 0 else { throw fail("$.duration", "expected a positive duration, got \(JSONValue.format(n))") }
                p.duration = .milliseconds(Int64(n * 1000))
            default: throw fail("$.duration", "expected a duration like \"90s\", \"2h\" or a number of seconds, got \(v.kindDescription)")
            }
        }
        if let v = fields["count"] { p.count = try integer(v, "$.count", 1...Int(Int32.max) * 1000) }
        if let v = fields["seed"] { p.commerce.seed = UInt64(try integer(v, "$.seed", 0...Int(Int64.max >> 11))) }
        if let v = fields["partitions"] { p.partitions = try integer(v, "$.partitions", 1...10_000) }
        do {
            try p.commerce.validate()
        } catch {
            throw fail("$." + error.field, error.message)
        }
        return p
    }

    static func isValidTopic(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 249 && name != "." && name != ".."
            && name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
    }

    func rate(_ v: JSONValue, into p: inout LoadProfile) throws(InputError) {
        switch v {
        case .number(let n):
            guard n > 0 else { throw fail("$.rate", "expected a positive rate (transactions per hour), got \(JSONValue.format(n))") }
            p.rate = .perSecond(n / 3600)
        case .string(let s):
            p.rate = try RateSpec.parse(s, field: "\(file): $.rate")
        case .object:
            let f = try members(v, "$.rate", allowed: ["per_hour", "per_second", "value", "arrivals", "burst_seconds"])
            let given = ["per_hour", "per_second", "value"].filter { f[$0] != nil }
            guard given.count <= 1 else { throw fail("$.rate", "expected one of per_hour, per_second or value, got \(given.joined(separator: " and "))") }
            if let x = f["per_hour"] { p.rate = .perSecond(try positive(x, "$.rate.per_hour") / 3600) }
            if let x = f["per_second"] { p.rate = .perSecond(try positive(x, "$.rate.per_second")) }
            if let x = f["value"] { p.rate = try RateSpec.parse(try string(x, "$.rate.value"), field: "\(file): $.rate.value") }
            if let x = f["arrivals"] {
                let s = try string(x, "$.rate.arrivals")
                guard let a = Arrivals(rawValue: s) else { throw fail("$.rate.arrivals", "expected \"uniform\" or \"poisson\", got \"\(s)\"") }
                p.arrivals = a
            }
            if let x = f["burst_seconds"] { p.burst = .milliseconds(Int64(try positive(x, "$.rate.burst_seconds") * 1000)) }
        default:
            throw fail("$.rate", "expected a number (per hour), a string like \"50/s\" or an object, got \(v.kindDescription)")
        }
    }

    func clock(_ v: JSONValue, into p: inout LoadProfile) throws(InputError) {
        let f = try members(v, "$.clock", allowed: ["start", "timezone", "speed"])
        if let x = f["timezone"] {
            let name = try string(x, "$.clock.timezone")
            guard let zone = TimeZone(identifier: name) else {
                throw fail("$.clock.timezone", "expected an IANA time zone like \"America/New_York\" or \"UTC\", got \"\(name)\"")
            }
            p.timeZone = zone
        }
        if let x = f["speed"] {
            p.speed = try positive(x, "$.clock.speed")
            guard p.speed <= 1_000_000 else { throw fail("$.clock.speed", "expected at most 1000000, got \(JSONValue.format(p.speed))") }
        }
        if let x = f["start"] { p.clockStart = try clockStart(try string(x, "$.clock.start")) }
    }

    /// `now`, `2026-11-27T00:00:00` (local), `2026-11-27` (local midnight), or with `Z` / `+hh:mm`.
    func clockStart(_ s: String) throws(InputError) -> LoadProfile.ClockStart {
        if s == "now" { return .now }
        let failure = fail("$.clock.start", "expected \"now\" or a date-time like \"2026-11-27T00:00:00\" (local to the profile's timezone), got \"\(s)\"")
        let chars = Array(s.utf8)
        func digits(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= chars.count else { return nil }
            var v = 0
            for c in chars[at..<at + n] { guard (0x30...0x39).contains(c) else { return nil }; v = v * 10 + Int(c - 0x30) }
            return v
        }
        guard let year = digits(0, 4), chars.count >= 10, chars[4] == 0x2D, let month = digits(5, 2), chars[7] == 0x2D,
              let day = digits(8, 2), (1...12).contains(month), (1...31).contains(day)
        else { throw failure }
        var seconds = 0
        var i = 10
        if chars.count > 10 {
            guard chars[10] == 0x54 || chars[10] == 0x20, let h = digits(11, 2), chars.count >= 16, chars[13] == 0x3A,
                  let m = digits(14, 2), h < 24, m < 60
            else { throw failure }
            seconds = h * 3600 + m * 60
            i = 16
            if i < chars.count, chars[i] == 0x3A {
                guard let sec = digits(17, 2), sec < 60 else { throw failure }
                seconds += sec
                i = 19
            }
        }
        if i == chars.count { return .local(year: year, month: month, day: day, seconds: seconds) }
        let base = (CivilCalendar.days(year: year, month: month, day: day) * 86_400 + Int64(seconds)) * 1000
        if chars[i] == 0x5A, i + 1 == chars.count { return .instant(millis: base) }
        guard chars[i] == 0x2B || chars[i] == 0x2D, let oh = digits(i + 1, 2), i + 6 == chars.count, chars[i + 3] == 0x3A,
              let om = digits(i + 4, 2)
        else { throw failure }
        let offset = Int64((oh * 3600 + om * 60) * 1000) * (chars[i] == 0x2B ? 1 : -1)
        return .instant(millis: base - offset)
    }

    static let weekdays = ["mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
                           "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6]

    func multiplier(_ v: JSONValue, _ path: String) throws(InputError) -> Multiplier {
        let f = try members(v, path, allowed: ["name", "hours", "days", "dates", "factor"])
        guard let factorValue = f["factor"] else { throw fail("\(path).factor", "missing: expected a positive factor") }
        var m = Multiplier(name: "", factor: try positive(factorValue, "\(path).factor"))
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
                    throw fail("\(path).days[\(i)]", "expected a weekday (mon, tue, wed, thu, fri, sat, sun), got \"\(s)\"")
                }
                days.insert(n)
            }
            m.days = days
        }
        if let x = f["dates"] {
            var dates = Set<Int>()
            for (i, d) in try array(x, "\(path).dates").enumerated() {
                let s = try string(d, "\(path).dates[\(i)]")
                guard s.utf8.count == 10, case .local(let y, let mo, let day, 0)? = try? clockStart(s) else {
                    throw fail("\(path).dates[\(i)]", "expected a date like \"2026-11-27\", got \"\(s)\"")
                }
                dates.insert(y * 10_000 + mo * 100 + day)
            }
            m.dates = dates
        }
        return m
    }

    func population(_ v: JSONValue, into p: inout LoadProfile) throws(InputError) {
        let f = try members(v, "$.population", allowed: ["users", "countries"])
        if let x = f["users"] { p.commerce.users = try integer(x, "$.population.users", 1...900_000_000) }
        if let x = f["countries"] { p.commerce.countries = try shares(x, "$.population.countries") }
    }

    func mix(_ v: JSONValue, into p: inout LoadProfile) throws(InputError) {
        let f = try members(v, "$.mix", allowed: ["categories", "payments", "discount"])
        if let x = f["categories"] { p.commerce.categories = try shares(x, "$.mix.categories") }
        if let x = f["payments"] { p.commerce.payments = try shares(x, "$.mix.payments") }
        if let x = f["discount"] {
            let d = try members(x, "$.mix.discount", allowed: ["probability", "range"])
            if let y = d["probability"] {
                let n = try number(y, "$.mix.discount.probability", "a probability in 0...1")
                guard (0...1).contains(n) else { throw fail("$.mix.discount.probability", "expected a probability in 0...1, got \(JSONValue.format(n))") }
                p.commerce.discountProbability = n
            }
            if let y = d["range"] {
                let items = try array(y, "$.mix.discount.range")
                guard items.count == 2, case .number(let lo) = items[0], case .number(let hi) = items[1], lo >= 0.01, hi <= 0.9, lo <= hi else {
                    throw fail("$.mix.discount.range", "expected [low, high] fractions with 0.01 <= low <= high <= 0.9")
                }
                p.commerce.discountRange = lo...hi
            }
        }
    }

    func campaign(_ v: JSONValue, _ path: String) throws(InputError) -> Campaign {
        let f = try members(v, path, allowed: ["id", "channel", "referrer", "weight"])
        guard let id = f["id"] else { throw fail("\(path).id", "missing: expected a campaign id") }
        guard let channel = f["channel"] else { throw fail("\(path).channel", "missing: expected a channel such as email or google_ads") }
        guard let weight = f["weight"] else { throw fail("\(path).weight", "missing: expected the campaign's share of visits (0 < weight <= 1)") }
        let c = try string(channel, "\(path).channel")
        var referrer = Campaign.referrer(forChannel: c)
        if let r = f["referrer"] {
            let given = try string(r, "\(path).referrer")
            if let implied = referrer, implied != given {
                throw fail("\(path).referrer", "channel \(c) implies referrer \"\(implied)\", got \"\(given)\"")
            }
            referrer = given
        }
        guard let referrer else { throw fail("\(path).referrer", "missing: channel \(c) needs a referrer (e.g. a site name)") }
        let w = try positive(weight, "\(path).weight")
        guard w <= 1 else { throw fail("\(path).weight", "expected a share of visits in (0, 1], got \(JSONValue.format(w))") }
        return Campaign(id: try string(id, "\(path).id"), channel: c, referrer: referrer, weight: w)
    }
}
