// Devices people shop from: type, then operating system given the type, then browser given
// the system, each with real user agent strings for exactly that combination. Versions are
// slots filled from the simulated date (BrowserCalendar): {chrome} 131.0.0.0 (Chrome's reduced
// UA), {crios} 131.0.6778.73 (Chrome on iOS), {edge} 131.0.0.0, {firefox} 133.0, {safari} 18.1,
// {ios} 18_1 (the OS token: frozen at 18_6 from Safari 26 on, as Apple does), {samsung} 27.0
// and {samsungchrome} 125.0.0.0 (Samsung Internet and the Chromium it is built on).

struct BrowserSeed {
    let name: String
    let weight: Double
    /// User agent templates for this browser on this OS (versions as slots).
    let userAgents: [String]
}

struct OperatingSystemSeed {
    let name: String
    let weight: Double
    let browsers: [BrowserSeed]
}

struct DeviceTypeSeed {
    let name: String
    let weight: Double
    let systems: [OperatingSystemSeed]
}

let deviceSeeds: [DeviceTypeSeed] = [
    DeviceTypeSeed(name: "mobile", weight: 0.55, systems: [
        OperatingSystemSeed(name: "iOS", weight: 0.55, browsers: [
            BrowserSeed(name: "Safari", weight: 0.85, userAgents: [
                "Mozilla/5.0 (iPhone; CPU iPhone OS {ios} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{safari} Mobile/15E148 Safari/604.1",
            ]),
            BrowserSeed(name: "Chrome", weight: 0.15, userAgents: [
                "Mozilla/5.0 (iPhone; CPU iPhone OS {ios} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/{crios} Mobile/15E148 Safari/604.1",
            ]),
        ]),
        OperatingSystemSeed(name: "Android", weight: 0.45, browsers: [
            BrowserSeed(name: "Chrome", weight: 0.85, userAgents: ["Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome} Mobile Safari/537.36"]),
            BrowserSeed(name: "Samsung Internet", weight: 0.12, userAgents: [
                "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/{samsung} Chrome/{samsungchrome} Mobile Safari/537.36",
                "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-A556B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/{samsung} Chrome/{samsungchrome} Mobile Safari/537.36",
                "Mozilla/5.0 (Linux; Android 15; SAMSUNG SM-S931B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/{samsung} Chrome/{samsungchrome} Mobile Safari/537.36",
                "Mozilla/5.0 (Linux; Android 15; SAMSUNG SM-A166B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/{samsung} Chrome/{samsungchrome} Mobile Safari/537.36",
            ]),
            BrowserSeed(name: "Firefox", weight: 0.03, userAgents: [
                "Mozilla/5.0 (Android 14; Mobile; rv:{firefox}) Gecko/{firefox} Firefox/{firefox}",
                "Mozilla/5.0 (Android 15; Mobile; rv:{firefox}) Gecko/{firefox} Firefox/{firefox}",
            ]),
        ]),
    ]),
    DeviceTypeSeed(name: "desktop", weight: 0.38, systems: [
        OperatingSystemSeed(name: "Windows", weight: 0.62, browsers: [
            BrowserSeed(name: "Chrome", weight: 0.65, userAgents: ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome} Safari/537.36"]),
            BrowserSeed(name: "Edge", weight: 0.25, userAgents: [
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{edge} Safari/537.36 Edg/{edge}",
            ]),
            BrowserSeed(name: "Firefox", weight: 0.10, userAgents: ["Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{firefox}) Gecko/20100101 Firefox/{firefox}"]),
        ]),
        OperatingSystemSeed(name: "macOS", weight: 0.30, browsers: [
            BrowserSeed(name: "Safari", weight: 0.50, userAgents: [
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{safari} Safari/605.1.15",
            ]),
            BrowserSeed(name: "Chrome", weight: 0.42, userAgents: ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome} Safari/537.36"]),
            BrowserSeed(name: "Firefox", weight: 0.08, userAgents: ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:{firefox}) Gecko/20100101 Firefox/{firefox}"]),
        ]),
        OperatingSystemSeed(name: "Linux", weight: 0.04, browsers: [
            BrowserSeed(name: "Chrome", weight: 0.6, userAgents: ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome} Safari/537.36"]),
            BrowserSeed(name: "Firefox", weight: 0.4, userAgents: ["Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:{firefox}) Gecko/20100101 Firefox/{firefox}"]),
        ]),
        OperatingSystemSeed(name: "ChromeOS", weight: 0.04, browsers: [
            BrowserSeed(name: "Chrome", weight: 1.0, userAgents: ["Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome} Safari/537.36"]),
        ]),
    ]),
    DeviceTypeSeed(name: "tablet", weight: 0.07, systems: [
        OperatingSystemSeed(name: "iPadOS", weight: 0.65, browsers: [
            // Safari on an iPad asks for the desktop site (iPadOS 13 on): it says it is a Mac, as
            // in any real shop's logs; Chrome on an iPad still names the iPad.
            BrowserSeed(name: "Safari", weight: 0.9, userAgents: [
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{safari} Safari/605.1.15",
            ]),
            BrowserSeed(name: "Chrome", weight: 0.1, userAgents: [
                "Mozilla/5.0 (iPad; CPU OS {ios} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/{crios} Mobile/15E148 Safari/604.1",
            ]),
        ]),
        OperatingSystemSeed(name: "Android", weight: 0.35, browsers: [
            // Chrome's reduced user agent names no model on tablets either (no "Mobile": a tablet).
            BrowserSeed(name: "Chrome", weight: 0.8, userAgents: ["Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome} Safari/537.36"]),
            BrowserSeed(name: "Samsung Internet", weight: 0.2, userAgents: [
                "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/{samsung} Chrome/{samsungchrome} Safari/537.36",
                "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-X216B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/{samsung} Chrome/{samsungchrome} Safari/537.36",
                "Mozilla/5.0 (Linux; Android 15; SAMSUNG SM-X520) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/{samsung} Chrome/{samsungchrome} Safari/537.36",
            ]),
        ]),
    ]),
]
