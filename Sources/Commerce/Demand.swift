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

        /// Shares of quantities 1 to 5.
        var shares: [Double] {
            switch self {
            case .bigTicket: [0.975, 0.020, 0.004, 0.001, 0]
            case .midPrice: [0.88, 0.09, 0.02, 0.007, 0.003]
            case .cheap: [0.72, 0.17, 0.06, 0.03, 0.02]
            case .consumable: [0.55, 0.22, 0.11, 0.07, 0.05]
            }
        }

        init(usd: Double, consumable: Bool) {
            self = usd >= 250 ? .bigTicket : usd >= 60 ? .midPrice : consumable ? .consumable : .cheap
        }
    }

    /// One alias table per class, in ``QuantityClass`` order.
    static let quantityTables = QuantityClass.allCases.map { AliasTable($0.shares) }
}
