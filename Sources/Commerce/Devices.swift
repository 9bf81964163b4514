/// The devices shoppers use: every (type, OS, browser) combination with its share and the
/// user agents that match it exactly.
public final class Devices: Sendable {
    /// One combination, pre-encoded for the JSON writer.
    public struct Profile: Sendable {
        /// `mobile`, `desktop` or `tablet`.
        public let type: JSONText
        /// The operating system.
        public let os: JSONText
        /// The browser.
        public let browser: JSONText
        /// Real user agents of exactly this type, OS and browser, with their versions filled
        /// from the simulated date.
        public let userAgents: [UserAgentTemplate]
        /// `mobile`, `desktop` or `tablet`, as text.
        let typeName: String
        /// The operating system, as text.
        let osName: String
        /// The browser, as text.
        let browserName: String
    }

    /// Every device profile, in a fixed order.
    public let profiles: [Profile]
    /// Joint weights: P(type) x P(os | type) x P(browser | os).
    public let table: AliasTable
    /// Share of each device type ("mobile", "desktop", "tablet").
    public let typeWeights: [String: Double]

    /// The built-in device mix.
    public static let standard = Devices(seeds: deviceSeeds)

    init(seeds: [DeviceTypeSeed]) {
        var profiles: [Profile] = []
        var weights: [Double] = []
        var typeWeights: [String: Double] = [:]
        let typeTotal = seeds.reduce(0) { $0 + $1.weight }
        for type in seeds {
            typeWeights[type.name] = type.weight / typeTotal
            let osTotal = type.systems.reduce(0) { $0 + $1.weight }
            for os in type.systems {
                let browserTotal = os.browsers.reduce(0) { $0 + $1.weight }
                for browser in os.browsers {
                    profiles.append(Profile(
                        type: JSONText(type.name), os: JSONText(os.name), browser: JSONText(browser.name),
                        userAgents: browser.userAgents.map { UserAgentTemplate($0) }, typeName: type.name, osName: os.name,
                        browserName: browser.name))
                    weights.append(type.weight / typeTotal * os.weight / osTotal * browser.weight / browserTotal)
                }
            }
        }
        self.profiles = profiles
        self.table = AliasTable(weights)
        self.typeWeights = typeWeights
    }
}
