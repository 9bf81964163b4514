import Commerce

/// The checks `loadgen verify` runs on each consumed transaction: the schema's rules
/// (required fields, types, id formats, enums, ranges) plus the consistency loadgen promises
/// (product id ↔ name, brand and category; currency ↔ country; key ↔ user_id; session ↔ user).
struct TransactionAudit {
    /// What verify needs of a transaction that passed.
    struct Facts {
        var transactionID: String
        var userNumber: UInt64
        var timestampMillis: Int64
    }

    private let products: [String: Catalog.Product]
    private let categories: [String: String]
    private let currencyOfCountry: [String: String]
    static let fields: Set<String> = [
        "transaction_id", "user_id", "session_id", "product_id", "product_name", "category_id", "category_name",
        "subcategory", "brand", "price", "quantity", "discount_applied", "payment_method", "payment_provider",
        "currency", "timestamp", "user_location", "device_info", "marketing_attribution", "customer_since",
        "order_id", "line_number", "line_count", "order_subtotal", "order_discount", "order_tax", "tax_included",
        "order_shipping", "order_total",
    ]
    static let deviceTypes: Set<String> = ["desktop", "mobile", "tablet"]

    init() {
        let catalog = Catalog.standard
        products = Dictionary(catalog.products.map { ($0.id.string, $0) }, uniquingKeysWith: { a, _ in a })
        categories = Dictionary(catalog.categories.map { ($0.id.string, $0.name.string) }, uniquingKeysWith: { a, _ in a })
        let geography = Geography.standard
        currencyOfCountry = geography.currencyOfCountry.mapValues { geography.currencies[$0].code.string }
    }

    /// The transaction's facts, or what is wrong with it (one line).
    func audit(key: String, value bytes: [UInt8]) -> Result<Facts, AuditDefect> {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            return .failure(AuditDefect("value is not JSON (line \(error.line), column \(error.column): \(error.message))"))
        }
        guard case .object(let members) = value else { return .failure(AuditDefect("value is \(value.kindDescription), expected an object")) }
        var o: [String: JSONValue] = [:]
        for m in members { o[m.key] = m.value }
        do {
            return .success(try check(o, key: key))
        } catch {
            return .failure(error)
        }
    }

    private func check(_ o: [String: JSONValue], key: String) throws(AuditDefect) -> Facts {
        for name in Self.fields where o[name] == nil { throw AuditDefect("missing \(name)") }
        if let extra = o.keys.first(where: { !Self.fields.contains($0) }) { throw AuditDefect("unexpected field \(extra)") }
        func string(_ v: JSONValue?, _ name: String) throws(AuditDefect) -> String {
            guard case .string(let s)? = v, !s.isEmpty else { throw AuditDefect("\(name) is \(v?.kindDescription ?? "missing"), expected a non-empty string") }
            return s
        }
        func number(_ v: JSONValue?, _ name: String) throws(AuditDefect) -> Double {
            guard case .number(let n)? = v else { throw AuditDefect("\(name) is \(v?.kindDescription ?? "missing"), expected a number") }
            return n
        }
        func object(_ name: String) throws(AuditDefect) -> [String: JSONValue] {
            guard case .object(let members)? = o[name] else { throw AuditDefect("\(name) is \(o[name]?.kindDescription ?? "missing"), expected an object") }
            var d: [String: JSONValue] = [:]
            for m in members { d[m.key] = m.value }
            return d
        }

        let id = try string(o["transaction_id"], "transaction_id")
        let idParts = id.split(separator: "_")
        guard idParts.count == 3, idParts[0] == "txn", idParts[1].count == 8, idParts[1].allSatisfy(\.isASCIIDigit),
              idParts[2].count >= 9, idParts[2].allSatisfy(\.isASCIIDigit)
        else { throw AuditDefect("transaction_id \"\(id)\" is not txn_YYYYMMDD_NNNNNNNNN") }

        let user = try string(o["user_id"], "user_id")
        guard user.hasPrefix("user_"), let userNumber = UInt64(user.dropFirst(5)), (100_000_000...999_999_999).contains(userNumber)
        else { throw AuditDefect("user_id \"\(user)\" is not user_ and 9 digits") }
        guard key == user else { throw AuditDefect("message key \"\(key)\" differs from user_id \"\(user)\"") }
        let session = try string(o["session_id"], "session_id")
        guard session.hasPrefix("sess_"), session.hasSuffix("_user\(userNumber)") else {
            throw AuditDefect("session_id \"\(session)\" does not belong to \(user)")
        }

        let productID = try string(o["product_id"], "product_id")
        guard let product = products[productID] else { throw AuditDefect("product_id \"\(productID)\" is not in the catalog") }
        let categoryID = try string(o["category_id"], "category_id")
        guard try string(o["product_name"], "product_name") == product.name.string,
              try string(o["brand"], "brand") == product.brand.string,
              try string(o["subcategory"], "subcategory") == product.subcategory.string,
              categories[categoryID] == (try string(o["category_name"], "category_name")),
              Catalog.standard.categories[product.category].id.string == categoryID
        else { throw AuditDefect("\(productID): name, brand or category differ from the catalog") }

        let price = try number(o["price"], "price")
        guard price > 0 else { throw AuditDefect("price \(price) is not positive") }
        let quantity = try number(o["quantity"], "quantity")
        guard quantity == quantity.rounded(), (1...5).contains(quantity) else { throw AuditDefect("quantity \(quantity) is not 1...5") }
        let discount = try number(o["discount_applied"], "discount_applied")
        guard (0...90).contains(discount) else { throw AuditDefect("discount_applied \(discount) is not 0...90") }
        _ = try string(o["payment_method"], "payment_method")
        _ = try string(o["payment_provider"], "payment_provider")

        let location = try object("user_location")
        let country = try string(location["country"], "user_location.country")
        let currency = try string(o["currency"], "currency")
        guard currencyOfCountry[country] == currency else { throw AuditDefect("currency \(currency) does not match country \(country)") }
        let latitude = try number(location["latitude"], "user_location.latitude")
        let longitude = try number(location["longitude"], "user_location.longitude")
        guard (-90...90).contains(latitude), (-180...180).contains(longitude) else { throw AuditDefect("coordinates out of range") }
        for name in ["state", "city", "zip_code"] { _ = try string(location[name], "user_location.\(name)") }

        let device = try object("device_info")
        let deviceType = try string(device["type"], "device_info.type")
        guard Self.deviceTypes.contains(deviceType) else { throw AuditDefect("device_info.type \"\(deviceType)\" is not desktop, mobile or tablet") }
        for name in ["os", "browser", "user_agent"] { _ = try string(device[name], "device_info.\(name)") }
        let marketing = try object("marketing_attribution")
        for name in ["campaign_id", "channel"] { _ = try string(marketing[name], "marketing_attribution.\(name)") }

        let timestamp = try string(o["timestamp"], "timestamp")
        // A customer signs up on or before their purchase (a YYYY-MM-DD date, compared as text).
        let since = try string(o["customer_since"], "customer_since")
        guard since.utf8.count == 10, since <= String(timestamp.prefix(10)) else {
            throw AuditDefect("customer_since \(since) is not a date on or before the purchase (\(timestamp))")
        }
        guard let millis = Self.parseTimestamp(timestamp) else { throw AuditDefect("timestamp \"\(timestamp)\" is not YYYY-MM-DDTHH:MM:SS.mmmZ") }
        guard timestamp.utf8.prefix(10).filter({ $0 != UInt8(ascii: "-") }).elementsEqual(idParts[1].utf8) else {
            throw AuditDefect("transaction_id date \(idParts[1]) differs from timestamp \(timestamp)")
        }
        try checkOrder(o, date: idParts[1], number: number)
        return Facts(transactionID: id, userNumber: userNumber, timestampMillis: millis)
    }

    /// The order's fields: an `ord_YYYYMMDD_N` id of the line's date, line `1...line_count`
    /// (at most ``Footfall/maximumOrderLines``), money that is whole cents, and parts that make
    /// the total to the cent.
    private func checkOrder(_ o: [String: JSONValue], date: Substring, number: (JSONValue?, String) throws(AuditDefect) -> Double) throws(AuditDefect) {
        guard case .string(let order)? = o["order_id"] else { throw AuditDefect("order_id is \(o["order_id"]?.kindDescription ?? "missing"), expected a string") }
        let parts = order.split(separator: "_")
        guard parts.count == 3, parts[0] == "ord", parts[1] == date, parts[2].count >= 9, parts[2].allSatisfy(\.isASCIIDigit) else {
            throw AuditDefect("order_id \"\(order)\" is not ord_\(date)_NNNNNNNNN")
        }
        let line = try number(o["line_number"], "line_number"), count = try number(o["line_count"], "line_count")
        guard count == count.rounded(), (1...Double(Footfall.maximumOrderLines)).contains(count), line == line.rounded(), line >= 1, line <= count else {
            throw AuditDefect("line_number \(line) of line_count \(count) is not 1 ... line_count <= \(Footfall.maximumOrderLines)")
        }
        var cents: [Int64] = []
        for name in ["order_subtotal", "order_discount", "order_tax", "order_shipping", "order_total"] {
            let value = try number(o[name], name)
            let c = (value * 100).rounded()
            guard value >= 0, abs(value * 100 - c) < 1e-6 else { throw AuditDefect("\(name) \(value) is not a non-negative amount in cents") }
            cents.append(Int64(c))
        }
        guard case .bool(let included)? = o["tax_included"] else { throw AuditDefect("tax_included is \(o["tax_included"]?.kindDescription ?? "missing"), expected true or false") }
        let (subtotal, discount, tax, shipping, total) = (cents[0], cents[1], cents[2], cents[3], cents[4])
        guard discount <= subtotal, subtotal - discount + shipping + (included ? 0 : tax) == total else {
            throw AuditDefect("order_total \(Double(total) / 100) differs from subtotal - discount + shipping\(included ? "" : " + tax") (\(subtotal), \(discount), \(shipping), \(tax) cents)")
        }
    }

    /// Milliseconds since the epoch of `2026-11-25T06:11:54.842Z`.
    static func parseTimestamp(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count == 24, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x2E, b[23] == 0x5A else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var v = 0
            for i in range { guard (0x30...0x39).contains(b[i]) else { return nil }; v = v * 10 + Int(b[i] - 0x30) }
            return v
        }
        guard let y = digits(0..<4), let mo = digits(5..<7), let d = digits(8..<10), let h = digits(11..<13),
              let mi = digits(14..<16), let s = digits(17..<19), let ms = digits(20..<23),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 60 else { return nil }
        let days = CivilCalendar.days(year: y, month: mo, day: d)
        return ((days * 24 + Int64(h)) * 60 + Int64(mi)) * 60_000 + Int64(s) * 1000 + Int64(ms)
    }
}

/// One thing wrong with a consumed message.
struct AuditDefect: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
