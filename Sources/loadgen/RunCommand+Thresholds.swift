import ArgumentParser
import Foundation
import Kafka
import LoadGen
import Logging
import Synchronization

/// `--threshold 'latency_p99 < 50ms'`: checked when the run starts.
struct ThresholdArgument: CheckedArgument {
    let text: String
    static func parse(_ text: String, field: String) throws(InputError) -> Threshold { try Threshold.parse(text, field: field) }
}

/// Thresholds: resolved with the other settings, watched while the run goes (for
/// `abort_on_fail`), judged at the end on the run's figures and, with `--verify`, on the topic
/// read back.
extension RunCommand {
    /// The profile's thresholds and `--threshold`'s, with what they need checked.
    /// - Throws: ``InputError`` naming the expression (exit 2, nothing sent).
    func resolveThresholds(into c: inout RunConfiguration, environment: [String: String]) throws {
        // The profile's first, so an error names where the threshold was written.
        if let t = c.profile.thresholds.first(where: { $0.metric.needsVerify }), !verify {
            throw InputError("\(profile ?? "profile"): $.thresholds.\(t.metric.rawValue)", "\(t.metric.rawValue) is known only from reading the topic back: add --verify")
        }
        for argument in thresholdExpressions {
            var t = try argument.value(field: "--threshold")
            t.abortOnFail = abortOnFail
            c.profile.thresholds.append(t)
        }
        if abortOnFail { for i in c.profile.thresholds.indices { c.profile.thresholds[i].abortOnFail = true } }
        if let t = c.profile.thresholds.first(where: { $0.metric.needsVerify }), !verify {
            throw InputError("--threshold", "\(InputError.quoted(t.expression)): \(t.metric.rawValue) is known only from reading the topic back: add --verify")
        }
        if verify {
            guard c.output == .kafka else { throw InputError("--verify", "reads the topic back: expected --output kafka, got \(c.output)") }
            guard c.bootstrapServers != nil else {
                throw InputError("--verify", "reads the topic back after the run: expected --bootstrap-servers (or KAFKA_BOOTSTRAP_SERVERS); the embedded broker stops with the run")
            }
        }
    }

    /// Stops `run` gracefully as soon as a threshold marked `abort_on_fail` on a live figure
    /// is crossed (checked once a second), and remembers which one did.
    final class AbortWatch: Sendable {
        let crossed = Mutex<String?>(nil)
        let task = Mutex<Task<Void, Never>?>(nil)

        init(_ configuration: RunConfiguration, run: LoadRun, logger: Logger) {
            let watched = configuration.profile.thresholds.filter { $0.abortOnFail && $0.metric.isLive }
            guard !watched.isEmpty else { return }
            let warmup = RunCommand.warmupSeconds(configuration.profile)
            task.withLock { $0 = Task { [self] in
                let start = ContinuousClock.now
                var memory: [(elapsed: Double, residentMB: Double)] = []
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    let m = run.metrics.snapshot()
                    memory.append(((ContinuousClock.now - start).seconds, ProcessStats.residentMB()))
                    var figures = ThresholdFigures()
                    figures.latency = m.deliveryLatency
                    figures.scheduleLag = m.scheduleLag
                    figures.failed = m.messagesFailed
                    figures.deadLettered = m.deadLettered
                    figures.permitsDropped = m.permitsDropped
                    figures.rssGrowthPercent = ThresholdFigures.rssGrowthPercent(memory, warmupSeconds: warmup)
                    if let failed = figures.judge(watched).first(where: { !$0.passed }) {
                        self.crossed.withLock { $0 = failed.threshold.expression }
                        logger.error("threshold \(failed.threshold.expression) crossed (\(failed.shownValue)): stopping the run (abort_on_fail)")
                        run.stop()
                        return
                    }
                }
            } }
        }

        /// Stops watching; the threshold that stopped the run, if one did.
        func finish() -> String? {
            task.withLock { $0?.cancel() }
            return crossed.withLock { $0 }
        }
    }

    /// The RSS warm-up: the profile's, else the default for the run's planned duration.
    static func warmupSeconds(_ profile: LoadProfile) -> Double {
        profile.thresholdWarmup.map { $0.seconds } ?? ThresholdFigures.defaultWarmup(runSeconds: profile.duration.map { $0.seconds } ?? .infinity)
    }

    /// The report with what a person needs to reproduce and judge it: the command line, the
    /// profile's text, the RSS growth, `--verify`'s findings and every threshold's verdict.
    func judged(_ report: RunReport, configuration c: RunConfiguration, metrics: ProducerMetrics, abortedBy: String?, logger: Logger) async -> (RunReport, VerifyReport?) {
        var r = described(report, configuration: c, metrics: metrics)
        r.abortedByThreshold = abortedBy
        var verified: VerifyReport?
        if verify, let servers = c.bootstrapServers {
            do {
                let connection = properties.map(\.text).filter { ["security.", "sasl.", "ssl."].contains(where: $0.hasPrefix) }
                let client = try KafkaConfiguration.client(bootstrapServers: servers, properties: connection)
                let expectation = VerifyExpectation(runID: r.runID, delivered: r.delivered, possiblyPersisted: r.possiblyPersisted + r.abandoned, retried: r.retried)
                let v = try await TopicVerifier.verify(configuration: client, topic: c.profile.topic, expectation: expectation, logger: logger)
                r.verify = ["missing": v.missing, "extra": v.extra, "duplicates": v.duplicates, "misplaced": v.misplaced,
                            "out_of_order": v.unexplainedOutOfOrder, "invalid": v.invalid, "consumed": v.consumed]
                verified = v
                r.thresholds = ThresholdFigures(report: r, latency: metrics.deliveryLatency, scheduleLag: metrics.scheduleLag).judge(c.profile.thresholds)
            } catch {
                logger.error("--verify: cannot read the topic back: \(error)")
                r.errors.append("verify: \(error)")
            }
        }
        return (r, verified)
    }

    /// What every report carries, whatever ended the run (its end, a failure such as an
    /// unreachable cluster, a second signal): the command line, the profile's text, the RSS
    /// growth and every threshold's verdict on what is known.
    func described(_ report: RunReport, configuration c: RunConfiguration, metrics: ProducerMetrics) -> RunReport {
        var r = report
        r.commandLine = ["loadgen"] + CommandLine.arguments.dropFirst().map { KafkaConfiguration.redactingSecrets(in: $0) }
        if let profile { r.profileText = (try? String(contentsOfFile: profile, encoding: .utf8)) }
        let memory = r.timeline.map { (elapsed: $0.elapsedSeconds, residentMB: $0.residentMB) }
        r.rssGrowthPercent = ThresholdFigures.rssGrowthPercent(memory, warmupSeconds: c.profile.thresholdWarmup.map { $0.seconds } ?? ThresholdFigures.defaultWarmup(runSeconds: r.durationSeconds))
        r.thresholds = ThresholdFigures(report: r, latency: metrics.deliveryLatency, scheduleLag: metrics.scheduleLag).judge(c.profile.thresholds)
        return r
    }
}
