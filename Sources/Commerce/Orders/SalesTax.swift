/// Sales taxes by tax region (US state, Canadian province, UK nation), read once from
/// `Resources/sales_tax.tsv`, which names its sources.
///
/// Tax is charged on the merchandise after discounts; shipping is not taxed (its taxability
/// differs by state and province; leaving it out keeps one rule). US rates are each state's
/// average combined state and local rate; Canadian rates add GST and the provincial part (HST,
/// PST, QST); UK VAT is included in the shelf price, so its tax is the VAT the price contains
/// and the total does not add it again.
public struct SalesTax: Sendable, Equatable {
    /// Rate in thousandths of a percent (8.853% = 8853), so tax is integer arithmetic on cents.
    public let milliPercent: Int64
    /// `sales`, `GST`, `HST`, `GST+PST`, `GST+QST`, `VAT`.
    public let kind: String
    /// Whether the shelf price already contains the tax (UK VAT).
    public let included: Bool

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

    /// The tax of each of `geography`'s regions, in its order (no tax where the table has no row).
    static func byRegion(_ geography: Geography) -> [SalesTax] {
        geography.regions.map { table["\($0.country)/\($0.code)"] ?? SalesTax(milliPercent: 0, kind: "none", included: false) }
    }
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
