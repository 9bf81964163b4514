/// The serializer's view of the model: one flat row of pre-encoded texts per product, city,
/// postal area, device, payment method and campaign, in buffers owned by this object.
///
/// The model's own structs hold strings, arrays and tables; copying one out of an array on the
/// hot path costs a retain and a release per reference it holds (perf showed 5% of a stress
/// run's CPU there). Rows here are plain pointers and lengths: reading one costs no reference
/// counting. They live as long as the model that built them.
final class SerializerTables: @unchecked Sendable {
    struct ProductRow {
        let id, name, brand, subcategory, categoryID, categoryName: JSONText
    }
    struct AreaRow {
        let country, region, city, code: JSONText
        let postalStyle: Geography.PostalStyle
    }
    struct DeviceRow {
        let type, os, browser: JSONText
        let userAgents: UnsafePointer<AgentRow>
    }
    struct AgentRow {
        let pieces: UnsafePointer<UserAgentTemplate.Piece>
        let count: Int
    }
    struct MethodRow {
        let name: JSONText
        let providers: UnsafePointer<JSONText>
    }
    struct CampaignRow {
        let id, channel, referrer: JSONText
    }

    let products: UnsafePointer<ProductRow>
    let areas: UnsafePointer<AreaRow>
    let devices: UnsafePointer<DeviceRow>
    let methods: UnsafePointer<MethodRow>
    let campaigns: UnsafePointer<CampaignRow>
    let currencies: UnsafePointer<JSONText>
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
        products = buffer(catalog.products.map { p in
            let c = catalog.categories[p.category]
            return ProductRow(id: p.id, name: p.name, brand: p.brand, subcategory: p.subcategory, categoryID: c.id, categoryName: c.name)
        })
        areas = buffer(geography.areas.map {
            AreaRow(country: $0.country, region: $0.region, city: $0.city, code: $0.code, postalStyle: $0.postalStyle)
        })
        self.devices = buffer(devices.profiles.map {
            DeviceRow(type: $0.type, os: $0.os, browser: $0.browser, userAgents: buffer($0.userAgents.map {
                AgentRow(pieces: buffer($0.pieces), count: $0.pieces.count)
            }))
        })
        methods = buffer(payments.methods.map { MethodRow(name: $0.name, providers: buffer($0.providers)) })
        self.campaigns = buffer(campaigns.entries.map { CampaignRow(id: $0.id, channel: $0.channel, referrer: $0.referrer) })
        currencies = buffer(geography.currencies.map(\.code))
        self.owned = owned
    }

    deinit {
        for p in owned { p.deallocate() }
    }
}
