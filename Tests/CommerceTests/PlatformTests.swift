@testable import Commerce
import Testing

/// What a shopper buys fits the phone they have: no Galaxy case for an iPhone, mostly a phone
/// of their own platform, and one phone (or television, or laptop) to an order.
@Suite struct PlatformTests {
    /// Lines of two simulated weeks: (transaction, product name, subcategory, the shopper's phone's OS or "").
    static let lines: [(t: Transaction, name: String, subcategory: String, phoneOS: String)] = {
        let catalog = Catalog.standard, devices = Devices.standard
        var lines: [(Transaction, String, String, String)] = []
        try! generate(240_000, stepMillis: 5_000) { t, _ in
            let p = catalog.products[t.product]
            let os = t.user.phone < 0 ? "" : devices.profiles[Int(t.user.phone)].os.string
            lines.append((t, p.name.string, p.subcategory.string, os))
        }
        return lines
    }()

    @Test func aCaseOrCableIsForTheShoppersOwnPhone() {
        var tied = 0
        for l in Self.lines {
            let forIPhone = l.name.contains("iPhone 16 Case") || l.name.contains("Lightning")
            let forGalaxy = l.name.contains("Galaxy S24 Case")
            guard forIPhone || forGalaxy else { continue }
            tied += 1
            #expect(l.phoneOS == (forIPhone ? "iOS" : "Android"), "\(l.name) bought by a shopper whose phone is '\(l.phoneOS)'")
        }
        // About 1 line in 400 is one of them: the check has something to check.
        #expect(tied > 200, "\(tied) lines of phone cases and Lightning cables")
    }

    @Test func mostPhonesAreOfTheBuyersOwnPlatformAndSomeSwitch() {
        var own = 0, other = 0, noPhone = 0
        for l in Self.lines where l.subcategory == "Smartphones" {
            guard !l.phoneOS.isEmpty else { noPhone += 1; continue }
            let isIPhone = l.name.hasPrefix("iPhone")
            if isIPhone == (l.phoneOS == "iOS") { own += 1 } else { other += 1 }
        }
        let switched = Double(other) / Double(own + other)
        // About one buyer in eight switches (measured: 12.2 %); drawn by popularity alone,
        // about half of them would be of the other platform.
        #expect(own + other > 1_000, "\(own + other) phone lines")
        #expect(switched > 0.06 && switched < 0.2, "\(switched * 100)% of phones bought are of the other platform")
        #expect(noPhone > 0)
    }

    @Test func anOrderHoldsOneBigTicketProductOfASubcategory() {
        let catalog = Catalog.standard
        var orders: [UInt64: [Int]] = [:]
        for l in Self.lines { orders[l.t.order, default: []].append(l.t.product) }
        var twoPhones = 0, repeats = 0, bigLines = 0
        for products in orders.values {
            let big = products.filter { catalog.products[$0].quantityClass == .bigTicket }
            bigLines += big.count
            let subcategories = big.map { catalog.products[$0].subcategory.string }
            if Set(subcategories).count < subcategories.count { twoPhones += 1 }
            if Set(products).count < products.count { repeats += 1 }
        }
        #expect(bigLines > 5_000)
        // Four draws each: what remains is chance within a category of few big-ticket products.
        #expect(twoPhones <= bigLines / 2_000, "\(twoPhones) orders with two big-ticket products of one subcategory")
        #expect(repeats <= orders.count / 5_000, "\(repeats) orders with a product on two lines")
    }

    /// The label in a product name's last brackets (`Crew Neck T-Shirt (M)`: `M`).
    static func variant(_ name: String) -> String? {
        guard name.hasSuffix(")"), let open = name.lastIndex(of: "(") else { return nil }
        return String(name[name.index(after: open)..<name.index(before: name.endIndex)])
    }

    /// A customer's clothes are mostly in one size and their makeup in one shade: two lines of
    /// one customer's in different orders agree far more often than popularity alone would
    /// make them (about one pair in four), and every size still sells.
    @Test(arguments: [
        ("Tops", ["S", "M", "L", "XL"]), ("Activewear", ["XS", "S", "M", "L", "XL"]), ("Dresses", ["XS", "S", "M", "L"]),
        ("Socks", ["M", "L"]), ("Makeup", ["Light", "Medium", "Deep"]),
    ])
    func aCustomerBuysInTheirOwnSize(subcategory: String, labels: [String]) {
        var byUser: [UInt64: [(order: UInt64, label: String)]] = [:]
        var counts: [String: Int] = [:]
        for l in Self.lines where l.subcategory == subcategory {
            guard let label = Self.variant(l.name), labels.contains(label) else { continue }
            byUser[l.t.user.index, default: []].append((l.t.order, label))
            counts[label, default: 0] += 1
        }
        var pairs = 0, same = 0
        for lines in byUser.values {
            for a in lines.indices { for b in lines.indices where b > a && lines[a].order != lines[b].order {
                pairs += 1
                if lines[a].label == lines[b].label { same += 1 }
            } }
        }
        let share = Double(same) / Double(max(1, pairs))
        #expect(pairs > 100, "\(pairs) pairs of \(subcategory) lines")
        // With one size for four lines in five (and the rest by popularity): measured 64-76 %;
        // by popularity alone 23-35 % (socks 50 %).
        #expect(share > 0.55, "\(subcategory): \(share * 100)% of a customer's pairs of lines share a size")
        // Each size keeps its share of the subcategory's sales (the price list's), as drawn by
        // popularity: dresses their XS, socks half M and half L.
        let total = Double(counts.values.reduce(0, +))
        let catalogShares = labels.map { PriceList.standard.variant($0, of: subcategory)!.share }
        for (label, expected) in zip(labels, catalogShares) {
            let share = Double(counts[label] ?? 0) / total, want = expected / catalogShares.reduce(0, +)
            #expect(abs(share - want) < 0.04, "\(subcategory) \(label): \(share * 100)% of lines, the price list's share \(want * 100)%")
        }
    }

    /// Tablets and AirPods lean to the buyer's platform, less than phones: of their lines bought
    /// by shoppers with a phone, the other platform's share is the kind's.
    @Test(arguments: [("Tablets", 0.15, 0.35), ("Headphones", 0.05, 0.3)])
    func tabletsAndAirPodsLeanToTheBuyersPlatform(subcategory: String, low: Double, high: Double) {
        var own = 0, other = 0
        for l in Self.lines where l.subcategory == subcategory && !l.phoneOS.isEmpty {
            let apple = l.name.hasPrefix("iPad") || l.name.hasPrefix("AirPods")
            let android = l.name.hasPrefix("Galaxy Tab")
            guard apple || android else { continue }
            if apple == (l.phoneOS == "iOS") { own += 1 } else { other += 1 }
        }
        let share = Double(other) / Double(max(1, own + other))
        #expect(own + other > 300, "\(own + other) \(subcategory) lines")
        #expect(share > low && share < high, "\(subcategory): \(share * 100)% bought by shoppers of the other platform")
    }

    /// The last resort of a draw that found nothing fitting fits anyone, and a case never fits
    /// another platform's phone, nor a shopper without one.
    @Test func theLastResortFitsAnyoneAndACaseFitsOnlyItsPlatform() {
        let catalog = Catalog.standard
        let fit = PlatformFit(catalog: catalog, deviceSets: DeviceSets(.standard))
        for c in catalog.categories.indices {
            #expect(fit.ties[fit.fallback[c]] == 0 && catalog.products[fit.fallback[c]].category == c)
        }
        let apple = PlatformFit.Platform.apple.rawValue, android = PlatformFit.Platform.android.rawValue, none = PlatformFit.Platform.none.rawValue
        let iPhoneCase = catalog.products.firstIndex { $0.name.string.contains("iPhone 16 Case") }!
        let galaxyCase = catalog.products.firstIndex { $0.name.string.contains("Galaxy S24 Case") }!
        let iPhone = catalog.products.firstIndex { $0.name.string.hasPrefix("iPhone 16") }!
        #expect(fit.neverFits(iPhoneCase, platform: android) && fit.neverFits(iPhoneCase, platform: none) && !fit.neverFits(iPhoneCase, platform: apple))
        #expect(fit.neverFits(galaxyCase, platform: apple) && !fit.neverFits(galaxyCase, platform: android))
        #expect(!fit.neverFits(iPhone, platform: android) && !fit.neverFits(iPhone, platform: none))
    }

    /// The rule holds where tied products are thick on the ground and for another generator of
    /// three: a profile selling only electronics, whose shoppers' cases and cables all fit.
    @Test func anElectronicsShopOfThreeGeneratorsSellsNoMisfit() throws {
        var configuration = CommerceConfiguration()
        configuration.categories = ["Electronics": 1]
        let catalog = Catalog.standard, devices = Devices.standard
        var tied = 0, misfits = 0
        try generate(60_000, configuration: configuration, generator: 1, of: 3, stepMillis: 5_000) { t, _ in
            let name = catalog.products[t.product].name.string
            let forIPhone = name.contains("iPhone 16 Case") || name.contains("Lightning"), forGalaxy = name.contains("Galaxy S24 Case")
            guard forIPhone || forGalaxy else { return }
            tied += 1
            let os = t.user.phone < 0 ? "" : devices.profiles[Int(t.user.phone)].os.string
            if os != (forIPhone ? "iOS" : "Android") { misfits += 1 }
        }
        #expect(tied > 200, "\(tied) lines of phone cases and Lightning cables")
        #expect(misfits == 0, "\(misfits) of \(tied) cases and cables bought for another platform")
    }
}
