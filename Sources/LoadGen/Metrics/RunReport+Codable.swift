import Commerce
import Foundation
import Kafka

/// The `--report` JSON: every figure under its snake_case name. Written by ``FigureJSON`` and
/// read back by `Decodable` (what `loadgen merge` and `verify --against` need); the timeline
/// and the time zone are for the HTML report and are not part of it.
extension RunReport: Codable {
    enum CodingKeys: String, CodingKey {
        case profile, seed, startedAt = "started_at", durationSeconds = "duration_s", flushSeconds = "flush_s"
        case targetCount = "target_count", produced, delivered, failed, invalid, undelivered
        case permitsDropped = "permits_dropped", bytes, latency = "latency_ms", scheduleLag = "schedule_lag_ms"
        case rssMaxMB = "rss_mb_max", output, topic, generators, shard, producerConfig = "producer_config", errors
        case simulatedStart = "simulated_start", simulatedEnd = "simulated_end", runID = "run_id", retried
        case deadLettered = "dead_lettered", possiblyPersisted = "possibly_persisted", deadLetterFile = "dead_letter_file"
        case stalled, deadLetterWritten = "dead_letter_written", deadLetterLost = "dead_letter_lost"
        case deadLetterError = "dead_letter_error", aborted, abandoned, error, schedule
        case thresholds, abortedByThreshold = "aborted_by_threshold", rssGrowthPercent = "rss_growth_pct", verify
        case commandLine = "command_line", profileText = "profile_text"
        // Derived figures, written for readers and ignored when read back.
        case achievedRate = "achieved_rate_per_s", rateError = "rate_error_pct", exitCode = "exit_code"
        case librdkafkaVersion = "librdkafka_version", loadgenVersion = "loadgen_version"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(profile, forKey: .profile)
        try c.encode(seed, forKey: .seed)
        try c.encode(ISOTime.string(Int64(startedAt.timeIntervalSince1970 * 1000)), forKey: .startedAt)
        try c.encode(FigureJSON.rounded(durationSeconds), forKey: .durationSeconds)
        try c.encode(FigureJSON.rounded(flushSeconds), forKey: .flushSeconds)
        try c.encode(targetCount.map { FigureJSON.rounded($0, 10) }, forKey: .targetCount)
        for (key, value) in [
            (CodingKeys.produced, produced), (.delivered, delivered), (.failed, failed), (.invalid, invalid),
            (.undelivered, undelivered), (.permitsDropped, permitsDropped), (.bytes, bytes), (.generators, generators),
            (.retried, retried), (.deadLettered, deadLettered), (.possiblyPersisted, possiblyPersisted),
            (.deadLetterWritten, deadLetterWritten), (.deadLetterLost, deadLetterLost), (.abandoned, abandoned),
        ] { try c.encode(value, forKey: key) }
        try c.encode(latency, forKey: .latency)
        try c.encode(scheduleLag, forKey: .scheduleLag)
        try c.encode(FigureJSON.rounded(rssMaxMB, 10), forKey: .rssMaxMB)
        for (key, value) in [
            (CodingKeys.output, output), (.topic, topic), (.shard, shard), (.simulatedStart, simulatedStart),
            (.simulatedEnd, simulatedEnd), (.runID, runID), (.librdkafkaVersion, Kafka.librdkafkaVersion),
            (.loadgenVersion, LoadGenVersion.current),
        ] { try c.encode(value, forKey: key) }
        try c.encode(producerConfig, forKey: .producerConfig)
        try c.encode(errors, forKey: .errors)
        try c.encode(deadLetterFile, forKey: .deadLetterFile)
        try c.encode(deadLetterError, forKey: .deadLetterError)
        try c.encode(error, forKey: .error)
        try c.encode(stalled, forKey: .stalled)
        try c.encode(aborted, forKey: .aborted)
        try c.encode(FigureJSON.rounded(achievedRatePerSecond), forKey: .achievedRate)
        try c.encode(rateErrorPercent.map { FigureJSON.rounded($0) }, forKey: .rateError)
        try c.encode(exitCode, forKey: .exitCode)
        try c.encodeIfPresent(schedule, forKey: .schedule)
        try c.encode(thresholds, forKey: .thresholds)
        try c.encodeIfPresent(abortedByThreshold, forKey: .abortedByThreshold)
        try c.encodeIfPresent(rssGrowthPercent.map { FigureJSON.rounded($0) }, forKey: .rssGrowthPercent)
        try c.encodeIfPresent(verify, forKey: .verify)
        if !commandLine.isEmpty { try c.encode(commandLine, forKey: .commandLine) }
        try c.encodeIfPresent(profileText, forKey: .profileText)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func int(_ key: CodingKeys) throws -> Int { try c.decodeIfPresent(Int.self, forKey: key) ?? 0 }
        func text(_ key: CodingKeys) throws -> String { try c.decodeIfPresent(String.self, forKey: key) ?? "" }
        let started = try text(.startedAt)
        guard let startedMillis = ISOTime.millis(started) else {
            throw DecodingError.dataCorruptedError(forKey: .startedAt, in: c, debugDescription: "expected 2026-11-27T05:00:00Z, got \(started)")
        }
        self.init(
            profile: try text(.profile), seed: try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0,
            startedAt: Date(timeIntervalSince1970: Double(startedMillis) / 1000),
            durationSeconds: try c.decodeIfPresent(Double.self, forKey: .durationSeconds) ?? 0,
            flushSeconds: try c.decodeIfPresent(Double.self, forKey: .flushSeconds) ?? 0,
            targetCount: try c.decodeIfPresent(Double.self, forKey: .targetCount),
            produced: try int(.produced), delivered: try int(.delivered), failed: try int(.failed), invalid: try int(.invalid),
            undelivered: try int(.undelivered), permitsDropped: try int(.permitsDropped), bytes: try int(.bytes),
            latency: try c.decode(RunMetrics.Percentiles.self, forKey: .latency),
            scheduleLag: try c.decode(RunMetrics.Percentiles.self, forKey: .scheduleLag),
            rssMaxMB: try c.decodeIfPresent(Double.self, forKey: .rssMaxMB) ?? 0, output: try text(.output),
            topic: try text(.topic), generators: try int(.generators), shard: try text(.shard),
            producerConfig: try c.decodeIfPresent([String: String].self, forKey: .producerConfig) ?? [:],
            errors: try c.decodeIfPresent([String].self, forKey: .errors) ?? [],
            simulatedStart: try text(.simulatedStart), simulatedEnd: try text(.simulatedEnd), runID: try text(.runID),
            retried: try int(.retried), deadLettered: try int(.deadLettered), possiblyPersisted: try int(.possiblyPersisted),
            deadLetterFile: try c.decodeIfPresent(String.self, forKey: .deadLetterFile),
            stalled: try c.decodeIfPresent(Bool.self, forKey: .stalled) ?? false,
            deadLetterWritten: try int(.deadLetterWritten), deadLetterLost: try int(.deadLetterLost),
            deadLetterError: try c.decodeIfPresent(String.self, forKey: .deadLetterError))
        aborted = try c.decodeIfPresent(Bool.self, forKey: .aborted) ?? false
        abandoned = try int(.abandoned)
        schedule = try c.decodeIfPresent(ScheduleFacts.self, forKey: .schedule)
        error = try c.decodeIfPresent(String.self, forKey: .error)
        if error != nil, let code = try c.decodeIfPresent(Int32.self, forKey: .exitCode) { errorExitCode = code }
        thresholds = try c.decodeIfPresent([ThresholdResult].self, forKey: .thresholds) ?? []
        abortedByThreshold = try c.decodeIfPresent(String.self, forKey: .abortedByThreshold)
        rssGrowthPercent = try c.decodeIfPresent(Double.self, forKey: .rssGrowthPercent)
        verify = try c.decodeIfPresent([String: Int].self, forKey: .verify)
        commandLine = try c.decodeIfPresent([String].self, forKey: .commandLine) ?? []
        profileText = try c.decodeIfPresent(String.self, forKey: .profileText)
    }
}
