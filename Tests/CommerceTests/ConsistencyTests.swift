import Commerce
import Foundation
import Testing

@Suite("Consistency of what a transaction says")
struct ConsistencyTests {
    @Test func currencyPostalCodeAndCoordinatesAgreeWithTheArea() throws {
        let currency = ["US": "USD", "CA": "CAD", "GB": "GBP"]
        let zipPattern = try Regex(#"^\d{5}$"#)
        let canadaPattern = try Regex(#"^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d$"#)
        let ukPattern = try Regex(#"^[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}$"#)
        let geography = Geography.standard
        var byCode: [String: Geography.Area] = [:]
        for area in geography.areas { byCode["\(area.countryCode) \(String(decoding: area.code.bytes, as: UTF8.self))"] = area }
        try generate(30_000) { _, json in
            let m = parse(json)
            let location = m.object("user_location")
            let country = location.string("country")
            #expect(m.string("currency") == currency[country])
            let zip = location.string("zip_code")
            switch country {
            case "US": #expect(zip.wholeMatch(of: zipPattern) != nil)
            case "CA": #expect(zip.wholeMatch(of: canadaPattern) != nil, "\(zip)")
            default: #expect(zip.wholeMatch(of: ukPattern) != nil, "\(zip)")
            }
            let code = country == "US" ? zip : String(zip.split(separator: " ")[0])
            guard let area = byCode["\(country) \(code)"] else { Issue.record("\(zip) is no postal area of \(country)"); return }
            #expect(location.string("state") == area.region.string)
            #expect(location.string("city") == area.city.string)
            let lat = location.double("latitude"), lon = location.double("longitude")
            #expect(Geography.distanceKm(lat1: lat, lon1: lon, lat2: area.latitude, lon2: area.longitude) <= area.radiusKm + 0.05)
        }
    }

    @Test func providerAlwaysFitsTheMethod() throws {
        // Cards and wallets go through the shop's card processors (the customer's one), PayPal
        // through PayPal: the schema's rule.
        let processors = ["stripe", "adyen"]
        let allowed = [
            "credit_card": processors, "debit_card": processors, "paypal": ["paypal"], "apple_pay": processors, "google_pay": processors,
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
            // Safari on an iPad says it is a Mac (it asks for the desktop site); Chrome names the iPad.
            case "iPadOS": #expect(browser == "Safari" ? ua.contains("Macintosh") && !ua.contains("Mobile") : ua.contains("iPad"), "\(ua)")
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
            // The line's list price against the same product's US list price.
            let usd = Double(Catalog.standard.localPriceCents(of: t.product, currency: "USD"))
            let list = Double(Catalog.standard.localPriceCents(of: t.product, currency: m.string("currency")))
            byCurrency[m.string("currency"), default: []].append(list / usd)
        }
        // The same products cost more in CAD and less in GBP than in USD (compared product by
        // product: a mean over lines would follow what the sample's shoppers happened to buy).
        let mean = byCurrency.mapValues { $0.reduce(0, +) / Double($0.count) }
        #expect(mean["USD"]! == 1 && mean["CAD"]! > 1.2 && mean["GBP"]! < 1, "\(mean)")
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
        // Above any list price (a line is at most 90 % off): caught from the day's price table
        // (the generator holds the transaction's day) and from the price events on another day.
        bad = good
        bad.priceCents = good.priceCents * 11 + 100
        #expect(g.check(bad) == .priceOutOfRange)
        bad.timestampMillis += 3 * 86_400_000
        bad.visitStartMillis += 3 * 86_400_000
        #expect(g.check(bad) == .priceOutOfRange)
        for i in 1...50_000 { #expect(g.check(g.next(at: referenceMillis + Int64(i) * 10)) == nil) }
    }

    /// The engine's path (make, check and write in one mutating call) writes the same bytes as
    /// making, checking and writing apart, on a twin generator. (A generated transaction has no
    /// defect to find; that a nil from the path adds nothing to a batch is MessageBatchTests'.)
    @Test func writeCheckedMessageIsTransactionCheckThenWrite() throws {
        let configuration = CommerceConfiguration()
        var engine = try TransactionGenerator(configuration: configuration)
        var twin = try TransactionGenerator(configuration: configuration)
        var footfall = Footfall(configuration: configuration)
        let room = TransactionGenerator.maximumMessageBytes
        let mine = UnsafeMutablePointer<UInt8>.allocate(capacity: room), theirs = UnsafeMutablePointer<UInt8>.allocate(capacity: room)
        defer { mine.deallocate(); theirs.deallocate() }
        var written = 0
        for k in 0..<20_000 {
            let millis = referenceMillis + Int64(k) * 40
            let visit = footfall.next(at: millis)
            let lengths = engine.writeCheckedMessage(number: UInt64(k), at: millis, visit: visit, to: mine)
            let expected = twin.transaction(number: UInt64(k), at: millis, visit: visit)
            let defect = twin.check(expected)
            #expect(defect == nil)
            guard defect == nil, let lengths else {
                #expect(lengths == nil && defect != nil)
                continue
            }
            let twinLengths = twin.writeMessage(of: expected, to: theirs)
            #expect(lengths.key == twinLengths.key && lengths.value == twinLengths.value)
            #expect(memcmp(mine, theirs, lengths.key + lengths.value) == 0)
            written += 1
        }
        #expect(written == 20_000)
    }
}
