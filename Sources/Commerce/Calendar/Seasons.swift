/// Demand that follows the seasons (the shop's markets, the US, Canada and the UK, are all in
/// the northern hemisphere): lawn food, grills and mowers in spring and early summer, tents and
/// bikes in summer, golf from spring to early autumn, coats from October to January, gym kit in
/// January, fragrance before Christmas and Valentine's Day. Within its category only: a product
/// out of season gives way to another product of its category (and in season it takes the place
/// of others), so the category shares hold in every month and a subcategory's over a year.
enum Seasons {
    /// Each seasonal subcategory's demand by month, January first, relative to its own year
    /// (each row averages 1). Subcategories not listed sell the same all year.
    static let monthly: [String: [Double]] = [
        "Garden & Outdoor": [0.3, 0.4, 0.95, 1.7, 2.1, 1.85, 1.5, 1.1, 0.85, 0.6, 0.2, 0.45],
        "Camping & Hiking": [0.5, 0.55, 0.8, 1.1, 1.5, 1.75, 1.7, 1.4, 1.0, 0.7, 0.5, 0.5],
        "Cycling": [0.55, 0.65, 1.0, 1.4, 1.55, 1.5, 1.35, 1.2, 1.0, 0.75, 0.5, 0.55],
        "Golf": [0.5, 0.65, 1.05, 1.45, 1.55, 1.5, 1.3, 1.15, 0.95, 0.75, 0.5, 0.65],
        "Exercise & Fitness": [1.8, 1.25, 1.05, 0.95, 0.9, 0.8, 0.8, 0.85, 1.0, 0.95, 0.9, 0.75],
        "Outerwear": [1.47, 1.04, 0.82, 0.6, 0.38, 0.27, 0.27, 0.49, 0.98, 1.69, 2.08, 1.91],
        "Fragrance": [0.75, 1.25, 0.85, 0.85, 0.95, 0.85, 0.75, 0.75, 0.85, 0.9, 1.35, 1.9],
    ]

    /// A subcategory's demand in `month` (0 = January; 1 without a season).
    static func factor(_ subcategory: String, month: Int) -> Double { monthly[subcategory]?[month] ?? 1 }

    /// How often a product drawn in each month (January first) is kept, for products of
    /// `subcategories` (each product's) in categories `categories` (each product's): its
    /// subcategory's factor that month over the largest factor of its category's products then.
    /// Drawing by popularity and keeping so (drawing again otherwise) sells each product in
    /// proportion to its popularity times its factor, so over a year (the factors average 1) a
    /// subcategory keeps close to its share of its category; a category without seasons keeps
    /// everything.
    static func keep(subcategories: [String], categories: [Int]) -> [Float] {
        var largest: [Int: [Double]] = [:]
        for (sub, c) in zip(subcategories, categories) {
            let row = (0..<12).map { factor(sub, month: $0) }
            largest[c] = zip(largest[c] ?? row, row).map(Swift.max)
        }
        return zip(subcategories, categories).flatMap { sub, c in
            (0..<12).map { Float(factor(sub, month: $0) / largest[c]![$0]) }
        }
    }

    /// How often a customer's pick of their favourite brand is kept in each month: its
    /// subcategory's factor, at most 1 (off season, a fan of a lawn brand buys something else
    /// of the category; a season elsewhere in the category does not dilute their loyalty).
    static func keepLoyal(subcategories: [String]) -> [Float] {
        subcategories.flatMap { sub in (0..<12).map { Float(Swift.min(1, factor(sub, month: $0))) } }
    }

    /// At most this many draws again for a product out of season (then the last one stays:
    /// in May, when Home & Garden keeps about 6 draws in 10, 1 line in 500 of it).
    static let redraws = 6
}

extension Catalog {
    /// `product`, drawn in `category` in `month` (0 = January), kept with its chance then
    /// (``Seasons/keep(subcategories:categories:)``), or else another product of the category
    /// drawn by popularity and kept the same way (up to ``Seasons/redraws`` times): so a
    /// product sells in proportion to its popularity times its season, and the category keeps
    /// its share. Draws nothing from `random` for a product kept for sure (every product of a
    /// category without seasons).
    /// A pick of the customer's favourite brand (`loyal`) is kept with its own factor, at most
    /// 1 (``Seasons/keepLoyal(subcategories:)``), or else replaced by a draw of the category.
    @inline(__always)
    func inSeason(_ product: Int, category: Int, month: Int, loyal: Bool = false, _ random: inout SeededRandom) -> Int {
        var product = product
        if loyal {
            let keep = seasonKeepLoyal.withUnsafeBufferPointer { $0[product &* 12 &+ month] }
            if keep >= 1 || random.unit() < Double(keep) { return product }
            product = pickProduct(in: category, &random)
        }
        for _ in 0..<Seasons.redraws {
            let keep = seasonKeep.withUnsafeBufferPointer { $0[product &* 12 &+ month] }
            guard keep < 1, random.unit() >= Double(keep) else { break }
            product = pickProduct(in: category, &random)
        }
        return product
    }
}
