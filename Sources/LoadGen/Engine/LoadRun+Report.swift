import Foundation
import Kafka

extension LoadRun {
    /// The report from what the metrics say now.
    func makeReport(generationEnd: Int64, scheduleEnd: Int64, flushSeconds: Double) async -> RunReport {
        let c = configuration, profile = c.profile
        guard let l = live.withLock({ $0 }) else { return RunReport.failed(configuration: c, runID: runID, error: "the run did not start") }
        let elapsed = generationEnd - l.runStart
        let deadLetters = l.producerActor?.deadLetters
        let routed = metrics.deadLettered.load(ordering: .relaxed)
        return RunReport(
            profile: profile.name, seed: profile.commerce.seed, startedAt: l.startedAt,
            durationSeconds: Double(elapsed) / 1e9, flushSeconds: flushSeconds,
            targetCount: l.schedule.pace == .live ? await l.governor.target(until: scheduleEnd) : nil,
            produced: metrics.produced.load(ordering: .relaxed), delivered: metrics.delivered.load(ordering: .relaxed),
            failed: metrics.failed.load(ordering: .relaxed), invalid: metrics.invalid.load(ordering: .relaxed),
            undelivered: 0, permitsDropped: metrics.permitsDropped.load(ordering: .relaxed),
            bytes: metrics.bytes.load(ordering: .relaxed), latency: metrics.latencyMillis(),
            scheduleLag: metrics.scheduleLagMillis(), rssMaxMB: ProcessStats.peakResidentMB(),
            output: c.output.description, topic: profile.topic, generators: c.generators,
            shard: "\(c.shard.index)/\(c.shard.count)", producerConfig: l.producerConfig, errors: metrics.errorSamples,
            simulatedStart: ISOTime.string(l.schedule.clock.startMillis), simulatedEnd: ISOTime.string(simulatedEnd(l, elapsed: elapsed)),
            runID: runID, retried: metrics.retried.load(ordering: .relaxed),
            deadLettered: routed,
            possiblyPersisted: metrics.possiblyPersisted.load(ordering: .relaxed),
            deadLetterFile: (deadLetters?.written ?? 0) > 0 ? deadLetterPath : nil,
            stalled: stalled.load(ordering: .relaxed), timeline: [], timeZone: profile.timeZone,
            deadLetterWritten: deadLetters?.written ?? 0,
            deadLetterLost: (deadLetters?.lost ?? 0) + metrics.lost.load(ordering: .relaxed),
            deadLetterError: deadLetters?.writeError)
    }

    /// Simulated time at the end: the clock's reading for a live run, else the window's end (or
    /// the latest event made, when the run stopped before it).
    private func simulatedEnd(_ l: Live, elapsed: Int64) -> Int64 {
        guard l.schedule.pace != .live else { return l.schedule.clock.simulatedMillis(elapsedNanos: elapsed) }
        let latest = metrics.latestEventMillis.load(ordering: .relaxed)
        return latest == .min ? l.schedule.clock.startMillis : latest + 1
    }

    /// Syncs the dead-letter file to disk and closes it (after ``abortNow(within:syncingDeadLetters:)``).
    public func syncDeadLetters() { live.withLock { $0 }?.producerActor?.syncDeadLetters() }

    /// Exits at once (a second Ctrl-C): stops the schedule, gives up on every message not yet
    /// delivered — writing them to the dead-letter file if that can be done by `within` — and
    /// returns a report marked `aborted` with what is known now.
    /// With `syncingDeadLetters: false` the dead-letter file is written but not yet synced (a
    /// caller racing a deadline publishes the report first, then calls ``syncDeadLetters()``).
    public func abortNow(within: Duration = .milliseconds(700), syncingDeadLetters: Bool = true) async -> RunReport {
        defer { if syncingDeadLetters { syncDeadLetters() } }
        let deadline = ContinuousClock.now + within
        stop()
        guard let l = live.withLock({ $0 }) else {
            var report = RunReport.failed(configuration: configuration, runID: runID, error: "aborted before the run started")
            report.aborted = true
            return report
        }
        let inFlight = metrics.inFlight
        var abandoned = inFlight
        if let actor = l.producerActor {
            abandoned = await actor.abandonNow(deadline: deadline)
        }
        let now = SystemClock.nanos()
        var report = await makeReport(generationEnd: now, scheduleEnd: now, flushSeconds: 0)
        report.aborted = true
        report.abandoned = abandoned
        report.errors.append("aborted by a second signal with \(inFlight) message(s) in flight")
        return report
    }
}

extension RunReport {
    /// The report of a run that failed before it produced anything (or was aborted before
    /// its schedule started): the configuration, the error and zero counts.
    public static func failed(configuration c: RunConfiguration, runID: String, error: String, exitCode: Int32 = 1) -> RunReport {
        let zero = RunMetrics.Percentiles(RunMetrics.histogram())
        var report = RunReport(
            profile: c.profile.name, seed: c.profile.commerce.seed, startedAt: Date(), durationSeconds: 0, flushSeconds: 0,
            targetCount: nil, produced: 0, delivered: 0, failed: 0, invalid: 0, undelivered: 0, permitsDropped: 0, bytes: 0,
            latency: zero, scheduleLag: zero, rssMaxMB: ProcessStats.peakResidentMB(), output: c.output.description,
            topic: c.profile.topic, generators: c.generators, shard: "\(c.shard.index)/\(c.shard.count)", producerConfig: [:],
            errors: [error], simulatedStart: "", simulatedEnd: "", runID: runID)
        report.error = error
        report.errorExitCode = exitCode
        return report
    }
}
