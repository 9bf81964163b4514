import Foundation
import LoadGen
import Testing

/// The repository root (for the shipped profiles).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

func parseProfile(_ text: String) throws(InputError) -> LoadProfile {
    try LoadProfile.parse(Array(text.utf8), file: "loadprofiles/x.json")
}

func profileError(_ text: String) -> String {
    do {
        _ = try parseProfile(text)
        return "accepted"
    } catch {
        return error.description
    }
}

@Suite("Load profiles")
struct ProfileTests {
    @Test(arguments: ["default", "blackfriday", "stress", "soak", "shop"])
    func shippedProfilesParse(_ name: String) throws {
        let p = try LoadProfile.load(path: "\(repositoryRoot)/loadprofiles/\(name).json")
        #expect(p.name == name)
    }

    @Test func shippedProfilesSayWhatTheyPromise() throws {
        let bf = try LoadProfile.load(path: "\(repositoryRoot)/loadprofiles/blackfriday.json")
        #expect(bf.timeZone.identifier == "America/New_York")
        #expect(bf.arrivals == .poisson)
        #expect(bf.commerce.categories["Electronics"]! > 0.25)
        #expect(bf.commerce.discountProbability > 0.2)
        #expect(bf.commerce.campaigns.contains { $0.id == "black_friday_2026" })
        #expect(bf.multipliers.contains { $0.name == "doorbusters" && $0.hours == .init(0, 2) })
        let stress = try LoadProfile.load(path: "\(repositoryRoot)/loadprofiles/stress.json")
        #expect(stress.rate == .unlimited)
        let soak = try LoadProfile.load(path: "\(repositoryRoot)/loadprofiles/soak.json")
        #expect(soak.speed >= 24)
        #expect(soak.duration! >= .seconds(3600))
        let d = try LoadProfile.load(path: "\(repositoryRoot)/loadprofiles/default.json")
        #expect(d.rate == .perSecond(1000.0 / 3600))
        #expect(d.multipliers == Multiplier.documentedDefaults)
        // The README's population sizes (Data realism, Activity): sized to each profile's rate.
        #expect(d.commerce.users == 5_000_000)
        #expect(bf.commerce.users == 10_000_000)
        #expect(stress.commerce.users == 1_000_000 && soak.commerce.users == 500_000)
    }

    /// The week of `blackfriday.json` as its curve schedules it (shoppers on their own clocks,
    /// seeded noise included): Black Friday beats its neighbours and peaks at its midnight
    /// doorbusters; Cyber Monday is the biggest day (Adobe, US online 2024: 1.23 times Black
    /// Friday's; here about 1.17, the shoppers' clocks spreading the US dates).
    @Test func blackFridayPeaksAtItsDoorbustersAndCyberMondayIsTheBiggestDay() throws {
        let bf = try LoadProfile.load(path: "\(repositoryRoot)/loadprofiles/blackfriday.json")
        let start = utc(2026, 11, 23, 5)  // Monday 00:00 in New York
        let curve = bf.curve(on: SimulatedClock(startMillis: start, timeZone: bf.timeZone))
        var days = [Double](repeating: 0, count: 8), hours = [Double](repeating: 0, count: 8 * 24)
        for minute in 0..<(8 * 1440) {
            let f = curve.factor(atSimulated: start + Int64(minute) * 60_000)
            days[minute / 1440] += f
            hours[minute / 60] += f
        }
        let (thursday, friday, saturday, monday) = (days[3], days[4], days[5], days[7])
        #expect(friday > 1.5 * days[1] && friday > thursday && friday > saturday, "\(days)")
        #expect(monday > friday && (1.1...1.4).contains(monday / friday), "\(days)")
        let friday24 = Array(hours[96..<120])
        #expect(friday24.firstIndex(of: friday24.max()!)! < 3, "Black Friday peaks at its doorbusters: \(friday24)")
    }

    /// `shop.json`, the profile for data an analyst charts: a smooth day (one window per local
    /// hour, averaging 1, peaking in the evening, the small hours a fifth of midnight's pace) and
    /// an ordinary week (no day more than 15 % off the week's mean, Saturday below Monday).
    @Test func shopHasASmoothDayAndAnOrdinaryWeek() throws {
        let shop = try LoadProfile.load(path: "\(repositoryRoot)/loadprofiles/shop.json")
        var byHour = [Double?](repeating: nil, count: 24)
        for m in shop.multipliers where m.days == nil && m.dates == nil && m.countries == nil {
            let window = try #require(m.hours)
            #expect(window.end == window.start + 1, "\(m.name): one hour")
            let hour = Int(window.start)
            #expect(byHour[hour] == nil, "hour \(hour) has two windows")
            byHour[hour] = m.factor
        }
        let day = byHour.compactMap { $0 }
        try #require(day.count == 24, "every hour has its window: \(byHour)")
        #expect(abs(day.reduce(0, +) / 24 - 1) < 0.02, "the day averages the base rate")
        #expect((19...21).contains(day.firstIndex(of: day.max()!)!), "evening peak: \(day)")
        #expect((3...5).contains(day.firstIndex(of: day.min()!)!), "small-hours trough: \(day)")
        #expect((0.1...0.35).contains(day.min()! / day[0]), "the trough against midnight: \(day)")
        #expect(zip(day, day.dropFirst() + [day[0]]).allSatisfy { abs($1 - $0) <= 0.4 }, "no step between hours, midnight included: \(day)")
        let start = utc(2026, 11, 16, 0)  // a Monday
        let curve = shop.curve(on: SimulatedClock(startMillis: start, timeZone: shop.timeZone))
        var days = [Double](repeating: 0, count: 7)
        for minute in 0..<(7 * 1440) { days[minute / 1440] += curve.factor(atSimulated: start + Int64(minute) * 60_000) }
        let mean = days.reduce(0, +) / 7
        #expect(days.allSatisfy { abs($0 / mean - 1) < 0.15 }, "\(days)")
        #expect(days[5] < days[0], "Saturday below Monday: \(days)")
    }

    @Test func emptyProfileIsTheDocumentedDefault() throws {
        let p = try parseProfile("{}")
        #expect(p.topic == "transactions")
        #expect(p.rate == .perSecond(1000.0 / 3600))
        #expect(p.multipliers == Multiplier.documentedDefaults)
        #expect(p.commerce.users == 100_000)
        #expect(p.speed == 1)
        #expect(p.duration == nil && p.count == nil)
    }

    @Test func rateForms() throws {
        #expect(try parseProfile(#"{"rate": 7200}"#).rate == .perSecond(2))
        #expect(try parseProfile(#"{"rate": "50/s"}"#).rate == .perSecond(50))
        #expect(try parseProfile(#"{"rate": "max"}"#).rate == .unlimited)
        #expect(try parseProfile(#"{"rate": {"per_second": 20000, "arrivals": "poisson"}}"#).arrivals == .poisson)
    }

    @Test(arguments: [
        (#"{"multipliers": [{"factor": 1}, {"factor": 2}, {"hours": [9, 25], "factor": 1.5}]}"#,
         "loadprofiles/x.json: $.multipliers[2].hours: expected [start, end] with 0...24, got [9, 25]"),
        (#"{"rate": -5}"#, "loadprofiles/x.json: $.rate: expected a positive rate (transactions per hour), got -5"),
        (#"{"rate": 0}"#, "loadprofiles/x.json: $.rate: expected a positive rate (transactions per hour), got 0"),
        (#"{"rate": "fast"}"#, "loadprofiles/x.json: $.rate: expected a positive rate like 1000 (per hour), 50/s, 3000/min, 2.5m/h or max, got \"fast\""),
        (#"{"ratee": 5}"#, "loadprofiles/x.json: $.ratee: unknown field (expected one of: name, description, topic, rate, clock, multipliers, population, mix, campaigns, producer, duration, count, seed, partitions, thresholds)"),
        (#"{"clock": {"timezone": "Mars/Olympus"}}"#, "loadprofiles/x.json: $.clock.timezone: expected an IANA time zone like \"America/New_York\" or \"UTC\", got \"Mars/Olympus\""),
        (#"{"duration": "forever"}"#, "loadprofiles/x.json: $.duration: expected a duration like 90s, 15m, 2h, 1h30m or a number of seconds, got \"forever\""),
        (#"{"population": {"users": "many"}}"#, "loadprofiles/x.json: $.population.users: expected an integer in 1...900000000, got a string \"many\""),
        (#"{"mix": {"categories": {"Electronics": 0}}}"#, "loadprofiles/x.json: $.mix.categories.Electronics: expected a positive number, got 0"),
        (#"{"mix": {"categories": {"Gadgets": 0.3}}}"#, nil),
        // Countries and payment methods named are the whole: they were rescaled in silence.
        (#"{"population": {"countries": {"US": 0.5}}}"#,
         "loadprofiles/x.json: $.population.countries: expected shares summing to 1 (the countries named are the whole population), got shares summing to 0.5"),
        (#"{"population": {"countries": {"US": 0.9, "CA": 0.5}}}"#,
         "loadprofiles/x.json: $.population.countries: expected shares summing to 1 (the countries named are the whole population), got shares summing to 1.4"),
        (#"{"mix": {"payments": {"credit_card": 0.9, "paypal": 0.5}}}"#,
         "loadprofiles/x.json: $.mix.payments: expected shares summing to 1 (the methods named are every payment), got shares summing to 1.4"),
        (#"{"population": {"countries": {"US": 0.333, "CA": 0.333, "GB": 0.333}}}"#, "accepted"),
        (#"{"mix": {"payments": {"paypal": 1}}}"#, "accepted"),
        (#"{"campaigns": [{"id": "x", "channel": "email", "referrer": "google.com", "weight": 0.1}]}"#,
         "loadprofiles/x.json: $.campaigns[0].referrer: channel email implies referrer \"email\", got \"google.com\""),
        (#"{"multipliers": [{"days": ["funday"], "factor": 2}]}"#, "loadprofiles/x.json: $.multipliers[0].days[0]: expected a weekday (mon, tue, wed, thu, fri, sat, sun), got \"funday\""),
        (#"{"multipliers": [{"hours": [9, 17]}]}"#, "loadprofiles/x.json: $.multipliers[0].factor: missing: expected a positive factor"),
        (#"{"topic": 5}"#, "loadprofiles/x.json: $.topic: expected a string, got the number 5"),
        (#"{"topic": "bad topic!"}"#, "loadprofiles/x.json: $.topic: expected a Kafka topic name (1-249 of a-z A-Z 0-9 . _ -), got \"bad topic!\""),
    ] as [(String, String?)])
    func errorsNameTheFilePathAndExpectation(_ text: String, _ expected: String?) {
        let message = profileError(text)
        if let expected {
            #expect(message == expected)
        } else {
            #expect(message.hasPrefix("loadprofiles/x.json: $.mix.categories.Gadgets: expected one of"))
        }
    }

    @Test func malformedJSONReportsLineAndColumn() {
        #expect(profileError("{\n  \"rate\": 5,\n  \"topic\" \"t\"\n}") == "loadprofiles/x.json: line 3, column 11: malformed JSON: expected ':' after member name \"topic\"")
        #expect(profileError("{\"rate\": 5,") == "loadprofiles/x.json: line 1, column 12: malformed JSON: unexpected end of input inside an object")
        #expect(profileError("{\"a\": 1} x").hasPrefix("loadprofiles/x.json: line 1, column 10: malformed JSON: unexpected text"))
        #expect(profileError("{\"name\": \"a\", \"name\": \"b\"}").contains("duplicate member \"name\""))
        #expect(profileError(String(repeating: "[", count: 100)).contains("nesting deeper than 64"))
    }

    @Test func mutatedProfilesNeverCrash() throws {
        // Truncations, byte flips and type swaps of every shipped profile: each either parses or
        // gives a clean one-line error naming the file.
        var random = SystemRandomNumberGenerator()
        var outcomes = (valid: 0, errors: 0)
        for name in ["default", "blackfriday", "stress", "soak"] {
            let original = Array(try Data(contentsOf: URL(fileURLWithPath: "\(repositoryRoot)/loadprofiles/\(name).json")))
            for i in 0..<300 {
                var bytes = original
                switch i % 4 {
                case 0: bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
                case 1: for _ in 0..<3 { bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random) }
                case 2:
                    let text = String(decoding: bytes, as: UTF8.self)
                    let swaps = [("\"", "'"), (": ", ": ["), ("1", "\"1\""), ("true", "1"), ("[", "{"), ("0.", "-0.")]
                    let (a, b) = swaps[i % swaps.count]
                    bytes = Array(text.replacingOccurrences(of: a, with: b).utf8)
                default: bytes.insert(UInt8.random(in: 0...255, using: &random), at: Int.random(in: 0..<bytes.count, using: &random))
                }
                do {
                    _ = try LoadProfile.parse(bytes, file: "m.json")
                    outcomes.valid += 1
                } catch {
                    #expect(error.description.hasPrefix("m.json: "))
                    #expect(!error.description.contains("\n"))
                    outcomes.errors += 1
                }
            }
        }
        #expect(outcomes.valid + outcomes.errors == 1200)
        #expect(outcomes.errors > 600)
    }

    @Test func rateAndDurationSpecs() throws {
        #expect(try RateSpec.parse("1000", field: "--rate") == .perSecond(1000.0 / 3600))
        #expect(try RateSpec.parse("50/s", field: "--rate") == .perSecond(50))
        #expect(try RateSpec.parse("3000/min", field: "--rate") == .perSecond(50))
        #expect(try RateSpec.parse("2.5m/h", field: "--rate") == .perSecond(2_500_000.0 / 3600))
        #expect(try RateSpec.parse("20k/s", field: "--rate") == .perSecond(20_000))
        #expect(try RateSpec.parse("max", field: "--rate") == .unlimited)
        for bad in ["", "-5", "0", "5/week", "fast", "1e999"] {
            #expect(throws: InputError.self) { try RateSpec.parse(bad, field: "--rate") }
        }
        #expect(try DurationSpec.parse("90s", field: "d") == .seconds(90))
        #expect(try DurationSpec.parse("2h", field: "d") == .seconds(7200))
        #expect(try DurationSpec.parse("1h30m", field: "d") == .seconds(5400))
        #expect(try DurationSpec.parse("3600", field: "d") == .seconds(3600))
        #expect(try DurationSpec.parse("500ms", field: "d") == .milliseconds(500))
        for bad in ["", "soon", "5x", "-3", "0", "h"] {
            #expect(throws: InputError.self) { try DurationSpec.parse(bad, field: "d") }
        }
    }
}
