import Foundation

/// A profile's `thresholds`:
///
/// ```json
/// "thresholds": {
///   "latency_p99": "< 50ms",
///   "rate_error_pct": [">= -1%", "<= 1%"],
///   "failed": "== 0",
///   "abort_on_fail": ["failed"],
///   "warmup": "10m"
/// }
/// ```
///
/// Each metric takes one condition or a list of them; `abort_on_fail` is `true` (every
/// threshold stops the run when crossed), `false`, or the metrics that do; `warmup` is how long
/// `rss_growth_pct` waits before it takes its baseline.
extension ProfileReader {
    func thresholds(_ v: JSONValue, into p: inout LoadProfile) throws(InputError) {
        let options = ["abort_on_fail", "warmup"]
        let f = try members(v, "$.thresholds", allowed: ThresholdMetric.allCases.map(\.rawValue) + options)
        guard case .object(let list) = v else { return }
        var result: [Threshold] = []
        for m in list where !options.contains(m.key) {
            let path = "$.thresholds.\(m.key)"
            let metric = try ThresholdMetric.named(m.key, field: "\(file): \(path)", expression: m.key)
            let conditions: [(JSONValue, String)]
            switch m.value {
            case .array(let items):
                guard !items.isEmpty else { throw fail(path, "expected a condition such as \"< 50ms\" or a non-empty list of them, got an empty array") }
                conditions = items.enumerated().map { ($0.element, "\(path)[\($0.offset)]") }
            default: conditions = [(m.value, path)]
            }
            for (value, at) in conditions {
                guard case .string(let text) = value else {
                    throw fail(at, "expected a condition such as \"< 50ms\" or \"== 0\", got \(value.kindDescription)")
                }
                result.append(try Threshold.parse(condition: text, metric: metric, field: "\(file): \(at)", expression: "\(m.key) \(text)"))
            }
        }
        if let a = f["abort_on_fail"] {
            switch a {
            case .bool(let all): for i in result.indices { result[i].abortOnFail = all }
            case .array(let items):
                for (i, item) in items.enumerated() {
                    let name = try string(item, "$.thresholds.abort_on_fail[\(i)]")
                    let metric = try ThresholdMetric.named(name, field: "\(file): $.thresholds.abort_on_fail[\(i)]", expression: name)
                    guard result.contains(where: { $0.metric == metric }) else {
                        throw fail("$.thresholds.abort_on_fail[\(i)]", "\(InputError.quoted(name)) has no threshold in this profile: expected one of the metrics given here")
                    }
                    for j in result.indices where result[j].metric == metric { result[j].abortOnFail = true }
                }
            default:
                throw fail("$.thresholds.abort_on_fail", "expected true, false or a list of metric names, got \(a.kindDescription)")
            }
        }
        if let w = f["warmup"] {
            p.thresholdWarmup = try DurationSpec.parse(try string(w, "$.thresholds.warmup"), field: "\(file): $.thresholds.warmup")
        }
        p.thresholds = result
    }
}
