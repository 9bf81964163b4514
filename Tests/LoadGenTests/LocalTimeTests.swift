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
        var commerce = profile.commerce
        let start = utc(2026, 11, 30, 0)
        commerce.populationAnchorMillis = start
        let curve = profile.curve(on: SimulatedClock(startMillis: start, timeZone: profile.timeZone))
        var footfall = Footfall(configuration: commerce, day: curve.shoppingDay)
        let g = try TransactionGenerator(configuration: commerce)
        let ny = Foundation.TimeZone(identifier: "America/New_York")!
        var hours: [String: [Int]] = [:]
        var carry = 0.0
        for minute in 0..<1440 {
            let at = start + Int64(minute) * 60_000
            carry += 60 * curve.factor(atSimulated: at)
            while carry >= 1 {
                carry -= 1
                let user = g.population.user(footfall.next(at: at).user)
                let hour = user.clock.local(atUTC: at).hour
                let area = g.geography.areas[user.area]
                hours[area.countryCode, default: Array(repeating: 0, count: 24)][hour] += 1
                if g.geography.timeZones[user.timeZone].name == ny.identifier {
                    hours["New York", default: Array(repeating: 0, count: 24)][hour] += 1
                }
            }
        }
        return hours
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

    @Test(arguments: [
        (#"{"clock": {"shoppers_local_time": "yes"}}"#,
         "loadprofiles/x.json: $.clock.shoppers_local_time: expected true (each shopper's own local time) or false (everyone on the profile's timezone), got a string \"yes\""),
    ])
    func badValuesNameTheField(_ text: String, _ expected: String) {
        #expect(profileError(text) == expected)
    }
}
