/// The owner of the serializer's view of the model (``rows``, a ``SerializerRows``): runs of the
/// message pre-rendered per product, payment, postal area, device and campaign, and each
/// device's user-agent templates, in buffers owned by this object.
///
/// The model's own structs hold strings, arrays and tables; copying one out of an array on the
/// hot path costs a retain and a release per reference it holds (perf showed 5% of a stress
/// run's CPU there). Rows here are plain pointers and lengths: reading one costs no reference
/// counting. They live as long as the model that built them.
final class SerializerTables: @unchecked Sendable {
    struct DeviceRow {
        let userAgents: UnsafePointer<AgentRow>
    }
    struct AgentRow {
        let pieces: UnsafePointer<UserAgentTemplate.Piece>
        let count: Int
    }

    /// The rows, as a value of plain pointers into the buffers below: the serializer binds it per
    /// message, and copying it costs no reference counting (binding this object to a local cost
    /// a retain and a release per message, 3 % of generation). Valid while this object lives.
    let rows: SerializerRows
    /// Every buffer allocated here, freed together.
    private var owned: [UnsafeMutableRawPointer] = []

    init(catalog: Catalog, geography: Geography, devices: Devices, payments: Payments, campaigns: CampaignTable) {
        var owned: [UnsafeMutableRawPointer] = []
        func buffer<T>(_ values: [T]) -> UnsafePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(values.count, 1))
            p.initialize(from: values, count: values.count)
            owned.append(UnsafeMutableRawPointer(p))
            return UnsafePointer(p)
        }
        let deviceRows = buffer(devices.profiles.map {
            DeviceRow(userAgents: buffer($0.userAgents.map {
                AgentRow(pieces: buffer($0.pieces), count: $0.pieces.count)
            }))
        })

        func run(_ pieces: [JSONText]) -> [UInt8] { pieces.flatMap(\.bytes) }
        func text(_ s: String) -> JSONText { JSONText(raw: s) }
        let productRuns = Fragments(catalog.products.map { p in
            let c = catalog.categories[p.category]
            return (run([text("\",\"product_id\":"), p.id, text(",\"product_name\":"), p.name, text(",\"category_id\":"), c.id,
                         text(",\"category_name\":"), c.name, text(",\"subcategory\":"), p.subcategory, text(",\"brand\":"), p.brand,
                         text(",\"price\":")]), 0)
        }, owned: &owned)
        let stride = max(1, payments.methods.map(\.providers.count).max() ?? 1)
        let currencyCount = geography.currencies.count
        let paymentRuns = Fragments(payments.methods.flatMap { m in
            (0..<stride).flatMap { provider in
                geography.currencies.map { currency in
                    (run([text(",\"payment_method\":"), m.name, text(",\"payment_provider\":"), m.providers[min(provider, m.providers.count - 1)],
                          text(",\"currency\":"), currency.code, text(",\"timestamp\":\"")]), UInt8(0))
                }
            }
        }, owned: &owned)
        let areaRuns = Fragments(geography.areas.map { a in
            let style: UInt8 = switch a.postalStyle { case .zip: 0; case .canadian: 1; case .british: 2 }
            return (run([text("\",\"user_location\":{\"country\":"), a.country, text(",\"state\":"), a.region, text(",\"city\":"), a.city,
                         text(",\"zip_code\":\""), a.code]), style)
        }, owned: &owned)
        let deviceRuns = Fragments(devices.profiles.map { d in
            (run([text("},\"device_info\":{\"type\":"), d.type, text(",\"os\":"), d.os, text(",\"browser\":"), d.browser,
                  text(",\"user_agent\":")]), 0)
        }, owned: &owned)
        let campaignRuns = Fragments(campaigns.entries.map { c in
            (run([text("},\"marketing_attribution\":{\"campaign_id\":"), c.id, text(",\"channel\":"), c.channel,
                  text(",\"referrer\":"), c.referrer, text("},\"customer_since\":\"")]), 0)
        }, owned: &owned)
        rows = SerializerRows(
            productRuns: productRuns, paymentRuns: paymentRuns, areaRuns: areaRuns, deviceRuns: deviceRuns,
            campaignRuns: campaignRuns, providerStride: stride, currencyCount: currencyCount, devices: deviceRows)
        self.owned = owned
    }

    deinit {
        for p in owned { p.deallocate() }
    }
}

/// ``SerializerTables``' rows without their owner: pointers and counts only (to memory nothing
/// writes after the tables are built, hence `@unchecked Sendable`).
struct SerializerRows: @unchecked Sendable {
    /// Runs of the message pre-rendered per row, field names and punctuation included, so the
    /// serializer copies one run where it copied a dozen pieces from scattered texts:
    /// `","product_id":…,"price":` per product; `,"payment_method":…,"timestamp":"` per
    /// (method, provider, currency); `","user_location":{…,"zip_code":"<prefix>` per area
    /// (its postal style in ``Fragments/tag(_:)``); `},"device_info":{…,"user_agent":` per
    /// device; `},"marketing_attribution":{…},"customer_since":"` per campaign.
    let productRuns, paymentRuns, areaRuns, deviceRuns, campaignRuns: Fragments
    /// Providers per method in ``paymentRuns``' index: (method * this + provider) * currencies + currency.
    let providerStride: Int
    let currencyCount: Int
    /// Each device's user-agent templates.
    let devices: UnsafePointer<SerializerTables.DeviceRow>

    /// The payment run of a method, provider and currency.
    @inline(__always)
    func paymentRun(method: Int, provider: Int, currency: Int) -> Int {
        (method &* providerStride &+ provider) &* currencyCount &+ currency
    }
}

/// Byte runs in slots of one fixed stride (a multiple of 64, so slot `i` is at a known address
/// and can be prefetched before it is read): a 2-byte length, a 1-byte tag, then the bytes.
struct Fragments {
    let base: UnsafeMutablePointer<UInt8>
    let stride: Int

    init(_ runs: [([UInt8], UInt8)], owned: inout [UnsafeMutableRawPointer]) {
        let longest = runs.map(\.0.count).max() ?? 0
        stride = (longest + 3 + 63) / 64 * 64
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, runs.count) * stride, alignment: 64)
        owned.append(raw)
        base = raw.bindMemory(to: UInt8.self, capacity: max(1, runs.count) * stride)
        for (i, (bytes, tag)) in runs.enumerated() {
            precondition(bytes.count <= 0xFFFF, "a run of \(bytes.count) bytes does not fit its 2-byte length")
            let slot = base + i * stride
            slot[0] = UInt8(truncatingIfNeeded: bytes.count)
            slot[1] = UInt8(truncatingIfNeeded: bytes.count >> 8)
            slot[2] = tag
            bytes.withUnsafeBufferPointer { (slot + 3).update(from: $0.baseAddress!, count: bytes.count) }
        }
    }

    /// Where slot `i` starts (for a prefetch).
    @inline(__always)
    func address(_ i: Int) -> UnsafePointer<UInt8> { UnsafePointer(base + i &* stride) }

    /// The tag of slot `i`.
    @inline(__always)
    func tag(_ i: Int) -> UInt8 { base[i &* stride &+ 2] }

    /// Appends slot `i`'s bytes.
    @inline(__always)
    func write(_ i: Int, into w: inout ByteWriter) {
        let slot = base + i &* stride
        w.copy(slot + 3, Int(slot[0]) | Int(slot[1]) << 8)
    }
}
