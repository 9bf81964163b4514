import Commerce
import Foundation
import LoadGen
import Testing

/// Shoppers follow the day curve in their own local time (issue 16 item 4).
@Suite("Shoppers' local time")
struct LocalTimeTests {
    /// One simulated day (Monday 2026-11-30, UTC) of the default profile: the curve's
    /// expected count per simulated minute, each shopper from the footfall, classified by the
    /// local hour of their home. Returns counts per (country or New York, local hour).
    static func day(_ profile: LoadProfile) throws -> [String: [Int]] {
        let ny = Foundation.TimeZone(identifier: "America/New_York")!
        var hours: [String: [Int]] = [:]
        try walk(profile, minutes: 0..<1440) { user, g, at in
            let hour = user.clock.local(atUTC: at).hour
            let area = g.geography.areas[user.area]
            hours[area.countryCode, default: Array(repeating: 0, count: 24)][hour] += 1
            if g.geography.timeZones[user.timeZone].name == ny.identifier {
                hours["New York", default: Array(repeating: 0, count: 24)][hour] += 1
            }
        }
        return hours
    }

    /// Walks simulated minutes `minutes` of Monday 2026-11-30 (UTC) of `profile`: the curve's
    /// expected count per minute, each shopper from the footfall, handed to `body` with the
    /// generator (for the population's tables) and the instant.
    static func walk(_ profile: LoadProfile, minutes: Range<Int>, _ body: (Population.User, TransactionGenerator, Int64) -> Void) throws {
        var commerce = profile.commerce
        let start = utc(2026, 11, 30, 0)
        commerce.populationAnchorMillis = start
        let curve = profile.curve(on: SimulatedClock(startMillis: start, timeZone: profile.timeZone))
        var footfall = Footfall(configuration: commerce, day: curve.shoppingDay)
        let g = try TransactionGenerator(configuration: commerce)
        var carry = 0.0
        for minute in minutes {
            let at = start + Int64(minute) * 60_000
            carry += 60 * curve.factor(atSimulated: at)
            while carry >= 1 {
                carry -= 1
                body(g.population.user(footfall.next(at: at).user), g, at)
            }
        }
    }

    @Test func usShoppersSleepAtNightAndNewYorkPeaksInTheAfternoon() throws {
        let hours = try Self.day(LoadProfile())
        let us = hours["US"]!
        let night = Double(us[0..<6].reduce(0, +)) / Double(us.reduce(0, +))
        #expect(night < 0.12, "US night share \(night)")
        let newYork = hours["New York"]!
        let peak = newYork.firstIndex(of: newYork.max()!)!
        #expect((12..<22).contains(peak), "New York peaks at \(peak)h local")
        #expect(newYork[7] * 2 < newYork.max()!)
        for country in ["CA", "GB"] {
            let h = hours[country]!
            #expect(Double(h[0..<6].reduce(0, +)) / Double(h.reduce(0, +)) < 0.12, "\(country)")
        }
    }

    @Test func pinningTheProfileZoneKeepsTheOldBehaviour() throws {
        var profile = try parseProfile(#"{"clock": {"timezone": "UTC", "shoppers_local_time": false}}"#)
        #expect(!profile.shoppersLocalTime)
        #expect(profile.curve(on: SimulatedClock(startMillis: 0)).shoppers == nil)
        // One clock for everyone: at 07:00 UTC (02:00 in New York) the whole shop is at its
        // daytime rate, and US shoppers buy at night.
        let us = try Self.day(profile)["US"]!
        #expect(Double(us[0..<6].reduce(0, +)) / Double(us.reduce(0, +)) > 0.2)
        profile.shoppersLocalTime = true
        #expect(profile.curve(on: SimulatedClock(startMillis: 0)).shoppers!.count > 5)
    }

    @Test func theRateIsTheSumOverRegions() throws {
        // The mixture rolls: at 13:00 UTC (lunch in London, 08:00 in New York) and 18:00 UTC
        // (lunch in New York) the rates differ from a pinned UTC curve's.
        let profile = LoadProfile()
        let curve = profile.curve(on: SimulatedClock(startMillis: 0))
        let shares = curve.shoppers!.map(\.share)
        #expect(abs(shares.reduce(0, +) - 1) < 1e-9)
        let londonLunch = curve.factor(atSimulated: utc(2026, 12, 1, 13)), newYorkLunch = curve.factor(atSimulated: utc(2026, 12, 1, 18))
        #expect(newYorkLunch > londonLunch, "\(newYorkLunch) vs \(londonLunch)")
        #expect(curve.factor(atSimulated: utc(2026, 12, 1, 9)) < 1, "04:00 in New York: most of the shop sleeps")
    }

    @Test func twoWeeksHoldTheSameCountWhateverTheZones() {
        // The curve repeats weekly in every zone, so any two whole weeks integrate alike (the
        // profile's seeded day and hour noise aside: it is a few percent, seeded per day).
        let clock = SimulatedClock(startMillis: utc(2026, 11, 16, 0))
        let profile = LoadProfile().curve(on: clock)
        let curve = RateCurve(base: profile.base, multipliers: profile.multipliers, clock: clock, shoppers: profile.shoppers)
        #expect(profile.noise != nil)
        let total = curve.integral(fromElapsed: 0, to: 14 * 86_400 * 1_000_000_000)
        #expect(abs(total - 406_400) < 1e-4, "\(total)")
    }

    /// Transactions per country of shoppers over UTC minutes `minutes` of Monday 2026-11-30.
    static func countries(_ profile: LoadProfile, minutes: Range<Int>) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        try walk(profile, minutes: minutes) { user, g, _ in counts[g.geography.areas[user.area].countryCode, default: 0] += 1 }
        return counts
    }

    /// A window naming countries lifts those shoppers only: on Monday 2026-11-30 from 12:00
    /// UTC every US shopper's local date is the 30th, so `"countries": ["US"]` at ×3 makes the
    /// US share p into 3p / (3p + 1 - p), on their own clocks and on the profile's zone alike;
    /// the rate is the mixture's.
    @Test(arguments: [true, false])
    func aWindowForOneCountryLiftsOnlyItsShoppers(localClocks: Bool) throws {
        let clock = #"{"clock": {"timezone": "UTC", "shoppers_local_time": \#(localClocks)}, "#
        let plain = try parseProfile(clock + #""multipliers": [{"name": "flat", "factor": 1}]}"#)
        let lifted = try parseProfile(clock + #""multipliers": [{"name": "thanksgiving", "dates": ["2026-11-30"], "countries": ["US"], "factor": 3}]}"#)
        #expect(lifted.multipliers[0].countries == ["US"])
        let before = try Self.countries(plain, minutes: 720..<1440), after = try Self.countries(lifted, minutes: 720..<1440)
        let total = { (c: [String: Int]) in Double(c.values.reduce(0, +)) }
        let p = Double(before["US"]!) / total(before)
        let expected = 3 * p / (3 * p + 1 - p)
        let share = Double(after["US"]!) / total(after)
        #expect(abs(share - expected) < 0.015, "US share \(share), expected \(expected) (was \(p))")
        // The other countries' counts stay (the noise is seeded the same in both).
        for country in ["CA", "GB"] {
            let ratio = Double(after[country]!) / Double(before[country]!)
            #expect(abs(ratio - 1) < 0.05, "\(country): \(ratio)")
        }
        #expect(abs(total(after) / total(before) - (3 * p + 1 - p)) < 0.02)
        // The start line names the window with its country.
        let curve = lifted.curve(on: SimulatedClock(startMillis: utc(2026, 11, 30, 0), timeZone: lifted.timeZone))
        let shape = curve.shape(atSimulated: utc(2026, 11, 30, 18))
        #expect(shape.active.map(\.name) == ["thanksgiving"])
        #expect(abs(shape.windows - (3 * p + 1 - p)) < 0.03, "\(shape.windows)")
        #expect(curve.shape(atSimulated: utc(2026, 11, 29, 12)).active.isEmpty)
    }

    /// On the profile's zone, a country window is the mixture over the countries' shares.
    @Test func onTheProfilesZoneACountryWindowWeighsByTheCountriesShares() {
        let window = Multiplier(name: "uk_only", hours: .init(9, 17), countries: ["GB"], factor: 2)
        let curve = RateCurve(
            base: .perSecond(100), multipliers: [window], clock: SimulatedClock(startMillis: 0),
            countries: [("CA", 0.15), ("GB", 0.15), ("US", 0.70)])
        #expect(abs(curve.factor(atSimulated: utc(2026, 11, 30, 10)) - 1.15) < 1e-12)
        #expect(curve.factor(atSimulated: utc(2026, 11, 30, 20)) == 1)
        let mondayAt10 = SimulatedClock(startMillis: 0).local(atSimulated: utc(2026, 11, 30, 10))
        #expect(window.matches(mondayAt10, country: "GB"))
        #expect(!window.matches(mondayAt10, country: "US"))
        #expect(!window.matches(mondayAt10))
    }

    @Test(arguments: [
        (#"{"multipliers": [{"countries": ["FR"], "factor": 2}]}"#,
         "loadprofiles/x.json: $.multipliers[0].countries[0]: expected a country of the population (CA, GB, US), got \"FR\""),
        (#"{"multipliers": [{"countries": [], "factor": 2}]}"#,
         "loadprofiles/x.json: $.multipliers[0].countries: expected at least one country (CA, GB, US), or no countries for every shopper"),
        (#"{"multipliers": [{"countries": "US", "factor": 2}]}"#, "array"),
        (#"{"multipliers": [{"countries": [1], "factor": 2}]}"#, "countries[0]"),
        (#"{"clock": {"shoppers_local_time": "yes"}}"#,
         "loadprofiles/x.json: $.clock.shoppers_local_time: expected true (each shopper's own local time) or false (everyone on the profile's timezone), got a string \"yes\""),
    ])
    func badValuesNameTheField(_ text: String, _ expected: String) {
        let error = profileError(text)
        #expect(expected.hasPrefix("loadprofiles/") ? error == expected : error.contains(expected) && error.hasPrefix("loadprofiles/x.json: $.multipliers[0]"), "\(error)")
    }
}
