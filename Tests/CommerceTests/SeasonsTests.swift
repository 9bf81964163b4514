@testable import Commerce
import Testing

/// Demand follows the seasons inside each category: lawn and grills in spring, coats in autumn
/// and winter, and the categories keep their shares in every month.
@Suite("Seasons")
struct SeasonsTests {
    /// Lines and units per product over 80,000 lines from the 3rd of `month` (2026), and lines
    /// per category.
    static func sample(month: Int) throws -> (lines: [Int: Int], units: [Int: Int], categories: [Int: Int]) {
        var lines: [Int: Int] = [:], units: [Int: Int] = [:], categories: [Int: Int] = [:]
        let catalog = Catalog.standard
        try generate(80_000, start: CivilCalendar.days(year: 2026, month: month, day: 3) * 86_400_000, stepMillis: 8_000) { t, _ in
            lines[t.product, default: 0] += 1
            units[t.product, default: 0] += t.quantity
            categories[catalog.products[t.product].category, default: 0] += 1
        }
        return (lines, units, categories)
    }

    static let may = try! sample(month: 5), november = try! sample(month: 11)

    /// The share of `category`'s lines that are of `subcategory`.
    static func share(_ s: (lines: [Int: Int], units: [Int: Int], categories: [Int: Int]), _ subcategory: String, of category: String) -> Double {
        let catalog = Catalog.standard
        let c = catalog.categoryIndex(named: category)!
        let of = s.lines.filter { catalog.products[$0.key].subcategory.string == subcategory }.values.reduce(0, +)
        return Double(of) / Double(s.categories[c]!)
    }

    @Test func eachSeasonAveragesOneAndPeaksInItsMonths() {
        for (name, months) in Seasons.monthly {
            #expect(months.count == 12 && abs(months.reduce(0, +) / 12 - 1) < 0.01, "\(name)")
        }
        func peak(_ name: String) -> Int { Seasons.monthly[name]!.firstIndex(of: Seasons.monthly[name]!.max()!)! + 1 }
        #expect((4...6).contains(peak("Garden & Outdoor")) && (5...7).contains(peak("Camping & Hiking")))
        #expect([10, 11, 12, 1].contains(peak("Outerwear")) && peak("Exercise & Fitness") == 1 && peak("Fragrance") == 12)
        // A product of a subcategory without a season is always kept.
        let laptop = Catalog.standard.products.firstIndex { $0.subcategory.string == "Laptops" }!
        #expect((0..<12).allSatisfy { Catalog.standard.seasonKeep[laptop * 12 + $0] == 1 })
    }

    @Test func outOfSeasonProductsGiveWayInsideTheirCategory() {
        let (may, november) = (Self.may, Self.november)
        let gardenMay = Self.share(may, "Garden & Outdoor", of: "Home & Garden"), gardenNovember = Self.share(november, "Garden & Outdoor", of: "Home & Garden")
        #expect(gardenMay > 3.5 * gardenNovember, "garden: May \(gardenMay), November \(gardenNovember) of Home & Garden")
        let coatsMay = Self.share(may, "Outerwear", of: "Clothing"), coatsNovember = Self.share(november, "Outerwear", of: "Clothing")
        #expect(coatsNovember > 3 * coatsMay, "coats: May \(coatsMay), November \(coatsNovember) of Clothing")
        // The categories keep the mix's shares in both months.
        let catalog = Catalog.standard
        for s in [may, november] {
            let total = Double(s.categories.values.reduce(0, +))
            for (c, category) in catalog.categories.enumerated() {
                let share = Double(s.categories[c] ?? 0) / total
                #expect(abs(share - category.defaultWeight) < 0.015, "\(category.name.string): \(share)")
            }
        }
    }

    /// Drawn with the season, a subcategory sells its popularity times its month's factor (as
    /// a share of its category, the only seasonal subcategory of it), so over the year it keeps
    /// about its popularity's share (within 3 points).
    @Test func aSubcategorySellsItsPopularityTimesItsSeasonAndKeepsItsShareOverAYear() {
        let catalog = Catalog.standard
        for (subcategory, categoryName) in [("Garden & Outdoor", "Home & Garden"), ("Outerwear", "Clothing"), ("Fragrance", "Beauty & Health")] {
            let category = catalog.categoryIndex(named: categoryName)!
            var random = SeededRandom(seed: 3)
            let draws = 20_000
            func share(_ pick: () -> Int) -> Double {
                Double((0..<draws).filter { _ in catalog.products[pick()].subcategory.string == subcategory }.count) / Double(draws)
            }
            let popularity = share { catalog.pickProduct(in: category, &random) }
            var year = 0.0, expectedYear = 0.0
            for month in 0..<12 {
                let seasonal = share { catalog.inSeason(catalog.pickProduct(in: category, &random), category: category, month: month, &random) }
                // The month's factor against the rest of the category (which has none).
                let f = Seasons.factor(subcategory, month: month)
                let expected = popularity * f / (popularity * f + (1 - popularity))
                #expect(abs(seasonal - expected) < 0.012, "\(subcategory) in month \(month + 1): \(seasonal), expected \(expected)")
                year += seasonal / 12
                expectedYear += expected / 12
            }
            // Over a year: the months' shares (a share is not linear in its factor, so the year's
            // is near the popularity's share, not exactly it).
            #expect(abs(year - expectedYear) < 0.006, "\(subcategory) over a year: \(year), expected \(expectedYear)")
            #expect(abs(year - popularity) < 0.03, "\(subcategory) over a year: \(year), popularity \(popularity)")
        }
    }

    /// What sells most in November (by units) is not lawn seed, lawn food or a grill.
    @Test func novembersBestSellersAreNotGardenProducts() {
        let catalog = Catalog.standard
        let top = Self.november.units.sorted { $0.value > $1.value }.prefix(10).map { catalog.products[$0.key] }
        #expect(!top.contains { $0.subcategory.string == "Garden & Outdoor" }, "\(top.map(\.name.string))")
        let mayTop = Self.may.units.sorted { $0.value > $1.value }.prefix(10).map { catalog.products[$0.key] }
        #expect(mayTop.contains { $0.subcategory.string == "Garden & Outdoor" }, "in May the lawn sells: \(mayTop.map(\.name.string))")
    }
}
