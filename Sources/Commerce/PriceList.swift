/// The store's price list, read once from `Resources/price_list.tsv` (its header names the
/// source): a US list price for the first variant of every model, how each variant of a
/// subcategory is priced against it (more storage costs more; colours and sizes cost the
/// same) and how often it is chosen, which subcategories are consumables, and the factor that
/// takes a USD list price to each market's local price point.
///
/// Prices never move per sale: a product's price in a currency is one number, computed once.
struct PriceList: Sendable {
    /// How a variant is priced from the model's base price, and its share of the model's sales.
    struct Variant: Sendable {
        let multiplier: Double
        let addUSD: Double
        let share: Double
    }

    private var variants: [String: Variant] = [:]
    private var models: [String: Double] = [:]
    private var consumables: Set<String> = []
    private var factors: [String: Double] = [:]

    /// The built-in list.
    static let standard = PriceList(rows: ResourceTable.rows("price_list"))

    init(rows: [[Substring]]) {
        for row in rows {
            switch row.first {
            case "V" where row.count >= 6:
                variants["\(row[1])\t\(row[2])"] = Variant(multiplier: row[3].number, addUSD: row[4].number, share: row[5].number)
            case "P" where row.count >= 5: models["\(row[1])\t\(row[2])\t\(row[3])"] = row[4].number
            case "Q" where row.count >= 3: consumables.insert(String(row[1]))
            case "F" where row.count >= 4: factors["\(row[1])\t\(row[2])"] = row[3].number
            default: break
            }
        }
    }

    /// The variant rule of `variant` in `subcategory` (nil: not in the list).
    func variant(_ variant: String, of subcategory: String) -> Variant? { variants["\(subcategory)\t\(variant)"] }

    /// The USD list price of the model's first variant (nil: not in the list).
    func basePrice(subcategory: String, brand: String, model: String) -> Double? { models["\(subcategory)\t\(brand)\t\(model)"] }

    /// Whether the subcategory's products are used up and bought again (often several at once).
    func isConsumable(_ subcategory: String) -> Bool { consumables.contains(subcategory) }

    /// The local price in cents of `currency` (`USD`, `CAD`, `GBP`) for a USD list price.
    func localCents(usd: Double, currency: String, category: String) -> Int64 {
        let factor = currency == "USD" ? 1 : factors["\(currency)\t\(category)"] ?? factors["\(currency)\t*"] ?? 1
        return Self.pricePoint(usd * factor)
    }

    /// The nearest shelf price: .49/.99 under 10; whole units less a cent under 100; tens less
    /// a cent under 1,000; fifties less a cent above (`$1,349.99`).
    static func pricePoint(_ amount: Double) -> Int64 {
        let step: Double = amount < 10 ? 0.5 : amount < 100 ? 1 : amount < 1000 ? 10 : 50
        let units = max(1, (amount / step).rounded())
        return Int64((units * step * 100).rounded()) - 1
    }
}
