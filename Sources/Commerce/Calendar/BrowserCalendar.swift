/// Which browser versions are current on a day: the release calendar in
/// `Resources/browser_releases.tsv` (which names its sources), extrapolated past its last row
/// (Chrome and Firefox every 4 weeks; Safari a major version each mid-September, then point
/// releases through the year).
///
/// Shoppers do not all update at once: a shopper runs the current version, one behind or two
/// behind (``lagShares``), fixed per shopper, and takes each release a fixed 0 ...
/// ``rolloutDays`` - 1 days after it comes out (browsers roll updates out over weeks), so a new
/// version reaches its shoppers over two weeks instead of overnight.
public struct BrowserCalendar: Sendable {
    /// The versions a shopper runs on one day.
    public struct Versions: Sendable, Equatable {
        /// Chrome major (also Chrome on iOS, ChromeOS).
        public var chrome: Int
        /// Edge major.
        public var edge: Int
        /// Firefox major.
        public var firefox: Int
        /// Safari major and minor (`18.1`; also the iOS/iPadOS version before 26).
        public var safariMajor: Int
        /// Safari minor.
        public var safariMinor: Int
        /// Samsung Internet major, and the Chromium major it is built on.
        public var samsung: Int = 0, samsungChromium: Int = 0
    }

    /// Shares of shoppers running the current version, one behind and two behind.
    public static let lagShares = [0.65, 0.25, 0.10]
    /// Days over which a release reaches the shoppers who take it (each shopper's delay is fixed).
    public static let rolloutDays = 14

    struct Release { let day: Int64; let major: Int; let minor: Int; var base = 0 }
    let chrome: [Release]
    let firefox: [Release]
    let safari: [Release]
    /// Samsung Internet, each with its Chromium major (`base`).
    let samsung: [Release]

    /// The built-in calendar, read once from the module's resources.
    public static let standard = BrowserCalendar(rows: ResourceTable.rows("browser_releases"))

    /// The source line of the table.
    public static var source: String { ResourceTable.source("browser_releases") }

    init(rows: [[Substring]]) {
        var byBrowser: [Substring: [Release]] = [:]
        for r in rows where r.count >= 3 {
            let v = r[1].split(separator: "."), d = r[2].split(separator: "-").compactMap { Int($0) }
            guard v.count >= 2, d.count == 3, let major = Int(v[0]), let minor = Int(v[1]) else { continue }
            byBrowser[r[0], default: []].append(Release(
                day: CivilCalendar.days(year: d[0], month: d[1], day: d[2]), major: major, minor: minor,
                base: r.count > 3 ? Int(r[3]) ?? 0 : 0))
        }
        chrome = (byBrowser["chrome"] ?? []).sorted { $0.day < $1.day }
        firefox = (byBrowser["firefox"] ?? []).sorted { $0.day < $1.day }
        safari = (byBrowser["safari"] ?? []).sorted { $0.day < $1.day }
        samsung = (byBrowser["samsung"] ?? []).sorted { $0.day < $1.day }
    }

    /// The versions current on `day` (days since 1970) for a shopper `lag` releases behind.
    public func versions(onDay day: Int64, lag: Int = 0) -> Versions {
        let safari = Self.safari(onDay: day, table: safari, lag: lag)
        let samsung = Self.samsung(onDay: day, table: samsung, lag: lag)
        return Versions(
            chrome: Self.major(onDay: day, table: chrome) - lag,
            edge: Self.major(onDay: day - 3, table: chrome) - lag,
            firefox: Self.major(onDay: day, table: firefox) - lag,
            safariMajor: safari.major, safariMinor: safari.minor,
            samsung: samsung.major, samsungChromium: samsung.chromium)
    }

    /// Samsung Internet `lag` releases behind the one current on `day`, with its Chromium
    /// major: past the table, a major every 150 days on a Chromium 6 majors newer.
    static func samsung(onDay day: Int64, table: [Release], lag: Int) -> (major: Int, chromium: Int) {
        guard let last = table.last else { return (0, 0) }
        if day >= last.day {
            let steps = Int((day - last.day) / 150) - lag
            if steps >= 0 { return (last.major + steps, last.base + 6 * steps) }
            let index = max(0, table.count - 1 + steps)
            return (table[index].major, table[index].base)
        }
        let release = table[max(0, (table.lastIndex { $0.day <= day } ?? 0) - lag)]
        return (release.major, release.base)
    }

    /// Chrome and Firefox: the last release on or before `day`, or every 28 days past the table.
    static func major(onDay day: Int64, table: [Release]) -> Int {
        guard let last = table.last, let first = table.first else { return 0 }
        if day >= last.day { return last.major + Int((day - last.day) / 28) }
        return (table.last { $0.day <= day } ?? first).major
    }

    /// Safari `lag` releases behind the one current on `day`: each year's x.0 in mid-September
    /// and x.1 ... x.6 through the next July (major = year - 1999 from 26 in 2025 on).
    static func safari(onDay day: Int64, table: [Release], lag: Int) -> (major: Int, minor: Int) {
        guard let last = table.last else { return (0, 0) }
        var releases = table
        if day > last.day {
            let year = CivilCalendar.date(fromDays: day).year
            for y in (year - 2)...year {
                let major = y - 1999
                let points: [(Int, Int, Int, Int)] = [(y, 9, 15, 0), (y, 11, 3, 1), (y, 12, 10, 2), (y + 1, 1, 27, 3), (y + 1, 3, 31, 4), (y + 1, 5, 12, 5), (y + 1, 7, 28, 6)]
                for (yy, m, d, minor) in points {
                    let at = CivilCalendar.days(year: yy, month: m, day: d)
                    if at > last.day { releases.append(Release(day: at, major: major, minor: minor)) }
                }
            }
            releases.sort { $0.day < $1.day }
        }
        let current = releases.lastIndex { $0.day <= day } ?? 0
        let index = max(0, current - lag)
        return (releases[index].major, releases[index].minor)
    }
}
