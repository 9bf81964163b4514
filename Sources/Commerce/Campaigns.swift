/// Where a visit came from: a campaign with a channel and a referrer that fit together
/// (google_ads -> google.com, email -> email, organic -> a search engine, ...).
public struct Campaign: Sendable, Equatable {
    /// The `campaign_id` written into transactions.
    public var id: String
    /// The marketing channel (`email`, `google_ads`, `facebook_ads`, `organic`, `direct`, ...).
    public var channel: String
    /// Where the visit came from (`google.com`, `email`, `direct`, ...).
    public var referrer: String
    /// Relative share of visits (on the days it runs).
    public var weight: Double
    /// The local dates it runs, yyyymmdd, both included (nil: always). Outside them its visits
    /// go to the campaigns that always run.
    public var dates: ClosedRange<Int>?

    /// A campaign with its share of visits, `weight` (0 < weight <= 1), running on `dates`
    /// (yyyymmdd, local to the shopper; nil: always).
    public init(id: String, channel: String, referrer: String, weight: Double, dates: ClosedRange<Int>? = nil) {
        self.id = id
        self.channel = channel
        self.referrer = referrer
        self.weight = weight
        self.dates = dates
    }

    /// The default mix (weights sum to 1).
    public static let defaults: [Campaign] = [
        Campaign(id: "organic", channel: "organic", referrer: "google.com", weight: 0.20),
        Campaign(id: "organic", channel: "organic", referrer: "bing.com", weight: 0.04),
        Campaign(id: "organic", channel: "organic", referrer: "duckduckgo.com", weight: 0.01),
        Campaign(id: "direct", channel: "direct", referrer: "direct", weight: 0.20),
        Campaign(id: "brand_search", channel: "google_ads", referrer: "google.com", weight: 0.15),
        Campaign(id: "shopping_feed", channel: "google_ads", referrer: "google.com", weight: 0.05),
        Campaign(id: "social_retargeting", channel: "facebook_ads", referrer: "facebook.com", weight: 0.10),
        Campaign(id: "reels_discovery", channel: "instagram_ads", referrer: "instagram.com", weight: 0.05),
        Campaign(id: "weekly_newsletter", channel: "email", referrer: "email", weight: 0.08),
        Campaign(id: "cart_abandonment", channel: "email", referrer: "email", weight: 0.04),
        Campaign(id: "creator_partnerships", channel: "tiktok_ads", referrer: "tiktok.com", weight: 0.03),
        Campaign(id: "deal_sites", channel: "affiliate", referrer: "slickdeals.net", weight: 0.03),
        Campaign(id: "cashback_partners", channel: "affiliate", referrer: "rakuten.com", weight: 0.02),
    ]

    /// The referrer a channel implies, or nil when the channel leaves it open (organic,
    /// affiliate, display, ...).
    public static func referrer(forChannel channel: String) -> String? {
        [
            "google_ads": "google.com", "bing_ads": "bing.com", "facebook_ads": "facebook.com",
            "instagram_ads": "instagram.com", "tiktok_ads": "tiktok.com", "pinterest_ads": "pinterest.com",
            "email": "email", "sms": "sms", "direct": "direct",
        ][channel]
    }

    /// The defaults plus `extra` campaigns, where each extra campaign's weight is its share of
    /// all visits and the defaults share what is left.
    public static func mix(adding extra: [Campaign]) -> [Campaign] {
        let taken = extra.reduce(0) { $0 + $1.weight }
        let rest = max(0, 1 - taken)
        return defaults.map { var c = $0; c.weight *= rest; return c } + extra
    }
}

