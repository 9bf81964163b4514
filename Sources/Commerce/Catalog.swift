#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The store's products: every one with a fixed id, name, brand, subcategory, category and
/// list price, the same in every run, so the product dimension joins cleanly.
///
/// Popularity inside a category is long-tailed (Zipf, exponent 1.07): a few products sell a
/// lot, most sell a little.
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
        /// List price in US cents, before any currency conversion or discount.
        public let listPriceUSDCents: Int64
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
    }

    /// Every product, in a fixed order (indexes are stable).
    public let products: [Product]
    /// The seven categories, in the documented order.
    public let categories: [Category]

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

    init(seeds: [CategorySeed]) {
        var products: [Product] = []
        var categories: [Category] = []
        for (categoryIndex, seed) in seeds.enumerated() {
            var members: [Int] = []
            var number = 0
            for sub in seed.subcategories {
                for line in sub.lines {
                    for model in line.models {
                        for variant in sub.variants {
                            let name = variant == "Standard" || sub.variants.count == 1 ? model : "\(model) (\(variant))"
                            // Ids look arbitrary but are a fixed bijection of the product's number.
                            let id = 1000 + (number * 7_919 + 337) % 9000
                            let key = Mix.hash(UInt64(categoryIndex), UInt64(number), 0xCA7A)
                            let price = Catalog.listPrice(sub.priceRange, key)
                            members.append(products.count)
                            products.append(Product(
                                id: JSONText("prod_\(seed.slug)_\(id)"), name: JSONText(name),
                                brand: JSONText(line.brand), subcategory: JSONText(sub.name),
                                category: categoryIndex, listPriceUSDCents: price))
                            number += 1
                        }
                    }
                }
            }
            // Popularity rank: a fixed shuffle of the category's products, then Zipf weights.
            var ranked = members
            var shuffle = SeededRandom(seed: 0x5EED_CA7A, stream: UInt64(categoryIndex))
            ranked.shuffle(using: &shuffle)
            let zipf = (0..<ranked.count).map { 1 / pow107(Double($0 + 1)) }
            categories.append(Category(
                slug: seed.slug, id: JSONText("cat_\(seed.slug)"), name: JSONText(seed.name),
                defaultWeight: seed.weight, products: ranked, popularity: AliasTable(zipf)))
        }
        self.products = products
        self.categories = categories
    }

    /// A list price inside `range`, log-uniform, ending in .99 (or .49 under $10).
    static func listPrice(_ range: ClosedRange<Double>, _ bits: UInt64) -> Int64 {
        let u = Double(bits >> 11) * 0x1.0p-53
        let low = range.lowerBound.squareRoot(), high = range.upperBound.squareRoot()
        let raw = (low + (high - low) * u) * (low + (high - low) * u)
        return RetailPrice.cents(raw)
    }
}

/// The Zipf weight denominator, rank^1.07.
private func pow107(_ x: Double) -> Double { pow(x, 1.07) }
