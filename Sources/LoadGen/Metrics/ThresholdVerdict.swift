import Foundation
import Histogram

/// The figures thresholds are judged on: a run's (or a merge's) histograms and counters, and
/// what reading the topic back found. A figure that is nil has no data (shown as such, never
/// failed).
public struct ThresholdFigures: Sendable {
    /// Delivery latency, microseconds.
    public var latency: Histogram<UInt64>?
    /// Schedule lag, microseconds.
    public var scheduleLag: Histogram<UInt64>?
    public var rateErrorPercent: Double?
    public var achievedRate: Double?
    public var failed: Int?
    public var deadLettered: Int?
    public var permitsDropped: Int?
    /// Growth of resident memory from the end of the warm-up to the end, percent.
    public var rssGrowthPercent: Double?
    /// From `--verify`: missing, duplicates, misplaced, out of order (beyond re-sends).
    public var missing, duplicates, misplaced, outOfOrder: Int?

    /// No figures yet.
    public init() {}

    /// The figures a finished run's (or merged shards') thresholds are judged on: the report's,
    /// with the latency and schedule-lag histograms it keeps only the percentiles of.
    public init(report r: RunReport, latency: Histogram<UInt64>?, scheduleLag: Histogram<UInt64>?) {
        self.latency = latency
        self.scheduleLag = scheduleLag
        rateErrorPercent = r.rateErrorPercent
        achievedRate = r.achievedRatePerSecond
        failed = r.failed
        deadLettered = r.deadLettered
        permitsDropped = r.permitsDropped
        rssGrowthPercent = r.rssGrowthPercent
        if let v = r.verify {
            missing = v["missing"]
            duplicates = v["duplicates"]
            misplaced = v["misplaced"]
            outOfOrder = v["out_of_order"]
        }
    }

    /// The value of `metric` in its unit (ms, %, per second, count), nil without data.
    public func value(_ metric: ThresholdMetric) -> Double? {
        if let p = metric.percentile {
            let histogram = metric.rawValue.hasPrefix("latency") ? latency : scheduleLag
            guard let h = histogram, h.totalCount > 0 else { return nil }
            return Double(p >= 100 ? h.max : h.valueAtPercentile(p)) / 1000
        }
        switch metric {
        case .rateErrorPercent: return rateErrorPercent
        case .achievedRate: return achievedRate
        case .failed: return failed.map(Double.init)
        case .deadLettered: return deadLettered.map(Double.init)
        case .permitsDropped: return permitsDropped.map(Double.init)
        case .rssGrowthPercent: return rssGrowthPercent
        case .missing: return missing.map(Double.init)
        case .duplicates: return duplicates.map(Double.init)
        case .misplaced: return misplaced.map(Double.init)
        case .outOfOrder: return outOfOrder.map(Double.init)
        default: return nil
        }
    }

    /// Each threshold with its value and verdict.
    public func judge(_ thresholds: [Threshold]) -> [ThresholdResult] {
        thresholds.map { t in
            let v = value(t.metric)
            return ThresholdResult(threshold: t, value: v, passed: v.map(t.passes) ?? true)
        }
    }

    /// The warm-up the RSS growth is measured after when none is given: 10 minutes, or the
    /// first third of a run shorter than 30 minutes (what `scripts/soak.sh` uses).
    public static func defaultWarmup(runSeconds: Double) -> Double { runSeconds < 1800 ? runSeconds / 3 : 600 }

    /// RSS growth in percent from the first sample at or after `warmupSeconds` to the last
    /// sample; nil when no sample follows the warm-up's end.
    public static func rssGrowthPercent(_ samples: [(elapsed: Double, residentMB: Double)], warmupSeconds: Double) -> Double? {
        guard let start = samples.firstIndex(where: { $0.elapsed >= warmupSeconds }), start < samples.count - 1 else { return nil }
        let base = samples[start].residentMB, last = samples[samples.count - 1].residentMB
        guard base > 0 else { return nil }
        return (last - base) / base * 100
    }
}

/// One threshold judged: what it said, the value found and whether it held.
public struct ThresholdResult: Sendable, Equatable, Codable {
    public var threshold: Threshold
    /// The figure in the threshold's unit; nil without data (e.g. no latency recorded).
    public var value: Double?
    /// Whether it held (a figure without data does not fail).
    public var passed: Bool

    /// A result.
    public init(threshold: Threshold, value: Double?, passed: Bool) {
        self.threshold = threshold
        self.value = value
        self.passed = passed
    }

    /// `pass`, `FAIL` or `no data`.
    public var verdict: String { value == nil ? "no data" : passed ? "pass" : "FAIL" }

    /// The value written in the metric's unit, 3 decimals at most (`12.345ms`), or `n/a`.
    public var shownValue: String {
        guard let value else { return "n/a" }
        return threshold.metric.unit.format(FigureJSON.rounded(value))
    }

    enum CodingKeys: String, CodingKey {
        case expression, metric, comparison, limit, unit, value, verdict, passed, abortOnFail = "abort_on_fail"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(threshold.expression, forKey: .expression)
        try c.encode(threshold.metric.rawValue, forKey: .metric)
        try c.encode(threshold.comparison.rawValue, forKey: .comparison)
        try c.encode(threshold.limit, forKey: .limit)
        try c.encode(threshold.metric.unit.rawValue, forKey: .unit)
        try c.encode(value.map { FigureJSON.rounded($0) }, forKey: .value)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(passed, forKey: .passed)
        try c.encode(threshold.abortOnFail, forKey: .abortOnFail)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let expression = try c.decode(String.self, forKey: .expression)
        do {
            threshold = try Threshold.parse(expression, field: "thresholds")
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .expression, in: c, debugDescription: error.description)
        }
        threshold.abortOnFail = try c.decodeIfPresent(Bool.self, forKey: .abortOnFail) ?? false
        value = try c.decodeIfPresent(Double.self, forKey: .value)
        passed = try c.decodeIfPresent(Bool.self, forKey: .passed) ?? true
    }
}

extension [ThresholdResult] {
    /// The lines the text summary shows: one per threshold with its value and verdict.
    public var summaryLines: [String] {
        guard !isEmpty else { return [] }
        let failed = filter { !$0.passed }.count
        var lines = ["  thresholds    \(count - failed) of \(count) passed" + (failed > 0 ? ", \(failed) CROSSED (exit 99)" : "")]
        let width = map(\.threshold.expression.count).max() ?? 0
        for r in self {
            let pad = String(repeating: " ", count: width - r.threshold.expression.count)
            lines.append("    \(r.passed ? (r.value == nil ? "-" : "✓") : "✗") \(r.threshold.expression)\(pad)   \(r.shownValue)   \(r.verdict)")
        }
        return lines
    }
}
