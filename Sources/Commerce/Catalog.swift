/// The store's products: every one with a fixed id, name, brand, subcategory, category and
/// list price, the same in every run, so the product dimension joins cleanly.
///
/// List prices come from the ``PriceList`` (a real price for the model and variant). Popularity
/// inside a category is long-tailed and knows the price (see ``Demand``): cheap products sell
/// more lines, and no single product carries a category's revenue.
public final class Catalog: Sendable {
    /// One product.
    public struct Product: Sendable {
        /// The product id (`prod_electronics_1234`).
        public let id: JSONText
        /// The product name shown to shoppers.
        public let name: JSONText
        /// The brand.
        public let brand: JSONText
        /// The subcategory (`Laptops`).
        public let subcategory: JSONText
        /// Index into ``Catalog/categories``.
        public let category: Int
        /// List price in US cents, before any discount.
        public let listPriceUSDCents: Int64
        /// How many a line usually buys.
        let quantityClass: Demand.QuantityClass
        /// The model it is a variant of (numbered across the catalog): the variants of one
        /// model change price and go on promotion together (see ``PriceEvents``).
        public let model: Int
    }

    /// One category: its id (`cat_electronics`), name, and products by popularity.
    public struct Category: Sendable {
        /// The lowercase name used in ids (`electronics`).
        public let slug: String
        /// The category id (`cat_electronics`).
        public let id: JSONText
        /// The category name (`Electronics`).
        public let name: JSONText
        /// The documented default share of transactions.
        public let defaultWeight: Double
        /// Product indexes, most popular first.
        public let products: [Int]
        let popularity: AliasTable
        /// The category's brands in order of first appearance, each with its products (most
        /// popular first) and their popularity within the brand.
        let brands: [(name: JSONText, products: [Int], popularity: AliasTable)]
        /// Each brand's share of the category's lines (the sum of its products' popularity).
        let brandShares: AliasTable
        /// The category's big-ticket products ($250 and up) and their popularity among them
        /// (nil: none).
        let bigTicket: (products: [Int], popularity: AliasTable)?
    }

    /// Every product, in a fixed order (indexes are stable).
    public let products: [Product]
    /// The seven categories, in the documented order.
    public let categories: [Category]
    /// Per product and month (`product * 12 + month`, 0 = January): how often it is kept when
    /// drawn then (``Seasons/keep(subcategories:categories:)``).
    let seasonKeep: [Float]
    /// The same for a pick of a customer's favourite brand (``Seasons/keepLoyal(subcategories:)``).
    let seasonKeepLoyal: [Float]

    /// The one catalog (it depends on no seed: product ids mean the same thing in every run).
    public static let standard = Catalog(seeds: catalogSeeds)

    /// The category named `name` (`Electronics`, `Home & Garden`, ...), if any.
    public func categoryIndex(named name: String) -> Int? {
        categories.firstIndex { $0.name.string == name }
    }

    /// A product of category `category`, drawn by popularity.
    @inline(__always)
    func pickProduct(in category: Int, _ random: inout SeededRandom) -> Int {
        let c = categories[category]
        return c.products[c.popularity.pick(&random)]
    }

    /// A product of brand `brand` (index into the category's ``Category/brands``), drawn by its
    /// popularity within the brand.
    @inline(__always)
    func pickProduct(in category: Int, brand: Int, _ random: inout SeededRandom) -> Int {
        let b = categories[category].brands[brand]
        return b.products[b.popularity.pick(&random)]
    }

    /// A big-ticket product of `category` drawn by popularity among them (nil: none).
    @inline(__always)
    func pickBigTicket(in category: Int, _ random: inout SeededRandom) -> Int? {
        guard let big = categories[category].bigTicket else { return nil }
        return big.products[big.popularity.pick(&random)]
    }

    /// A brand of `category` drawn by its share of the category's lines, from hashed `bits`.
    @inline(__always)
    func pickBrand(in category: Int, _ bits: UInt64) -> Int {
        categories[category].brandShares.pick(bits)
    }

    init(seeds: [CategorySeed], prices: PriceList = .standard) {
        var products: [Product] = []
        var categories: [Category] = []
        var catalogModels = 0
        for (categoryIndex, seed) in seeds.enumerated() {
            // Popularity rank of each model: a fixed shuffle of the category's models.
            var modelCount = 0
            for sub in seed.subcategories { for line in sub.lines { modelCount += line.models.count } }
            var ranks = Array(0..<modelCount)
            var shuffle = SeededRandom(seed: 0x5EED_CA7A, stream: UInt64(categoryIndex))
            ranks.shuffle(using: &shuffle)
            var members: [Int] = [], weights: [Double] = []
            var number = 0, modelNumber = 0
            for sub in seed.subcategories {
                for line in sub.lines {
                    for (model, own) in zip(line.models, line.variants) {
                        guard let base = prices.basePrice(subcategory: sub.name, brand: line.brand, model: model) else {
                            preconditionFailure("price_list.tsv has no price for \(sub.name) / \(line.brand) / \(model)")
                        }
                        // The variants the model really comes in; the list prices the first.
                        let variants = own ?? sub.variants
                        let rules = variants.map { variant in
                            guard let rule = prices.variant(variant, of: sub.name) else {
                                preconditionFailure("price_list.tsv has no variant \(variant) of \(sub.name)")
                            }
                            return rule
                        }
                        let first = rules[0], shares = rules.reduce(0) { $0 + $1.share }
                        for (variant, rule) in zip(variants, rules) {
                            let name = variant == "Standard" || sub.variants.count == 1 ? model : "\(model) (\(variant))"
                            // Ids look arbitrary but are a fixed bijection of the product's number.
                            let id = 1000 + (number * 7_919 + 337) % 9000
                            let price = PriceList.pricePoint(base * rule.multiplier / first.multiplier + rule.addUSD - first.addUSD)
                            let usd = Double(price + 1) / 100
                            members.append(products.count)
                            weights.append(Demand.weight(modelRank: ranks[modelNumber], variantShare: rule.share / shares, usd: usd))
                            products.append(Product(
                                id: JSONText("prod_\(seed.slug)_\(id)"), name: JSONText(name),
                                brand: JSONText(line.brand), subcategory: JSONText(sub.name),
                                category: categoryIndex, listPriceUSDCents: price,
                                quantityClass: .init(usd: usd, consumable: prices.isConsumable(sub.name)),
                                model: catalogModels))
                            number += 1
                        }
                        modelNumber += 1
                        catalogModels += 1
                    }
                }
            }
            // Most popular first (ties by catalog order, so the order is fixed).
            let order = weights.indices.sorted { weights[$0] > weights[$1] || (weights[$0] == weights[$1] && $0 < $1) }
            let big = order.filter { products[members[$0]].quantityClass == .bigTicket }
            var brandNames: [JSONText] = [], brandMembers: [JSONText: [Int]] = [:]
            for i in order {
                let brand = products[members[i]].brand
                if brandMembers[brand] == nil { brandNames.append(brand) }
                brandMembers[brand, default: []].append(i)
            }
            let brands = brandNames.map { name in
                let of = brandMembers[name]!
                return (name: name, products: of.map { members[$0] }, popularity: AliasTable(of.map { weights[$0] }))
            }
            categories.append(Category(
                slug: seed.slug, id: JSONText("cat_\(seed.slug)"), name: JSONText(seed.name),
                defaultWeight: seed.weight, products: order.map { members[$0] }, popularity: AliasTable(order.map { weights[$0] }),
                brands: brands, brandShares: AliasTable(brandNames.map { brandMembers[$0]!.reduce(0) { $0 + weights[$1] } }),
                bigTicket: big.isEmpty ? nil : (big.map { members[$0] }, AliasTable(big.map { weights[$0] }))))
        }
        self.products = products
        self.categories = categories
        seasonKeep = Seasons.keep(subcategories: products.map(\.subcategory.string), categories: products.map(\.category))
        seasonKeepLoyal = Seasons.keepLoyal(subcategories: products.map(\.subcategory.string))
    }

    /// The price of `product` in cents of `currency` (`USD`, `CAD`, `GBP`): the local price
    /// point of its list price, before any discount.
    public func localPriceCents(of product: Int, currency: String) -> Int64 {
        localPriceCents(of: product, currency: currency, factor: 1)
    }

    /// The local price point of `product`'s list price times `factor` (a price event's step).
    public func localPriceCents(of product: Int, currency: String, factor: Double) -> Int64 {
        let p = products[product]
        let usd = factor == 1 ? Double(p.listPriceUSDCents + 1) / 100 : Double(PriceList.pricePoint(Double(p.listPriceUSDCents + 1) / 100 * factor) + 1) / 100
        return PriceList.standard.localCents(usd: usd, currency: currency, category: categories[p.category].name.string)
    }
}

// MARK: - The catalog's source data's types (the data: CatalogData.swift)

/// One product line family: a brand and its models, each sold in every variant of the
/// subcategory unless it names its own (`iPhone 16 Pro Max[256GB,512GB]`: the variants it
/// really comes in, from the subcategory's rows of the price list, the first being the one
/// the list prices).
struct ProductLineSeed {
    let brand: String
    let models: [String]
    /// Each model's own variants (nil: the subcategory's).
    let variants: [[String]?]
}

/// A subcategory: its lines and the variants each is sold in (prices: `price_list.tsv`).
struct SubcategorySeed {
    let name: String
    let variants: [String]
    let lines: [ProductLineSeed]
}

/// A category: the id slug, the display name, the default weight and its subcategories.
struct CategorySeed {
    let slug: String
    let name: String
    let weight: Double
    let subcategories: [SubcategorySeed]
}
