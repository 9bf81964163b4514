import Commerce
import Testing

@Suite("Distributions over 200,000 transactions")
struct DistributionTests {
    struct Tally {
        var categories: [String: Int] = [:]
        var payments: [String: Int] = [:]
        var deviceTypes: [String: Int] = [:]
        var quantities: [String: Int] = [:]
        var discounted = 0
        var total = 0
        var countries: [String: Int] = [:]
    }

    static let tally: Tally = {
        var tally = Tally()
        let configuration = CommerceConfiguration()
        var g = try! TransactionGenerator(configuration: configuration)
        for i in 0..<200_000 {
            let t = g.next(at: referenceMillis + Int64(i) * 700)
            let product = g.catalog.products[t.product]
            tally.categories[g.catalog.categories[product.category].name.string, default: 0] += 1
            tally.payments[g.payments.methods[t.paymentMethod].name.string, default: 0] += 1
            tally.deviceTypes[g.devices.profiles[t.user.device].type.string, default: 0] += 1
            tally.quantities[String(t.quantity), default: 0] += 1
            tally.countries[g.geography.areas[t.user.area].countryCode, default: 0] += 1
            if t.discountPercent > 0 { tally.discounted += 1 }
            tally.total += 1
        }
        return tally
    }()

    func expectWithinOnePoint(_ observed: [String: Int], _ expected: [String: Double]) {
        let got = shares(observed)
        #expect(Set(got.keys) == Set(expected.keys))
        for (key, share) in expected {
            #expect(abs((got[key] ?? 0) - share) <= 0.01, "\(key): \(got[key] ?? 0) vs \(share)")
        }
    }

    @Test func categoriesFollowTheDocumentedWeights() {
        expectWithinOnePoint(Self.tally.categories, [
            "Electronics": 0.25, "Clothing": 0.20, "Books": 0.15, "Home & Garden": 0.15,
            "Sports & Outdoors": 0.10, "Beauty & Health": 0.10, "Toys & Games": 0.05,
        ])
    }

    @Test func paymentMethodsFollowTheDocumentedWeights() {
        // The instrument shares are the documented ones; a wallet customer (5%) pays with Apple
        // Pay or Google Pay on a device that has it, and with the card in it elsewhere.
        let got = shares(Self.tally.payments)
        #expect(abs(got["paypal"]! - 0.10) <= 0.01)
        #expect(abs(got["debit_card"]! - 0.25) <= 0.015)
        #expect(abs(got["credit_card"]! - 0.61) <= 0.015)
        let wallets = got["apple_pay"]! + got["google_pay"]!
        #expect(wallets > 0.03 && wallets <= 0.05, "wallets \(wallets)")
    }

    @Test func deviceTypesAreMostlyPhonesThenComputers() {
        // A visit's device depends on the shopper's devices and local hour (PeopleTests).
        let got = shares(Self.tally.deviceTypes)
        #expect(got["mobile"]! > 0.50 && got["mobile"]! < 0.70)
        #expect(got["desktop"]! > 0.25 && got["desktop"]! < 0.42)
        #expect(got["tablet"]! > 0.03 && got["tablet"]! < 0.12)
    }

    @Test func mostLinesAreSingleItemsAndSomeAreSeveral() {
        // Quantity depends on the product (RevenueTests checks it per category): overall most
        // lines buy one, and every quantity up to 5 occurs.
        let share = shares(Self.tally.quantities)
        #expect(share["1"]! > 0.70 && share["1"]! < 0.90)
        #expect(Set(share.keys) == ["1", "2", "3", "4", "5"])
    }

    @Test func discountRateIsTwentyPercent() {
        #expect(abs(Double(Self.tally.discounted) / Double(Self.tally.total) - 0.20) <= 0.01)
    }

    /// Over a year the share holds to the point: a week moves with the promotions on popular
    /// models (a model's variants go on promotion together, clothing more often than the rest:
    /// a week with a popular model's sale runs about 5 points over), the year does not.
    @Test func discountRateHoldsOverAYear() throws {
        var g = try TransactionGenerator(configuration: CommerceConfiguration())
        var discounted = 0, weeks = [Int](repeating: 0, count: 52), weekLines = [Int](repeating: 0, count: 52)
        let n = 150_000, span: Int64 = 364 * 86_400_000
        for i in 0..<n {
            let t = g.next(at: referenceMillis + span * Int64(i) / Int64(n))
            let week = i * 52 / n
            weekLines[week] += 1
            if t.discountPercent > 0 { discounted += 1; weeks[week] += 1 }
        }
        #expect(abs(Double(discounted) / Double(n) - 0.20) <= 0.01, "\(Double(discounted) / Double(n))")
        let weekly = zip(weeks, weekLines).map { Double($0) / Double($1) }
        #expect(weekly.allSatisfy { (0.14...0.26).contains($0) }, "\(weekly)")
    }

    @Test func countriesFollowTheDefaultMix() {
        expectWithinOnePoint(Self.tally.countries, ["US": 0.70, "CA": 0.15, "GB": 0.15])
    }

    @Test func profileCanReweightTheMix() throws {
        var configuration = CommerceConfiguration()
        configuration.categories = ["Electronics": 0.40, "Toys & Games": 0.20]
        configuration.discountProbability = 0.6
        configuration.discountRange = 0.20...0.50
        var counts: [String: Int] = [:]
        var discounts = 0
        var g = try TransactionGenerator(configuration: configuration)
        for i in 0..<100_000 {
            let t = g.next(at: referenceMillis + Int64(i) * 1000)
            counts[g.catalog.categories[g.catalog.products[t.product].category].name.string, default: 0] += 1
            if t.discountPercent > 0 {
                discounts += 1
                #expect((20...50).contains(t.discountPercent))
            }
        }
        // Named shares mean what they say; the others fill the rest.
        #expect(abs(shares(counts)["Electronics"]! - 0.40) <= 0.01)
        #expect(abs(shares(counts)["Toys & Games"]! - 0.20) <= 0.01)
        // A coupon is the order's and a week's promotions are its popular models': a day's
        // share moves by a point or two (with this mix, 58.9–62.4 % over single days, 61.6 %
        // over eight), so 1.2 simulated days are held to 2.5 points: 0.2, the default, is 40 off.
        #expect(abs(Double(discounts) / 100_000 - 0.6) <= 0.025, "\(discounts) of 100,000 lines discounted")
    }

    @Test func popularityInsideACategoryIsLongTailed() throws {
        var perProduct: [Int: Int] = [:]
        var g = try TransactionGenerator(configuration: CommerceConfiguration())
        for i in 0..<200_000 { perProduct[g.next(at: referenceMillis + Int64(i)).product, default: 0] += 1 }
        let electronics = g.catalog.categories[0].products.map { perProduct[$0] ?? 0 }.sorted(by: >)
        let top5 = electronics.prefix(5).reduce(0, +)
        let all = electronics.reduce(0, +)
        // Zipf: the top 5 of ~180 products take a large share; the median product sells little.
        #expect(Double(top5) / Double(all) > 0.25)
        #expect(electronics[electronics.count / 2] * 10 < electronics[0])
    }
}

/// Instruments vary by country (UK shoppers on debit cards, Canadians on credit cards) while
/// the population's shares stay the configured ones.
@Suite("Payments by country")
struct PaymentsByCountryTests {
    @Test func eachCountryPaysItsOwnWayAndTheMixStaysTheConfiguredOne() throws {
        let g = try TransactionGenerator(configuration: CommerceConfiguration())
        var byCountry: [String: [String: Int]] = [:]
        for index in 0..<UInt64(100_000) {
            let user = g.population.user(index)
            let country = g.geography.areas[user.area].countryCode
            byCountry[country, default: [:]][g.payments.methods[user.preferredPayment].name.string + (user.wallet ? "+wallet" : ""), default: 0] += 1
        }
        func share(_ country: String?, _ method: String) -> Double {
            let tallies = country.map { [byCountry[$0]!] } ?? Array(byCountry.values)
            let total = tallies.reduce(0) { $0 + $1.values.reduce(0, +) }
            return Double(tallies.reduce(0) { $0 + ($1[method] ?? 0) }) / Double(total)
        }
        // Instruments off-wallet (a wallet holds a card, counted apart).
        #expect(share("GB", "debit_card") > share("GB", "credit_card"), "\(byCountry["GB"]!)")
        #expect(share("GB", "debit_card") > 2 * share("US", "debit_card"))
        #expect(share("CA", "credit_card") > share("US", "credit_card") && share("US", "credit_card") > share("GB", "credit_card"))
        #expect(share("GB", "paypal") > share("US", "paypal"))
        // Overall, the documented instrument shares (60 / 25 / 10 / 5, wallets holding cards).
        let wallets = byCountry.values.reduce(0) { $0 + $1.filter { $0.key.hasSuffix("+wallet") }.values.reduce(0, +) }
        #expect(abs(Double(wallets) / 100_000 - 0.05) < 0.005)
        #expect(abs(share(nil, "paypal") - 0.10) < 0.006)
        #expect(abs(share(nil, "debit_card") - 0.25) < 0.012)
        #expect(abs(share(nil, "credit_card") - 0.60) < 0.012)
    }

    /// The shop routes cards by market: Stripe in North America, Adyen in the UK, the other
    /// processor taking a share of each market; nothing else processes a card.
    @Test func cardsAreRoutedByMarketThroughTheShopsTwoProcessors() throws {
        let g = try TransactionGenerator(configuration: CommerceConfiguration())
        let card = g.payments.methods.firstIndex { $0.name.string == "credit_card" }!
        var byCountry: [String: [String: Int]] = [:]
        // Customers from the whole population (its indexes are laid out by clock group).
        for index in Swift.stride(from: 0, to: g.population.size, by: Int(Swift.max(1, g.population.size / 60_000))) {
            let user = g.population.user(index)
            let provider = g.payments.methods[card].providers[user.processor].string
            byCountry[g.geography.areas[user.area].countryCode, default: [:]][provider, default: 0] += 1
        }
        func share(_ country: String, _ provider: String) -> Double {
            let tally = byCountry[country, default: [:]]
            return Double(tally[provider] ?? 0) / Double(max(1, tally.values.reduce(0, +)))
        }
        #expect(Set(byCountry.values.flatMap(\.keys)) == ["stripe", "adyen"])
        // Each market's own split (60,000 customers: a few thousandths of spread), apart enough
        // that a market routed as another fails.
        #expect((0.78...0.82).contains(share("US", "stripe")), "\(byCountry)")
        #expect((0.83...0.87).contains(share("CA", "stripe")), "\(byCountry)")
        #expect((0.72...0.78).contains(share("GB", "adyen")), "\(byCountry)")
    }

    @Test func fittingKeepsBothMarginsAndTheTiltsOrder() {
        let m = Payments.fitted(methods: [0.6, 0.25, 0.1, 0.05], countries: [0.7, 0.15, 0.15],
                                tilts: [[1.15, 0.85, 0.95, 1], [1.35, 0.4, 0.9, 0.9], [0.45, 2.2, 1.35, 1.4]])
        for (j, want) in [0.6, 0.25, 0.1, 0.05].enumerated() { #expect(abs(m.reduce(0) { $0 + $1[j] } - want) < 1e-9) }
        for (c, want) in [0.7, 0.15, 0.15].enumerated() { #expect(abs(m[c].reduce(0, +) - want) < 1e-9) }
        #expect(m[2][1] / 0.15 > m[2][0] / 0.15, "GB: debit above credit")
    }
}
