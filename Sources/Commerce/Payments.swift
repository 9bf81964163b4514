/// How shoppers pay. Each customer keeps one instrument: a credit or debit card, a PayPal
/// account, or a card in a phone wallet; and one card processor (PSP) the shop sends their card
/// through, whatever the method: the shop routes cards by market (Stripe in North America,
/// Adyen in the UK), with its other processor taking a share of each market's cards. A wallet
/// customer pays with Apple Pay on an iPhone or iPad and on a Mac in Safari, with Google Pay on
/// Android and ChromeOS, and with the card itself elsewhere; PayPal works anywhere. So the
/// method of a visit follows from the customer and the visit's device, and a customer's card
/// never changes processor.
public final class Payments: Sendable {
    /// A payment method and the processors that handle it.
    public struct Method: Sendable {
        /// The method as written (`credit_card`, `debit_card`, `paypal`, `apple_pay`, `google_pay`).
        public let name: JSONText
        /// The providers that handle this method.
        public let providers: [JSONText]
    }

    /// The documented default shares of instruments (`apple_pay`: customers with a phone
    /// wallet, who pay with Google Pay on Android and ChromeOS).
    public static let defaultWeights: [String: Double] = [
        "credit_card": 0.60, "debit_card": 0.25, "paypal": 0.10, "apple_pay": 0.05,
    ]

    /// The shop's two card processors.
    static let processors = ["stripe", "adyen"]
    /// The share of a market's customers whose card each processor handles (in ``processors``'
    /// order); a market not listed is routed as the US (``defaultRouting``).
    static let processorShares: [String: [Double]] = ["US": [0.80, 0.20], "CA": [0.85, 0.15], "GB": [0.25, 0.75]]
    static let defaultRouting = processorShares["US"]!
    static let wallets: Set<String> = ["apple_pay", "google_pay"]

    /// Method names loadgen knows.
    public static let knownMethods = ["apple_pay", "credit_card", "debit_card", "google_pay", "paypal"]

    /// Every payment method, in a fixed order (both wallets whenever one is configured).
    public let methods: [Method]
    /// How many providers each method has (for the pre-send check).
    let providerCounts: [Int]
    /// Draws a customer's instrument by its share (zero for a wallet not configured).
    public let table: AliasTable
    /// Draws a customer's processor in each country (by currency index, as ``countryTables``;
    /// a country past its end: the US routing).
    let processorTables: [AliasTable]
    let processorTable = AliasTable(Payments.defaultRouting)
    let paypal: Int?, applePay: Int?, googlePay: Int?
    /// Draws a customer's instrument in each country (by currency index: one per country), the
    /// shares tilted by ``countryTilts`` and fitted so the population's shares stay the
    /// configured ones; empty (or a country past its end): the configured shares.
    let countryTables: [AliasTable]
    /// The card methods, and a table over them (a wallet holds one of these cards).
    let cards: [Int]
    let cardTable: AliasTable?

    /// How much more (or less) common each instrument is in a country than on average, before
    /// fitting: UK shoppers pay by debit card far more than by credit card (UK Finance: debit
    /// cards carry most card payments) and use PayPal and phone wallets more; Canadians pay
    /// online by credit card (Interac debit barely works online); US shoppers lean to credit.
    static let countryTilts: [String: [String: Double]] = [
        "US": ["credit_card": 1.15, "debit_card": 0.85, "paypal": 0.95, "apple_pay": 1.0, "google_pay": 1.0],
        "GB": ["credit_card": 0.45, "debit_card": 2.2, "paypal": 1.35, "apple_pay": 1.4, "google_pay": 1.4],
        "CA": ["credit_card": 1.35, "debit_card": 0.4, "paypal": 0.9, "apple_pay": 0.9, "google_pay": 0.9],
    ]

    /// Payments with the given instrument shares (names from ``knownMethods``), varying by
    /// country when `countries` gives each country's code and share of customers, in currency
    /// order (the overall shares stay `weights`).
    public init(weights: [String: Double] = Payments.defaultWeights, countries: [(code: String, share: Double)] = []) {
        var names = Set(weights.keys)
        if !names.isDisjoint(with: Self.wallets) { names.formUnion(Self.wallets) }
        let sorted = names.sorted()
        let processorNames = Self.processors.map { JSONText($0) }
        methods = sorted.map { Method(name: JSONText($0), providers: $0 == "paypal" ? [JSONText("paypal")] : processorNames) }
        providerCounts = methods.map(\.providers.count)
        table = AliasTable(sorted.map { weights[$0] ?? 0 })
        countryTables = Self.fitted(
            methods: sorted.map { weights[$0] ?? 0 }, countries: countries.map(\.share),
            tilts: countries.map { c in sorted.map { Self.countryTilts[c.code]?[$0] ?? 1 } }
        ).map { row in AliasTable(row.reduce(0, +) > 0 ? row : sorted.map { weights[$0] ?? 0 }) }  // a country without customers: the shares
        processorTables = countries.map { AliasTable(Self.processorShares[$0.code] ?? Self.defaultRouting) }
        paypal = sorted.firstIndex(of: "paypal")
        applePay = sorted.firstIndex(of: "apple_pay")
        googlePay = sorted.firstIndex(of: "google_pay")
        cards = sorted.indices.filter { sorted[$0] == "credit_card" || sorted[$0] == "debit_card" }
        cardTable = cards.isEmpty ? nil : AliasTable(cards.map { weights[sorted[$0]] ?? 0 })
    }

    /// Each country's instrument shares: the method shares `methods` (the columns' totals) and
    /// the country shares `countries` (the rows' totals) fitted by iterative proportional
    /// fitting, starting from `tilts` (country x method). Rows are the countries' shares.
    public static func fitted(methods: [Double], countries: [Double], tilts: [[Double]]) -> [[Double]] {
        guard !countries.isEmpty else { return [] }
        let methodTotal = methods.reduce(0, +), countryTotal = countries.reduce(0, +)
        let columns = methods.map { $0 / methodTotal }, rows = countries.map { $0 / countryTotal }
        var m = tilts.indices.map { c in tilts[c].indices.map { tilts[c][$0] * rows[c] * columns[$0] } }
        for _ in 0..<200 {
            for j in columns.indices {
                let sum = m.indices.reduce(0) { $0 + m[$1][j] }
                if sum > 0 { for c in m.indices { m[c][j] *= columns[j] / sum } }
            }
            for c in m.indices {
                let sum = m[c].reduce(0, +)
                if sum > 0 { m[c] = m[c].map { $0 * rows[c] / sum } }
            }
        }
        return m
    }

    /// A customer in `country` (a currency index): the method they pay with off-wallet,
    /// whether their card is in a phone wallet, and their processor (an index into every card
    /// method's providers).
    @inline(__always)
    func instrument(keys: MixKeys, index: UInt64, country: Int) -> (method: Int, wallet: Bool, processor: Int) {
        let drawn = (country < countryTables.count ? countryTables[country] : table).pick(keys.hash(index, 7))
        let processor = (country < processorTables.count ? processorTables[country] : processorTable).pick(keys.hash(index, 8))
        guard drawn == applePay || drawn == googlePay else { return (drawn, false, processor) }
        let card = cardTable.map { cards[$0.pick(keys.hash(index, 9))] } ?? paypal ?? drawn
        return (card, true, processor)
    }

    /// The method and provider of a payment by a customer with `instrument` on a device whose
    /// checkout offers Apple Pay (`apple`: an iPhone or iPad, a Mac in Safari) or Google Pay
    /// (`google`: Android, ChromeOS), or neither (the card itself).
    @inline(__always)
    func payment(method: Int, wallet: Bool, processor: Int, apple: Bool, google: Bool) -> (method: Int, provider: Int) {
        if method == paypal { return (method, 0) }
        if wallet, apple, let applePay { return (applePay, processor) }
        if wallet, google, let googlePay { return (googlePay, processor) }
        return (method, methods[method].providers.count == 1 ? 0 : processor)
    }
}
