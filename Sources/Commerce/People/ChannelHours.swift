/// Which campaign brings a visit, by the shopper's local hour and the visit's device: email
/// visits follow the morning and early-evening sends and almost vanish at night, social ads
/// peak in the evening and come from phones, search at work hours and from computers. One
/// alias table per (kind of device, local hour), each over the run's campaigns.
struct ChannelHours: Sendable {
    /// 72 tables, by the visit's kind of device (mobile, desktop, tablet) and local hour.
    let tables: [AliasTable]
    /// The kind of each device profile (0 mobile, 1 desktop, 2 tablet).
    let kinds: [Int]

    /// `deviceTypes`: each device profile's type (`mobile`, `desktop`, `tablet`).
    init(_ campaigns: [Campaign], deviceTypes: [String]) {
        kinds = deviceTypes.map { $0 == "desktop" ? 1 : $0 == "tablet" ? 2 : 0 }
        tables = (0..<3).flatMap { kind in
            (0..<24).map { hour in
                AliasTable(campaigns.map {
                    $0.weight * Self.factor(channel: $0.channel, hour: hour) * Self.deviceFactor(channel: $0.channel, kind: kind)
                })
            }
        }
    }

    /// How much more (or less) a channel brings visits on a kind of device (0 mobile, 1
    /// desktop, 2 tablet) than on average: social ads are seen and clicked on phones, searches
    /// that end in a purchase lean to computers, texts are read on phones, newsletters a little
    /// more on computers. Each channel's factors average 1 over a typical visit mix (58 % mobile,
    /// 35 % desktop, 7 % tablet), so its overall share stays its weight.
    static func deviceFactor(channel: String, kind: Int) -> Double {
        let raw: (Double, Double, Double) = switch channel {
        case "facebook_ads", "instagram_ads", "tiktok_ads", "pinterest_ads", "snapchat_ads": (1.4, 0.45, 1.0)
        case "google_ads", "bing_ads", "organic": (0.85, 1.25, 1.0)
        case "sms": (1.4, 0.4, 0.9)
        case "email": (0.9, 1.2, 1.0)
        case "affiliate": (0.85, 1.3, 0.9)
        default: (1.0, 1.0, 1.0)
        }
        let mean = 0.58 * raw.0 + 0.35 * raw.1 + 0.07 * raw.2
        return (kind == 0 ? raw.0 : kind == 1 ? raw.1 : raw.2) / mean
    }

    /// How much more (or less) a channel brings visits at a local hour than on average.
    static func factor(channel: String, hour: Int) -> Double {
        switch channel {
        case "email", "sms":
            switch hour {
            case 0..<6: return 0.12
            case 6..<7: return 0.6
            case 7..<11: return 2.0
            case 11..<17: return 0.9
            case 17..<21: return 1.3
            default: return 0.5
            }
        case "facebook_ads", "instagram_ads", "tiktok_ads", "pinterest_ads", "snapchat_ads":
            switch hour {
            case 0..<6: return 1.1
            case 9..<17: return 0.8
            case 18..<24: return 1.5
            default: return 1.0
            }
        case "google_ads", "bing_ads", "organic":
            return (9..<17).contains(hour) ? 1.15 : 0.9
        default:
            return 1.0
        }
    }

    /// The campaign of a visit on `device` (a device profile) that starts at local hour `hour`
    /// (`bits`: the visit's value).
    @inline(__always)
    func pick(hour: Int, device: Int, _ bits: UInt64) -> Int {
        tables[kinds[device] &* 24 &+ hour].pick(bits)
    }
}
