import Foundation
import Histogram

/// One metric family on `/metrics`: its name, type and help, declared once next to the one
/// figure it serves (no parallel lists of names and values that can drift apart).
struct PrometheusFamily: Sendable {
    /// The family's Prometheus type.
    enum Kind: String, Sendable {
        case counter, gauge, histogram, summary
    }

    /// What a family serves for one producer.
    enum Sample {
        /// One number.
        case value(Double)
        /// An HdrHistogram of microseconds, served as `_bucket{le}`, `_sum` and `_count` in seconds.
        case histogram(Histogram<UInt64>)
        /// Whole-run quantiles of an HdrHistogram of microseconds, one sample per `quantile` label
        /// (a summary: Prometheus' linters refuse a `quantile` label on any other type).
        case quantiles(Histogram<UInt64>)
    }

    let name: String
    let kind: Kind
    let help: String
    let read: @Sendable (ProducerMetrics) -> Sample

    static func counter(_ name: String, _ help: String, _ read: @escaping @Sendable (ProducerMetrics) -> Int) -> PrometheusFamily {
        PrometheusFamily(name: name, kind: .counter, help: help) { .value(Double(read($0))) }
    }

    static func gauge(_ name: String, _ help: String, _ read: @escaping @Sendable (ProducerMetrics) -> Double) -> PrometheusFamily {
        PrometheusFamily(name: name, kind: .gauge, help: help) { .value(read($0)) }
    }

    static func histogram(_ name: String, _ help: String, _ read: @escaping @Sendable (ProducerMetrics) -> Histogram<UInt64>) -> PrometheusFamily {
        PrometheusFamily(name: name, kind: .histogram, help: help) { .histogram(read($0)) }
    }

    static func quantiles(_ name: String, _ help: String, _ read: @escaping @Sendable (ProducerMetrics) -> Histogram<UInt64>) -> PrometheusFamily {
        PrometheusFamily(name: name, kind: .summary, help: help) { .quantiles(read($0)) }
    }
}

/// Prometheus text exposition format 0.0.4, written family by family.
struct PrometheusText {
    /// The upper bounds (`le`) of the latency and schedule-lag histograms, in seconds: 0.5 ms to
    /// 60 s in steps of about 1.5x, fine enough that `histogram_quantile` lands within a step of
    /// the exact percentile.
    static let bucketBounds: [Double] = [
        0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5,
        0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 30, 60,
    ]
    /// The quantile gauges' `quantile` labels and the percentiles they read.
    static let quantiles: [(label: String, percentile: Double)] = [("0.5", 50), ("0.9", 90), ("0.99", 99), ("0.999", 99.9), ("1", 100)]

    private(set) var text = ""

    /// `# HELP` and `# TYPE` of `family`.
    mutating func header(_ family: PrometheusFamily) {
        text += "# HELP \(family.name) \(Self.escapeHelp(family.help))\n# TYPE \(family.name) \(family.kind.rawValue)\n"
    }

    /// The sample lines of one producer's `sample` of `family`.
    mutating func write(_ family: PrometheusFamily, _ sample: PrometheusFamily.Sample, labels: [(String, String)]) {
        switch sample {
        case .value(let v):
            line(family.name, labels, v)
        case .histogram(let h):
            let (cumulative, sumMicros) = Self.buckets(h)
            for (bound, count) in zip(Self.bucketBounds, cumulative) {
                line(family.name + "_bucket", labels + [("le", Self.number(bound))], Double(count))
            }
            line(family.name + "_bucket", labels + [("le", "+Inf")], Double(h.totalCount))
            line(family.name + "_sum", labels, sumMicros / 1_000_000)
            line(family.name + "_count", labels, Double(h.totalCount))
        case .quantiles(let h):
            for (label, percentile) in Self.quantiles {
                let micros = h.totalCount == 0 ? 0 : percentile == 100 ? h.max : h.valueAtPercentile(percentile)
                line(family.name, labels + [("quantile", label)], Double(micros) / 1_000_000)
            }
        }
    }

    private mutating func line(_ name: String, _ labels: [(String, String)], _ value: Double) {
        text += name
        if !labels.isEmpty {
            text += "{" + labels.map { "\($0.0)=\"\(Self.escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
        }
        text += " " + Self.number(value) + "\n"
    }

    /// Cumulative counts at each of ``bucketBounds`` and the sum of the values (µs), in one pass
    /// over the recorded values. A value counts in the first bucket whose bound is at or above the
    /// highest value HdrHistogram holds equivalent to it (3 significant digits: a value within
    /// 0.1% above a bound may count in the next bucket).
    static func buckets(_ h: Histogram<UInt64>) -> (cumulative: [UInt64], sumMicros: Double) {
        let bounds = bucketBounds.map { UInt64(($0 * 1_000_000).rounded()) }
        var counts = [UInt64](repeating: 0, count: bounds.count)
        var sum = 0.0
        var bucket = 0
        for v in h.recordedValues() {
            sum += Double(v.value) * Double(v.count)
            while bucket < bounds.count, v.value > bounds[bucket] { bucket += 1 }
            if bucket < bounds.count { counts[bucket] += UInt64(v.count) }
        }
        var total: UInt64 = 0
        return (counts.map { total += $0; return total }, sum)
    }

    /// A sample value: integers without a fraction, `NaN`, `+Inf`, `-Inf`.
    static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    static func escapeLabel(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func escapeHelp(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
