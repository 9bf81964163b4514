#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many of a product a line buys, and how popular each product is within its category.
///
/// Popularity knows the price: a model's Zipf rank (a fixed shuffle, exponent 0.35) times the
/// variant's share times price^-0.9, so cheap products sell more lines and no single expensive
/// product carries a category's revenue. Quantity depends on the product: big-ticket items
/// are almost always bought one at a time, cheap and consumable items often several.
enum Demand {
    /// Zipf exponent over a category's models.
    static let modelExponent = 0.35
    /// Price elasticity of a product's share of its category's lines.
    static let priceExponent = 0.9

    /// Relative popularity of one product.
    static func weight(modelRank: Int, variantShare: Double, usd: Double) -> Double {
        variantShare / pow(Double(modelRank + 1), modelExponent) / pow(max(usd, 1), priceExponent)
    }

    /// Quantity classes, by list price and consumability.
    enum QuantityClass: Int, Sendable, CaseIterable {
        /// $250 and up: televisions, laptops, phones, cameras, grills.
        case bigTicket
        /// $60 to $250.
        case midPrice
        /// Under $60.
        case cheap
        /// Under $60 and used up: cables, socks, skincare, vitamins.
        case consumable

        /// Shares of quantities 1 to 5 of the class's typical product (each product's tail is
        /// scaled: ``quantityShares(of:usd:product:)``), thinning out to 5 rather than piling there.
        var shares: [Double] {
            switch self {
            case .bigTicket: [0.975, 0.020, 0.004, 0.001, 0]
            case .midPrice: [0.88, 0.09, 0.02, 0.007, 0.003]
            case .cheap: [0.72, 0.175, 0.06, 0.03, 0.015]
            case .consumable: [0.55, 0.24, 0.12, 0.06, 0.03]
            }
        }

        init(usd: Double, consumable: Bool) {
            self = usd >= 250 ? .bigTicket : usd >= 60 ? .midPrice : consumable ? .consumable : .cheap
        }
    }

    /// Each product of `catalog`'s quantity table, by ``quantityShares(of:usd:product:)``.
    static func quantityTables(_ catalog: Catalog) -> [AliasTable] {
        catalog.products.indices.map { p in
            let product = catalog.products[p]
            return AliasTable(quantityShares(of: product.quantityClass, usd: Double(product.listPriceUSDCents + 1) / 100, product: p))
        }
    }

    /// Shares of quantities 1 to 5 of `product` (its index in the catalog) of list price `usd`:
    /// its class's, with the tail (2 and more) scaled by the product's own propensity to be
    /// bought several at a time, 0.5 to 1.5 (a function of the product, so the same in every
    /// run): socks and phone cases are not bought alike. From USD 1,000 almost always one (an
    /// analyst found 4 MacBook Pros in one line).
    static func quantityShares(of quantityClass: QuantityClass, usd: Double, product: Int) -> [Double] {
        if usd >= 1000 { return [0.994, 0.005, 0.001, 0, 0] }
        let propensity = 0.5 + Mix.unit(UInt64(product), 0x9A17, 0x05)
        var shares = quantityClass.shares
        for k in 1..<shares.count { shares[k] *= propensity }
        shares[0] = 1 - shares.dropFirst().reduce(0, +)
        return shares
    }
}
