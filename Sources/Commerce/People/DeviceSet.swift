/// The devices a customer owns (a phone, often a computer, sometimes a tablet, from one
/// ecosystem more often than not) and which of them a visit comes from, by the local hour:
/// phones in the evening and at night, computers at work hours on weekdays.
final class DeviceSets: Sendable {
    /// Shares of owners: a phone; a computer (everyone without a phone has one); a tablet.
    static let phoneOwners = 0.90, computerOwners = 0.70, tabletOwners = 0.40
    /// How much more likely an iPhone owner's computer is a Mac, and their tablet an iPad.
    static let ecosystemPull = 2.5

    /// Profiles of each kind and their tables (computers and tablets: for owners of an
    /// iPhone or not), as separate values: no nested array is retained on the hot path.
    private let phones: [Int], computers: [Int], tablets: [Int]
    private let phoneTable: AliasTable
    private let computerTable: AliasTable, appleComputerTable: AliasTable
    private let tabletTable: AliasTable, appleTabletTable: AliasTable
    /// Per device profile: Apple (iOS, iPadOS, macOS), Google (Android, ChromeOS).
    let isApple: [Bool]
    let isGoogle: [Bool]
    /// Per device profile: whether a web checkout offers Apple Pay there (an iPhone or iPad in
    /// any browser; a Mac in Safari only).
    let takesApplePay: [Bool]
    /// Per device profile: how many user agents it has.
    let agentCounts: [UInt64]

    init(_ devices: Devices) {
        let isApple = devices.profiles.map { ["iOS", "iPadOS", "macOS"].contains($0.osName) }
        self.isApple = isApple
        isGoogle = devices.profiles.map { ["Android", "ChromeOS"].contains($0.osName) }
        takesApplePay = devices.profiles.map { ["iOS", "iPadOS"].contains($0.osName) || ($0.osName == "macOS" && $0.browserName == "Safari") }
        agentCounts = devices.profiles.map { UInt64($0.userAgents.count) }
        let weights = devices.table.weights
        func members(_ kind: String) -> [Int] { devices.profiles.indices.filter { devices.profiles[$0].typeName == kind } }
        func table(_ members: [Int], applePhone: Bool) -> AliasTable {
            AliasTable(members.map { weights[$0] * (applePhone && isApple[$0] ? Self.ecosystemPull : 1) })
        }
        phones = members("mobile")
        computers = members("desktop")
        tablets = members("tablet")
        phoneTable = table(phones, applePhone: false)
        computerTable = table(computers, applePhone: false)
        appleComputerTable = table(computers, applePhone: true)
        tabletTable = table(tablets, applePhone: false)
        appleTabletTable = table(tablets, applePhone: true)
    }

    /// A customer's devices (profile indexes, -1: none) from their per-user random values.
    @inline(__always)
    func deviceSet(keys: MixKeys, index: UInt64) -> (phone: Int16, computer: Int16, tablet: Int16) {
        let owns = keys.hash(index, 20)
        let hasPhone = Double(owns & 0xFFFF) / 65536 < Self.phoneOwners
        let hasComputer = !hasPhone || Double((owns >> 16) & 0xFFFF) / 65536 < Self.computerOwners
        let hasTablet = Double((owns >> 32) & 0xFFFF) / 65536 < Self.tabletOwners
        let phone = hasPhone ? phones[phoneTable.pick(keys.hash(index, 21))] : -1
        let apple = phone >= 0 && isApple[phone]
        let computer = hasComputer ? computers[(apple ? appleComputerTable : computerTable).pick(keys.hash(index, 22))] : -1
        let tablet = hasTablet ? tablets[(apple ? appleTabletTable : tabletTable).pick(keys.hash(index, 23))] : -1
        return (Int16(phone), Int16(computer), Int16(tablet))
    }

    /// Preference for (mobile, desktop, tablet) at a local time.
    @inline(__always)
    static func preference(_ local: LocalTime) -> (Double, Double, Double) {
        let hour = local.hour
        if hour < 6 { return (0.70, 0.16, 0.14) }
        if hour >= 18 { return (0.58, 0.20, 0.22) }
        if hour >= 9, hour < 17, !local.isWeekend { return (0.36, 0.56, 0.08) }
        return (0.52, 0.32, 0.16)
    }

    /// The device of a visit starting at `local`, among the customer's (`bits`: the visit's
    /// random value).
    @inline(__always)
    static func visitDevice(phone: Int16, computer: Int16, tablet: Int16, at local: LocalTime, bits: UInt64) -> Int {
        let (m, d, t) = preference(local)
        let wm = phone >= 0 ? m : 0, wd = computer >= 0 ? d : 0, wt = tablet >= 0 ? t : 0
        let u = Double(bits >> 11) * 0x1.0p-53 * (wm + wd + wt)
        if u < wm { return Int(phone) }
        if u < wm + wd { return Int(computer) }
        return Int(tablet >= 0 ? tablet : (phone >= 0 ? phone : computer))
    }
}
