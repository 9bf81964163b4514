import Commerce
import Foundation

extension LoadProfile {
    /// Reads a profile file.
    ///
    /// - Throws: ``InputError`` located at `file: $.json.path` (or the line and column of
    ///   malformed JSON) saying what was expected and what was found.
    public static func load(path: String) throws(InputError) -> LoadProfile {
        try checkReadableFile(path, field: ConfigurationError.Setting.profilePath, maxBytes: maxProfileBytes)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(ConfigurationError.Setting.profilePath, "\(InputError.quoted(path)): cannot be read")
        }
        return try parse(Array(data), file: path)
    }

    /// The largest profile read (1 MiB; the shipped ones are a few KB).
    public static let maxProfileBytes = 1 << 20

    /// Refuses, before opening it, a path that is not an existing regular file of at most
    /// `maxBytes` (a directory, a device such as /dev/zero, a FIFO that would block, an empty or
    /// NUL-containing path).
    /// - Throws: ``InputError`` at `field`.
    public static func checkReadableFile(_ path: String, field: String, maxBytes: Int) throws(InputError) {
        guard !path.isEmpty, !path.utf8.contains(0) else {
            throw InputError(field, "expected a file path, got \(InputError.quoted(path))")
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw InputError(field, "\(InputError.quoted(path)): \(errno == ENOENT || errno == ENOTDIR ? "no such file" : "cannot be read (\(String(cString: strerror(errno))))")")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            let kind = info.st_mode & S_IFMT == S_IFDIR ? "a directory" : "not a regular file"
            throw InputError(field, "\(InputError.quoted(path)): \(kind): expected a JSON file")
        }
        guard Int(info.st_size) <= maxBytes else {
            throw InputError(field, "\(InputError.quoted(path)): \(info.st_size) bytes: expected a file of at most \(maxBytes) bytes")
        }
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
            "producer", "duration", "count", "seed", "partitions", "thresholds",
        ])
        var p = LoadProfile()
        if let v = fields["name"] { p.name = try string(v, "$.name") }
        if let v = fields["description"] { p.description = try string(v, "$.description") }
        if let v = fields["topic"] {
            p.topic = try string(v, "$.topic")
            try TopicName.check(p.topic, field: "\(file): $.topic")
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
                p.duration = try InputLimits.duration(seconds: n, field: "\(file): $.duration", shown: JSONValue.format(n))
            default: throw fail("$.duration", "expected a duration like \"90s\", \"2h\" or a number of seconds, got \(v.kindDescription)")
            }
        }
        if let v = fields["count"] { p.count = try integer(v, "$.count", InputLimits.count) }
        if let v = fields["seed"] { p.commerce.seed = UInt64(try integer(v, "$.seed", 0...Int(InputLimits.seed.upperBound))) }
        if let v = fields["partitions"] { p.partitions = try integer(v, "$.partitions", InputLimits.partitions) }
        if let v = fields["thresholds"] { try thresholds(v, into: &p) }
        try p.checkPeakRate(field: fields["multipliers"] != nil ? "\(file): $.multipliers" : "\(file): $.rate")
        do {
            try p.commerce.validate()
        } catch {
            throw fail("$." + error.field, error.message)
        }
        return p
    }

    func rate(_ v: JSONValue, into p: inout LoadProfile) throws(InputError) {
        switch v {
        case .number(let n):
            guard n > 0 else { throw fail("$.rate", "expected a positive rate (transactions per hour), got \(JSONValue.format(n))") }
            try InputLimits.checkRate(perSecond: n / 3600, field: "\(file): $.rate", shown: "\(JSONValue.format(n)) per hour")
            p.rate = .perSecond(n / 3600)
        case .string(let s):
            p.rate = try RateSpec.parse(s, field: "\(file): $.rate")
        case .object:
            let f = try members(v, "$.rate", allowed: ["per_hour", "per_second", "value", "arrivals", "burst_seconds"])
            let given = ["per_hour", "per_second", "value"].filter { f[$0] != nil }
            guard given.count <= 1 else { throw fail("$.rate", "expected one of per_hour, per_second or value, got \(given.joined(separator: " and "))") }
            if let x = f["per_hour"] {
                let n = try positive(x, "$.rate.per_hour")
                try InputLimits.checkRate(perSecond: n / 3600, field: "\(file): $.rate.per_hour", shown: "\(JSONValue.format(n)) per hour")
                p.rate = .perSecond(n / 3600)
            }
            if let x = f["per_second"] {
                let n = try positive(x, "$.rate.per_second")
                try InputLimits.checkRate(perSecond: n, field: "\(file): $.rate.per_second", shown: "\(JSONValue.format(n)) per second")
                p.rate = .perSecond(n)
            }
            if let x = f["value"] { p.rate = try RateSpec.parse(try string(x, "$.rate.value"), field: "\(file): $.rate.value") }
            if let x = f["arrivals"] {
                let s = try string(x, "$.rate.arrivals")
                guard let a = Arrivals(rawValue: s) else { throw fail("$.rate.arrivals", "expected \"uniform\" or \"poisson\", got \(InputError.quoted(s))") }
                p.arrivals = a
            }
            if let x = f["burst_seconds"] {
                let n = try number(x, "$.rate.burst_seconds", "a number of seconds in 0.001...3600")
                guard InputLimits.burstSeconds.contains(n) else {
                    throw fail("$.rate.burst_seconds", "expected a number of seconds in 0.001...3600, got \(JSONValue.format(n))")
                }
                p.burst = .milliseconds(Int64((n * 1000).rounded()))
            }
        default:
            throw fail("$.rate", "expected a number (per hour), a string like \"50/s\" or an object, got \(v.kindDescription)")
        }
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
        let f = try members(v, path, allowed: ["id", "channel", "referrer", "weight", "from", "until"])
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
        // The local dates it runs, both included (either end may be open).
        var dates: ClosedRange<Int>?
        if f["from"] != nil || f["until"] != nil {
            let from = try f["from"].map { v throws(InputError) in try date(v, "\(path).from") } ?? 10_101
            let until = try f["until"].map { v throws(InputError) in try date(v, "\(path).until") } ?? 99_991_231
            guard from <= until else { throw fail("\(path).until", "expected a date on or after from, got \(until) before \(from)") }
            dates = from...until
        }
        return Campaign(id: try string(id, "\(path).id"), channel: c, referrer: referrer, weight: w, dates: dates)
    }
}
