import CPrefetch
/// Serialization to the product's JSON, straight into bytes.
///
/// Field names, order and nesting are exactly the documented schema. Strings come
/// pre-escaped from the catalog and tables; numbers and timestamps are written digit by digit.
/// No `JSONEncoder`, no formatter, no allocation per transaction, no buffer shared between
/// copies of a generator: each message is written straight into the caller's memory.
extension TransactionGenerator {
    /// Fetches into this core's cache what making `visit`'s transaction reads first and misses:
    /// its home area's place (a random row of a table too big for the cache) and the area's run
    /// of the serializer. Call it a few permits ahead: the footfall fetches the place when it
    /// walks, but a walker on another core (an unthrottled run) fetches it into that core's cache.
    @inline(__always)
    public func prefetch(visit: Footfall.Visit) {
        guard visit.line <= 1, visit.area >= 0 else { return }
        if let place = model.population.geography.placeAddress(ofArea: Int(visit.area)) {
            loadgen_prefetch(place)
            loadgen_prefetch(place + 55)
        }
        let areaRun = model.rows.areaRuns.address(Int(visit.area))
        loadgen_prefetch(areaRun)
        loadgen_prefetch(areaRun + 64)
    }

    /// Room a key and a value together never exceed: every string of a transaction is bounded.
    public static let maximumMessageBytes = 16 * 1024

    /// Writes the message key (`user_987654321`) at `out`; returns its length.
    @inline(__always)
    public func writeKey(of t: Transaction, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var w = ByteWriter(out)
        w.write("user_")
        w.decimal(t.user.id, width: 9)
        return w.position
    }

    /// Writes the JSON value of `t` at `out` (room for ``maximumMessageBytes``); returns its length.
    @inline(__always)
    public mutating func writeJSON(of t: Transaction, to out: UnsafeMutablePointer<UInt8>) -> Int {
        writeJSON(t, into: out)
    }

    /// Writes the key of `t`, then its JSON value right after it, at `out` (room for
    /// ``maximumMessageBytes``); returns both lengths. One mutating call: a closure that called
    /// the non-mutating ``writeKey(of:to:)`` and then a mutating method on a captured generator
    /// copied the whole generator per message (a retain and a release per table it holds).
    @inline(__always)
    public mutating func writeMessage(of t: Transaction, to out: UnsafeMutablePointer<UInt8>) -> (key: Int, value: Int) {
        let key = writeKey(of: t, to: out)
        return (key, writeJSON(t, into: out + key))
    }

    /// Appends the message key (`user_987654321`) to `out`.
    public func appendKey(of t: Transaction, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { room in
            out.append(contentsOf: UnsafeBufferPointer(start: room.baseAddress!, count: writeKey(of: t, to: room.baseAddress!)))
        }
    }

    /// Appends the JSON value of `t` to `out`; returns its length.
    @discardableResult
    public mutating func appendJSON(of t: Transaction, to out: inout [UInt8]) -> Int {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.maximumMessageBytes) { room in
            let count = writeJSON(t, into: room.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(start: room.baseAddress!, count: count))
            return count
        }
    }

    /// The browser versions of `t`'s shopper on its day: they run the current release, one or
    /// two behind (fixed per shopper), and take each release a fixed 0 to 13 days after it
    /// comes out, so a new version spreads over two weeks (the day's versions are cached).
    @inline(__always)
    private mutating func browserVersions(_ t: Transaction) -> BrowserCalendar.Versions {
        let day = CivilCalendar.day(ofMillis: t.timestampMillis)
        if day != browserDay {
            browserDay = day
            let days = BrowserCalendar.rolloutDays
            for slot in browsers.indices {
                browsers[slot] = model.browsers.versions(onDay: day - Int64(slot % days), lag: slot / days)
            }
        }
        let bits = Mix.hash(model.browserKey &+ t.user.index)
        let slot = model.browserLags.pick(bits) &* BrowserCalendar.rolloutDays &+ Int(Mix.hash(bits) % UInt64(BrowserCalendar.rolloutDays))
        return browsers.withUnsafeBufferPointer { $0[slot] }
    }

    private mutating func writeJSON(_ t: Transaction, into out: UnsafeMutablePointer<UInt8>) -> Int {
        let rows = model.rows
        let device = rows.devices[t.user.device]
        var w = ByteWriter(out)

        w.write("{\"transaction_id\":\"txn_")
        timestamps.writeCompactDate(t.timestampMillis, into: &w)
        w.byte(0x5F)
        w.decimal(t.number, width: 9)
        w.write("\",\"user_id\":\"user_")
        let idAt = w.position
        w.decimal(t.user.id, width: 9)
        let idDigits = w.position - idAt
        w.write("\",\"session_id\":\"sess_")
        w.decimal(UInt64(t.visitStartMillis / 1000))
        w.write("_user")
        // The id's digits again, copied from user_id rather than written a second time.
        w.copy(w.base + idAt, idDigits)
        // `","product_id":…,"brand":…,"price":`
        rows.productRuns.write(t.product, into: &w)
        w.money(t.priceCents)
        w.write(",\"quantity\":")
        w.decimal(UInt64(t.quantity))
        w.write(",\"discount_applied\":")
        if t.discountPercent == 0 {
            w.write("0.0")
        } else {
            w.write("0.")
            w.decimal(UInt64(t.discountPercent), width: 2)
        }
        // `,"payment_method":…,"currency":…,"timestamp":"`
        rows.paymentRuns.write(rows.paymentRun(method: t.paymentMethod, provider: t.paymentProvider, currency: t.currency), into: &w)
        timestamps.writeISO(t.timestampMillis, into: &w)
        // `","user_location":{…,"zip_code":"<prefix>`, then the code's own digits
        rows.areaRuns.write(t.user.area, into: &w)
        Geography.writePostalSuffix(style: rows.areaRuns.tag(t.user.area), suffix: t.user.postalSuffix, into: &w)
        w.write("\",\"latitude\":")
        w.degrees(Int64(t.user.latE4))
        w.write(",\"longitude\":")
        w.degrees(Int64(t.user.lonE4))
        // `},"device_info":{…,"user_agent":`
        rows.deviceRuns.write(t.user.device, into: &w)
        let agent = device.userAgents[t.user.userAgent]
        UserAgentTemplate.write(agent.pieces, count: agent.count, versions: browserVersions(t), into: &w)
        // `},"marketing_attribution":{…},"customer_since":"`
        rows.campaignRuns.write(t.campaign, into: &w)
        model.signupDates.write(min(t.user.signupDay, CivilCalendar.day(ofMillis: t.timestampMillis)), into: &w)
        w.write("\",\"order_id\":\"ord_")
        timestamps.writeCompactDate(t.timestampMillis, into: &w)
        w.byte(0x5F)
        w.decimal(t.order, width: 9)
        w.write("\",\"line_number\":")
        w.decimal(UInt64(t.line))
        w.write(",\"line_count\":")
        w.decimal(UInt64(t.lineCount))
        w.write(",\"order_subtotal\":")
        w.money(t.totals.subtotalCents)
        w.write(",\"order_discount\":")
        w.money(t.totals.discountCents)
        w.write(",\"order_tax\":")
        w.money(t.totals.taxCents)
        if t.totals.taxIncluded { w.write(",\"tax_included\":true") } else { w.write(",\"tax_included\":false") }
        w.write(",\"order_shipping\":")
        w.money(t.totals.shippingCents)
        w.write(",\"order_total\":")
        w.money(t.totals.totalCents)
        w.byte(0x7D)
        return w.position
    }
}
