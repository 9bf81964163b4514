import CPrefetch
/// Makes believable transactions for one slice of the users, deterministically.
///
/// A generator owns the users whose index ≡ `owner` (mod `stride`), where the owner and stride
/// come from the shard (`--shard i/n`) and the generator's place among the process's
/// generators, so a user's purchases always come from one generator, in time order, and two
/// generators never share a user or a transaction id. Which shopper makes the k-th
/// transaction is the run's ``Footfall``; the transaction itself is a pure function of
/// (seed, k, its time, its visit).
///
/// It never reads a clock: the caller passes each transaction's (simulated) time.
public struct TransactionGenerator: Sendable {
    /// The immutable tables, shared by reference so copying a generator is cheap.
    let model: CommerceModel
    /// The run's footfall, walked by ``next(at:)`` (the engine walks it once for all generators).
    private var footfall: Footfall
    /// Transactions of the schedule walked so far by ``next(at:)`` (this generator's and others').
    private var scheduled: UInt64 = 0
    /// This generator's users: index ≡ owner (mod stride).
    public let owner: UInt64
    /// Shards x generators: each owns every stride-th user.
    public let stride: UInt64
    var timestamps = TimestampWriter()
    /// The order being written (its lines come one after another).
    private var sheet = OrderSheet()
    /// The shopper of the visit last written, on that visit's device (`.max`: none yet): an
    /// order's later lines and a visit's later orders reuse it instead of deriving it again.
    private var visitShopper: (visit: (user: UInt64, start: Int64), user: Population.User, local: LocalTime, bits: UInt64)?
    /// Every model's price factor and promotion on the day of the order last made.
    var dayPrices = DayPrices()
    /// The day whose browser versions ``browsers`` holds.
    var browserDay = Int64.min
    /// The versions on ``browserDay`` of a shopper `lag` releases behind who takes an update
    /// `delay` days after its release, at `lag * BrowserCalendar.rolloutDays + delay` (filled
    /// once per day; no allocation per message).
    var browsers = [BrowserCalendar.Versions](
        repeating: BrowserCalendar.Versions(chrome: 0, edge: 0, firefox: 0, safariMajor: 0, safariMinor: 0),
        count: BrowserCalendar.lagShares.count * BrowserCalendar.rolloutDays)

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

    /// Share of purchases in the shopper's favourite category, and in their second one (the
    /// rest follow the mix; favourites are drawn from the mix, so its shares hold overall).
    static let favouriteCategoryShare = 0.35, secondCategoryShare = 0.15
    /// Share of a shopper's lines in their favourite category that are of their brand there
    /// (the rest follow the category's popularity).
    static let favouriteBrandShare = 0.5

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
                field: "population.users",
                message: "expected at least \(stride) users so each of the \(shard.count) shard(s) x \(count) generator(s) owns one (or fewer --generators), got \(configuration.users)")
        }
        footfall = Footfall(configuration: configuration)
    }

    /// The next transaction of the schedule whose shopper this generator owns, happening at
    /// `millis` (ms since 1970 UTC, simulated time): the sequential form of
    /// ``transaction(number:at:visit:)`` for callers without an engine (one footfall per
    /// generator; schedule places owned by other generators are stepped over).
    /// Times passed to one generator should not go backwards.
    public mutating func next(at millis: Int64) -> Transaction {
        while true {
            let number = scheduled
            scheduled += 1
            let visit = footfall.next(at: millis)
            if owns(user: visit.user) { return transaction(number: number, at: millis, visit: visit) }
        }
    }

    /// Whether this generator (and shard) serves `user`.
    @inline(__always)
    public func owns(user: UInt64) -> Bool { user % stride == owner }

    /// The `number`-th transaction of the schedule, at `millis` (simulated), by `visit`'s shopper:
    /// line `visit.line` of order `visit.order`. A pure function of the configuration's seed and
    /// its arguments, so it is the same bytes whichever generator, process or machine makes it.
    /// A visit from ``Footfall/next(at:)`` carries its shopper's home area; it must come from a
    /// footfall of this generator's configuration (a visit made by hand leaves it at -1).
    ///
    /// Every line of an order carries the order's time (its first line's, `visit.orderMillis`),
    /// device, payment, campaign and totals; the order is computed once and kept for its next
    /// lines (the cache changes nothing in the output: any line computes the same order).
    public mutating func transaction(number: UInt64, at millis: Int64, visit: Footfall.Visit) -> Transaction {
        let model = self.model
        let (user, visitLocal, visitBits) = shopper(of: visit)
        // The serializer reads the home area's run next: a random slot of a two-megabyte table,
        // so a miss to memory; fetched now, it arrives while the order is made.
        let areaRun = model.rows.areaRuns.address(user.area)
        loadgen_prefetch(areaRun)
        loadgen_prefetch(areaRun + 64)
        let placed = visit.line <= 1 ? millis : visit.orderMillis
        if !sheet.isOrder(of: visit, placed: placed) {
            dayPrices.load(day: CivilCalendar.day(ofMillis: placed), models: model.modelCount)
            model.writeOrder(of: visit, placed: placed, user: user, visitLocal: visitLocal, visitBits: visitBits, prices: dayPrices, into: &sheet)
        }
        let line = sheet[Int(max(1, visit.line)) - 1]
        return Transaction(
            timestampMillis: placed, number: number < 1_000_000_000 ? model.numbers.apply(number) : number,
            user: user, visitStartMillis: visit.startMillis,
            product: line.product, quantity: line.quantity, discountPercent: line.discountPercent,
            priceCents: line.unitCents, currency: sheet.currency,
            paymentMethod: sheet.paymentMethod, paymentProvider: sheet.paymentProvider, campaign: sheet.campaign,
            order: visit.order < 1_000_000_000 ? model.orderNumbers.apply(visit.order) : visit.order,
            line: Int(visit.line), lineCount: Int(visit.lineCount), totals: sheet.totals)
    }

    /// The visit's shopper on the visit's device, their local time when it began and the
    /// visit's hash (a pure function of the visit; the last one is kept).
    @inline(__always)
    private mutating func shopper(of visit: Footfall.Visit) -> (Population.User, LocalTime, UInt64) {
        if let kept = visitShopper, kept.visit == (visit.user, visit.startMillis) { return (kept.user, kept.local, kept.bits) }
        var user = model.population.user(visit.user, knownArea: Int(visit.area))
        // A visit comes from one of the shopper's devices, by their local hour at its start.
        let bits = Mix.hash(model.visitKey &+ (visit.user ^ UInt64(bitPattern: visit.startMillis)))
        let local = user.clock.local(atUTC: visit.startMillis)
        user.device = DeviceSets.visitDevice(phone: user.phone, computer: user.computer, tablet: user.tablet, at: local, bits: Mix.hash(bits))
        user.userAgent = model.population.userAgent(of: visit.user, on: user.device)
        visitShopper = ((visit.user, visit.startMillis), user, local, bits)
        return (user, local, bits)
    }

    // MARK: - Validation

    /// The pre-send check: every invariant the data promises, in a few comparisons.
    public func check(_ t: Transaction) -> TransactionDefect? { model.check(t, prices: dayPrices) }

    /// The engine's per-message path in one mutating call: the transaction of
    /// ``transaction(number:at:visit:)``, its ``check(_:)``, then its key and JSON value written
    /// at `out` (room for ``maximumMessageBytes``) as ``writeMessage(of:to:)`` writes them; nil,
    /// with nothing written, when the check finds a defect. One call, so the 320-byte
    /// transaction stays where it was made: returning it to the engine copied it twice per
    /// message, and a non-mutating check on the engine's generator copied the whole generator.
    @inline(__always)
    public mutating func writeCheckedMessage(
        number: UInt64, at millis: Int64, visit: Footfall.Visit, to out: UnsafeMutablePointer<UInt8>
    ) -> (key: Int, value: Int)? {
        let t = transaction(number: number, at: millis, visit: visit)
        if model.check(t, prices: dayPrices) != nil { return nil }
        return writeMessage(of: t, to: out)
    }
}

extension CommerceModel {
    /// ``TransactionGenerator/check(_:)``, with the generator's price events of the day.
    func check(_ t: Transaction, prices dayPrices: DayPrices) -> TransactionDefect? {
        guard t.product >= 0, t.product < catalog.products.count, t.user.area < geography.areas.count,
              t.paymentMethod < payments.methods.count, t.paymentProvider >= 0,
              t.paymentProvider < payments.providerCounts[t.paymentMethod], t.campaign < campaigns.entries.count,
              t.user.device < devices.profiles.count
        else { return .unknownReference }
        // The home's place (the area's compact record, already fetched for the user).
        let area = geography.places[t.user.area]
        guard (1...5).contains(t.quantity) else { return .quantityOutOfRange }
        guard (0...90).contains(t.discountPercent) else { return .discountOutOfRange }
        guard t.currency == area.currency else { return .currencyDoesNotMatchCountry }
        let list = listPrice(of: t.product, currency: t.currency, day: CivilCalendar.day(ofMillis: t.timestampMillis), prices: dayPrices)
        guard t.priceCents > 0, t.priceCents <= list
        else { return .priceOutOfRange }
        guard t.user.region == area.region, t.user.timeZone == area.timeZone else { return .postalCodeNotInCity }
        guard geography.isNear(t.user.area, latE4: t.user.latE4, lonE4: t.user.lonE4, km: area.radiusKm + 0.05) else {
            return .coordinatesFarFromCity
        }
        guard (100_000_000...999_999_999).contains(t.user.id) else { return .userIdOutOfRange }
        guard t.timestampMillis >= 0, t.timestampMillis < CivilCalendar.endOfTimestamps, t.visitStartMillis <= t.timestampMillis else {
            return .timestampOutOfRange
        }
        guard (1...Footfall.maximumOrderLines).contains(t.lineCount), (1...t.lineCount).contains(t.line), t.totals.addsUp else {
            return .orderDoesNotAddUp
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
    let channelHours: ChannelHours
    let categoryTable: AliasTable
    /// Local list prices in cents: (product * currencies.count + currency) * factors + the ``PriceEvents`` factor's index.
    let listPrices: [Int64]
    /// Each product's quantity class (raw value of ``Demand/QuantityClass``).
    let quantityClasses: [UInt8]
    /// Each product's model (``Catalog/Product/model``): price events belong to the model.
    let productModels: [Int32]
    /// How many models there are (one more than the largest in ``productModels``).
    let modelCount: Int
    /// Each product's quantities 1 to 5 (``Demand/quantityShares(of:usd:product:)``).
    let quantityTables: [AliasTable]
    let numbers: IndexPermutation
    /// Order numbers as they appear in `order_id` (a keyed bijection, like transaction numbers).
    let orderNumbers: IndexPermutation
    /// Sales tax of each region (index into ``Geography/regions``).
    let salesTax: [SalesTax]
    /// Shipping of each currency (index into ``Geography/currencies``).
    let shipping: [ShippingRate]
    /// Discount draws by ``DiscountDepth``.
    let discountTables: [DiscountTable]
    /// The profile's range of discounts, whole percents (promotions are kept inside it).
    let discountPercents: ClosedRange<Int>
    /// The most a coupon takes off each category (``Discounts/couponCapPercents``).
    let couponCaps: [Int]
    /// Which products fit which shoppers' phones, and which go one to an order.
    let platformFit: PlatformFit
    /// Each customer's size and shade, and each sized product's siblings.
    let sizes: Sizes
    /// Browser releases by date, and how far behind shoppers run.
    let browsers = BrowserCalendar.standard
    let browserLags = AliasTable(BrowserCalendar.lagShares)
    /// The same tables as flat rows for the serializer (no reference counting per message).
    let rows: SerializerRows
    /// The object that owns the memory ``rows`` points into (it lives as long as the model).
    private let serializerTables: SerializerTables
    /// The seed's keys (``Mix/key(_:_:)``) of a visit's device (purpose 11), a shopper's browser
    /// lag (0xB0A6) and an order's coupon (0xC0_0FF), derived once.
    let visitKey: UInt64, browserKey: UInt64, couponKey: UInt64
    /// `customer_since` texts for the days customers sign up on (the signup curve spans six
    /// years before the population's anchor to one after; a margin either side).
    let signupDates: DateTexts

    init(_ configuration: CommerceConfiguration) {
        self.configuration = configuration
        catalog = .standard
        geography = .standard
        devices = .standard
        let countryOfCurrency = Dictionary(uniqueKeysWithValues: geography.currencyOfCountry.map { ($1, $0) })
        payments = Payments(
            weights: configuration.payments,
            countries: geography.currencies.indices.map { (countryOfCurrency[$0]!, configuration.countries[countryOfCurrency[$0]!] ?? 0) })
        let discounts = configuration.discounts, categoryShares = configuration.categoryShares(catalog)
        campaigns = CampaignTable(
            configuration.campaigns, discount: discounts, promoted: PriceEvents.promotionLineShare(categoryShares: categoryShares))
        channelHours = ChannelHours(configuration.campaigns, deviceTypes: devices.profiles.map(\.typeName))
        categoryTable = AliasTable(categoryShares)
        population = Population(
            configuration: configuration, geography: geography, devices: devices, payments: payments, categoryTable: categoryTable)
        numbers = IndexPermutation(domain: 1_000_000_000, key: configuration.seed ^ 0x7A11)
        orderNumbers = IndexPermutation(domain: 1_000_000_000, key: configuration.seed ^ 0x0DE5)
        salesTax = SalesTax.byRegion(geography)
        shipping = geography.currencies.map { ShippingRate.byCurrencyCode[$0.code.string] ?? ShippingRate(freeFromCents: 0, feeCents: 0) }
        discountTables = DiscountDepth.allCases.map { DiscountTable(depth: $0, percents: discounts.percents) }
        discountPercents = discounts.percents
        couponCaps = Discounts.couponCaps(.standard, within: discounts.percents)
        let catalog = Catalog.standard, codes = Geography.standard.currencies.map(\.code.string)
        listPrices = catalog.products.indices.flatMap { p in
            codes.flatMap { code in PriceEvents.factors.map { catalog.localPriceCents(of: p, currency: code, factor: $0) } }
        }
        quantityClasses = catalog.products.map { UInt8($0.quantityClass.rawValue) }
        quantityTables = Demand.quantityTables(catalog)
        productModels = catalog.products.map { Int32($0.model) }
        platformFit = PlatformFit(catalog: catalog, deviceSets: population.deviceSets)
        sizes = Sizes(catalog: catalog, seed: configuration.seed)
        modelCount = Int(productModels.max() ?? 0) + 1
        visitKey = Mix.key(configuration.seed, 11)
        browserKey = Mix.key(configuration.seed, 0xB0A6)
        couponKey = Mix.key(configuration.seed, 0xC0_0FF)
        serializerTables = SerializerTables(catalog: catalog, geography: geography, devices: devices, payments: payments, campaigns: campaigns)
        rows = serializerTables.rows
        let anchorDay = CivilCalendar.day(ofMillis: configuration.populationAnchorMillis)
        signupDates = DateTexts(firstDay: anchorDay - 8 * 366, count: 11 * 366)
    }
}
