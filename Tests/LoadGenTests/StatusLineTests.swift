@testable import LoadGen
import Testing

@Suite("The status line fits the terminal")
struct StatusLineTests {
    let busy = RunStatus(
        elapsedSeconds: 754, simulatedTime: "2026-11-27T05:01:36Z", targetRate: 1_000_000, achievedRate: 942_994.8,
        produced: 711_052_113, delivered: 711_001_020, failed: 12_345, permitsDropped: 1_234_567, p99LatencyMillis: 148.6,
        residentMB: 206.4, bytesPerSecond: 812_000_000, remainingSeconds: 2846)

    @Test func atEightyColumnsTheLineFitsAndKeepsTheMostUsefulFigures() {
        let line = busy.line(width: 80, profile: "blackfriday")
        #expect(line.count <= 79, "\(line.count): \(line)")
        #expect(line.hasPrefix("12m34s  942,995/s of 1,000,000/s  delivered 711,001,020  failed 12,345"), "\(line)")
        #expect(!line.contains("\n") && !line.contains("\r"))
    }

    @Test func widerTerminalsShowMore() {
        let line = busy.line(width: 160, profile: "blackfriday")
        #expect(line.count <= 159, "\(line.count): \(line)")
        for part in ["dropped 1,234,567", "p99 149 ms", "774.4 MB/s", "left 47m26s", "sim 2026-11-27 05:01:36"] {
            #expect(line.contains(part), "\(part) missing: \(line)")
        }
        #expect(line.count > busy.line(width: 80, profile: "blackfriday").count)
        #expect(busy.line(width: 220, profile: "blackfriday").hasSuffix("sim 2026-11-27 05:01:36  rss 206 MB  blackfriday"))
    }

    @Test func theMultipliersInForceAreNamed() {
        var s = busy
        s.multipliers = "×1.5 weekend ×2 peak_hours"
        let wide = s.line(width: 200, profile: "blackfriday")
        #expect(wide.contains("p99 149 ms  ×1.5 weekend ×2 peak_hours  774.4 MB/s"), "\(wide)")
        #expect(s.line(width: 80, profile: "blackfriday").count <= 79)
    }

    /// Shoppers on their own clocks: the whole text on a wide terminal; on 80 columns the
    /// mixture's factor still shows (`×2.60 local`), without the names and the noise.
    @Test func localClockMultipliersShortenToFit() {
        var s = RunStatus(
            elapsedSeconds: 2, simulatedTime: "2026-11-28T20:00:02Z", targetRate: 11_450, achievedRate: 11_450, produced: 22_900,
            delivered: 22_900, failed: 0, p99LatencyMillis: 1.2, residentMB: 60)
        s.multipliers = "×2.60 local (business_hours, peak_hours, weekend) ×0.88 noise"
        let wide = s.line(width: 200, profile: "default")
        #expect(wide.contains("p99 1.2 ms  ×2.60 local (business_hours, peak_hours, weekend) ×0.88 noise  "), "\(wide)")
        let narrow = s.line(width: 80, profile: "default")
        #expect(narrow.count <= 79 && narrow.contains("p99 1.2 ms  ×2.60 local  "), "\(narrow)")
        // The profile zone's windows have no shorter form: all of them or none.
        s.multipliers = "×1.5 weekend ×2 peak_hours ×0.88 noise"
        #expect(s.line(width: 200, profile: "default").contains("×1.5 weekend ×2 peak_hours ×0.88 noise"))
    }

    @Test func aQuietRunWithoutRateOrDurationStaysShort() {
        let quiet = RunStatus(
            elapsedSeconds: 3.2, simulatedTime: "2026-11-27T05:01:36Z", targetRate: nil, achievedRate: 2.5, produced: 8,
            delivered: 8, failed: 0, p99LatencyMillis: 5.25, residentMB: 40)
        let line = quiet.line(width: 80, profile: "default")
        #expect(line.hasPrefix("3s  2.5/s  delivered 8  p99 5.3 ms  0.0 MB/s  sim 2026-11-27 05:01:36"), "\(line)")
        #expect(!line.contains("failed") && !line.contains("dropped") && !line.contains("left"))
        #expect(line.count <= 79)
        // Even a very narrow terminal gets a line that does not wrap.
        #expect(busy.line(width: 30, profile: "x").count <= 29)
    }
}
