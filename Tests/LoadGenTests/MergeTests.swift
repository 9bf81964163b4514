import Foundation
import Histogram
@testable import LoadGen
import LoadGenTesting
import Testing

/// `loadgen merge`'s exactness: shards' histograms written as HdrHistogram interval logs, read
/// back and added, are the histogram of all their samples; counts are the sums; inputs that are
/// not the shards of one run are refused by name.
@Suite("Shard merge")
struct MergeTests {
    /// Latencies with a long tail, different per shard (seeded, so the test is repeatable).
    static func samples(shard: Int, count: Int) -> [UInt64] {
        var state = UInt64(0x9E37_79B9_7F4A_7C15) &* UInt64(shard + 1)
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let u = Double(state >> 11) / Double(1 << 53)
            return UInt64(200 + 50_000 * u * u * u * u) * UInt64(shard + 1)  // 0.2 ms … 50 ms × shard
        }
    }

    @Test func codecRoundTripsExactly() throws {
        var h = RunMetrics.histogram()
        for v in Self.samples(shard: 3, count: 20_000) { _ = h.record(v) }
        _ = h.record(3_599_999_999)
        let bytes = HistogramCodec.encode(h)
        #expect(Array(Data(bytes).base64EncodedString().prefix(5)) == Array("HISTF"), "V2 compressed cookie 0x1c849314")
        #expect(try HistogramCodec.decode(bytes) == h)
        #expect(try HistogramCodec.decode(HistogramCodec.encode(RunMetrics.histogram())).totalCount == 0)
    }

    @Test func readsAnIntervalLogWrittenByTheReferenceImplementation() throws {
        // A line of HdrHistogram (Java)'s own test data (src/test/resources/.../tagged-Log.logV2.hlog).
        let line = "Tag=NOT-EMPTY,0.127,1.007,2.769,HISTFAAAAEV42pNpmSzMwMCgyAABTBDKT4GBgdnNYMcCBvsPEBEJISEuATEZMQ4uASkhIR4nrxg9v2lMaxhvMekILGZkKmcCAEf2CsI="
        let log = try HistogramLog.parse("#[StartTime: 1441812279.474 (seconds since epoch), Wed Sep 09 08:24:39 PDT 2015]\n" + line + "\n", name: "java.hlog")
        #expect(log.intervals.count == 1)
        let h = log.intervals[0].histogram
        #expect(h.totalCount > 0)
        // Interval_Max is the max in ms of a nanosecond histogram: the decoded max agrees to its precision.
        #expect(abs(Double(h.max) / 1e6 - 2.769) < 0.01, "max \(h.max)")
        #expect(abs(log.intervals[0].start - 1441812279.601) < 1e-6)
        // And what we write, they read: the same bytes come back from our encoding of it.
        #expect(try HistogramCodec.decode(HistogramCodec.encode(h)) == h)
    }

    @Test func mergedShardsAreTheHistogramOfAllSamples() throws {
        var all = RunMetrics.histogram()
        var logs: [HistogramLog] = []
        for shard in 0..<4 {
            let writerDirectory = try TemporaryDirectory()
            defer { writerDirectory.remove() }
            let writer = try HistogramLogWriter(path: writerDirectory.path("l.hlog"), startTime: 1_800_000_000, comment: "test", setting: "test")
            var total = RunMetrics.histogram()
            for (i, v) in Self.samples(shard: shard, count: 10_000 + 1_000 * shard).enumerated() {
                _ = total.record(v)
                _ = all.record(v)
                if i % 2_500 == 0 { writer.record(total: total, now: 1_800_000_000 + Double(i) / 1000) }
            }
            writer.record(total: total, now: 1_800_000_100)
            logs.append(try HistogramLog.parse(String(contentsOfFile: writerDirectory.path("l.hlog"), encoding: .utf8), name: "l.hlog"))
            #expect(logs.last!.total == total, "a shard's intervals add up to its histogram")
        }
        var merged = RunMetrics.histogram()
        for log in logs { merged.add(log.total) }
        #expect(merged == all)
        for p in [50.0, 90, 99, 99.9, 99.99] { #expect(merged.valueAtPercentile(p) == all.valueAtPercentile(p)) }
        #expect(merged.max == all.max && merged.totalCount == all.totalCount)
    }

    /// Writes shard `index` of `count`'s artifacts into `directory` with `delivered` deliveries.
    static func writeShard(
        _ directory: String, index: Int, count: Int, seed: UInt64 = 42, delivered: Int, rate: Double = 3000, flat: Bool = false
    ) throws {
        var c = RunConfiguration(profile: LoadProfile())
        c.profile.commerce.seed = seed
        c.shard = .init(index: index, count: count)
        var r = RunReport.failed(configuration: c, runID: "run\(index)", error: "")
        r.error = nil
        r.errors = []
        r.durationSeconds = 10
        r.schedule = ScheduleFacts(
            baseRate: "\(Int(rate))/s", baseRatePerSecond: rate, rateSource: "--rate", flat: flat, pace: "live",
            simulatedWindowStart: nil, simulatedWindowEnd: nil,
            perSimulatedDay: [.init(date: "2026-11-27", count: delivered / 4), .init(date: "2026-11-28", count: delivered - delivered / 4)],
            targetTimeline: [.init(elapsedS: 10, targetPerS: 100)], shortestSliceMs: 1, wakeUps: 100 * (index + 1))
        (r.produced, r.delivered, r.bytes, r.permitsDropped) = (delivered, delivered, delivered * 700, index)
        var latency = RunMetrics.histogram()
        for v in samples(shard: index, count: delivered) { _ = latency.record(v) }
        r.latency = RunMetrics.Percentiles(latency)
        r.thresholds = [ThresholdResult(threshold: try Threshold.parse("latency_p99 < 1s", field: "t"), value: nil, passed: true)]
        let files = ShardArtifacts(directory: directory, index: index, count: count)
        try r.jsonData().write(to: URL(fileURLWithPath: files.report))
        let start = r.startedAt.timeIntervalSince1970
        try HistogramLog(startTime: start, intervals: [.init(start: start, length: 10, histogram: latency)]).text.write(toFile: files.latencyLog, atomically: true, encoding: .utf8)
        try HistogramLog(startTime: start).text.write(toFile: files.scheduleLagLog, atomically: true, encoding: .utf8)
        var line = RunSample(wallMillis: Int64(start * 1000) + 10_000, elapsedSeconds: 10, simulatedMillis: 0, targetRate: 100, achievedRate: 100,
                             produced: delivered, delivered: delivered, failed: 0, invalid: 0, retried: 0, deadLettered: 0, inFlight: 0,
                             bytes: delivered * 700, latency: r.latency, residentMB: 40)
        line.permitsDropped = index
        try line.jsonLine.write(toFile: files.stats, atomically: true, encoding: .utf8)
    }

    @Test func mergedCountsAreTheSumsAndP99IsExact() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for i in 0..<3 { try Self.writeShard(dir.path(""), index: i, count: 3, delivered: 1_000 * (i + 1)) }
        let shards = try ShardMerge.load(directories: [dir.path("")])
        let merged = ShardMerge.merge(shards)
        #expect(merged.report.delivered == 6_000 && merged.report.produced == 6_000 && merged.report.bytes == 6_000 * 700)
        #expect(merged.report.permitsDropped == 0 + 1 + 2)
        // The schedule's counts per simulated day and wake-ups are every shard's, added; the
        // target over time is the whole run's (each shard's is its share).
        let schedule = try #require(merged.report.schedule)
        #expect(schedule.perSimulatedDay.map(\.date) == ["2026-11-27", "2026-11-28"])
        #expect(schedule.perSimulatedDay.map(\.count) == [250 + 500 + 750, 750 + 1_500 + 2_250])
        #expect(schedule.wakeUps == 100 + 200 + 300)
        #expect(schedule.targetTimeline.map(\.targetPerS) == [300])
        var all = RunMetrics.histogram()
        for i in 0..<3 { for v in Self.samples(shard: i, count: 1_000 * (i + 1)) { _ = all.record(v) } }
        #expect(merged.latency == all)
        #expect(merged.report.latency == RunMetrics.Percentiles(all))
        #expect(merged.stats.last?.delivered == 6_000)
        #expect(merged.report.thresholds.map(\.verdict) == ["pass"])
        #expect(merged.report.exitCode == 0)
        let strict = ShardMerge.merge(shards, extra: [try Threshold.parse("latency_p99 < 1ms", field: "t")])
        #expect(strict.report.exitCode == 99)
    }

    @Test func inputsThatAreNotOneRunAreRefusedByName() throws {
        let dir = try TemporaryDirectory(), other = try TemporaryDirectory()
        defer { dir.remove(); other.remove() }
        for i in 0..<2 { try Self.writeShard(dir.path(""), index: i, count: 3, delivered: 100) }
        func refusal(_ directories: [String]) -> String? {
            do { _ = try ShardMerge.load(directories: directories); return nil } catch { return error.description }
        }
        #expect(refusal([dir.path("")])?.contains("missing shard 2/3") == true)
        try Self.writeShard(other.path(""), index: 1, count: 3, delivered: 100)
        #expect(refusal([dir.path(""), other.path("")])?.contains("shard 1/3 appears twice") == true)
        try FileManager.default.removeItem(atPath: ShardArtifacts(directory: other.path(""), index: 1, count: 3).report)
        try Self.writeShard(other.path(""), index: 2, count: 3, seed: 7, delivered: 100)
        #expect(refusal([dir.path(""), other.path("")])?.contains("seed 7 differs") == true)
        try Self.writeShard(other.path(""), index: 2, count: 4, delivered: 100)
        try FileManager.default.removeItem(atPath: ShardArtifacts(directory: other.path(""), index: 2, count: 3).report)
        #expect(refusal([dir.path(""), other.path("")])?.contains("a run of 4 shards") == true)
        // Another rate, or the curve's multipliers on or off, is another run (a hostile user's
        // 6,000/s shard merged with 3,000/s ones into "base rate 3000/s").
        try FileManager.default.removeItem(atPath: ShardArtifacts(directory: other.path(""), index: 2, count: 4).report)
        try Self.writeShard(other.path(""), index: 2, count: 3, delivered: 100, rate: 6000)
        #expect(refusal([dir.path(""), other.path("")])?.contains("base rate 6000/s differs from") == true)
        try Self.writeShard(other.path(""), index: 2, count: 3, delivered: 100, flat: true)
        #expect(refusal([dir.path(""), other.path("")])?.contains("--flat differs from") == true)
        try Self.writeShard(other.path(""), index: 2, count: 3, delivered: 100)
        #expect(refusal([dir.path(""), other.path("")]) == nil)
    }
}
