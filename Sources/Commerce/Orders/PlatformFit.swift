/// Products made for one phone's platform, and whether they fit a shopper.
///
/// A case for a Galaxy S24 or a Lightning cable is bought by someone with that phone; a new
/// phone is mostly of the platform the buyer already has (about one buyer in eight switches);
/// an iPad or AirPods lean the same way, less strongly. A shopper's platform is their phone's
/// (iOS or Android); one without a phone buys no phone case, and any phone, tablet or
/// headphones. And one order holds at most one big-ticket product of a subcategory (two
/// different phones or televisions in one basket were an analyst's finding).
struct PlatformFit: Sendable {
    /// The platforms a product can be tied to.
    enum Platform: UInt8 { case none = 0, apple = 1, android = 2 }
    /// What a tied product is, by how often shoppers of the other platform buy it anyway.
    enum Kind: UInt8 { case accessory = 0, phone, tablet, headphones }

    /// Of each ``Kind``: the share of shoppers of another platform who keep it when drawn
    /// (switchers, households with both). An accessory fits its own platform only.
    static let crossShares: [Double] = [0, 0.12, 0.40, 0.25]

    /// Per product: 0 if it fits anyone, otherwise its platform's raw value | its kind's << 2.
    let ties: [UInt8]
    /// Per product: its subcategory's number when an order holds at most one product of it
    /// (a big-ticket product), -1 otherwise.
    let onePerOrder: [Int16]
    /// Per category: its most popular product that fits anyone (the last resort for a draw
    /// that found no fitting product).
    let fallback: [Int]
    /// Per device profile: its platform's raw value, from the device sets' flags (read for
    /// phones only: an iPhone's `apple`, an Android phone's `android`).
    let profilePlatforms: [UInt8]

    init(catalog: Catalog, deviceSets: DeviceSets) {
        ties = catalog.products.map { p in
            guard let (platform, kind) = Self.tie(subcategory: p.subcategory.string, brand: p.brand.string, name: p.name.string) else { return 0 }
            return platform.rawValue | kind.rawValue << 2
        }
        let ties = self.ties
        fallback = catalog.categories.map { c in c.products.first { ties[$0] == 0 } ?? c.products[0] }
        var subcategories: [String: Int16] = [:]
        onePerOrder = catalog.products.map { p in
            guard p.quantityClass == .bigTicket else { return -1 }
            let name = p.subcategory.string
            if let n = subcategories[name] { return n }
            let n = Int16(subcategories.count)
            subcategories[name] = n
            return n
        }
        profilePlatforms = zip(deviceSets.isApple, deviceSets.isGoogle).map { apple, google in
            (apple ? Platform.apple : google ? Platform.android : Platform.none).rawValue
        }
    }

    /// The platform and kind of a product, from its subcategory, brand and name (nil: it fits
    /// anyone).
    static func tie(subcategory: String, brand: String, name: String) -> (Platform, Kind)? {
        switch subcategory {
        case "Smartphones": return (brand == "Apple" ? .apple : .android, .phone)
        case "Tablets" where brand == "Apple": return (.apple, .tablet)
        case "Tablets" where brand == "Samsung": return (.android, .tablet)
        case "Headphones" where name.hasPrefix("AirPods"): return (.apple, .headphones)
        case "Accessories" where name.contains("iPhone") || name.contains("Lightning"): return (.apple, .accessory)
        case "Accessories" where name.contains("Galaxy") || name.contains("Pixel"): return (.android, .accessory)
        default: return nil
        }
    }

    /// The platform of a shopper whose phone is device profile `phone` (-1: none).
    @inline(__always)
    func platform(ofPhone phone: Int16) -> UInt8 {
        phone < 0 ? Platform.none.rawValue : profilePlatforms[Int(phone)]
    }

    /// Whether `product` fits a shopper of `platform` (a tied product of another platform is
    /// kept by its kind's ``crossShares``, drawn from `random` only then).
    @inline(__always)
    func fits(_ product: Int, platform: UInt8, _ random: inout SeededRandom) -> Bool {
        let tie = ties.withUnsafeBufferPointer { $0[product] }
        guard tie != 0, tie & 3 != platform else { return true }
        // A case or cable for another platform's phone never fits (nor a shopper without a
        // phone); without a phone, any phone, tablet or headphones does.
        let kind = Int(tie >> 2)
        guard kind != Int(Kind.accessory.rawValue) else { return false }
        return platform == Platform.none.rawValue || random.unit() < Self.crossShares[kind]
    }

    /// Whether `product` is a case or cable a shopper of `platform` never buys (draws nothing).
    @inline(__always)
    func neverFits(_ product: Int, platform: UInt8) -> Bool {
        let tie = ties.withUnsafeBufferPointer { $0[product] }
        return tie != 0 && tie & 3 != platform && tie >> 2 == Kind.accessory.rawValue
    }

    /// Whether `product` can join an order whose first `count` lines are `sheet`'s: not a
    /// product already in it, nor a second big-ticket product of a subcategory.
    @inline(__always)
    func joins(_ product: Int, _ sheet: OrderSheet, count: Int) -> Bool {
        let group = onePerOrder.withUnsafeBufferPointer { $0[product] }
        for i in 0..<count {
            let other = sheet[i].product
            if other == product { return false }
            if group >= 0, onePerOrder.withUnsafeBufferPointer({ $0[other] }) == group { return false }
        }
        return true
    }
}
