import CPrefetch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where shoppers live: postal areas (US ZIP codes, Canadian forward sortation areas, British
/// postcode districts) with their population, centroid, state / province / nation and time
/// zone; the markets' currencies; and how a home is derived for a user.
///
/// The areas come from `Resources/postal_areas.tsv` (sources and licences in its header).
public final class Geography: Sendable {
    /// One postal area, its texts pre-encoded for the JSON writer.
    public struct Area: Sendable {
        /// The country code as written (`US`, `CA`, `GB`), quoted for JSON.
        public let country: JSONText
        /// The country code as text, for lookups.
        public let countryCode: String
        /// The state, province or nation code (`IL`, `ON`, `ENG`), quoted for JSON.
        public let region: JSONText
        /// Index into ``Geography/regions`` (the tax region of a US state or a province).
        public let regionIndex: Int
        /// The city (the postal service's place name for the area), quoted for JSON.
        public let city: JSONText
        /// The ZIP code, FSA or outward code, raw (no quotes).
        public let code: JSONText
        /// Centroid, in degrees.
        public let latitude: Double
        /// Centroid, in degrees.
        public let longitude: Double
        /// Inhabitants (a population estimate: the area's weight when homes are drawn).
        public let population: Double
        /// Homes lie within this distance of the centroid (half the distance to the nearest
        /// other area, 0.3 to 3 km).
        public let radiusKm: Double
        /// Index into ``Geography/timeZones``.
        public let timeZone: Int
        /// Index into ``Geography/currencies``.
        public let currency: Int
        let cosLatitude: Double
        let postalStyle: PostalStyle
    }

    enum PostalStyle: Sendable { case zip, canadian, british }

    /// A state, province or nation: where tax is levied.
    public struct Region: Sendable, Equatable {
        /// `US`, `CA` or `GB`.
        public let country: String
        /// `NY`, `ON`, `SCT`...
        public let code: String
    }

    /// An IANA time zone with what local time needs: the standard offset and the DST rule.
    public struct TimeZone: Sendable, Equatable {
        /// The IANA name (`America/Chicago`).
        public let name: String
        /// Standard (winter) offset from UTC, in minutes.
        public let standardOffsetMinutes: Int
        /// Daylight-saving rule.
        public let daylightSaving: DaylightSaving
    }

    /// When clocks go forward one hour.
    public enum DaylightSaving: String, Sendable {
        /// None (Phoenix, Regina, Honolulu...).
        case none
        /// US and Canada: second Sunday of March, 02:00 local, to the first Sunday of November.
        case northAmerica = "US"
        /// UK and EU: last Sunday of March, 01:00 UTC, to the last Sunday of October.
        case europe = "EU"
    }

    /// A currency and its fixed rate from USD.
    public struct Currency: Sendable {
        /// ISO 4217 code (`USD`, `CAD`, `GBP`).
        public let code: JSONText
        /// Units of this currency per US dollar (a fixed rate).
        public let perUSD: Double
    }

    /// What a home needs on the hot path, as plain values (no reference counting).
    struct Place {
        let latitude, longitude, radiusKm, cosLatitude: Double
        /// Index into ``Geography/regions``, ``Geography/timeZones`` and ``Geography/currencies``
        /// (one currency per country: the country's index too).
        let region, timeZone, currency: Int
    }

    /// Every postal area, in a fixed order (indexes are stable).
    public let areas: [Area]
    /// Every state, province and nation that has areas, in a fixed order.
    public let regions: [Region]
    /// Every time zone the areas use, sorted by name.
    public let timeZones: [TimeZone]
    /// Every currency, in a fixed order.
    public let currencies: [Currency]
    /// Country code -> index into ``currencies``.
    public let currencyOfCountry: [String: Int]
    let places: [Place]

    /// Where area `area`'s place lies, for a prefetch (the population reads it first when it
    /// makes a shopper). Nil outside the table.
    @inline(__always)
    func placeAddress(ofArea area: Int) -> UnsafeRawPointer? {
        places.withUnsafeBufferPointer { places in
            area >= 0 && area < places.count ? UnsafeRawPointer(places.baseAddress! + area) : nil
        }
    }

    /// The built-in geography, read once from the module's resources.
    public static let standard = Geography(areaRows: ResourceTable.rows("postal_areas"), zoneRows: ResourceTable.rows("time_zones"))

    init(areas: [Area], regions: [Region], timeZones: [TimeZone], currencyCodes: [String]) {
        self.areas = areas
        self.regions = regions
        self.timeZones = timeZones
        currencies = currencyCodes.map { Currency(code: JSONText(marketCurrencies[$0]!.code), perUSD: marketCurrencies[$0]!.perUSD) }
        currencyOfCountry = Dictionary(uniqueKeysWithValues: currencyCodes.enumerated().map { ($1, $0) })
        places = areas.map {
            Place(latitude: $0.latitude, longitude: $0.longitude, radiusKm: $0.radiusKm, cosLatitude: $0.cosLatitude,
                  region: $0.regionIndex, timeZone: $0.timeZone, currency: $0.currency)
        }
    }

    /// The source and licence line of the postal-area table.
    public static var source: String { ResourceTable.source("postal_areas") }

    /// The country codes that have areas.
    public var countryCodes: [String] { currencyOfCountry.keys.sorted() }

    /// Each area's weight: its country's share (from `countryMix`) times the area's share of
    /// its country's population.
    public func areaWeights(countryMix: [String: Double]) -> [Double] {
        var countryPopulation: [String: Double] = [:]
        for area in areas { countryPopulation[area.countryCode, default: 0] += area.population }
        // Summed in the codes' order: a dictionary's own order differs between processes (and
        // between equal dictionaries), and so could the sum's last bit, and every weight with it.
        let total = countryMix.keys.sorted().reduce(0) { $0 + countryMix[$1]! }
        return areas.map { area in
            (countryMix[area.countryCode] ?? 0) / total * area.population / countryPopulation[area.countryCode]!
        }
    }

    // MARK: - Homes

    /// A point uniformly inside the area's home disc, from two uniform values; in
    /// ten-thousandths of a degree (the JSON has four decimals).
    @inline(__always)
    func home(in area: Int, _ u1: Double, _ u2: Double) -> (latE4: Int32, lonE4: Int32) {
        let place = places[area]
        let r = place.radiusKm * u1.squareRoot()
        let theta = 2 * Double.pi * u2
        #if os(Linux)
        var sine = 0.0, cosine = 0.0
        loadgen_sincos(theta, &sine, &cosine)
        #else
        let sine = sin(theta), cosine = cos(theta)
        #endif
        let dLat = r * cosine / 111.32
        let dLon = r * sine / (111.32 * place.cosLatitude)
        return (Int32(((place.latitude + dLat) * 10_000).rounded()), Int32(((place.longitude + dLon) * 10_000).rounded()))
    }

    /// Whether a point (in 1e-4 degrees) lies within `km` of the area's centroid: a flat-earth
    /// approximation, exact to well under 1% at these distances, with no trigonometry.
    @inline(__always)
    func isNear(_ area: Int, latE4: Int32, lonE4: Int32, km: Double) -> Bool {
        let place = places[area]
        let dy = (Double(latE4) / 10_000 - place.latitude) * 111.32
        let dx = (Double(lonE4) / 10_000 - place.longitude) * 111.32 * place.cosLatitude
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

    /// Writes what a postal code adds to its area's prefix (the serializer's area run holds the
    /// prefix): nothing to a US ZIP; a local delivery unit to a Canadian FSA (`M5V` + ` 2T6`);
    /// an inward code to a British outward code (`SW1A` + ` 2AA`). `style`: 0 ZIP, 1 Canadian,
    /// 2 British.
    @inline(__always)
    static func writePostalSuffix(style: UInt8, suffix: UInt64, into w: inout ByteWriter) {
        switch style {
        case 1:
            w.byte(0x20)
            w.byte(0x30 + UInt8(suffix % 10))
            w.byte(canadianLetters.utf8Start[Int((suffix / 10) % 20)])
            w.byte(0x30 + UInt8((suffix / 200) % 10))
        case 2:
            w.byte(0x20)
            w.byte(0x30 + UInt8(suffix % 10))
            w.byte(britishLetters.utf8Start[Int((suffix / 10) % 20)])
            w.byte(britishLetters.utf8Start[Int((suffix / 200) % 20)])
        default: break
        }
    }
}

