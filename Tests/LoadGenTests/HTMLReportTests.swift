import Foundation
@testable import LoadGen
import Testing

/// The HTML report's thresholds table, percentile, MB/s and in-flight charts, provenance, the
/// target drawn over the achieved line, and x-axis labels that never repeat.
@Suite("HTML report")
struct HTMLReportTests {
    /// A report with a flat target and `seconds` one-second samples; `speed`: simulated seconds per second.
    static func report(seconds: Int, speed: Double = 1) -> RunReport {
        var r = RunReport.failed(configuration: RunConfiguration(profile: LoadProfile()), runID: "r1", error: "")
        r.error = nil
        r.timeline = (0...seconds).map { s in
            RunSample(wallMillis: 1_800_000_000_000 + Int64(s) * 1000, elapsedSeconds: Double(s),
                      simulatedMillis: 1_800_000_000_000 + Int64(Double(s) * 1000 * speed), targetRate: 100, achievedRate: 100,
                      produced: s * 100, delivered: s * 100, failed: 0, invalid: 0, retried: 0, deadLettered: 0, inFlight: s % 7,
                      bytes: s * 70_000, latency: .init(count: 100, p50: 1, p90: 2, p99: 3, p999: 4, max: 5), residentMB: 40)
        }
        return r
    }

    @Test func thresholdsPercentilesThroughputInFlightAndProvenance() throws {
        var r = Self.report(seconds: 20)
        r.thresholds = [
            ThresholdResult(threshold: try Threshold.parse("latency_p99 < 2ms", field: "t"), value: 3, passed: false),
            ThresholdResult(threshold: try Threshold.parse("failed == 0", field: "t"), value: 0, passed: true),
        ]
        r.commandLine = ["loadgen", "--threshold", "latency_p99 < 2ms", "--profile", "p.json"]
        r.profileText = #"{"name": "<b>x</b>"}"#
        let html = HTMLReport.render(r)
        #expect(html.contains("<h2>Thresholds</h2>"))
        #expect(html.contains("<td>latency_p99 &lt; 2ms</td><td>3ms</td><td class=\"fail\">FAIL</td>"))
        #expect(html.contains("<td>failed == 0</td><td>0</td><td class=\"pass\">pass</td>"))
        #expect(html.contains("1 threshold(s) crossed"))
        for series in ["p50", "p90", "p99", "p99.9", "MB/s", "in flight"] {
            #expect(html.contains("data-series=\"\(series)\""), "series \(series)")
        }
        #expect(html.contains("data-chart=\"throughput\"") && html.contains("data-chart=\"inflight\""))
        #expect(html.contains("loadgen --threshold 'latency_p99 &lt; 2ms' --profile p.json"))
        #expect(html.contains("{&quot;name&quot;: &quot;&lt;b&gt;x&lt;/b&gt;&quot;}"))
    }

    @Test func theTargetIsDrawnOverTheAchievedLine() {
        let html = HTMLReport.render(Self.report(seconds: 20))
        let rate = html.components(separatedBy: "data-chart=\"rate\"")[1].components(separatedBy: "</svg>")[0]
        let achieved = rate.range(of: "data-series=\"achieved\"")!, target = rate.range(of: "data-series=\"target\"")!
        #expect(achieved.lowerBound < target.lowerBound, "the later path is painted on top")
    }

    /// Tick labels of each line under the x axis.
    static func labels(_ html: String, secondary: Bool) -> [[String]] {
        html.components(separatedBy: "<svg class=\"chart\"").dropFirst().map { chart in
            let marker = secondary ? "<text class=\"tick secondary\"" : "<text class=\"tick\" x="
            return chart.components(separatedBy: marker).dropFirst().compactMap { part -> String? in
                guard secondary || part.contains("text-anchor=\"middle\"") else { return nil }
                return part.components(separatedBy: ">").dropFirst().first?.components(separatedBy: "<").first
            }
        }
    }

    @Test(arguments: [(3, 1.0), (20, 1.0), (20, 2.0), (90, 1.0), (600, 24.0), (4000, 96.0)])
    func timeAxisLabelsNeverRepeat(seconds: Int, speed: Double) {
        let html = HTMLReport.render(Self.report(seconds: seconds, speed: speed))
        for line in Self.labels(html, secondary: false) + Self.labels(html, secondary: true) {
            #expect(Set(line).count == line.count, "repeated label in \(line)")
        }
        let simulated = Self.labels(html, secondary: true).first ?? []
        #expect(simulated.count >= 2, "the simulated time is labelled: \(simulated)")
    }
}
