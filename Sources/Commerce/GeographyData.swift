// Real cities of the three markets, weighted roughly by population, with their real
// state / province / UK nation codes, real postal codes (US ZIP codes; Canadian forward
// sortation areas; UK outward codes) and the coordinates of their centres.

/// One city as written in the source table.
struct CitySeed {
    let country: String
    let region: String
    let name: String
    let latitude: Double
    let longitude: Double
    /// City population in thousands (the weight within its country).
    let population: Double
    /// US: full ZIP codes. CA: forward sortation areas (a local delivery unit is added).
    /// GB: outward codes (an inward code is added).
    let postalCodes: [String]
}

private func city(
    _ country: String, _ region: String, _ name: String, _ lat: Double, _ lon: Double, _ population: Double,
    _ codes: String
) -> CitySeed {
    CitySeed(
        country: country, region: region, name: name, latitude: lat, longitude: lon, population: population,
        postalCodes: codes.split(separator: " ").map { String($0) })
}

let citySeeds: [CitySeed] = [
    // United States
    city("US", "NY", "New York", 40.7128, -74.0060, 8336, "10001 10002 10003 10011 10016 10019 10021 10025 10036 10128"),
    city("US", "CA", "Los Angeles", 34.0522, -118.2437, 3980, "90012 90024 90026 90028 90036 90045 90049 90064 90066"),
    city("US", "IL", "Chicago", 41.8781, -87.6298, 2700, "60601 60605 60607 60610 60614 60618 60622 60640 60657"),
    city("US", "TX", "Houston", 29.7604, -95.3698, 2300, "77002 77006 77007 77019 77024 77057 77098"),
    city("US", "AZ", "Phoenix", 33.4484, -112.0740, 1650, "85003 85004 85006 85008 85013 85016 85018"),
    city("US", "PA", "Philadelphia", 39.9526, -75.1652, 1580, "19102 19103 19104 19106 19107 19123 19146 19147"),
    city("US", "TX", "San Antonio", 29.4241, -98.4936, 1450, "78201 78204 78205 78209 78212 78216"),
    city("US", "CA", "San Diego", 32.7157, -117.1611, 1390, "92101 92103 92104 92107 92109 92116 92122"),
    city("US", "TX", "Dallas", 32.7767, -96.7970, 1300, "75201 75204 75205 75206 75214 75219 75230"),
    city("US", "CA", "San Jose", 37.3382, -121.8863, 1000, "95110 95112 95113 95125 95126 95128"),
    city("US", "TX", "Austin", 30.2672, -97.7431, 975, "78701 78702 78703 78704 78705 78731 78745"),
    city("US", "FL", "Jacksonville", 30.3322, -81.6557, 950, "32202 32204 32205 32207 32210 32246"),
    city("US", "OH", "Columbus", 39.9612, -82.9988, 905, "43201 43202 43205 43206 43210 43215"),
    city("US", "NC", "Charlotte", 35.2271, -80.8431, 880, "28202 28203 28204 28205 28207 28209"),
    city("US", "IN", "Indianapolis", 39.7684, -86.1581, 880, "46202 46204 46205 46208 46220"),
    city("US", "CA", "San Francisco", 37.7749, -122.4194, 810, "94102 94103 94105 94107 94109 94110 94114 94117 94122 94123"),
    city("US", "WA", "Seattle", 47.6062, -122.3321, 750, "98101 98102 98103 98104 98105 98109 98112 98115 98122"),
    city("US", "CO", "Denver", 39.7392, -104.9903, 715, "80202 80203 80204 80205 80206 80209 80211 80218"),
    city("US", "DC", "Washington", 38.9072, -77.0369, 690, "20001 20002 20003 20005 20007 20008 20009 20036"),
    city("US", "TN", "Nashville", 36.1627, -86.7816, 690, "37201 37203 37204 37205 37206 37212"),
    city("US", "MA", "Boston", 42.3601, -71.0589, 650, "02108 02109 02110 02111 02114 02115 02116 02118 02130"),
    city("US", "OR", "Portland", 45.5152, -122.6784, 650, "97201 97202 97205 97209 97210 97212 97214"),
    city("US", "NV", "Las Vegas", 36.1699, -115.1398, 640, "89101 89102 89104 89109 89117 89123"),
    city("US", "MI", "Detroit", 42.3314, -83.0458, 630, "48201 48202 48207 48208 48226"),
    city("US", "GA", "Atlanta", 33.7490, -84.3880, 500, "30303 30305 30306 30307 30308 30309 30318"),
    city("US", "FL", "Miami", 25.7617, -80.1918, 450, "33125 33127 33128 33129 33130 33131 33133 33137"),
    city("US", "MN", "Minneapolis", 44.9778, -93.2650, 430, "55401 55402 55403 55404 55405 55408 55414"),
    // Canada
    city("CA", "ON", "Toronto", 43.6532, -79.3832, 2790, "M5V M5J M4W M6G M5S M4Y M6J M5A"),
    city("CA", "QC", "Montreal", 45.5017, -73.5673, 1760, "H2X H3A H2J H3B H2T H3H"),
    city("CA", "AB", "Calgary", 51.0447, -114.0719, 1300, "T2P T2R T2S T3A T2T"),
    city("CA", "ON", "Ottawa", 45.4215, -75.6972, 1010, "K1P K1N K1R K2P K1S"),
    city("CA", "AB", "Edmonton", 53.5461, -113.4938, 1010, "T5J T5K T6E T5N T6G"),
    city("CA", "MB", "Winnipeg", 49.8951, -97.1384, 750, "R3C R3B R2W R3L"),
    city("CA", "BC", "Vancouver", 49.2827, -123.1207, 660, "V6B V6E V6G V5K V6K V5T"),
    city("CA", "QC", "Quebec City", 46.8139, -71.2080, 550, "G1R G1K G1S G1V"),
    city("CA", "NS", "Halifax", 44.6488, -63.5752, 440, "B3H B3J B3K B3L"),
    // United Kingdom (region: ISO 3166-2:GB nation code)
    city("GB", "ENG", "London", 51.5074, -0.1278, 8900, "SW1A EC1A W1D WC2N E1 N1 SE1 NW1 SW3 W8"),
    city("GB", "ENG", "Birmingham", 52.4862, -1.8904, 1140, "B1 B2 B3 B4 B5 B15"),
    city("GB", "ENG", "Leeds", 53.8008, -1.5491, 790, "LS1 LS2 LS6 LS7"),
    city("GB", "SCT", "Glasgow", 55.8642, -4.2518, 630, "G1 G2 G3 G4 G11 G12"),
    city("GB", "ENG", "Manchester", 53.4808, -2.2426, 550, "M1 M2 M3 M4 M13 M15"),
    city("GB", "SCT", "Edinburgh", 55.9533, -3.1883, 520, "EH1 EH2 EH3 EH8 EH10"),
    city("GB", "ENG", "Liverpool", 53.4084, -2.9916, 490, "L1 L2 L3 L8 L17"),
    city("GB", "ENG", "Bristol", 51.4545, -2.5879, 470, "BS1 BS2 BS6 BS8"),
    city("GB", "WLS", "Cardiff", 51.4816, -3.1791, 360, "CF10 CF11 CF24"),
    city("GB", "NIR", "Belfast", 54.5973, -5.9301, 340, "BT1 BT2 BT7 BT9"),
]

/// Each market's currency and the fixed rate from the USD base prices.
let currencies: [String: (code: String, perUSD: Double)] = [
    "US": ("USD", 1.0),
    "CA": ("CAD", 1.36),
    "GB": ("GBP", 0.79),
]
