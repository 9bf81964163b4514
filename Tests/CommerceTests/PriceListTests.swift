import Commerce
import Testing

@Suite("Price list, demand and quantity")
struct PriceListTests {
    static let catalog = Catalog.standard

    /// USD list price of the product named `name` (exact name, variant included).
    func usd(_ name: String) -> Double {
        guard let p = Self.catalog.products.first(where: { $0.name.string == name }) else {
            Issue.record("no product \(name)")
            return 0
        }
        return Double(p.listPriceUSDCents) / 100
    }

    func local(_ name: String, _ currency: String) -> Double {
        let i = Self.catalog.products.firstIndex { $0.name.string == name }!
        return Double(Self.catalog.localPriceCents(of: i, currency: currency)) / 100
    }

    @Test func storageAndSizeLaddersAscend() {
        for model in ["iPhone 16 Pro", "iPhone 16", "Pixel 9 Pro"] {
            #expect(usd("\(model) (128GB)") < usd("\(model) (256GB)") && usd("\(model) (256GB)") < usd("\(model) (512GB)"), "\(model)")
        }
        for model in ["iPhone 16 Pro Max", "Galaxy S24 Ultra", "12"] { #expect(usd("\(model) (256GB)") < usd("\(model) (512GB)"), "\(model)") }
        #expect(usd("iPad Air 11-inch (Wi-Fi 128GB)") < usd("iPad Air 11-inch (Wi-Fi 256GB)"))
        #expect(usd("iPad Pro 13-inch (Wi-Fi 256GB)") < usd("iPad Pro 13-inch (Wi-Fi 512GB)"))
        #expect(usd("iPad 10.9-inch (Wi-Fi 64GB)") < usd("iPad 10.9-inch (Wi-Fi 256GB)"))
        #expect(usd("Fire HD 10 (Wi-Fi 32GB)") < usd("Fire HD 10 (Wi-Fi 64GB)"))
        for model in ["MacBook Air 13-inch", "Inspiron 15"] { #expect(usd("\(model) (8GB RAM)") < usd("\(model) (16GB RAM)")) }
        for model in ["XPS 13", "Zenbook 14 OLED"] { #expect(usd("\(model) (16GB RAM)") < usd("\(model) (32GB RAM)")) }
        for model in ["OLED evo C4", "The Frame", "QM7 QLED"] {
            #expect(usd("\(model) (55-inch)") < usd("\(model) (65-inch)") && usd("\(model) (65-inch)") < usd("\(model) (75-inch)"))
        }
        #expect(usd("Dune (Paperback)") < usd("Dune (Hardcover)"))
    }

    /// A model comes only in the variants it is really sold in, the price list's figure is its
    /// first one's, and the rest of its ladder is priced from there (the subcategory's ladder
    /// applied to every model made a 128GB iPhone 16 Pro Max, an 8GB MacBook Pro 16-inch, a
    /// board-book Hunger Games and a kit lens for a fixed-lens camera).
    @Test func modelsComeOnlyInTheirRealVariants() {
        let names = Set(Self.catalog.products.map(\.name.string))
        for impossible in ["iPhone 16 Pro Max (128GB)", "Galaxy S24 Ultra (128GB)", "MacBook Pro 16-inch (8GB RAM)", "MacBook Pro 16-inch (16GB RAM)",
                           "MacBook Pro 14-inch (8GB RAM)", "Surface Pro 11 (8GB RAM)", "The Hunger Games (Board Book)",
                           "Harry Potter and the Sorcerer's Stone (Board Book)", "X100VI (with Kit Lens)", "X100VI (Body Only)",
                           "AirPods Pro 2 (Black)", "iPad Pro 13-inch (Wi-Fi 128GB)", "Fire HD 10 (Wi-Fi 256GB)", "Nord N30 (512GB)"] {
            #expect(!names.contains(impossible), "\(impossible) is for sale")
        }
        // The listed price is the model's first variant's; the next steps up as the ladder says.
        #expect(usd("iPhone 16 Pro Max (256GB)") == 1199.99 && usd("iPhone 16 Pro Max (512GB)") == 1399.99)
        #expect(usd("MacBook Pro 16-inch (24GB RAM)") == 2499.99 && usd("MacBook Pro 16-inch (48GB RAM)") == 2899.99)
        #expect(usd("iPad 10.9-inch (Wi-Fi 64GB)") == 349.99 && usd("iPad 10.9-inch (Wi-Fi 256GB)") == 499.99)
        #expect(usd("Fire HD 10 (Wi-Fi 32GB)") == 139.99 && usd("Fire HD 10 (Wi-Fi 64GB)") == 179.99)
        #expect(usd("The Hunger Games (Paperback)") < usd("The Hunger Games (Hardcover)"))
        #expect(usd("X100VI") == 1599.99)
        #expect(names.contains("Goodnight Moon (Board Book)") && names.contains("AirPods Max (Black)"))
    }

    @Test func coloursAndClothingSizesShareAPrice() {
        #expect(usd("AirPods Max (Black)") == usd("AirPods Max (White)"))
        #expect(usd("Samba OG (Black)") == usd("Samba OG (Grey)"))
        #expect(usd("Artisan 5-Quart Stand Mixer (Red)") == usd("Artisan 5-Quart Stand Mixer (Stainless Steel)"))
        #expect(usd("Rival Fleece Hoodie (M)") == usd("Rival Fleece Hoodie (L)"))
        #expect(usd("Sirrus 2.0 (Medium)") == usd("Sirrus 2.0 (Large)"))
        // Every multi-variant model whose variants are colours or sizes has one price.
        let sameAcross: Set = ["Headphones", "Shoes", "Outerwear", "Activewear", "Tops", "Dresses", "Jeans", "Socks", "Makeup", "Kitchen Appliances", "Cycling"]
        var byModel: [String: Set<Int64>] = [:]
        for p in Self.catalog.products where sameAcross.contains(p.subcategory.string) {
            let model = p.name.string.split(separator: " (").dropLast().joined(separator: " (")
            byModel["\(p.brand.string)|\(model)", default: []].insert(p.listPriceUSDCents)
        }
        #expect(byModel.count > 40)
        for (model, prices) in byModel { #expect(prices.count == 1, "\(model): \(prices.sorted())") }
    }

    @Test func cheapThingsAreCheapAndFlagshipsAreNot() {
        for name in ["Dune (Paperback)", "Ankle Socks (M)", "USB-C to USB-C Cable (6 ft)", "Tour Response Golf Balls (12-pack)",
                     "Pro V1 Golf Balls (12-pack)", "UNO Card Game", "Niacinamide 10% + Zinc 1%"] {
            #expect(usd(name) < 60 && usd(name) > 0, "\(name) \(usd(name))")
        }
        for name in ["Dune (Paperback)", "Ankle Socks (M)", "USB-C to USB-C Cable (6 ft)", "Tour Response Golf Balls (12-pack)"] {
            #expect(usd(name) < 50, "\(name)")
        }
        for name in ["iPhone 16 Pro (128GB)", "Galaxy S24 Ultra (256GB)", "Pixel 9 Pro (128GB)", "iPhone 16 Pro Max (256GB)"] {
            #expect(usd(name) > 500, "\(name)")
        }
        for name in ["MacBook Pro 14-inch (16GB RAM)", "OLED evo C4 (65-inch)", "EOS R6 Mark II (Body Only)", "iPad Pro 13-inch (Wi-Fi 256GB)"] {
            #expect(usd(name) > 900, "\(name)")
        }
        #expect(Self.catalog.products.allSatisfy { $0.listPriceUSDCents % 100 == 99 || $0.listPriceUSDCents % 100 == 49 })
    }

    @Test func localPricesAreLocalPricePoints() {
        #expect(usd("iPhone 16 Pro (128GB)") == 999.99)
        #expect(local("iPhone 16 Pro (128GB)", "GBP") == 999.99)
        #expect(local("iPhone 16 Pro (128GB)", "CAD") == 1349.99)
        #expect(local("Dune (Paperback)", "GBP") == 8.99)
        for i in Self.catalog.products.indices {
            for currency in ["CAD", "GBP"] {
                let cents = Self.catalog.localPriceCents(of: i, currency: currency)
                #expect(cents % 100 == 99 || cents % 100 == 49)
            }
        }
    }

    @Test func aProductHasOnePricePerCurrencyAndDayWithoutDiscount() throws {
        var seen: [Int64: Int64] = [:]
        var conflicts = 0
        var configuration = CommerceConfiguration()
        configuration.discountProbability = 0
        try generate(50_000, configuration: configuration) { t, _ in
            #expect(t.discountPercent == 0)
            let key = (CivilCalendar.day(ofMillis: t.timestampMillis) * 10_000 + Int64(t.product)) * 8 + Int64(t.currency)
            if let known = seen[key], known != t.priceCents { conflicts += 1 }
            seen[key] = t.priceCents
        }
        #expect(conflicts == 0)
    }

    /// Clothing comes in the sizes people wear, past L: activewear XS to XL, tops S to XL,
    /// dresses XS to L, every size of a model at one list price, and XL sold.
    @Test func clothingSizesGoPastLargeAtOnePrice() throws {
        let catalog = Catalog.standard
        func sizes(_ subcategory: String) -> Set<String> {
            Set(catalog.products.filter { $0.subcategory.string == subcategory }.compactMap { p in
                p.name.string.split(separator: "(").last.map { String($0.dropLast()) }
            })
        }
        #expect(sizes("Activewear") == ["XS", "S", "M", "L", "XL"])
        #expect(sizes("Tops") == ["S", "M", "L", "XL"])
        #expect(sizes("Dresses") == ["XS", "S", "M", "L"])
        for subcategory in ["Activewear", "Tops", "Dresses"] {
            let byModel = Dictionary(grouping: catalog.products.filter { $0.subcategory.string == subcategory }, by: \.model)
            #expect(byModel.values.allSatisfy { Set($0.map(\.listPriceUSDCents)).count == 1 }, "\(subcategory): one price per model")
        }
        var extraLarge = 0
        try generate(40_000) { t, _ in if catalog.products[t.product].name.string.hasSuffix("(XL)") { extraLarge += 1 } }
        #expect(extraLarge > 0)
    }

    /// Price events belong to the model: on every day of 20 weeks, in every currency, the
    /// variants of one model are priced as the price list ladders them (colours and sizes the
    /// same, more storage more, never a larger variant cheaper) and go on promotion together.
    @Test func variantsOfAModelChangePriceTogether() {
        let catalog = Catalog.standard
        let models = Dictionary(grouping: catalog.products.indices) { catalog.products[$0].model }
        let first = CivilCalendar.days(year: 2026, month: 9, day: 1)
        var compared = 0, moved = 0
        for (model, variants) in models where variants.count > 1 {
            let byList = variants.sorted { catalog.products[$0].listPriceUSDCents < catalog.products[$1].listPriceUSDCents }
            var previousFactor = PriceEvents.factor(product: byList[0], day: first)
            for day in first..<(first + 140) {
                let factor = PriceEvents.factor(product: byList[0], day: day)
                if factor != previousFactor { moved += 1 }
                previousFactor = factor
                let promotion = PriceEvents.promotion(product: byList[0], day: day)
                for p in byList.dropFirst() {
                    #expect(PriceEvents.factor(product: p, day: day) == factor, "model \(model) day \(day)")
                    #expect(PriceEvents.promotion(product: p, day: day) == promotion, "model \(model) day \(day)")
                }
                for currency in ["USD", "CAD", "GBP"] {
                    for (a, b) in zip(byList, byList.dropFirst()) {
                        let (pa, pb) = (catalog.localPriceCents(of: a, currency: currency, factor: factor),
                                        catalog.localPriceCents(of: b, currency: currency, factor: factor))
                        let sameOnTheList = catalog.products[a].listPriceUSDCents == catalog.products[b].listPriceUSDCents
                        #expect(sameOnTheList ? pa == pb : pa <= pb,
                                "\(catalog.products[a].name.string) \(pa) vs \(catalog.products[b].name.string) \(pb), \(currency), day \(day)")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 100_000 && moved > 100, "\(compared) pairs compared, \(moved) model price changes")
    }

    /// What the generator sells agrees: without discounts, two variants of one model sold on
    /// the same day in the same currency are priced in their list order.
    @Test func soldVariantsKeepTheirLadderOnEveryDay() throws {
        let catalog = Catalog.standard
        var configuration = CommerceConfiguration()
        configuration.discountProbability = 0
        // (model, currency, day) -> product -> price
        var sold: [[Int64]: [Int: Int64]] = [:]
        try generate(60_000, configuration: configuration, stepMillis: 120_000) { t, _ in
            let key = [Int64(catalog.products[t.product].model), Int64(t.currency), CivilCalendar.day(ofMillis: t.timestampMillis)]
            sold[key, default: [:]][t.product] = t.priceCents
        }
        var pairs = 0
        for (key, prices) in sold where prices.count > 1 {
            let byList = prices.keys.sorted { catalog.products[$0].listPriceUSDCents < catalog.products[$1].listPriceUSDCents }
            for (a, b) in zip(byList, byList.dropFirst()) {
                let sameOnTheList = catalog.products[a].listPriceUSDCents == catalog.products[b].listPriceUSDCents
                #expect(sameOnTheList ? prices[a] == prices[b] : prices[a]! <= prices[b]!, "\(key)")
                pairs += 1
            }
        }
        #expect(pairs > 200, "only \(pairs) same-day variant pairs sold")
    }

    /// Prices move as events: a product's list price is a step function of the day (held for
    /// whole periods, a few changes over weeks, at most five levels); promotions have a start
    /// and an end (runs of 3 to 7 days) and take 10-25 % off.
    @Test func pricesChangeAsEventsAndPromotionsHaveStartAndEnd() throws {
        let first = CivilCalendar.days(year: 2026, month: 9, day: 1)
        var changed = 0, products = 0, promotions = 0
        for product in stride(from: 0, to: Catalog.standard.products.count, by: 7) {
            products += 1
            var levels = Set<Double>(), changes = 0
            var previous = PriceEvents.factor(product: product, day: first)
            // A run already going on the first day started before the window: not counted.
            var run = PriceEvents.promotion(product: product, day: first) > 0 ? -100 : 0
            for day in first..<(first + 16 * 7) {
                let factor = PriceEvents.factor(product: product, day: day)
                levels.insert(factor)
                if factor != previous { changes += 1 }
                previous = factor
                let promotion = PriceEvents.promotion(product: product, day: day)
                #expect(promotion == 0 || [10, 15, 20, 25, 30].contains(promotion))
                if promotion > 0 { run += 1 } else {
                    if run > 0 { #expect(run >= 3 && run <= 14, "product \(product): a promotion of \(run) days") }
                    if run > 0 { promotions += 1 }
                    run = 0
                }
            }
            // 16 weeks hold 8 periods: at most 8 changes, never a change inside a period.
            #expect(changes <= 8 && levels.count <= 5)
            if changes > 0 { changed += 1 }
        }
        #expect(Double(changed) / Double(products) > 0.5, "\(changed) of \(products) products changed price in 16 weeks")
        #expect(promotions > products / 2, "\(promotions) promotions for \(products) products in 16 weeks")
        // A stepped price is still a shelf price and differs from the list price.
        let iPhone = Catalog.standard.products.firstIndex { $0.name.string == "iPhone 16 Pro (128GB)" }!
        #expect(Catalog.standard.localPriceCents(of: iPhone, currency: "USD", factor: 0.9) == 899_99)
    }
}
