/// How shoppers pay: the method (with the documented default shares) and a processor that
/// handles that method.
public final class Payments: Sendable {
    /// A payment method and the processors that handle it, with their shares.
    public struct Method: Sendable {
        /// The method as written (`credit_card`, `debit_card`, `paypal`, `apple_pay`).
        public let name: JSONText
        /// The providers that handle this method.
        public let providers: [JSONText]
        let providerTable: AliasTable
    }

    /// The documented default shares.
    public static let defaultWeights: [String: Double] = [
        "credit_card": 0.60, "debit_card": 0.25, "paypal": 0.10, "apple_pay": 0.05,
    ]

    /// Processors per method: a card goes through a card processor, PayPal through PayPal.
    static let providers: [String: [(String, Double)]] = [
        "credit_card": [("stripe", 0.45), ("adyen", 0.25), ("braintree", 0.20), ("square", 0.10)],
        "debit_card": [("stripe", 0.50), ("adyen", 0.30), ("square", 0.20)],
        "paypal": [("paypal", 1.0)],
        "apple_pay": [("stripe", 0.60), ("adyen", 0.40)],
        "google_pay": [("stripe", 0.60), ("adyen", 0.40)],
    ]

    /// Method names loadgen knows.
    public static var knownMethods: [String] { providers.keys.sorted() }

    /// Every payment method, in a fixed order.
    public let methods: [Method]
    /// Draws a method by its share.
    public let table: AliasTable

    /// Payments with the given method shares (names from ``knownMethods``).
    public init(weights: [String: Double] = Payments.defaultWeights) {
        let names = weights.keys.sorted()
        methods = names.map { name in
            let options = Payments.providers[name] ?? [("stripe", 1.0)]
            return Method(
                name: JSONText(name), providers: options.map { JSONText($0.0) },
                providerTable: AliasTable(options.map(\.1)))
        }
        table = AliasTable(names.map { weights[$0]! })
    }
}
