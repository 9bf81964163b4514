import Foundation
@testable import LoadGen
import Testing

@Suite("Figures as Codable types, one encoder path")
struct FigureJSONTests {
    @Test func aRunReportRoundTripsThroughItsJSON() throws {
        var report = RunReport.failed(configuration: RunConfiguration(profile: LoadProfile()), runID: "20261127T050000Z-ab12", error: "cannot reach Kafka")
        report.produced = 1200
        report.delivered = 1100
        report.failed = 100
        report.deadLettered = 100
        report.deadLetterWritten = 60
        report.deadLetterLost = 40
        report.deadLetterError = "cannot write dl.jsonl: No space left on device"
        report.possiblyPersisted = 7
        report.targetCount = 1234.5
        report.startedAt = Date(timeIntervalSince1970: 1_795_755_600)
        report.aborted = true
        report.abandoned = 12
        let data = try report.jsonData()
        let back = try FigureJSON.decode(RunReport.self, from: data)
        #expect(back.produced == 1200 && back.delivered == 1100 && back.deadLettered == 100)
        #expect(back.deadLetterWritten == 60 && back.deadLetterLost == 40 && back.deadLetterError == report.deadLetterError)
        #expect(back.possiblyPersisted == 7 && back.targetCount == 1234.5 && back.runID == report.runID)
        #expect(back.startedAt == report.startedAt && back.aborted && back.abandoned == 12 && back.error == report.error)
        #expect(back.exitCode == report.exitCode)
        #expect(back.latency == report.latency)
        #expect(try back.jsonData() == data, "re-encoding what was read gives the same bytes")
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"started_at\" : \"2026-11-27T05:00:00Z\""), "\(text)")
        #expect(text.contains("\"dead_letter_file\" : null"))
    }

    @Test func aStatsLineIsOneLineWithTheDocumentedKeys() throws {
        let zero = RunMetrics.Percentiles(RunMetrics.histogram())
        let sample = RunSample(
            wallMillis: 1_795_755_600_000, elapsedSeconds: 2.0025, simulatedMillis: 1_795_755_600_000, targetRate: 1000, achievedRate: 999.07649,
            produced: 2002, delivered: 1996, failed: 0, invalid: 0, retried: 0, deadLettered: 0, inFlight: 6, bytes: 1_813_142,
            permitsDropped: 3, latency: zero, residentMB: 46.71)
        let line = sample.jsonLine
        #expect(line.hasSuffix("}\n") && line.dropLast().firstIndex(of: "\n") == nil)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(Set(object.keys) == [
            "time", "elapsed_s", "simulated_time", "target_rate_per_s", "achieved_rate_per_s", "produced", "delivered", "failed",
            "invalid", "retried", "dead_lettered", "in_flight", "bytes", "permits_dropped", "latency_ms", "rss_mb",
        ])
        #expect(object["achieved_rate_per_s"] as? Double == 999.076)
        #expect(object["permits_dropped"] as? Int == 3)
        #expect(object["time"] as? String == "2026-11-27T05:00:00Z")
    }
}
