#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Each market's currency and the fixed rate used where a USD amount must be converted (list
/// prices have their own local price points: see ``PriceList``).
let marketCurrencies: [String: (code: String, perUSD: Double)] = [
    "US": ("USD", 1.0),
    "CA": ("CAD", 1.36),
    "GB": ("GBP", 0.79),
]

extension Geography {
    /// Builds the geography from the rows of `postal_areas.tsv` (country, region, city, code,
    /// latitude, longitude, population, home radius in km, IANA zone) and `time_zones.tsv`
    /// (name, standard offset in minutes, DST rule).
    convenience init(areaRows: [[Substring]], zoneRows: [[Substring]]) {
        let zones = zoneRows.map { row in
            TimeZone(name: String(row[0]), standardOffsetMinutes: Int(row[1]) ?? 0, daylightSaving: DaylightSaving(rawValue: String(row[2])) ?? .none)
        }
        var zoneIndex: [Substring: Int] = [:]
        for (i, zone) in zones.enumerated() { zoneIndex[Substring(zone.name)] = i }
        let codes = marketCurrencies.keys.sorted()
        var regions: [Region] = []
        var regionIndex: [String: Int] = [:]
        var areas: [Area] = []
        areas.reserveCapacity(areaRows.count)
        for row in areaRows where row.count >= 9 {
            let country = String(row[0])
            guard let currency = codes.firstIndex(of: country), let zone = zoneIndex[row[8]] else { continue }
            let regionKey = "\(country)-\(row[1])"
            let region = regionIndex[regionKey] ?? {
                regions.append(Region(country: country, code: String(row[1])))
                regionIndex[regionKey] = regions.count - 1
                return regions.count - 1
            }()
            let latitude = row[4].number
            areas.append(Area(
                country: JSONText(country), countryCode: country, region: JSONText(String(row[1])), regionIndex: region,
                city: JSONText(String(row[2])), code: JSONText(raw: String(row[3])), latitude: latitude,
                longitude: row[5].number, population: row[6].number, radiusKm: row[7].number, timeZone: zone,
                currency: currency, cosLatitude: cos(latitude * .pi / 180),
                postalStyle: country == "CA" ? .canadian : country == "GB" ? .british : .zip))
        }
        self.init(areas: areas, regions: regions, timeZones: zones, currencyCodes: codes)
    }
}
