import Commerce
import Foundation
import Testing

/// The calendar: campaigns on their dates, email after send times, discounts on round values
/// that depend on the campaign, shares that mean what they say, browsers that follow the date.
@Suite struct CalendarTests {
    static func millis(_ y: Int, _ m: Int, _ d: Int, hour: Int = 0) -> Int64 {
        CivilCalendar.days(year: y, month: m, day: d) * 86_400_000 + Int64(hour) * 3_600_000
    }

    @Test func discountsLandOnRoundValuesAndDependOnTheCampaign() throws {
        var byDepth: [String: (lines: Int, discounted: Int, percent: Int)] = [:]
        var percents: [Int: Int] = [:]
        // Over a year: a campaign's percent holds for a week, so its depth is a year's average.
        try generate(80_000, stepMillis: 400_000) { t, json in
            let m = parse(json)
            let campaign = m.object("marketing_attribution").string("channel")
            let kind = campaign == "affiliate" ? "deal" : campaign == "direct" || campaign == "organic" ? "direct" : "other"
            byDepth[kind, default: (0, 0, 0)].lines += 1
            if t.discountPercent > 0 {
                byDepth[kind]!.discounted += 1
                byDepth[kind]!.percent += t.discountPercent
                percents[t.discountPercent, default: 0] += 1
            }
        }
        #expect(Set(percents.keys).isSubset(of: Set(Discounts.roundPercents)), "\(percents.keys.sorted())")
        let share = { (k: String) in Double(byDepth[k]!.discounted) / Double(byDepth[k]!.lines) }
        let depth = { (k: String) in Double(byDepth[k]!.percent) / Double(byDepth[k]!.discounted) }
        // Deal sites discount more often and deeper than direct visits; overall 20 % of lines.
        #expect(share("deal") > 1.8 * share("direct"))
        #expect(depth("deal") > depth("direct") + 5)
        let all = byDepth.values.reduce((0, 0)) { ($0.0 + $1.lines, $0.1 + $1.discounted) }
        #expect(abs(Double(all.1) / Double(all.0) - 0.20) <= 0.015)
    }

    /// Promotions follow the category: clothing is on sale more often and deeper than
    /// electronics and books, and the profile's share of discounted lines still holds overall
    /// (the campaigns' coupons make up the rest, whatever the category mix).
    @Test func discountsDependOnTheCategory() throws {
        var lines: [String: Int] = [:], promoted: [String: Int] = [:], deepest: [String: Int] = [:]
        var configuration = CommerceConfiguration()
        configuration.campaigns = [Campaign(id: "direct", channel: "direct", referrer: "direct", weight: 1)]
        var discounted = 0, total = 0
        try generate(80_000, configuration: configuration, stepMillis: 400_000) { t, json in
            let category = parse(json).string("category_name")
            lines[category, default: 0] += 1
            total += 1
            if t.discountPercent > 0 { discounted += 1 }
            let day = CivilCalendar.floorDivision(t.timestampMillis, 86_400_000)
            let promotion = PriceEvents.promotion(product: t.product, day: day)
            if promotion > 0 { promoted[category, default: 0] += 1 }
            deepest[category] = max(deepest[category] ?? 0, promotion)
        }
        let share = { (c: String) in Double(promoted[c] ?? 0) / Double(lines[c]!) }
        #expect(share("Clothing") > 1.5 * share("Electronics"), "\(share("Clothing")) vs \(share("Electronics"))")
        #expect(share("Clothing") > 1.5 * share("Books"), "\(share("Clothing")) vs \(share("Books"))")
        #expect(share("Electronics") > 0.01 && share("Clothing") < 0.2)
        #expect(deepest["Clothing"] == 30 && deepest["Electronics"]! <= 20 && deepest["Books"]! <= 20, "\(deepest)")
        #expect(abs(Double(discounted) / Double(total) - 0.20) <= 0.015, "\(Double(discounted) / Double(total))")
    }

    /// The coupons make up the profile's share for the run's own category mix: a shop that sells
    /// mostly clothing (promoted more often) or mostly electronics (less) still discounts 20 % of
    /// its lines (a share averaged over the catalog would miss by about 2 points either way).
    @Test(arguments: ["Clothing", "Electronics"])
    func theDiscountedShareHoldsWhateverTheCategoryMix(_ category: String) throws {
        var configuration = CommerceConfiguration()
        configuration.categories = [category: 0.9]
        var discounted = 0, total = 0
        try generate(80_000, configuration: configuration, stepMillis: 400_000) { t, _ in
            total += 1
            if t.discountPercent > 0 { discounted += 1 }
        }
        #expect(abs(Double(discounted) / Double(total) - 0.20) <= 0.01, "\(category) 90 %: \(Double(discounted) / Double(total))")
    }

    @Test func blackFridayCampaignsRunOnlyOnTheirDates() throws {
        var configuration = CommerceConfiguration()
        configuration.campaigns = Campaign.mix(adding: [
            Campaign(id: "black_friday_2026", channel: "email", referrer: "email", weight: 0.25, dates: 20_261_123...20_261_130),
            Campaign(id: "black_friday_doorbusters", channel: "google_ads", referrer: "google.com", weight: 0.10, dates: 20_261_127...20_261_127),
        ])
        var perDay: [Int64: (all: Int, bf: Int, door: Int)] = [:]
        // 16 Nov to 7 Dec 2026, one line every 90 s.
        let start = Self.millis(2026, 11, 16)
        try generate(21_000, configuration: configuration, start: start, stepMillis: 90_000) { t, json in
            let id = parse(json).object("marketing_attribution").string("campaign_id")
            let day = CivilCalendar.day(ofMillis: t.visitStartMillis)
            perDay[day, default: (0, 0, 0)].all += 1
            if id == "black_friday_2026" { perDay[day]!.bf += 1 }
            if id == "black_friday_doorbusters" { perDay[day]!.door += 1 }
        }
        // Local dates: a UTC day may hold the evening of the local day before.
        let first = CivilCalendar.days(year: 2026, month: 11, day: 23), last = CivilCalendar.days(year: 2026, month: 11, day: 30)
        let friday = CivilCalendar.days(year: 2026, month: 11, day: 27)
        for (day, n) in perDay {
            if day < first || day > last + 1 { #expect(n.bf == 0, "BF email on day \(day)") }
            if day < friday || day > friday + 1 { #expect(n.door == 0, "doorbusters on day \(day)") }
            if day > first, day < last {
                let share = Double(n.bf) / Double(n.all)
                #expect(share > 0.15 && share < 0.35, "BF email share \(share) on day \(day)")
            }
        }
        #expect(Double(perDay[friday]!.door) / Double(perDay[friday]!.all) > 0.05)
    }

    @Test func emailVisitsClusterAfterSendTimes() throws {
        var configuration = CommerceConfiguration()
        configuration.countries = ["GB": 1]  // one zone: UTC in winter
        var byHour = [(all: Int, email: Int)](repeating: (0, 0), count: 24)
        try generate(40_000, configuration: configuration, start: Self.millis(2026, 1, 12), stepMillis: 30_000) { t, json in
            let hour = Int(t.visitStartMillis / 3_600_000 % 24)
            byHour[hour].all += 1
            if parse(json).object("marketing_attribution").string("channel") == "email" { byHour[hour].email += 1 }
        }
        let share = { (hours: Range<Int>) in
            Double(hours.reduce(0) { $0 + byHour[$1].email }) / Double(hours.reduce(0) { $0 + byHour[$1].all })
        }
        #expect(share(9..<12) > 3 * share(0..<6), "9-12h \(share(9..<12)) vs 0-6h \(share(0..<6))")
    }

    @Test func socialAdsComeFromPhonesAndSearchFromComputersAndSharesHold() throws {
        var lines: [String: [String: Int]] = [:]  // device type -> channel -> lines
        try generate(80_000, stepMillis: 4_000) { _, json in
            let line = parse(json)
            lines[line.object("device_info").string("type"), default: [:]][line.object("marketing_attribution").string("channel"), default: 0] += 1
        }
        func share(_ device: String?, _ channels: Set<String>) -> Double {
            let tallies = device.map { [lines[$0]!] } ?? Array(lines.values)
            let all = tallies.reduce(0) { $0 + $1.values.reduce(0, +) }
            return Double(tallies.reduce(0) { $0 + $1.filter { channels.contains($0.key) }.values.reduce(0, +) }) / Double(all)
        }
        let social: Set = ["facebook_ads", "instagram_ads", "tiktok_ads"], search: Set = ["google_ads", "organic"]
        #expect(share("mobile", social) > 2 * share("desktop", social), "\(share("mobile", social)) vs \(share("desktop", social))")
        #expect(share("desktop", search) > 1.25 * share("mobile", search), "\(share("desktop", search)) vs \(share("mobile", search))")
        // The campaigns' weights still hold overall (social 18 %, search 45 %), within the
        // hours' tilts (social ads' evenings are the busiest hours: measured 21.3 %) and the
        // devices' (each channel's average 1 over a typical mix: +0.5 point here).
        #expect(abs(share(nil, social) - 0.18) < 0.045, "social \(share(nil, social))")
        #expect(abs(share(nil, search) - 0.45) < 0.04, "search \(share(nil, search))")
    }

    @Test func categoryOverridesMeanWhatTheySay() throws {
        var configuration = CommerceConfiguration()
        configuration.categories = ["Electronics": 0.35]
        var counts: [String: Int] = [:]
        try generate(60_000, configuration: configuration) { t, json in
            counts[parse(json).string("category_name"), default: 0] += 1
        }
        let s = shares(counts)
        #expect(abs(s["Electronics"]! - 0.35) <= 0.01, "\(s["Electronics"]!)")
        // The others keep their default proportions (Clothing 0.20 : Books 0.15).
        #expect(abs(s["Clothing"]! - 0.20 / 0.75 * 0.65) <= 0.01)
        configuration.categories = ["Electronics": 0.7, "Books": 0.4]
        #expect(throws: CommerceConfigurationError.self) { try configuration.validate() }
    }

    @Test func browserVersionsFollowTheDate() {
        let calendar = BrowserCalendar.standard
        let day = { (y: Int, m: Int, d: Int) in CivilCalendar.days(year: y, month: m, day: d) }
        // From the release table.
        let nov2024 = calendar.versions(onDay: day(2024, 11, 20))
        #expect(nov2024.chrome == 131 && nov2024.firefox == 132 && nov2024.safariMajor == 18 && nov2024.safariMinor == 1)
        // Extrapolated: Chrome and Firefox every four weeks, Safari each September.
        let bf2026 = calendar.versions(onDay: day(2026, 11, 27))
        #expect(bf2026.chrome == 143 + Int((day(2026, 11, 27) - day(2025, 12, 2)) / 28))
        #expect(bf2026.firefox == 145 + Int((day(2026, 11, 27) - day(2025, 11, 11)) / 28))
        #expect(bf2026.safariMajor == 27 && bf2026.safariMinor == 1)
        #expect(calendar.versions(onDay: day(2026, 11, 27), lag: 1).chrome == bf2026.chrome - 1)
        // The user agent is a function of the device profile and the date.
        let windowsChrome = Devices.standard.profiles.first { $0.os.string == "Windows" && $0.browser.string == "Chrome" }!.userAgents[0]
        #expect(windowsChrome.string(onDay: day(2026, 11, 27)).contains("Chrome/\(bf2026.chrome).0.0.0 "))
        let iPhone = Devices.standard.profiles.first { $0.os.string == "iOS" && $0.browser.string == "Safari" }!.userAgents[0]
        #expect(iPhone.string(onDay: day(2024, 11, 20)).contains("iPhone OS 18_1 like Mac OS X"))
        #expect(iPhone.string(onDay: day(2026, 11, 27)).contains("iPhone OS 18_6 like Mac OS X"))
        #expect(iPhone.string(onDay: day(2026, 11, 27)).contains("Version/27.1 "))
        // Samsung Internet follows its own releases, on an older Chromium than Chrome's.
        #expect(nov2024.samsung == 27 && nov2024.samsungChromium == 125)
        #expect(calendar.versions(onDay: day(2024, 11, 20), lag: 1).samsung == 26)
        let steps = Int((day(2026, 11, 27) - day(2025, 4, 15)) / 150)
        #expect(bf2026.samsung == 28 + steps && bf2026.samsungChromium == 130 + 6 * steps)
        #expect(bf2026.samsungChromium < bf2026.chrome)
        #expect(calendar.versions(onDay: day(2026, 11, 27), lag: 2).samsung == bf2026.samsung - 2)
        let galaxy = Devices.standard.profiles.first { $0.os.string == "Android" && $0.browser.string == "Samsung Internet" }!.userAgents[0]
        #expect(galaxy.string(onDay: day(2026, 11, 27)).contains("SamsungBrowser/\(bf2026.samsung).0 Chrome/\(bf2026.samsungChromium).0.0.0 "))
        #expect(galaxy.string(onDay: day(2024, 5, 1)).contains("SamsungBrowser/25.0 Chrome/121.0.0.0 "))
    }

    @Test func aNewChromeReachesItsShoppersOverTwoWeeks() throws {
        let calendar = BrowserCalendar.standard
        var release = CivilCalendar.days(year: 2026, month: 3, day: 1)
        while calendar.versions(onDay: release).chrome == calendar.versions(onDay: release - 1).chrome { release += 1 }
        let new = calendar.versions(onDay: release).chrome
        var shares: [Double] = []
        for after in [0, 6, 13, 20] {
            var chrome = 0, newest = 0
            try generate(6000, start: (release + Int64(after)) * 86_400_000 + 12 * 3_600_000, stepMillis: 100) { _, json in
                let ua = parse(json).object("device_info").string("user_agent")
                guard ua.contains("Windows NT"), !ua.contains("Edg/"), let r = ua.range(of: "Chrome/") else { return }
                chrome += 1
                if Int(ua[r.upperBound...].prefix { $0 != "." })! == new { newest += 1 }
            }
            shares.append(Double(newest) / Double(chrome))
        }
        // 65 % of shoppers take the current release, each 0 to 13 days after it comes out.
        #expect(shares[0] < 0.12 && (0.2...0.45).contains(shares[1]) && shares[2] > 0.55, "\(shares)")
        #expect(abs(shares[3] - shares[2]) < 0.08, "no one else takes it: \(shares)")
    }

    @Test func generatedUserAgentsAreNeverAheadOfTheirDate() throws {
        for (y, m, d) in [(2024, 7, 16), (2026, 11, 27)] {
            let current = BrowserCalendar.standard.versions(onDay: CivilCalendar.days(year: y, month: m, day: d))
            var majors: [Int: Int] = [:]
            try generate(5000, start: Self.millis(y, m, d, hour: 12), stepMillis: 100) { _, json in
                let ua = parse(json).object("device_info").string("user_agent")
                guard ua.contains("Windows NT"), let r = ua.range(of: "Chrome/") else { return }
                let major = Int(ua[r.upperBound...].prefix { $0 != "." })!
                majors[major, default: 0] += 1
            }
            #expect(majors.keys.max()! <= current.chrome && majors.keys.min()! >= current.chrome - 2, "\(majors)")
            #expect(majors[current.chrome, default: 0] > majors.values.reduce(0, +) / 2)
        }
    }
}
