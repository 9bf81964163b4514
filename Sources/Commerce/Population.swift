/// The shoppers. A user's every attribute is a pure function of (seed, user index), so a
/// population of 100 million costs no memory and a user never changes between transactions.
public final class Population: Sendable {
    /// One shopper, as derived from their index.
    public struct User: Sendable, Equatable {
        /// 0 ..< population size.
        public let index: UInt64
        /// The 9-digit id (`user_<id>`): a keyed bijection of the index, so unique.
        public let id: UInt64
        /// Home postal area (index into ``Geography/areas``): ZIP code, FSA or postcode district.
        public let area: Int
        /// State, province or nation (index into ``Geography/regions``): the tax region.
        public let region: Int
        /// Local time zone (index into ``Geography/timeZones``).
        public let timeZone: Int
        /// Digits that complete the postal code (Canada, UK).
        public let postalSuffix: UInt64
        /// Home latitude in 1/10,000 degree.
        public let latE4: Int32
        /// Home longitude in 1/10,000 degree.
        public let lonE4: Int32
        /// Device profile (index into ``Devices/profiles``) and which of its user agents.
        public let device: Int
        /// Which of the device profile's user agents.
        public let userAgent: Int
        /// Preferred payment method (index into ``Payments/methods``).
        public let preferredPayment: Int
    }

    /// How many shoppers there are.
    public let size: UInt64
    let seed: UInt64
    let ids: IndexPermutation
    let geography: Geography
    let areaTable: AliasTable
    let devices: Devices
    let payments: Payments

    init(configuration: CommerceConfiguration, geography: Geography, devices: Devices, payments: Payments) {
        size = UInt64(configuration.users)
        seed = configuration.seed
        ids = IndexPermutation(domain: 900_000_000, key: configuration.seed ^ 0x05E5)
        self.geography = geography
        areaTable = geography.areaTable(countryMix: configuration.countries)
        self.devices = devices
        self.payments = payments
    }

    /// The user with `index` (below ``size``).
    @inline(__always)
    public func user(_ index: UInt64) -> User {
        let area = areaTable.pick(Mix.hash(seed, index, 1))
        let place = geography.places[area]
        let home = geography.home(in: area, Mix.unit(seed, index, 2), Mix.unit(seed, index, 3))
        let postal = Mix.hash(seed, index, 4)
        let device = devices.table.pick(Mix.hash(seed, index, 5))
        let agents = UInt64(devices.profiles[device].userAgents.count)
        return User(
            index: index, id: 100_000_000 + ids.apply(index), area: area, region: place.region,
            timeZone: place.timeZone, postalSuffix: postal >> 16,
            latE4: home.latE4, lonE4: home.lonE4, device: device,
            userAgent: Int(Mix.hash(seed, index, 6) % agents),
            preferredPayment: payments.table.pick(Mix.hash(seed, index, 7)))
    }
}
