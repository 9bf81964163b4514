import Foundation
import Kafka
@testable import LoadGen
import LoadGenTesting
import Testing

/// Dropped permits show while the run goes — stats stream, status, /metrics — and a run that
/// falls behind says so in the log.
@Suite("Falling behind is visible while it happens", .serialized)
struct BackpressureTests {
    func sample(_ second: Int, target: Double?, produced: Int, dropped: Int = 0) -> RunSample {
        let zero = RunMetrics.Percentiles(RunMetrics.histogram())
        return RunSample(
            wallMillis: 0, elapsedSeconds: Double(second), simulatedMillis: 0, targetRate: target, achievedRate: 0,
            produced: produced, delivered: produced, failed: 0, invalid: 0, retried: 0, deadLettered: 0, inFlight: 0, bytes: 0,
            permitsDropped: dropped, latency: zero, residentMB: 0)
    }

    @Test func aShortfallOfMoreThanFivePercentForTenSecondsWarnsOnceAndRecoveryIsSaid() {
        var watch = ShortfallWatch()
        var lines: [String] = []
        // 1,000/s asked, 900/s made for 15 s, then 1,000/s again for 15 s.
        for s in 0...15 { if let l = watch.observe(sample(s, target: 1000, produced: 900 * s, dropped: 100 * s)) { lines.append(l) } }
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("falling behind: produced 9000 in the last 10 s against a target of 10000 (10.0% short, 1000 permit(s) dropped)") == true, "\(lines)")
        for s in 16...30 { if let l = watch.observe(sample(s, target: 1000, produced: 13500 + 1000 * (s - 15))) { lines.append(l) } }
        #expect(lines.count == 2)
        #expect(lines.last?.hasPrefix("caught up") == true)
        // 4% short never warns; unlimited runs are not judged.
        var mild = ShortfallWatch()
        for s in 0...30 { #expect(mild.observe(sample(s, target: 1000, produced: 960 * s)) == nil) }
        var unlimited = ShortfallWatch()
        for s in 0...30 { #expect(unlimited.observe(sample(s, target: nil, produced: 10 * s)) == nil) }
    }

    /// A cluster 300 ms away with a 200-message local queue cannot take 4,000/s: permits are
    /// dropped, and the stats stream, the metrics snapshot and /metrics show them during the run.
    @Test func droppedPermitsAppearInTheStatsStreamAndOnMetrics() async throws {
        let cluster = try TestCluster.start(brokers: 1, partitions: 4, topic: "transactions")
        cluster.mock.setRoundTripTime(300, broker: 1)
        let dir = try TemporaryDirectory(prefix: "stats")
        defer { dir.remove() }
        let stats = dir.path("stats.jsonl")
        var c = RunConfiguration(profile: steadyProfile(.perSecond(4000), duration: .seconds(4)))
        c.bootstrapServers = cluster.bootstrapServers
        c.generators = 1
        c.kafkaProperties = ["queue.buffering.max.messages": "200", "max.in.flight.requests.per.connection": "1", "batch.num.messages": "50"]
        c.statsPath = stats
        c.statsInterval = .seconds(1)
        let monitor = Monitor()
        c.monitor = monitor
        c.producerName = "slow"
        let run = LoadRun(configuration: c, logger: quietLogger)
        // Scrape twice a second while the run goes (bounded: 20 scrapes), keeping the first
        // scrape that shows dropped permits.
        let scraped = Task {
            var text = ""
            for _ in 0..<20 {
                try? await Task.sleep(for: .milliseconds(500))
                text = PrometheusExporter(monitor: monitor).render()
                if text.contains("loadgen_permits_dropped_total{"), !text.contains("loadgen_permits_dropped_total{producer=\"slow\",topic=\"transactions\",shard=\"0\",run_id=\"\"} 0") { break }
            }
            return text
        }
        let report = try await run.run()
        let text = await scraped.value
        await cluster.stop()
        #expect(report.permitsDropped > 0, "\(report.summary)")
        let lines = try String(contentsOfFile: stats, encoding: .utf8).split(separator: "\n")
        let dropped = lines.compactMap { line -> Int? in
            guard let range = line.range(of: "\"permits_dropped\":") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
        #expect(dropped.count == lines.count && dropped.count >= 3, "\(lines)")
        #expect(dropped.dropLast().contains { $0 > 0 }, "dropped permits appear before the end: \(dropped)")
        #expect(dropped.last == report.permitsDropped)
        #expect(run.metrics.snapshot().permitsDropped == report.permitsDropped)
        let series = text.split(separator: "\n").first { $0.hasPrefix("loadgen_permits_dropped_total{") }
        #expect(series != nil, "\(text)")
        #expect((series.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0) > 0, "\(series ?? "none")")
    }
}
