/// The shoppers. A user's every attribute is a pure function of (seed, user index), so a
/// population of 100 million costs no memory and a user never changes between transactions.
///
/// Where an index sits (clock group, activity class, signup order) is the ``PopulationLayout``;
/// the footfall uses the same layout to pick shoppers by their activity and local time.
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
        /// Device profile (index into ``Devices/profiles``): the user's main device, or in a
        /// transaction the device of its visit (one of ``phone``, ``computer``, ``tablet``).
        public internal(set) var device: Int
        /// Which of the device profile's user agents.
        public internal(set) var userAgent: Int
        /// The user's devices (indexes into ``Devices/profiles``; -1: none).
        public let phone: Int16, computer: Int16, tablet: Int16
        /// The method the user pays with when no wallet applies (index into ``Payments/methods``).
        public let preferredPayment: Int
        /// Whether their card is in a phone wallet (Apple Pay or Google Pay, by device).
        public let wallet: Bool
        /// Their card processor: the provider index of every card or wallet payment.
        public let processor: Int
        /// Activity class (index into ``PopulationLayout/classes``).
        public let activity: Int
        /// Their favourite category and the one after it (indexes into ``Catalog/categories``).
        public let favouriteCategory: Int, secondCategory: Int
        /// Their brand in the favourite category (index into its brands), drawn by the brands'
        /// shares, so the catalog's shares hold over the population.
        public let favouriteBrand: Int
        /// The day they signed up (days since 1970-01-01, UTC).
        public let signupDay: Int64
        /// The wall clock of their home.
        public let clock: LocalClock
    }

    /// How many shoppers there are.
    public let size: UInt64
    /// The seed's keys for the purposes a customer's values are drawn for: 1 to 23, and
    /// `6 + device` for the user agent of each device profile.
    let keys: MixKeys
    let ids: IndexPermutation
    let geography: Geography
    let devices: Devices
    let deviceSets: DeviceSets
    let payments: Payments
    let categoryTable: AliasTable
    /// Where each index sits: clock group, activity class, signup order.
    public let layout: PopulationLayout

    init(configuration: CommerceConfiguration, geography: Geography, devices: Devices, payments: Payments, categoryTable: AliasTable) {
        size = UInt64(configuration.users)
        keys = MixKeys(seed: configuration.seed, count: 6 + max(24, devices.profiles.count))
        ids = IndexPermutation(domain: 900_000_000, key: configuration.seed ^ 0x05E5)
        self.geography = geography
        self.devices = devices
        deviceSets = DeviceSets(devices)
        self.payments = payments
        self.categoryTable = categoryTable
        layout = PopulationLayout(configuration: configuration, geography: geography)
    }

    /// The user with `index` (below ``size``).
    @inline(__always)
    public func user(_ index: UInt64) -> User { user(index, knownArea: -1) }

    /// The user with `index`, whose home area is `knownArea` when it is not -1: drawn already,
    /// as this draws it, by a footfall of the same configuration (``Footfall/Visit/area``; debug
    /// builds check it against the draw).
    @inline(__always)
    func user(_ index: UInt64, knownArea: Int) -> User {
        let (block, offset) = layout.block(of: index)
        let classes = layout.classes.count
        let group = block / classes
        let area = knownArea >= 0 && knownArea < geography.places.count ? knownArea : layout.area(inGroup: group, keys.hash(index, 1))
        assert(area == layout.area(inGroup: group, keys.hash(index, 1)), "visit of user \(index) names area \(knownArea), not the population's")
        let place = geography.places[area]
        let home = geography.home(in: area, keys.unit(index, 2), keys.unit(index, 3))
        let postal = keys.hash(index, 4)
        let set = deviceSets.deviceSet(keys: keys, index: index)
        let device = Int(set.phone >= 0 ? set.phone : set.computer)
        let pay = payments.instrument(keys: keys, index: index, country: place.currency)
        let favourite = categoryTable.pick(keys.hash(index, 12))
        return User(
            index: index, id: 100_000_000 + ids.apply(index), area: area, region: place.region,
            timeZone: place.timeZone, postalSuffix: postal >> 16,
            latE4: home.latE4, lonE4: home.lonE4, device: device, userAgent: userAgent(of: index, on: device),
            phone: set.phone, computer: set.computer, tablet: set.tablet,
            preferredPayment: pay.method, wallet: pay.wallet, processor: pay.processor, activity: block % classes,
            favouriteCategory: favourite, secondCategory: categoryTable.pick(keys.hash(index, 13)),
            favouriteBrand: Catalog.standard.pickBrand(in: favourite, keys.hash(index, 14)),
            signupDay: layout.signups.signupDay(offset: offset, of: layout.range(ofBlock: block).count),
            clock: layout.groupClocks[group])
    }

    /// Which of `device`'s user agents the user's copy of it reports.
    @inline(__always)
    func userAgent(of index: UInt64, on device: Int) -> Int {
        Int(keys.hash(index, 6 &+ device) % deviceSets.agentCounts[device])
    }
}
