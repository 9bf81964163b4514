import Foundation
import Histogram
@testable import LoadGen
import Testing

/// Thresholds: the expression syntax and units, the profile's `thresholds` object, the
/// verdicts and the exit code 99, and how the report, summary and HTML show them.
@Suite("Thresholds")
struct ThresholdTests {
    @Test func expressionsWithUnits() throws {
        #expect(try Threshold.parse("latency_p99 < 50ms", field: "f") == Threshold(metric: .latencyP99, comparison: .less, limit: 50))
        #expect(try Threshold.parse("schedule_lag_p99.9<=1.5s", field: "f").limit == 1500)
        #expect(try Threshold.parse("latency_p999 < 5", field: "f").metric == .latencyP999)
        #expect(try Threshold.parse("rate_error_pct >= -1%", field: "f").limit == -1)
        #expect(try Threshold.parse("achieved_rate > 3000/min", field: "f").limit == 50)
        #expect(try Threshold.parse("achieved_rate > 3600/h", field: "f").expression == "achieved_rate > 1/s")
        #expect(try Threshold.parse("failed == 0", field: "f").comparison == .equal)
        #expect(try Threshold.parse("dead_lettered != 3", field: "f").passes(2))
        #expect(try Threshold.parse("latency_p99 < 50ms", field: "f").expression == "latency_p99 < 50ms")
    }

    @Test func badSyntaxIsOneLineNamingTheExpression() {
        for (text, expected) in [
            ("latency_p99 << 5ms", "--threshold: \"latency_p99 << 5ms\": expected an operator <, <=, >, >=, == or != before the value, got \"<<\""),
            ("latency_p99 < 5 parsecs", "--threshold: \"latency_p99 < 5 parsecs\": expected a duration such as 50ms or 1.5s for latency_p99, got \"5 parsecs\""),
            ("failed == 0.5", "--threshold: \"failed == 0.5\": expected a whole number such as 0 for failed, got \"0.5\""),
            ("failed == 1ms", "--threshold: \"failed == 1ms\": expected a whole number such as 0 for failed, got \"1ms\""),
            ("latency_p99 < -5ms", "--threshold: \"latency_p99 < -5ms\": expected a duration such as 50ms or 1.5s for latency_p99 (not negative), got \"-5ms\""),
            ("< 5ms", "--threshold: \"< 5ms\": expected METRIC OP VALUE, e.g. 'latency_p99 < 50ms' (metrics: \(ThresholdMetric.names))"),
            ("latency_p99 <", "--threshold: \"latency_p99 <\": expected a duration such as 50ms or 1.5s for latency_p99, got nothing"),
            // A bare rate: --rate reads one per hour, so it would silently mean 3,600 times more.
            ("achieved_rate > 1000", "--threshold: \"achieved_rate > 1000\": a bare number is ambiguous for achieved_rate (--rate and a profile's rate read one per hour): expected a rate with its unit such as 500/s, 30000/min or 1800000/h"),
            ("achieved_rate > 5/d", "--threshold: \"achieved_rate > 5/d\": expected a rate with its unit such as 500/s, 30000/min or 1800000/h for achieved_rate, got \"5/d\""),
        ] {
            #expect(throws: InputError.self) { try Threshold.parse(text, field: "--threshold") }
            do { _ = try Threshold.parse(text, field: "--threshold") } catch { #expect(error.description == expected) }
        }
    }

    @Test func profileThresholds() throws {
        let json = """
            {"thresholds": {"latency_p99": "< 50ms", "rate_error_pct": [">= -1%", "<= 1%"], "failed": "== 0",
                            "abort_on_fail": ["failed"], "warmup": "5m"}}
            """
        let p = try LoadProfile.parse(Array(json.utf8), file: "t.json")
        #expect(p.thresholds.map(\.expression) == ["latency_p99 < 50ms", "rate_error_pct >= -1%", "rate_error_pct <= 1%", "failed == 0"])
        #expect(p.thresholds.map(\.abortOnFail) == [false, false, false, true])
        #expect(p.thresholdWarmup == .seconds(300))
        let all = try LoadProfile.parse(Array(#"{"thresholds": {"failed": "== 0", "abort_on_fail": true}}"#.utf8), file: "t.json")
        #expect(all.thresholds.allSatisfy { $0.abortOnFail })
        for (bad, expected) in [
            (#"{"thresholds": {"latncy_p99": "< 5ms"}}"#, "t.json: $.thresholds.latncy_p99: unknown field"),
            (#"{"thresholds": {"failed": 0}}"#, "t.json: $.thresholds.failed: expected a condition such as \"< 50ms\" or \"== 0\", got the number 0"),
            (#"{"thresholds": {"failed": "= 0"}}"#, "t.json: $.thresholds.failed: \"failed = 0\": expected an operator"),
            (#"{"thresholds": {"failed": "== 0", "abort_on_fail": ["latency_p99"]}}"#, "t.json: $.thresholds.abort_on_fail[0]: \"latency_p99\" has no threshold in this profile"),
            (#"{"thresholds": {"failed": "== 0", "abort_on_fail": "yes"}}"#, "t.json: $.thresholds.abort_on_fail: expected true, false or a list of metric names"),
        ] {
            do {
                _ = try LoadProfile.parse(Array(bad.utf8), file: "t.json")
                Issue.record("accepted \(bad)")
            } catch { #expect(error.description.hasPrefix(expected), "\(error.description)") }
        }
    }

    @Test func verdictsAndExitCode99() throws {
        var latency = RunMetrics.histogram()
        for v in 1...1000 { _ = latency.record(UInt64(v * 100)) }  // 0.1 ms ... 100 ms
        var figures = ThresholdFigures()
        figures.latency = latency
        figures.failed = 0
        let results = figures.judge([
            try Threshold.parse("latency_p99 < 50ms", field: "f"), try Threshold.parse("failed == 0", field: "f"),
            try Threshold.parse("schedule_lag_p99 < 1ms", field: "f"),
        ])
        #expect(results.map(\.verdict) == ["FAIL", "pass", "no data"])
        #expect(abs(results[0].value! - 99.0) < 0.1)
        var report = RunReport.failed(configuration: RunConfiguration(profile: LoadProfile()), runID: "r", error: "")
        report.error = nil
        #expect(report.exitCode == 0)
        report.thresholds = results
        #expect(report.exitCode == 99)
        #expect(report.summary.contains("thresholds    2 of 3 passed, 1 CROSSED (exit 99)"))
        #expect(report.summary.contains("✗ latency_p99 < 50ms"))
        let json = report.jsonObject()
        let first = (json["thresholds"] as? [[String: Any]])?.first
        #expect(first?["expression"] as? String == "latency_p99 < 50ms" && first?["verdict"] as? String == "FAIL")
        let back = try FigureJSON.decode(RunReport.self, from: try report.jsonData())
        #expect(back.thresholds.map(\.threshold) == results.map(\.threshold) && back.exitCode == 99)
    }

    /// A finished run's figures come from its report (counts, RSS growth, --verify's findings)
    /// and the histograms it was given: every threshold metric has its value.
    @Test func aReportsFiguresJudgeEveryMetric() throws {
        var latency = RunMetrics.histogram()
        _ = latency.record(2_000)
        var report = RunReport.failed(configuration: RunConfiguration(profile: LoadProfile()), runID: "r", error: "")
        report.failed = 3
        report.deadLettered = 4
        report.permitsDropped = 5
        report.rssGrowthPercent = 6
        report.verify = ["missing": 7, "duplicates": 8, "misplaced": 9, "out_of_order": 10, "extra": 0]
        let figures = ThresholdFigures(report: report, latency: latency, scheduleLag: nil)
        let expressions = ["failed == 3", "dead_lettered == 4", "permits_dropped == 5", "rss_growth_pct == 6%", "missing == 7",
                           "duplicates == 8", "misplaced == 9", "out_of_order == 10", "latency_p50 < 3ms"]
        let results = figures.judge(try expressions.map { try Threshold.parse($0, field: "f") })
        #expect(results.map(\.verdict) == Array(repeating: "pass", count: expressions.count), "\(results.map(\.verdict))")
        #expect(figures.value(.rateErrorPercent) == report.rateErrorPercent && figures.scheduleLag == nil)
    }

    @Test func rssGrowthAfterTheWarmup() {
        let samples = [(0.0, 30.0), (10, 50), (20, 50), (30, 55)].map { (elapsed: $0.0, residentMB: $0.1) }
        #expect(ThresholdFigures.rssGrowthPercent(samples, warmupSeconds: 10) == 10)
        #expect(ThresholdFigures.rssGrowthPercent(samples, warmupSeconds: 40) == nil)
        #expect(ThresholdFigures.defaultWarmup(runSeconds: 180) == 60 && ThresholdFigures.defaultWarmup(runSeconds: 4 * 3600) == 600)
    }
}
