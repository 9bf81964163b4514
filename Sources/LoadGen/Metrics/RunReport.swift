import Foundation
import Kafka

/// The figures of a finished run: written as JSON with `--report FILE` and printed for people.
public struct RunReport: Sendable {
    /// The profile's name.
    public var profile: String
    /// The data's seed.
    public var seed: UInt64
    /// When the run started (real time).
    public var startedAt: Date
    /// Generation time, from the first permit to the end of the schedule.
    public var durationSeconds: Double
    /// Time from the end of generation until the last delivery report (or the flush deadline).
    public var flushSeconds: Double
    /// The integral of the rate curve over the run (nil in unlimited mode).
    public var targetCount: Double?
    /// Messages handed to the sink (`messages_sent`).
    public var produced: Int
    /// Messages acknowledged.
    public var delivered: Int
    /// Messages that failed for good (dead-lettered or unreported).
    public var failed: Int
    /// Messages that failed the pre-send check and were never sent.
    public var invalid: Int
    /// Messages still undelivered when the flush deadline passed.
    public var undelivered: Int
    /// Permits dropped because the pipeline fell more than the burst allowance behind.
    public var permitsDropped: Int
    /// Key and value bytes delivered.
    public var bytes: Int
    /// Delivery latency from each message's intended send time.
    public var latency: RunMetrics.Percentiles
    /// How late generation was relative to the schedule.
    public var scheduleLag: RunMetrics.Percentiles
    /// Peak resident memory of the process, MB.
    public var rssMaxMB: Double
    /// `kafka`, `stdout`, `file:PATH` or `null`.
    public var output: String
    /// The topic produced to.
    public var topic: String
    /// Generator actors.
    public var generators: Int
    /// This process's shard, `i/n`.
    public var shard: String
    /// The librdkafka properties used, secrets as `***`.
    public var producerConfig: [String: String]
    /// The first distinct failure reasons.
    public var errors: [String]
    /// Simulated time at the start (ISO-8601 UTC).
    public var simulatedStart: String
    /// Simulated time at the end (ISO-8601 UTC).
    public var simulatedEnd: String
    /// Names the run's files (dead letters) and ties verify to it.
    public var runID: String = ""
    /// Re-sends after retriable failures.
    public var retried = 0
    /// Messages written to the dead-letter file (included in `failed`).
    public var deadLettered = 0
    /// Dead-lettered messages that may be in the log anyway (timed out while in flight).
    public var possiblyPersisted = 0
    /// The dead-letter file, when anything was written to it.
    public var deadLetterFile: String?
    /// Whether the run gave up because deliveries stopped progressing.
    public var stalled = false
    /// The run's samples over time (one a second, thinned to at most a few thousand): what
    /// the HTML report charts. Not part of the JSON report.
    public var timeline: [RunSample] = []
    /// The profile's time zone: the HTML report shows simulated time in it.
    public var timeZone = TimeZone(identifier: "UTC")!
    /// Dead-lettered messages whose whole line is in the dead-letter file.
    public var deadLetterWritten = 0
    /// Dead-lettered messages that could not be written (the file could not be written):
    /// neither delivered nor in any file.
    public var deadLetterLost = 0
    /// Why the dead-letter file could not be written, if it could not.
    public var deadLetterError: String?
    /// Whether the run was cut short by a second signal (exit at once).
    public var aborted = false
    /// Messages still in flight when the run was aborted, given up on (dead-lettered when that
    /// could be done in time, else lost).
    public var abandoned = 0
    /// Why the run failed before or while running (unreachable cluster, say); nil otherwise.
    public var error: String?
    /// The exit code of a run that failed with ``error``.
    public var errorExitCode: Int32 = 1
    /// The schedule: base rate and its source, pace, simulated window, count per simulated day.
    public var schedule: ScheduleFacts?
    /// Every threshold with its value and verdict (a crossed one makes the exit code 99).
    public var thresholds: [ThresholdResult] = []
    /// The threshold (`abort_on_fail`) that stopped the run early, if one did.
    public var abortedByThreshold: String?
    /// Growth of resident memory after the warm-up, percent (nil for runs too short to say).
    public var rssGrowthPercent: Double?
    /// What `--verify` found reading the topic back: missing, duplicates, misplaced, out_of_order.
    public var verify: [String: Int]?
    /// The command line that ran (secrets as `***`), and the profile file's text.
    public var commandLine: [String] = []
    public var profileText: String?


    /// Delivered per real second.
    public var achievedRatePerSecond: Double { durationSeconds > 0 ? Double(delivered) / durationSeconds : 0 }

    /// How far production was from the target, in percent (nil in unlimited mode).
    public var rateErrorPercent: Double? {
        guard let targetCount, targetCount > 0 else { return nil }
        return (Double(produced) - targetCount) / targetCount * 100
    }

    /// 0 when everything produced was delivered; 130 when aborted by a second signal; the
    /// error's code for a run that failed to run; 99 when a threshold was crossed; 1 otherwise.
    public var exitCode: Int32 {
        if aborted { return 130 }
        if error != nil { return errorExitCode }
        if thresholds.contains(where: { !$0.passed }) { return 99 }
        return failed == 0 && undelivered == 0 && produced == delivered && !stalled && deadLetterLost == 0 ? 0 : 1
    }

    /// The report as a JSON object (what ``jsonData()`` writes, read back).
    public func jsonObject() -> [String: Any] {
        ((try? jsonData()).flatMap { try? JSONSerialization.jsonObject(with: $0) } as? [String: Any]) ?? [:]
    }

    /// The report as JSON: pretty-printed, snake_case keys, sorted (the `--report` file).
    public func jsonData() throws -> Data { try FigureJSON.document(self) }

    /// The same figures, for people.
    public var summary: String {
        func f(_ v: Double) -> String { RunReport.fixed(v, decimals: 1) }
        let target = targetCount.map { "\(Int($0.rounded()))" } ?? "unlimited"
        let rateError = rateErrorPercent.map { ($0 >= 0 ? "+" : "-") + RunReport.fixed(abs($0), decimals: 2) + "%" } ?? "n/a"
        var lines: [String] = []
        if let error { lines.append("run report: FAILED: \(error)") }
        if aborted {
            lines.append("run report: ABORTED by a second signal: \(abandoned) message(s) in flight abandoned, "
                + "\(deadLetterWritten) in the dead-letter file" + (deadLetterFile.map { " \($0)" } ?? "")
                + (deadLetterLost > 0 ? ", \(deadLetterLost) LOST" : ""))
        }
        if deadLetterLost > 0 && !aborted {
            lines.append("run report: \(deadLetterLost) message(s) LOST: neither delivered nor in the dead-letter file ("
                + (deadLetterError ?? "the producer could not be stopped to dead-letter them") + "); \(deadLetterWritten) written to it")
        }
        lines += [
            "run report: profile \(profile), \(output), topic \(topic), \(generators) generator(s), shard \(shard)",
            "  duration      \(f(durationSeconds)) s (simulated \(simulatedStart) -> \(simulatedEnd))"
                + (schedule.map { " base rate \($0.baseRate) (\($0.rateSource))\($0.flat ? ", flat" : ""), \($0.pace)" } ?? ""),
            "  target        \(target)   produced \(produced)   rate error \(rateError)",
            "  delivered     \(delivered)   failed \(failed)   undelivered \(undelivered)   invalid \(invalid)   dropped permits \(permitsDropped)",
            "  throughput    \(f(achievedRatePerSecond)) msg/s, \(f(Double(bytes) / 1_048_576 / max(durationSeconds, 0.001))) MB/s",
            "  latency ms    p50 \(latency.p50)  p90 \(latency.p90)  p99 \(latency.p99)  p99.9 \(latency.p999)  max \(latency.max)",
            "  schedule lag  p99 \(scheduleLag.p99) ms  max \(scheduleLag.max) ms",
            "  memory        max RSS \(f(rssMaxMB)) MB",
        ]
        if retried > 0 || deadLettered > 0 {
            lines.append("  retries       re-sent \(retried)   dead-lettered \(deadLettered)"
                + (deadLetterLost > 0 ? " (\(deadLetterWritten) written, \(deadLetterLost) LOST)" : "")
                + (possiblyPersisted > 0 ? ", \(possiblyPersisted) possibly persisted" : "")
                + (deadLetterFile.map { " -> \($0) (loadgen replay \($0))" } ?? ""))
        }
        if let schedule, let from = schedule.simulatedWindowStart, let to = schedule.simulatedWindowEnd {
            let days = schedule.perSimulatedDay
            let counts = days.count <= 8 ? days.map { "\($0.date) \($0.count)" }.joined(separator: ", ")
                : "\(days.count) days, \(days.map(\.count).min() ?? 0) to \(days.map(\.count).max() ?? 0) a day"
            lines.append("  simulated     \(from) -> \(to): \(counts)")
        }
        if stalled { lines.append("  stalled       no delivery progress for the stall timeout: gave up") }
        if !errors.isEmpty { lines.append("  errors        " + errors.joined(separator: "; ")) }
        lines += thresholds.summaryLines
        if let abortedByThreshold { lines.append("  stopped early threshold \(abortedByThreshold) crossed (abort_on_fail)") }
        return lines.joined(separator: "\n")
    }

    /// `v` rounded to `decimals` places, always written with that many (12.30, 0.5).
    static func fixed(_ v: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        guard v.isFinite, abs(v) * scale < 9e18 else { return v.isNaN ? "n/a" : String(v) }
        let scaled = Int64((abs(v) * scale).rounded())
        let whole = scaled / Int64(scale), fraction = String(scaled % Int64(scale))
        let sign = v < 0 && scaled != 0 ? "-" : ""
        guard decimals > 0 else { return "\(sign)\(whole)" }
        return "\(sign)\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}
