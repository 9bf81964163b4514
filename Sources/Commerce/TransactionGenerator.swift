/// Makes believable transactions for one slice of the users, deterministically.
///
/// A generator owns the users whose index ≡ `owner` (mod `stride`), where the owner and stride
/// come from the shard (`--shard i/n`) and the generator's place among the process's
/// generators, so a user's purchases always come from one generator, in time order, and two
/// generators never share a user or a transaction id.
///
/// It never reads a clock: the caller passes each transaction's (simulated) time.
public struct TransactionGenerator: Sendable {
    /// The immutable tables, shared by reference so copying a generator is cheap.
    let model: CommerceModel
    private var random: SeededRandom
    private var sessions: SessionTracker
    private var recent: [UInt64]
    private var recentCount = 0
    /// The shopper of the next transaction, picked one transaction ahead so their session slot
    /// is fetched while this one is serialized (`.max`: not picked yet).
    private var nextUser: UInt64 = .max
    /// Transaction number n = (local * generators + generator) * shards + shard.
    private var localCount: UInt64 = 0
    private let generatorIndex: UInt64, generatorCount: UInt64
    /// This generator's users: index = owner + stride * k, k < ownedUsers.
    public let owner: UInt64
    /// How many generators and shards interleave transaction numbers (each takes every stride-th).
    public let stride: UInt64
    private let ownedUsers: UInt64
    var timestamps = TimestampWriter()

    /// The configuration the generator was made with.
    public var configuration: CommerceConfiguration { model.configuration }
    /// The products it sells.
    public var catalog: Catalog { model.catalog }
    /// Where its shoppers live.
    public var geography: Geography { model.geography }
    /// The devices they shop on.
    public var devices: Devices { model.devices }
    /// How they pay.
    public var payments: Payments { model.payments }
    /// The shoppers themselves.
    public var population: Population { model.population }
    var campaigns: CampaignTable { model.campaigns }

    /// Share of purchases made by a shopper whose visit is still open (several purchases per visit).
    static let continueVisitShare = 0.30
    /// Share of purchases paid with the shopper's preferred method (the rest follow the mix).
    static let preferredPaymentShare = 0.85

    /// A generator for generator `index` of `count` in this process.
    /// - Throws: ``CommerceConfigurationError`` if the configuration is invalid or this
    ///   generator would own no user.
    public init(configuration: CommerceConfiguration, generator index: Int = 0, of count: Int = 1) throws(CommerceConfigurationError) {
        try configuration.validate()
        model = CommerceModel(configuration)
        let shard = configuration.shard
        stride = UInt64(shard.count * count)
        owner = UInt64(shard.index + shard.count * index)
        guard owner < UInt64(configuration.users) else {
            throw CommerceConfigurationError(
                field: "model.population.users",
                message: "expected at least \(stride) users so each of the \(shard.count) shard(s) x \(count) generator(s) owns one, got \(configuration.users)")
        }
        ownedUsers = (UInt64(configuration.users) - owner + stride - 1) / stride
        generatorIndex = UInt64(index)
        generatorCount = UInt64(count)
        random = SeededRandom(seed: configuration.seed, stream: owner)
        sessions = SessionTracker(timeoutSeconds: configuration.sessionTimeoutSeconds)
        recent = [UInt64](repeating: 0, count: 512)
    }

    /// The next transaction, happening at `millis` (ms since 1970 UTC, simulated time).
    /// Times passed to one generator should not go backwards.
    public mutating func next(at millis: Int64) -> Transaction {
        let userIndex = nextUser == .max ? pickUser(at: millis) : nextUser
        let user = model.population.user(userIndex)
        let visitStart = sessions.visit(user: userIndex, at: millis)
        remember(userIndex)

        let model = self.model
        let configuration = model.configuration
        let category = model.categoryTable.pick(&random)
        let product = model.catalog.pickProduct(in: category, &random)
        let quantity = model.quantity(of: product, &random)
        let currency = model.geography.areas[user.area].currency
        var discount = 0
        if random.unit() < configuration.discountProbability {
            let low = Int((configuration.discountRange.lowerBound * 100).rounded())
            let high = Int((configuration.discountRange.upperBound * 100).rounded())
            discount = low + Int(random.below(UInt64(high - low + 1)))
        }
        let method = random.unit() < Self.preferredPaymentShare ? user.preferredPayment : model.payments.table.pick(&random)
        let provider = model.payments.methods[method].providerTable.pick(&random)
        // A visit arrives through one campaign: the choice is a function of the visit.
        let campaign = model.campaigns.table.pick(Mix.hash(configuration.seed, userIndex ^ UInt64(bitPattern: visitStart), 11))

        let number = transactionNumber()
        nextUser = pickUser(at: millis)
        sessions.prefetch(user: nextUser)
        return Transaction(
            timestampMillis: millis, number: number, user: user, visitStartMillis: visitStart,
            product: product, quantity: quantity, discountPercent: discount,
            priceCents: price(of: product, currency: currency, discount: discount),
            currency: currency, paymentMethod: method, paymentProvider: provider, campaign: campaign)
    }

    // MARK: - Parts

    private mutating func pickUser(at millis: Int64) -> UInt64 {
        if recentCount > 0, random.unit() < Self.continueVisitShare {
            let candidate = recent[Int(random.below(UInt64(min(recentCount, recent.count))))]
            if sessions.isOpen(user: candidate, at: millis) { return candidate }
        }
        return owner + stride * random.below(ownedUsers)
    }

    private mutating func remember(_ user: UInt64) {
        recent[recentCount % recent.count] = user
        recentCount &+= 1
    }

    /// Unique by construction: the sequence number interleaves generators and shards; below
    /// 10^9 it is permuted into 9 random-looking digits, beyond that it is written whole (10+
    /// digits), so the two ranges cannot meet.
    private mutating func transactionNumber() -> UInt64 {
        let shard = model.configuration.shard
        let n = ((localCount * generatorCount + generatorIndex) * UInt64(shard.count)) + UInt64(shard.index)
        localCount += 1
        return n < 1_000_000_000 ? model.numbers.apply(n) : n
    }

    /// Unit price in cents of `currency`: the product's local list price (no per-sale jitter),
    /// then discounted.
    private func price(of product: Int, currency: Int, discount: Int) -> Int64 {
        let shelf = model.listPrice(of: product, currency: currency)
        return discount == 0 ? shelf : RetailPrice.discounted(shelf, percent: discount)
    }

    // MARK: - Validation

    /// The pre-send check: every invariant the data promises, in a few comparisons.
    public func check(_ t: Transaction) -> TransactionDefect? {
        guard t.product >= 0, t.product < model.catalog.products.count, t.user.area < model.geography.areas.count,
              t.paymentMethod < model.payments.methods.count, t.campaign < model.campaigns.entries.count,
              t.user.device < model.devices.profiles.count
        else { return .unknownReference }
        let area = model.geography.areas[t.user.area]
        guard (1...5).contains(t.quantity) else { return .quantityOutOfRange }
        guard (0...90).contains(t.discountPercent) else { return .discountOutOfRange }
        guard t.currency == area.currency else { return .currencyDoesNotMatchCountry }
        guard t.priceCents > 0, t.priceCents <= model.listPrice(of: t.product, currency: t.currency) else { return .priceOutOfRange }
        guard t.user.region == area.regionIndex, t.user.timeZone == area.timeZone else { return .postalCodeNotInCity }
        guard model.geography.isNear(t.user.area, latE4: t.user.latE4, lonE4: t.user.lonE4, km: area.radiusKm + 0.05) else {
            return .coordinatesFarFromCity
        }
        guard (100_000_000...999_999_999).contains(t.user.id) else { return .userIdOutOfRange }
        guard t.timestampMillis >= 0, t.timestampMillis < 253_402_300_800_000, t.visitStartMillis <= t.timestampMillis else {
            return .timestampOutOfRange
        }
        return nil
    }
}

/// The tables a generator reads but never changes, built once per configuration.
final class CommerceModel: Sendable {
    let configuration: CommerceConfiguration
    let catalog: Catalog
    let geography: Geography
    let devices: Devices
    let payments: Payments
    let population: Population
    let campaigns: CampaignTable
    let categoryTable: AliasTable
    /// Local list prices: product * currencies.count + currency, in cents.
    let listPrices: [Int64]
    /// Each product's quantity class (raw value of ``Demand/QuantityClass``).
    let quantityClasses: [UInt8]
    let quantityTables = Demand.quantityTables
    let numbers: IndexPermutation
    /// The same tables as flat rows for the serializer (no reference counting per message).
    let rows: SerializerTables

    init(_ configuration: CommerceConfiguration) {
        self.configuration = configuration
        catalog = .standard
        geography = .standard
        devices = .standard
        payments = Payments(weights: configuration.payments)
        population = Population(configuration: configuration, geography: geography, devices: devices, payments: payments)
        campaigns = CampaignTable(configuration.campaigns)
        categoryTable = AliasTable(catalog.categories.map { configuration.categories[$0.name.string] ?? $0.defaultWeight })
        numbers = IndexPermutation(domain: 1_000_000_000, key: configuration.seed ^ 0x7A11)
        let catalog = Catalog.standard, codes = Geography.standard.currencies.map(\.code.string)
        listPrices = catalog.products.indices.flatMap { p in codes.map { catalog.localPriceCents(of: p, currency: $0) } }
        quantityClasses = catalog.products.map { UInt8($0.quantityClass.rawValue) }
        rows = SerializerTables(catalog: catalog, geography: geography, devices: devices, payments: payments, campaigns: campaigns)
    }
}

extension CommerceModel {
    /// The local list price of `product` in cents of `currency`.
    @inline(__always)
    func listPrice(of product: Int, currency: Int) -> Int64 {
        listPrices.withUnsafeBufferPointer { $0[product &* geography.currencies.count &+ currency] }
    }

    /// A quantity for one line of `product` (1 to 5), by its quantity class.
    @inline(__always)
    func quantity(of product: Int, _ random: inout SeededRandom) -> Int {
        quantityTables[Int(quantityClasses[product])].pick(&random) + 1
    }
}
