import Commerce
import Foundation
import Testing

@Suite("Consistency of what a transaction says")
struct ConsistencyTests {
    /// City centres written out here (not read from the module) for an independent check.
    static let centres: [String: (Double, Double)] = [
        "San Francisco": (37.7749, -122.4194), "New York": (40.7128, -74.0060), "Toronto": (43.6532, -79.3832),
        "Vancouver": (49.2827, -123.1207), "London": (51.5074, -0.1278), "Glasgow": (55.8642, -4.2518),
        "Chicago": (41.8781, -87.6298), "Montreal": (45.5017, -73.5673),
    ]

    @Test func currencyPostalCodeAndCoordinatesAgreeWithTheCity() throws {
        let currency = ["US": "USD", "CA": "CAD", "GB": "GBP"]
        let zipPattern = try Regex(#"^\d{5}$"#)
        let canadaPattern = try Regex(#"^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d$"#)
        let ukPattern = try Regex(#"^[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}$"#)
        var checkedCentres = 0
        let geography = Geography.standard
        try generate(30_000) { _, json in
            let m = parse(json)
            let location = m.object("user_location")
            let country = location.string("country")
            #expect(m.string("currency") == currency[country])
            let zip = location.string("zip_code")
            let cityName = location.string("city")
            let city = geography.cities.first { $0.name.string == cityName }!
            #expect(city.countryCode == country)
            #expect(location.string("state") == city.region.string)
            let codes = city.postalCodes.map { String(decoding: $0.bytes, as: UTF8.self) }
            switch country {
            case "US":
                #expect(zip.wholeMatch(of: zipPattern) != nil)
                #expect(codes.contains(zip), "\(zip) is not in \(cityName)")
            case "CA":
                #expect(zip.wholeMatch(of: canadaPattern) != nil, "\(zip)")
                #expect(codes.contains(String(zip.prefix(3))))
            default:
                #expect(zip.wholeMatch(of: ukPattern) != nil, "\(zip)")
                #expect(codes.contains(String(zip.split(separator: " ")[0])))
            }
            let lat = location.double("latitude"), lon = location.double("longitude")
            #expect(Geography.distanceKm(lat1: lat, lon1: lon, lat2: city.latitude, lon2: city.longitude) <= 15)
            if let centre = Self.centres[cityName] {
                checkedCentres += 1
                #expect(Geography.distanceKm(lat1: lat, lon1: lon, lat2: centre.0, lon2: centre.1) <= 15)
            }
        }
        #expect(checkedCentres > 1000)
    }

    @Test func providerAlwaysFitsTheMethod() throws {
        let allowed = [
            "credit_card": ["stripe", "adyen", "braintree", "square"], "debit_card": ["stripe", "adyen", "square"],
            "paypal": ["paypal"], "apple_pay": ["stripe", "adyen"],
        ]
        try generate(20_000) { _, json in
            let m = parse(json)
            #expect(allowed[m.string("payment_method")]!.contains(m.string("payment_provider")))
        }
    }

    @Test func channelAndReferrerFitTogether() throws {
        let engines: Set = ["google.com", "bing.com", "duckduckgo.com"]
        try generate(20_000) { _, json in
            let a = parse(json).object("marketing_attribution")
            let channel = a.string("channel"), referrer = a.string("referrer")
            if let implied = Campaign.referrer(forChannel: channel) {
                #expect(referrer == implied, "\(channel) -> \(referrer)")
            } else if channel == "organic" {
                #expect(engines.contains(referrer))
            }
        }
    }

    @Test func userAgentMatchesDeviceOSAndBrowser() throws {
        try generate(20_000) { _, json in
            let d = parse(json).object("device_info")
            let ua = d.string("user_agent"), os = d.string("os"), browser = d.string("browser"), type = d.string("type")
            switch os {
            case "iOS": #expect(ua.contains("iPhone"))
            case "iPadOS": #expect(ua.contains("iPad"))
            case "Android": #expect(ua.contains("Android"))
            case "Windows": #expect(ua.contains("Windows NT"))
            case "macOS": #expect(ua.contains("Macintosh"))
            case "ChromeOS": #expect(ua.contains("CrOS"))
            case "Linux": #expect(ua.contains("Linux x86_64"))
            default: Issue.record("unknown os \(os)")
            }
            switch browser {
            case "Chrome": #expect(ua.contains("Chrome/") || ua.contains("CriOS/"))
            case "Safari": #expect(ua.contains("Safari/") && ua.contains("Version/") && !ua.contains("Chrome"))
            case "Firefox": #expect(ua.contains("Firefox/"))
            case "Edge": #expect(ua.contains("Edg/"))
            case "Samsung Internet": #expect(ua.contains("SamsungBrowser/"))
            default: Issue.record("unknown browser \(browser)")
            }
            if type == "mobile" && os == "Android" { #expect(ua.contains("Mobile")) }
            if type == "tablet" && os == "Android" { #expect(!ua.contains("Mobile")) }
        }
    }

    @Test func pricesAreInTheLocalCurrencyWithShelfEndings() throws {
        var byCurrency: [String: [Double]] = [:]
        try generate(20_000) { t, json in
            let m = parse(json)
            let price = m.double("price")
            #expect(price > 0)
            if t.discountPercent == 0 {
                let cents = Int((price * 100).rounded())
                #expect(cents % 100 == 99 || cents % 100 == 49, "\(price)")
            }
            byCurrency[m.string("currency"), default: []].append(price)
        }
        // The same basket costs more in CAD and less in GBP than in USD.
        let mean = byCurrency.mapValues { $0.reduce(0, +) / Double($0.count) }
        #expect(mean["CAD"]! > mean["USD"]! && mean["GBP"]! < mean["USD"]!)
    }

    @Test func preSendCheckCatchesBrokenTransactions() throws {
        var g = try TransactionGenerator(configuration: CommerceConfiguration())
        let good = g.next(at: referenceMillis)
        #expect(g.check(good) == nil)
        var bad = good
        bad.currency = (good.currency + 1) % g.geography.currencies.count
        #expect(g.check(bad) == .currencyDoesNotMatchCountry)
        bad = good
        bad.quantity = 9
        #expect(g.check(bad) == .quantityOutOfRange)
        bad = good
        bad.priceCents = 0
        #expect(g.check(bad) == .priceOutOfRange)
        bad = good
        bad.discountPercent = 95
        #expect(g.check(bad) == .discountOutOfRange)
        for i in 1...50_000 { #expect(g.check(g.next(at: referenceMillis + Int64(i) * 10)) == nil) }
    }
}
