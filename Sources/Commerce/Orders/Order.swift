/// One line of an order: what was bought, how many, at what price.
struct OrderLine: Sendable, Equatable {
    /// Index into ``Catalog/products``.
    var product = 0
    /// Units (1 to 5).
    var quantity = 1
    /// Whole percent off (0: none).
    var discountPercent = 0
    /// Unit list price, cents of the order's currency.
    var listCents: Int64 = 0
    /// Unit price after the discount, cents.
    var unitCents: Int64 = 0
}

/// An order's money, in cents of the buyer's currency. It adds up to the cent:
/// `total = subtotal - discount + shipping + (taxIncluded ? 0 : tax)`, where the subtotal is
/// the lines' list prices times quantities and the discount what their discounts took off.
public struct OrderTotals: Sendable, Equatable {
    /// Sum of list price x quantity over the lines.
    public var subtotalCents: Int64 = 0
    /// Sum of (list price - price) x quantity over the lines.
    public var discountCents: Int64 = 0
    /// Sales tax on the taxable merchandise after discounts (GST/HST/PST in Canada, on the
    /// shipping too), or, when ``taxIncluded`` (UK VAT), the tax the prices contain (see
    /// ``SalesTax``).
    public var taxCents: Int64 = 0
    /// Whether prices include the tax (then the total does not add it).
    public var taxIncluded = false
    /// Shipping (free above the currency's threshold).
    public var shippingCents: Int64 = 0
    /// What the buyer pays.
    public var totalCents: Int64 = 0

    /// Whether the parts make the total.
    public var addsUp: Bool {
        subtotalCents - discountCents + shippingCents + (taxIncluded ? 0 : taxCents) == totalCents
            && discountCents >= 0 && discountCents <= subtotalCents && taxCents >= 0 && shippingCents >= 0
    }
}

/// Everything the lines of one order share, decided once per order: a pure function of the
/// seed and the order's visit (number, shopper, visit start, time, line count), so any line can
/// compute the whole order and its totals.
struct OrderSheet: Sendable {
    var order: UInt64 = .max
    var user: UInt64 = .max
    var visitStart: Int64 = .min
    var placed: Int64 = .min
    var lineCount: Int32 = 0
    var lines = (OrderLine(), OrderLine(), OrderLine(), OrderLine(), OrderLine(), OrderLine(), OrderLine(), OrderLine())
    var totals = OrderTotals()
    var currency = 0
    var paymentMethod = 0
    var paymentProvider = 0
    var campaign = 0

    /// Whether this sheet is the order `visit` belongs to.
    @inline(__always)
    func isOrder(of visit: Footfall.Visit, placed millis: Int64) -> Bool {
        order == visit.order && user == visit.user && visitStart == visit.startMillis && placed == millis
            && lineCount == visit.lineCount
    }

    /// Line `index` (0-based, below ``Footfall/maximumOrderLines``; a larger index is the last
    /// line). The tuple's elements are laid out like an array's.
    subscript(index: Int) -> OrderLine {
        @inline(__always) get {
            // Read in place: `withUnsafeBytes(of: lines)` copied all eight lines (320 bytes)
            // to a temporary, per transaction.
            switch Self.slot(index) {
            case 0: lines.0
            case 1: lines.1
            case 2: lines.2
            case 3: lines.3
            case 4: lines.4
            case 5: lines.5
            case 6: lines.6
            default: lines.7
            }
        }
        set {
            assert(MemoryLayout.size(ofValue: lines) == Footfall.maximumOrderLines * MemoryLayout<OrderLine>.stride, "the sheet holds maximumOrderLines lines")
            withUnsafeMutableBytes(of: &lines) { $0.storeBytes(of: newValue, toByteOffset: Self.offset(index), as: OrderLine.self) }
        }
    }

    /// `index` held to the sheet's lines (a larger index is the last line).
    @inline(__always)
    private static func slot(_ index: Int) -> Int { Swift.min(Swift.max(index, 0), Footfall.maximumOrderLines - 1) }

    @inline(__always)
    private static func offset(_ index: Int) -> Int { slot(index) &* MemoryLayout<OrderLine>.stride }
}

extension CommerceModel {
    /// The order `visit` belongs to, placed at `placed` (simulated ms) by `user` on the device
    /// of this visit, which began at `visitLocal` on their clock (`visitBits`: the visit's hash).
    /// `prices`: the models' price events, on the day of `placed` (others are computed here).
    func order(
        of visit: Footfall.Visit, placed: Int64, user: Population.User, visitLocal: LocalTime, visitBits: UInt64, prices: DayPrices = DayPrices()
    ) -> OrderSheet {
        var sheet = OrderSheet()
        writeOrder(of: visit, placed: placed, user: user, visitLocal: visitLocal, visitBits: visitBits, prices: prices, into: &sheet)
        return sheet
    }

    /// ``order(of:placed:user:visitLocal:visitBits:prices:)`` written over `sheet` in place (the
    /// generator's own sheet: no copy of its eight lines per order).
    func writeOrder(
        of visit: Footfall.Visit, placed: Int64, user: Population.User, visitLocal: LocalTime, visitBits: UInt64, prices: DayPrices,
        into sheet: inout OrderSheet
    ) {
        let seed = configuration.seed
        sheet = OrderSheet()
        sheet.order = visit.order
        sheet.user = visit.user
        sheet.visitStart = visit.startMillis
        sheet.placed = placed
        sheet.lineCount = visit.lineCount
        // From the home's place, already fetched for the user (the area's full record is a
        // random read of a 2.5 MB table).
        let currency = geography.places[user.area].currency
        sheet.currency = currency
        // One instrument and processor per shopper; the wallet shown depends on the device.
        // (The device's two flags read in place: the device sets bound to a local were
        // retained until the order was written.)
        let apple = population.deviceSets.takesApplePay[user.device], google = population.deviceSets.isGoogle[user.device]
        (sheet.paymentMethod, sheet.paymentProvider) = payments.payment(
            method: user.preferredPayment, wallet: user.wallet, processor: user.processor, apple: apple, google: google)
        // A visit arrives through one campaign, by the shopper's local hour and the visit's
        // device, on its dates: a function of the visit.
        sheet.campaign = campaigns.onItsDates(channelHours.pick(hour: visitLocal.hour, device: user.device, visitBits), day: visitLocal.day, visitBits)
        let entry = campaigns.entries[sheet.campaign]
        var totals = OrderTotals()
        // The region's tax is read in place: a copy of it (it holds a string) was retained and
        // released per order, as was the week's discount table (arrays) bound to a local.
        let region = user.region
        var taxable: Int64 = 0
        let count = Int(max(1, min(visit.lineCount, Int32(Footfall.maximumOrderLines))))
        let platform = platformFit.platform(ofPhone: user.phone)
        let day = CivilCalendar.day(ofMillis: placed)
        let month = prices.month(ofDay: day)
        // A campaign's discount is a coupon for the whole order: the order has it or not (the
        // campaign's share of discounted orders), and the percent is the campaign's of the week
        // (weeks from Monday 00:00 UTC: this week's email takes 15 % off), so an order's lines
        // share it.
        let coupon = Double(Mix.hash(couponKey &+ visit.order) >> 11) * 0x1p-53 < entry.discountProbability
            ? discountTables[entry.depth.rawValue].pick(Mix.hash(seed ^ 0xC0_0B0, UInt64(sheet.campaign), UInt64(bitPattern: Discounts.week(ofDay: day)))) : 0
        for i in 0..<count {
            // Each line from its own stream: (seed, order, line).
            var random = SeededRandom(seed: seed, stream: (visit.order &<< 3 | UInt64(i)) ^ 0x7A5C_0000_0000_0000)
            // The shopper's favourite categories first; favourites are drawn from the mix, so
            // its shares hold overall.
            let affinity = random.unit()
            let category = affinity < TransactionGenerator.favouriteCategoryShare ? user.favouriteCategory
                : affinity < TransactionGenerator.favouriteCategoryShare + TransactionGenerator.secondCategoryShare
                ? user.secondCategory : categoryTable.pick(&random)
            // In their favourite category, half the lines are of their brand.
            let loyal = category == user.favouriteCategory && random.unit() < TransactionGenerator.favouriteBrandShare
            var product = loyal ? catalog.pickProduct(in: category, brand: user.favouriteBrand, &random) : catalog.pickProduct(in: category, &random)
            // Loyalty shows in what is bought again (a brand's cables, socks, refills): a
            // big-ticket product of the favourite brand is drawn from the category's big-ticket
            // products instead (so their share holds), or a loyal customer buys the same
            // television every few weeks.
            if loyal, quantityClasses[product] == UInt8(Demand.QuantityClass.bigTicket.rawValue) {
                product = catalog.pickBigTicket(in: category, &random) ?? product
            }
            // Out of season (lawn seed in November, a coat in July), mostly something else of
            // the category: loyal or not, the season decides what sells.
            product = catalog.inSeason(product, category: category, month: month, loyal: loyal, &random)
            // The same product twice in one order is one line with a larger quantity, a second
            // phone or television is another order, and a product for another phone's platform
            // is for someone else: draw again (in the same category, so category shares hold).
            // A repeat may stay after 4 draws.
            var tries = 0
            while tries < 16, !platformFit.fits(product, platform: platform, &random) || (tries < 4 && !platformFit.joins(product, sheet, count: i)) {
                product = catalog.inSeason(catalog.pickProduct(in: category, &random), category: category, month: month, &random)
                tries += 1
            }
            // Sixteen draws that all missed (never seen): the category's most popular product
            // that fits anyone, so a case for another phone never stays.
            if platformFit.neverFits(product, platform: platform) { product = platformFit.fallback[category] }
            // Most clothes in the customer's own size, makeup in their shade (unless that makes
            // a line of the order twice).
            let mine = sizes.personal(product, user: user.index, &random)
            if mine != product, platformFit.joins(mine, sheet, count: i) { product = mine }
            var line = OrderLine(product: product, quantity: quantity(of: product, &random))
            // The coupon stops at the category's cap (no sitewide code takes half off an iPad).
            line.discountPercent = min(coupon, couponCaps[category])
            // A product on promotion that day is discounted on every line (unless the visit's
            // campaign gives more); a profile without discounts has no promotions either.
            if configuration.discountProbability > 0 {
                let promotion = prices.promotion(model: Int(productModels[product]), day: day)
                if promotion > 0 {
                    // Within the profile's range of discounts.
                    let range = discountPercents
                    line.discountPercent = max(line.discountPercent, min(max(promotion, range.lowerBound), range.upperBound))
                }
            }
            line.listCents = listPrice(of: product, currency: currency, day: day, prices: prices)
            line.unitCents = line.discountPercent == 0 ? line.listCents : RetailPrice.discounted(line.listCents, percent: line.discountPercent)
            sheet[i] = line
            totals.subtotalCents += line.listCents * Int64(line.quantity)
            totals.discountCents += (line.listCents - line.unitCents) * Int64(line.quantity)
            // Exempt categories (clothing in some states, books in the UK) carry no tax.
            if !salesTax[region].isExempt(category: category) { taxable += line.unitCents * Int64(line.quantity) }
        }
        let net = totals.subtotalCents - totals.discountCents
        totals.shippingCents = shipping[currency].shipping(forCents: net)
        totals.taxCents = salesTax[region].tax(taxableCents: taxable, netCents: net, shippingCents: totals.shippingCents)
        totals.taxIncluded = salesTax[region].included
        totals.totalCents = net + totals.shippingCents + (totals.taxIncluded ? 0 : totals.taxCents)
        sheet.totals = totals
    }
}

extension CommerceModel {
    /// The local list price of `product` in cents of `currency` on `day`, its price events read
    /// from `prices` when it holds that day.
    @inline(__always)
    func listPrice(of product: Int, currency: Int, day: Int64, prices: DayPrices = DayPrices()) -> Int64 {
        let factor = prices.factorIndex(model: Int(productModels[product]), day: day)
        let slot = (product &* geography.currencies.count &+ currency) &* PriceEvents.factors.count &+ factor
        return listPrices.withUnsafeBufferPointer { $0[slot] }
    }

    /// A quantity for one line of `product` (1 to 5), by its quantity class.
    @inline(__always)
    func quantity(of product: Int, _ random: inout SeededRandom) -> Int {
        quantityTables[product].pick(&random) + 1
    }
}
