import Commerce
import Foundation
import Testing

@Suite("JSON encoding")
struct EncodingTests {
    @Test(arguments: [
        "Levi's", "Say \"cheese\"", #"back\slash"#, "tab\there", "new\nline", "bell\u{07}", "L'Oréal Paris",
        "Pokémon ✨ 東京", "",
    ])
    func awkwardStringsRoundTrip(_ s: String) throws {
        let literal = JSONText.quote(s)
        let parsed = try JSONSerialization.jsonObject(with: Data(literal), options: .fragmentsAllowed) as! String
        #expect(parsed == s)
    }

    @Test func controlCharactersUseUnicodeEscapes() {
        #expect(String(decoding: JSONText.quote("a\u{01}b"), as: UTF8.self) == #""a\u0001b""#)
    }

    @Test func messageHasExactlyTheDocumentedFieldsInOrder() throws {
        try generate(200) { _, json in
            let text = String(decoding: json, as: UTF8.self)
            let order = [
                "transaction_id", "user_id", "session_id", "product_id", "product_name", "category_id",
                "category_name", "subcategory", "brand", "price", "quantity", "discount_applied", "payment_method",
                "payment_provider", "currency", "timestamp", "user_location", "country", "state", "city", "zip_code",
                "latitude", "longitude", "device_info", "type", "os", "browser", "user_agent",
                "marketing_attribution", "campaign_id", "channel", "referrer",
                // After the seed's 19: the customer's signup, then the order's fields.
                "customer_since",
                "order_id", "line_number", "line_count", "order_subtotal", "order_discount", "order_tax",
                "tax_included", "order_shipping", "order_total",
            ]
            var cursor = text.startIndex
            for key in order {
                let range = text.range(of: "\"\(key)\":", range: cursor..<text.endIndex)
                #expect(range != nil, "\(key)")
                if let range { cursor = range.upperBound }
            }
            let m = parse(json)
            #expect(m.count == 19 + 1 + 9)  // the seed's 19, customer_since, the order's 9
            #expect(m.object("user_location").count == 6)
            #expect(m.object("device_info").count == 4)
            #expect(m.object("marketing_attribution").count == 3)
        }
    }

    @Test func timestampsAreISO8601UTCWithMilliseconds() throws {
        var configuration = CommerceConfiguration()
        configuration.users = 10
        var g = try TransactionGenerator(configuration: configuration)
        let cases: [(Int64, String, String)] = [
            (referenceMillis, "2024-07-16T14:30:45.123Z", "txn_20240716_"),
            (0, "1970-01-01T00:00:00.000Z", "txn_19700101_"),
            (951_782_400_000 - 1, "2000-02-28T23:59:59.999Z", "txn_20000228_"),
            (951_868_800_000, "2000-03-01T00:00:00.000Z", "txn_20000301_"),
            (1_795_046_400_007, "2026-11-19T00:00:00.007Z", "txn_20261119_"),
        ]
        for (i, (millis, iso, prefix)) in cases.enumerated() {
            var out: [UInt8] = []
            let t = g.transaction(number: UInt64(i), at: millis, visit: Footfall.Visit(user: UInt64(i), startMillis: millis, order: UInt64(i)))
            g.appendJSON(of: t, to: &out)
            let m = parse(out[...])
            #expect(m.string("timestamp") == iso)
            #expect(m.string("transaction_id").hasPrefix(prefix))
        }
    }

    @Test func keyIsTheUserId() throws {
        var g = try TransactionGenerator(configuration: CommerceConfiguration())
        for i in 0..<100 {
            let t = g.next(at: referenceMillis + Int64(i))
            var key: [UInt8] = [], value: [UInt8] = []
            g.appendKey(of: t, to: &key)
            g.appendJSON(of: t, to: &value)
            #expect(String(decoding: key, as: UTF8.self) == parse(value[...]).string("user_id"))
        }
    }

    @Test func discountAndPriceAreConsistent() throws {
        var configuration = CommerceConfiguration()
        configuration.discountProbability = 1
        try generate(2000, configuration: configuration) { t, json in
            let m = parse(json)
            let d = m.double("discount_applied")
            #expect(d >= 0.05 && d <= 0.30)
            #expect(abs(d * 100 - Double(t.discountPercent)) < 1e-9)
        }
    }

    @Test func catalogHasEnoughProductsAndBrandsAndStableIds() {
        let catalog = Catalog.standard
        #expect(catalog.products.count >= 500)
        #expect(Set(catalog.products.map(\.brand.string)).count >= 60)
        #expect(Set(catalog.products.map(\.id.string)).count == catalog.products.count)
        #expect(catalog.categories.count == 7)
        for category in catalog.categories {
            #expect(Set(catalog.products.filter { catalog.categories[$0.category].slug == category.slug }.map(\.subcategory.string)).count >= 4)
        }
        let pattern = try! Regex(#"^prod_[a-z_]+_\d{4}$"#)
        #expect(catalog.products.allSatisfy { $0.id.string.wholeMatch(of: pattern) != nil })
        #expect(Geography.standard.areas.count >= 3000)
    }

    @Test func invalidConfigurationNamesTheField() {
        var configuration = CommerceConfiguration()
        configuration.countries = ["US": 0.8, "FR": 0.2]
        #expect(throws: CommerceConfigurationError.self) { try configuration.validate() }
        do { try configuration.validate() } catch { #expect(error.field == "population.countries.FR") }
        configuration = CommerceConfiguration()
        configuration.categories = ["Gadgets": 0.3]
        do { try configuration.validate(); Issue.record("accepted") } catch { #expect(error.description.hasPrefix("mix.categories.Gadgets: expected one of")) }
        configuration = CommerceConfiguration()
        configuration.payments["credit_card"] = 0
        do { try configuration.validate(); Issue.record("accepted") } catch { #expect(error.description == "mix.payments.credit_card: expected a positive share, got 0.0") }
    }
}
