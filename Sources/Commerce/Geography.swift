#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where shoppers live: countries, their cities and currencies, and how a home address is
/// derived for a user.
public final class Geography: Sendable {
    /// One city, with everything a location in it needs, pre-encoded for the JSON writer.
    public struct City: Sendable {
        /// The country code as written (`US`, `CA`, `GB`), quoted for JSON.
        public let country: JSONText
        /// The country code as text, for lookups.
        public let countryCode: String
        /// The state, province or nation code (`CA`, `ON`, `ENG`).
        public let region: JSONText
        /// The city name.
        public let name: JSONText
        /// The city centre, in degrees.
        public let latitude: Double
        /// The city centre, in degrees.
        public let longitude: Double
        /// Inhabitants, in thousands: the city's weight when homes are drawn.
        public let population: Double
        /// Postal codes (US) or their first part (CA: FSA, GB: outward code), without quotes.
        public let postalCodes: [JSONText]
        /// cos(latitude), for the distance check.
        let cosLatitude: Double
        /// Index into ``Geography/currencies``.
        public let currency: Int
        let postalStyle: PostalStyle
    }

    enum PostalStyle: Sendable { case zip, canadian, british }

    /// A currency and its fixed rate from USD.
    public struct Currency: Sendable {
        /// ISO 4217 code (`USD`, `CAD`, `GBP`).
        public let code: JSONText
        /// Units of this currency per US dollar (a fixed rate).
        public let perUSD: Double
    }

    /// Every city, in a fixed order (indexes are stable).
    public let cities: [City]
    /// Every currency, in a fixed order.
    public let currencies: [Currency]
    /// Country code -> index into ``currencies``.
    public let currencyOfCountry: [String: Int]

    /// The built-in geography: 46 real cities of the US, Canada and the UK.
    public static let standard = Geography(seeds: citySeeds)

    init(seeds: [CitySeed]) {
        let codes = currencies_.keys.sorted()
        currencies = codes.map { Currency(code: JSONText(currencies_[$0]!.code), perUSD: currencies_[$0]!.perUSD) }
        currencyOfCountry = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0) })
        cities = seeds.map { seed in
            City(
                country: JSONText(seed.country), countryCode: seed.country, region: JSONText(seed.region),
                name: JSONText(seed.name), latitude: seed.latitude, longitude: seed.longitude,
                population: seed.population, postalCodes: seed.postalCodes.map { JSONText(raw: $0) },
                cosLatitude: cos(seed.latitude * .pi / 180),
                currency: codes.firstIndex(of: seed.country)!,
                postalStyle: seed.country == "CA" ? .canadian : seed.country == "GB" ? .british : .zip)
        }
    }

    /// The country codes that have cities.
    public var countryCodes: [String] { Array(Set(cities.map(\.countryCode))).sorted() }

    /// An alias table over cities: country share (from `countryMix`) times the city's share of
    /// its country's population.
    public func cityTable(countryMix: [String: Double]) -> AliasTable {
        var countryPopulation: [String: Double] = [:]
        for city in cities { countryPopulation[city.countryCode, default: 0] += city.population }
        let total = countryMix.values.reduce(0, +)
        return AliasTable(cities.map { city in
            (countryMix[city.countryCode] ?? 0) / total * city.population / countryPopulation[city.countryCode]!
        })
    }

    // MARK: - Homes

    /// Largest distance of a home from its city centre, in km.
    public static let homeRadiusKm = 12.0

    /// A point at most ``homeRadiusKm`` from the city centre, from two uniform values; in
    /// ten-thousandths of a degree (the JSON has four decimals).
    @inline(__always)
    static func home(near city: City, _ u1: Double, _ u2: Double) -> (latE4: Int32, lonE4: Int32) {
        let r = homeRadiusKm * u1.squareRoot()
        let theta = 2 * Double.pi * u2
        let dLat = r * cos(theta) / 111.32
        let dLon = r * sin(theta) / (111.32 * cos(city.latitude * .pi / 180))
        return (Int32(((city.latitude + dLat) * 10_000).rounded()), Int32(((city.longitude + dLon) * 10_000).rounded()))
    }

    /// Whether a point (in 1e-4 degrees) lies within `km` of the city centre: a flat-earth
    /// approximation, exact to well under 1% at these distances, with no trigonometry.
    @inline(__always)
    static func isNear(_ city: City, latE4: Int32, lonE4: Int32, km: Double) -> Bool {
        let dy = (Double(latE4) / 10_000 - city.latitude) * 111.32
        let dx = (Double(lonE4) / 10_000 - city.longitude) * 111.32 * city.cosLatitude
        return dx * dx + dy * dy <= km * km
    }

    /// Great-circle distance in km.
    public static func distanceKm(lat1: Double, lon1: Double, lat2: Double, lon2: Double) -> Double {
        let p1 = lat1 * .pi / 180, p2 = lat2 * .pi / 180
        let dp = p2 - p1, dl = (lon2 - lon1) * .pi / 180
        let a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2)
        return 6371 * 2 * atan2(a.squareRoot(), (1 - a).squareRoot())
    }

    // MARK: - Postal codes

    /// Letters Canada Post uses in a postal code's local delivery unit (no D F I O Q U).
    static let canadianLetters: StaticString = "ABCEGHJKLMNPRSTVWXYZ"
    /// Letters Royal Mail uses in an inward code's unit (no C I K M O V).
    static let britishLetters: StaticString = "ABDEFGHJLNPQRSTUWXYZ"

    /// Writes a full postal code: a US ZIP as is; a Canadian FSA plus a local delivery unit
    /// (`M5V 2T6`); a British outward code plus an inward code (`SW1A 2AA`).
    @inline(__always)
    static func writePostalCode(_ prefix: JSONText, style: PostalStyle, suffix: UInt64, into w: inout ByteWriter) {
        w.byte(0x22)
        w.write(prefix)
        switch style {
        case .canadian:
            w.byte(0x20)
            w.byte(0x30 + UInt8(suffix % 10))
            w.byte(canadianLetters.utf8Start[Int((suffix / 10) % 20)])
            w.byte(0x30 + UInt8((suffix / 200) % 10))
        case .british:
            w.byte(0x20)
            w.byte(0x30 + UInt8(suffix % 10))
            w.byte(britishLetters.utf8Start[Int((suffix / 10) % 20)])
            w.byte(britishLetters.utf8Start[Int((suffix / 200) % 20)])
        case .zip: break
        }
        w.byte(0x22)
    }
}

private let currencies_ = currencies
