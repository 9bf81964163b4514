/// Which campaign brings a visit, by the shopper's local hour: email visits follow the morning
/// and early-evening sends and almost vanish at night, social ads peak in the evening, search
/// at work hours. One alias table per local hour, each over the run's campaigns.
struct ChannelHours: Sendable {
    /// 24 tables, by local hour.
    let tables: [AliasTable]

    init(_ campaigns: [Campaign]) {
        tables = (0..<24).map { hour in
            AliasTable(campaigns.map { $0.weight * Self.factor(channel: $0.channel, hour: hour) })
        }
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
        case "facebook_ads", "instagram_ads", "tiktok_ads", "pinterest_ads":
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

    /// The campaign of a visit that starts at local hour `hour` (`bits`: the visit's value).
    @inline(__always)
    func pick(hour: Int, _ bits: UInt64) -> Int {
        tables[hour].pick(bits)
    }
}
