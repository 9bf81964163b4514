import Foundation

/// A pass/fail criterion on one of a run's figures: `latency_p99 < 50ms`, `failed == 0`.
///
/// Written in a profile (`"thresholds": {"latency_p99": "< 50ms"}`) or with `--threshold
/// 'latency_p99 < 50ms'`. A crossed threshold makes the run exit 99 after its reports are
/// written; one marked ``abortOnFail`` stops the run as soon as it is crossed.
public struct Threshold: Sendable, Equatable, Codable {
    /// The figure judged.
    public var metric: ThresholdMetric
    /// How the figure is compared with ``limit``.
    public var comparison: Comparison
    /// The limit in the metric's unit (ms, %, per second or a count).
    public var limit: Double
    /// Stop the run (gracefully) as soon as this threshold is crossed.
    public var abortOnFail = false

    /// `<`, `<=`, `>`, `>=`, `==`, `!=`.
    public enum Comparison: String, Sendable, Codable, CaseIterable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="

        /// Whether `value` satisfies `value <op> limit`.
        public func holds(_ value: Double, _ limit: Double) -> Bool {
            switch self {
            case .less: return value < limit
            case .lessOrEqual: return value <= limit
            case .greater: return value > limit
            case .greaterOrEqual: return value >= limit
            case .equal: return value == limit
            case .notEqual: return value != limit
            }
        }
    }

    /// A threshold built from its parts.
    public init(metric: ThresholdMetric, comparison: Comparison, limit: Double, abortOnFail: Bool = false) {
        self.metric = metric
        self.comparison = comparison
        self.limit = limit
        self.abortOnFail = abortOnFail
    }

    /// The threshold as a person writes it: `latency_p99 < 50ms`.
    public var expression: String { "\(metric.rawValue) \(comparison.rawValue) \(metric.unit.format(limit))" }

    /// Whether `value` of ``metric`` passes.
    public func passes(_ value: Double) -> Bool { comparison.holds(value, limit) }

    /// Parses `METRIC OP VALUE[UNIT]` (`--threshold 'latency_p99 < 50ms'`).
    /// - Throws: ``InputError`` at `field`, naming the expression and what was expected.
    public static func parse(_ text: String, field: String) throws(InputError) -> Threshold {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let name = String(trimmed.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." })
        guard !name.isEmpty else {
            throw InputError(field, "\(InputError.quoted(text)): expected METRIC OP VALUE, e.g. 'latency_p99 < 50ms' (metrics: \(ThresholdMetric.names))")
        }
        let metric = try ThresholdMetric.named(name, field: field, expression: text)
        return try parse(condition: String(trimmed.dropFirst(name.count)), metric: metric, field: field, expression: text)
    }

    /// Parses the condition `OP VALUE[UNIT]` for `metric` (a profile's `"latency_p99": "< 50ms"`).
    /// - Throws: ``InputError`` at `field`, quoting `expression` (what was written).
    public static func parse(condition: String, metric: ThresholdMetric, field: String, expression: String) throws(InputError) -> Threshold {
        let rest = condition.trimmingCharacters(in: .whitespaces)
        let symbols = Set("<>=!")
        let op = String(rest.prefix { symbols.contains($0) })
        guard let comparison = Comparison(rawValue: op) else {
            throw InputError(field, "\(InputError.quoted(expression)): expected an operator <, <=, >, >=, == or != before the value, got \(op.isEmpty ? "none" : InputError.quoted(op))")
        }
        let valueText = rest.dropFirst(op.count).trimmingCharacters(in: .whitespaces)
        let limit = try metric.unit.parse(valueText, field: field, expression: expression, metric: metric)
        return Threshold(metric: metric, comparison: comparison, limit: limit)
    }
}

/// The figures a threshold can judge.
public enum ThresholdMetric: String, Sendable, Codable, CaseIterable {
    case latencyP50 = "latency_p50", latencyP90 = "latency_p90", latencyP95 = "latency_p95", latencyP99 = "latency_p99"
    case latencyP999 = "latency_p99.9", latencyMax = "latency_max"
    case lagP50 = "schedule_lag_p50", lagP90 = "schedule_lag_p90", lagP95 = "schedule_lag_p95", lagP99 = "schedule_lag_p99"
    case lagP999 = "schedule_lag_p99.9", lagMax = "schedule_lag_max"
    case rateErrorPercent = "rate_error_pct", achievedRate = "achieved_rate"
    case failed, deadLettered = "dead_lettered", permitsDropped = "permits_dropped", rssGrowthPercent = "rss_growth_pct"
    case missing, duplicates, misplaced, outOfOrder = "out_of_order"

    /// Every name, comma-separated (for errors and help).
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The metric called `name` (`latency_p999` is accepted for `latency_p99.9`).
    /// - Throws: ``InputError`` at `field` listing the metrics.
    public static func named(_ name: String, field: String, expression: String) throws(InputError) -> ThresholdMetric {
        let canonical = name.replacingOccurrences(of: "p999", with: "p99.9")
        guard let metric = ThresholdMetric(rawValue: canonical) else {
            throw InputError(field, "\(InputError.quoted(expression)): unknown metric \(InputError.quoted(name)) (expected one of: \(names))")
        }
        return metric
    }

    /// The unit its values are written and compared in.
    public var unit: ThresholdUnit {
        switch self {
        case .latencyP50, .latencyP90, .latencyP95, .latencyP99, .latencyP999, .latencyMax,
             .lagP50, .lagP90, .lagP95, .lagP99, .lagP999, .lagMax: return .milliseconds
        case .rateErrorPercent, .rssGrowthPercent: return .percent
        case .achievedRate: return .perSecond
        default: return .count
        }
    }

    /// Judged from reading the topic back (`--verify`).
    public var needsVerify: Bool { [.missing, .duplicates, .misplaced, .outOfOrder].contains(self) }

    /// Known while the run goes (so `abort_on_fail` can stop it): latencies, lags and the
    /// failure counters; rates and verify figures only exist at the end.
    public var isLive: Bool { !needsVerify && self != .rateErrorPercent && self != .achievedRate }

    /// For latency and schedule-lag metrics: the percentile (100 for the maximum).
    public var percentile: Double? {
        switch self {
        case .latencyP50, .lagP50: return 50
        case .latencyP90, .lagP90: return 90
        case .latencyP95, .lagP95: return 95
        case .latencyP99, .lagP99: return 99
        case .latencyP999, .lagP999: return 99.9
        case .latencyMax, .lagMax: return 100
        default: return nil
        }
    }
}

/// How a threshold's value is written: `50ms` or `0.05s`; `1%`; `500/s`; a count.
public enum ThresholdUnit: String, Sendable, Codable {
    case milliseconds = "ms", percent = "%", perSecond = "/s", count = ""

    /// `value` in this unit, as an expression writes it (`50ms`, `1%`, `500/s`, `0`).
    public func format(_ value: Double) -> String {
        let number = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        return number + rawValue
    }

    /// The number in `text` (a value with its unit, or a bare number in this unit).
    /// - Throws: ``InputError`` at `field` when the number or unit does not fit `metric`.
    func parse(_ text: String, field: String, expression: String, metric: ThresholdMetric) throws(InputError) -> Double {
        let numberText = String(text.prefix { $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E" })
        let suffix = text.dropFirst(numberText.count).trimmingCharacters(in: .whitespaces).lowercased()
        let expected: String
        switch self {
        case .milliseconds: expected = "a duration such as 50ms or 1.5s"
        case .percent: expected = "a percentage such as 1% or -0.5%"
        case .perSecond: expected = "a rate with its unit such as 500/s, 30000/min or 1800000/h"
        case .count: expected = "a whole number such as 0"
        }
        guard let number = Double(numberText), number.isFinite, abs(number) <= 1e15 else {
            throw InputError(field, "\(InputError.quoted(expression)): expected \(expected) for \(metric.rawValue), got \(text.isEmpty ? "nothing" : InputError.quoted(text))")
        }
        // A bare rate is refused: `--rate` and a profile's `rate` read a bare number per hour, so
        // "achieved_rate > 1000" after "--rate 1000" would silently mean 3,600 times the run's rate.
        if self == .perSecond, suffix.isEmpty {
            throw InputError(field, "\(InputError.quoted(expression)): a bare number is ambiguous for \(metric.rawValue) (--rate and a profile's rate read one per hour): expected \(expected)")
        }
        let scale: Double?
        switch (self, suffix) {
        case (.milliseconds, ""), (.milliseconds, "ms"), (.percent, ""), (.percent, "%"), (.perSecond, "/s"): scale = 1
        case (.milliseconds, "s"): scale = 1000
        case (.milliseconds, "us"), (.milliseconds, "µs"): scale = 0.001
        case (.perSecond, "/min"): scale = 1.0 / 60
        case (.perSecond, "/h"): scale = 1.0 / 3600
        case (.count, ""): scale = number == number.rounded() ? 1 : nil
        default: scale = nil
        }
        guard let scale else {
            throw InputError(field, "\(InputError.quoted(expression)): expected \(expected) for \(metric.rawValue), got \(InputError.quoted(text))")
        }
        guard self == .percent || number >= 0 else {
            throw InputError(field, "\(InputError.quoted(expression)): expected \(expected) for \(metric.rawValue) (not negative), got \(InputError.quoted(text))")
        }
        return number * scale
    }
}
