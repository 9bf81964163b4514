/// Demand that follows the seasons (the shop's markets, the US, Canada and the UK, are all in
/// the northern hemisphere): lawn food, grills and mowers in spring and early summer, tents and
/// bikes in summer, golf from spring to early autumn, coats from October to January, gym kit in
/// January, fragrance before Christmas and Valentine's Day. Within its category only: a product
/// out of season gives way to another product of its category, so the category shares hold in
/// every month.
enum Seasons {
    /// Each seasonal subcategory's demand by month, January first, relative to its own year
    /// (each row averages 1). Subcategories not listed sell the same all year.
    static let monthly: [String: [Double]] = [
        "Garden & Outdoor": [0.35, 0.45, 0.9, 1.6, 1.95, 1.75, 1.4, 1.05, 0.8, 0.6, 0.4, 0.75],
        "Camping & Hiking": [0.5, 0.55, 0.8, 1.1, 1.5, 1.75, 1.7, 1.4, 1.0, 0.7, 0.5, 0.5],
        "Cycling": [0.55, 0.65, 1.0, 1.4, 1.55, 1.5, 1.35, 1.2, 1.0, 0.75, 0.5, 0.55],
        "Golf": [0.5, 0.65, 1.05, 1.45, 1.55, 1.5, 1.3, 1.15, 0.95, 0.75, 0.5, 0.65],
        "Exercise & Fitness": [1.8, 1.25, 1.05, 0.95, 0.9, 0.8, 0.8, 0.85, 1.0, 0.95, 0.9, 0.75],
        "Outerwear": [1.47, 1.04, 0.82, 0.6, 0.38, 0.27, 0.27, 0.49, 0.98, 1.69, 2.08, 1.91],
        "Fragrance": [0.75, 1.25, 0.85, 0.85, 0.95, 0.85, 0.75, 0.75, 0.85, 0.9, 1.35, 1.9],
    ]

    /// How often a product of `subcategory` drawn in each month (January first) is kept: the
    /// month's demand over its best month's (1 all year round for a product without a season).
    static func keep(subcategory: String) -> [Float] {
        guard let months = monthly[subcategory], let best = months.max() else { return Array(repeating: 1, count: 12) }
        return months.map { Float($0 / best) }
    }

    /// At most this many draws again for a product out of season (then the last one stays).
    static let redraws = 3
}

extension Catalog {
    /// `product`, drawn in `category` in `month` (0 = January), or, when it is out of season
    /// then, another product of the category drawn by popularity (up to ``Seasons/redraws``
    /// times): so a product sells in proportion to its popularity times its season, and the
    /// category keeps its share. Draws nothing from `random` for a product without a season.
    @inline(__always)
    func inSeason(_ product: Int, category: Int, month: Int, _ random: inout SeededRandom) -> Int {
        var product = product
        for _ in 0..<Seasons.redraws {
            let keep = seasonKeep.withUnsafeBufferPointer { $0[product &* 12 &+ month] }
            guard keep < 1, random.unit() >= Double(keep) else { break }
            product = pickProduct(in: category, &random)
        }
        return product
    }
}
