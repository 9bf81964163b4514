/// Sales taxes by tax region (US state, Canadian province, UK nation), read once from
/// `Resources/sales_tax.tsv`, which names its sources.
///
/// Tax is charged on the taxable merchandise after discounts (``exemptions``: clothing in some
/// states, books in the UK) and, in Canada and the UK, on the share of the shipping that carries
/// taxable goods; US shipping is not taxed (its taxability differs by state: a simplification).
/// US rates are each state's average combined state and local rate; Canadian rates add GST and
/// the provincial part (HST, PST, QST); UK VAT is included in the shelf price, so its tax is the
/// VAT the price contains and the total does not add it again.
public struct SalesTax: Sendable, Equatable {
    /// Rate in thousandths of a percent (8.853% = 8853), so tax is integer arithmetic on cents.
    public let milliPercent: Int64
    /// `sales`, `GST`, `HST`, `GST+PST`, `GST+QST`, `VAT`.
    public let kind: String
    /// Whether the shelf price already contains the tax (UK VAT).
    public let included: Bool
    /// Categories (bits by index into ``Catalog/categories`` of the standard catalog) the
    /// region does not tax.
    public internal(set) var exemptCategories: UInt64 = 0
    /// Whether delivery is taxed with the goods it carries (Canada's GST/HST, UK VAT).
    public internal(set) var taxesShipping = false

    init(milliPercent: Int64, kind: String, included: Bool) {
        self.milliPercent = milliPercent
        self.kind = kind
        self.included = included
    }

    /// Categories not taxed, by "country/region" or by country: clothing in Pennsylvania, New
    /// Jersey, Minnesota and Vermont (state law; local add-ons ignored), books in the UK (zero
    /// rate). Partial exemptions (New York under $110, Massachusetts under $175, children's
    /// clothes) are not modelled.
    static let exemptions: [String: [String]] = [
        "US/PA": ["Clothing"], "US/NJ": ["Clothing"], "US/MN": ["Clothing"], "US/VT": ["Clothing"],
        "GB": ["Books"],
    ]
    /// Countries whose tax on delivery follows the goods delivered. US states differ; none is
    /// modelled as taxing it.
    static let shippingTaxedIn: Set<String> = ["CA", "GB"]

    /// Whether the region leaves category `category` (index into the standard catalog's
    /// categories) untaxed.
    @inline(__always)
    public func isExempt(category: Int) -> Bool { exemptCategories & (1 << UInt64(category)) != 0 }

    /// Whether the region leaves category `name` of the standard catalog untaxed.
    public func isExempt(categoryNamed name: String) -> Bool {
        Catalog.standard.categoryIndex(named: name).map(isExempt(category:)) ?? false
    }

    /// The tax of an order, rounded once, half up: on `taxableCents` (the taxable merchandise
    /// after discounts, at most `netCents`, all of it) and, where delivery is taxed, on the
    /// share `taxable / net` of `shippingCents`; added on top, or the part of that base that is
    /// tax when ``included``.
    @inline(__always)
    public func tax(taxableCents: Int64, netCents: Int64, shippingCents: Int64) -> Int64 {
        guard taxesShipping, shippingCents > 0, netCents > 0, taxableCents > 0 else { return tax(onCents: taxableCents) }
        // base = taxable * (net + shipping) / net; tax = base * rate / (100,000 [+ rate]).
        let numerator = Int128(min(taxableCents, netCents)) * Int128(netCents + shippingCents) * Int128(milliPercent)
        let denominator = Int128(netCents) * Int128(included ? 100_000 + milliPercent : 100_000)
        return Int64((numerator + denominator / 2) / denominator)
    }

    /// The tax on `netCents` (merchandise after discounts), rounded half up to the cent: added on
    /// top, or, when ``included``, the part of `netCents` that is tax.
    @inline(__always)
    public func tax(onCents netCents: Int64) -> Int64 {
        if included {
            let gross = 100_000 + milliPercent
            return (netCents * milliPercent + gross / 2) / gross
        }
        return (netCents * milliPercent + 50_000) / 100_000
    }

    /// Every row of the table by "country/region" (`US/NY`, `CA/QC`, `GB/SCT`).
    static let table: [String: SalesTax] = {
        var rows: [String: SalesTax] = [:]
        for r in ResourceTable.rows("sales_tax") where r.count >= 5 {
            rows["\(r[0])/\(r[1])"] = SalesTax(
                milliPercent: Int64((r[2].number * 1000).rounded()), kind: String(r[3]), included: r[4] == "1")
        }
        return rows
    }()

    /// The source line of the table.
    public static var source: String { ResourceTable.source("sales_tax") }

    /// The tax of each of `geography`'s regions, in its order (no tax where the table has no
    /// row), with the categories it exempts among `catalog`'s.
    static func byRegion(_ geography: Geography, catalog: Catalog = .standard) -> [SalesTax] {
        geography.regions.map { region in
            var tax = table["\(region.country)/\(region.code)"] ?? SalesTax(milliPercent: 0, kind: "none", included: false)
            for name in (exemptions["\(region.country)/\(region.code)"] ?? []) + (exemptions[region.country] ?? []) {
                guard let c = catalog.categoryIndex(named: name) else { preconditionFailure("no category \(name)") }
                tax.exemptCategories |= 1 << UInt64(c)
            }
            tax.taxesShipping = shippingTaxedIn.contains(region.country)
            return tax
        }
    }

    /// The tax applied in `country`/`region` (`US`, `PA`), exemptions included.
    public static func of(country: String, region: String) -> SalesTax? { standardByKey["\(country)/\(region)"] }
    private static let standardByKey: [String: SalesTax] = Dictionary(
        zip(Geography.standard.regions.map { "\($0.country)/\($0.code)" }, byRegion(.standard)), uniquingKeysWith: { a, _ in a })
}

/// Shipping per currency: a flat fee below a free-shipping threshold (merchandise after discounts).
public struct ShippingRate: Sendable, Equatable {
    /// Orders at or above this (cents) ship free.
    public let freeFromCents: Int64
    /// The fee below it (cents).
    public let feeCents: Int64

    /// The shipping of an order whose merchandise costs `netCents`.
    @inline(__always)
    public func shipping(forCents netCents: Int64) -> Int64 { netCents >= freeFromCents ? 0 : feeCents }

    /// USD: free from $35, else $5.99; CAD: free from $50, else $8.99; GBP: free from £25, else £3.99.
    static let byCurrencyCode: [String: ShippingRate] = [
        "USD": ShippingRate(freeFromCents: 3500, feeCents: 599),
        "CAD": ShippingRate(freeFromCents: 5000, feeCents: 899),
        "GBP": ShippingRate(freeFromCents: 2500, feeCents: 399),
    ]
}
