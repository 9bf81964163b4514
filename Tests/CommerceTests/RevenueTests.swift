import Commerce
import Testing

@Suite("Revenue and quantity over 200,000 transactions")
struct RevenueTests {
    struct Sample {
        var revenueBySKU: [Int: Double] = [:]
        var revenueByCategory: [String: Double] = [:]
        var linesByCategory: [String: Int] = [:]
        var quantityByCategory: [String: Int] = [:]
        var bigTicketLines = 0, bigTicketSingles = 0
        var total = 0.0
    }

    static let sample: Sample = {
        var s = Sample()
        var g = try! TransactionGenerator(configuration: CommerceConfiguration())
        for i in 0..<200_000 {
            let t = g.next(at: referenceMillis + Int64(i) * 700)
            let product = g.catalog.products[t.product]
            let category = g.catalog.categories[product.category].name.string
            let usd = Double(t.priceCents) / 100 / g.geography.currencies[t.currency].perUSD * Double(t.quantity)
            s.revenueBySKU[t.product, default: 0] += usd
            s.revenueByCategory[category, default: 0] += usd
            s.linesByCategory[category, default: 0] += 1
            s.quantityByCategory[category, default: 0] += t.quantity
            s.total += usd
            if product.listPriceUSDCents >= 50_000 {
                s.bigTicketLines += 1
                if t.quantity == 1 { s.bigTicketSingles += 1 }
            }
        }
        return s
    }()

    @Test func noSingleProductCarriesTheRevenue() {
        let s = Self.sample
        let top = s.revenueBySKU.values.max()! / s.total
        #expect(top < 0.02, "top SKU \(top)")
        let top10 = s.revenueBySKU.values.sorted(by: >).prefix(10).reduce(0, +) / s.total
        #expect(top10 < 0.15, "top 10 SKUs \(top10)")
    }

    @Test func categoryRevenueSharesArePlausible() {
        let s = Self.sample
        let share = s.revenueByCategory.mapValues { $0 / s.total }
        #expect(share["Electronics"]! < 0.55 && share["Electronics"]! > 0.25, "\(share)")
        for (category, value) in share where category != "Electronics" { #expect(value > 0.005 && value < 0.30, "\(category) \(value)") }
        // The row shares stay as documented.
        #expect(abs(Double(s.linesByCategory["Electronics"]!) / 200_000 - 0.25) < 0.01)
    }

    @Test func bigTicketItemsAreBoughtOneAtATime() {
        let s = Self.sample
        #expect(s.bigTicketLines > 1000)
        #expect(Double(s.bigTicketSingles) / Double(s.bigTicketLines) >= 0.95)
        let mean = { (c: String) in Double(s.quantityByCategory[c]!) / Double(s.linesByCategory[c]!) }
        #expect(mean("Books") > 1.3 && mean("Beauty & Health") > 1.3)
        #expect(mean("Books") > mean("Home & Garden") + 0.1)
    }
}

