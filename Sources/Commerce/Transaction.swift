/// One purchase, as indexes into the catalog, geography and mixes: cheap to make, and
/// serialized by ``TransactionGenerator/appendJSON(of:to:)`` without building any strings.
public struct Transaction: Sendable, Equatable {
    /// When it happened (simulated time), in milliseconds since 1970 UTC.
    public var timestampMillis: Int64
    /// The number in `txn_<date>_<number>`: unique within a run and across shards by construction.
    public var number: UInt64
    /// Who bought (the message key is `user_<id>`).
    public var user: Population.User
    /// Start of the visit (ms): the session id is `sess_<start seconds>_user<id>`.
    public var visitStartMillis: Int64
    /// Index into ``Catalog/products``.
    public var product: Int
    /// Units bought (1 to 5).
    public var quantity: Int
    /// Whole percent off (0 = no discount).
    public var discountPercent: Int
    /// Unit price after discount, in cents of ``currency``.
    public var priceCents: Int64
    /// Index into ``Geography/currencies``.
    public var currency: Int
    /// Index into ``Payments/methods`` and into that method's providers.
    public var paymentMethod: Int
    /// Index into the payment method's providers.
    public var paymentProvider: Int
    /// Index into the run's campaigns.
    public var campaign: Int
    /// The number in `ord_<date>_<number>`: unique within a run; shared by the order's lines.
    public var order: UInt64
    /// This line's number in the order, 1 ... ``lineCount``.
    public var line: Int
    /// How many lines the order has.
    public var lineCount: Int
    /// The order's money, in cents of ``currency`` (the same on every line of the order).
    public var totals: OrderTotals
}

/// Why a transaction failed the pre-send check (it is counted, never sent).
public enum TransactionDefect: String, Sendable, CaseIterable {
    case quantityOutOfRange = "quantity_out_of_range"
    case discountOutOfRange = "discount_out_of_range"
    case priceOutOfRange = "price_out_of_range"
    case currencyDoesNotMatchCountry = "currency_does_not_match_country"
    case postalCodeNotInCity = "postal_code_not_in_city"
    case coordinatesFarFromCity = "coordinates_far_from_city"
    case userIdOutOfRange = "user_id_out_of_range"
    case timestampOutOfRange = "timestamp_out_of_range"
    case unknownReference = "unknown_reference"
    case orderDoesNotAddUp = "order_does_not_add_up"
}
