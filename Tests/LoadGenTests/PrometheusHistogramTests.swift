import Foundation
import LoadGen
import Testing

@Suite("Prometheus histograms and labels")
struct PrometheusHistogramTests {
    /// A monitor with one producer whose deliveries took `micros`.
    func exporter(latencies micros: [UInt64], shard: Int = 3, runID: String = "r-1") -> PrometheusExporter {
        let monitor = Monitor()
        let metrics = RunMetrics()
        _ = monitor.register(named: "p", topic: "t") { metrics.snapshot() }
        micros.withUnsafeBufferPointer { metrics.recordDelivered(count: micros.count, bytes: 10 * micros.count, latencyMicros: $0) }
        return PrometheusExporter(monitor: monitor, shard: shard, runID: runID)
    }

    func samples(_ text: String, _ name: String) -> [(labels: String, value: Double)] {
        text.split(separator: "\n").filter { $0.hasPrefix(name + "{") }.map { line in
            let parts = line.split(separator: " ")
            return (String(parts[0].dropFirst(name.count)), Double(parts[1]) ?? .nan)
        }
    }

    @Test func latencyIsACumulativeHistogramInSecondsFromHalfAMillisecondToAMinute() throws {
        // 100 values: 50 at 0.3 ms, 40 at 4 ms, 9 at 40 ms, 1 at 2 minutes (beyond the last bound).
        let micros = [UInt64](repeating: 300, count: 50) + [UInt64](repeating: 4000, count: 40) + [UInt64](repeating: 40_000, count: 9) + [120_000_000]
        let text = exporter(latencies: micros).render()
        #expect(text.contains("# TYPE loadgen_delivery_latency_seconds histogram\n"))
        let buckets = samples(text, "loadgen_delivery_latency_seconds_bucket")
        #expect(buckets.count == PrometheusExporter.bucketBounds.count + 1)
        #expect(PrometheusExporter.bucketBounds.first == 0.0005 && PrometheusExporter.bucketBounds.last == 60)
        func bucket(_ le: String) -> Double? { buckets.first { $0.labels.hasSuffix("le=\"\(le)\"}") }?.value }
        #expect(bucket("0.0005") == 50)
        #expect(bucket("0.003") == 50)
        #expect(bucket("0.005") == 90)
        #expect(bucket("0.05") == 99)
        #expect(bucket("60") == 99)
        #expect(bucket("+Inf") == 100)
        #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0.value <= $1.value }, "cumulative")
        #expect(samples(text, "loadgen_delivery_latency_seconds_count").first?.value == 100)
        let sum = try #require(samples(text, "loadgen_delivery_latency_seconds_sum").first?.value)
        let exact = Double(micros.reduce(0, +)) / 1_000_000
        #expect(abs(sum - exact) / exact < 0.001, "sum \(sum) vs \(exact)")
        #expect(text.contains("loadgen_delivery_latency_quantile_seconds{producer=\"p\",topic=\"t\",shard=\"3\",run_id=\"r-1\",quantile=\"0.5\"} 0.0003\n"))
    }

    @Test func everySeriesIsLabelledWithShardAndRunIDAndNamedInSeriesNames() {
        let text = exporter(latencies: [1000]).render()
        let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.count > 40)
        let known = Set(PrometheusExporter.seriesNames)
        for line in lines {
            #expect(line.contains("shard=\"3\"") && line.contains("run_id=\"r-1\""), "\(line)")
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            #expect(known.contains(name), "\(name) is not in seriesNames")
            #expect(line.wholeMatch(of: /[a-z_]+\{([a-z_]+="[^"]*",?)+\} (NaN|[-+0-9.e]+|\+Inf)/) != nil, "\(line)")
        }
        for name in ["loadgen_permits_dropped_total", "loadgen_target_rate_per_second", "loadgen_build_info", "loadgen_schedule_lag_seconds_bucket"] {
            #expect(lines.contains { $0.hasPrefix(name + "{") }, "no \(name)")
        }
        // Each family's header once, before its samples.
        #expect(text.components(separatedBy: "# TYPE loadgen_messages_delivered_total counter\n").count == 2)
    }

    @Test func aSnapshotRoundTripsThroughJSON() throws {
        let metrics = RunMetrics()
        metrics.recordSent(count: 5, bytes: 500)
        [UInt64(1200), 3400].withUnsafeBufferPointer { metrics.recordDelivered(count: 2, bytes: 200, latencyMicros: $0) }
        let snapshot = metrics.snapshot()
        let data = try JSONEncoder().encode(snapshot)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["messages_sent"] as? Int == 5 && json["messages_delivered"] as? Int == 2)
        let back = try JSONDecoder().decode(ProducerMetrics.self, from: data)
        #expect(back.messagesSent == 5 && back.bytesDelivered == 200)
        #expect(back.deliveryLatency.totalCount == 2 && back.latencyMillis == snapshot.latencyMillis)
    }
}
