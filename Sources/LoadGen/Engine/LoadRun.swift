import Commerce
import Foundation
import Kafka
import Logging
import Synchronization

/// One run of the engine: profile -> governor -> generators -> sink, in one task group, then a
/// flush with a deadline and the report. ``stop()`` (SIGINT/SIGTERM) ends it gracefully.
public final class LoadRun: Sendable {
    /// What this run was told.
    public let configuration: RunConfiguration
    /// What this run records: counters, histograms (shared with whoever passed them in).
    public let metrics: RunMetrics
    let logger: Logger
    private let governor = Mutex<RateGovernor?>(nil)
    private let stopRequested = Atomic<Bool>(false)
    /// Monotonic ns of the first stop request (0: none): the schedule's target ends there.
    private let stoppedAt = Atomic<Int64>(0)
    let stalled = Atomic<Bool>(false)
    /// Names this run's files (dead letters) and appears in its report.
    public let runID: String

    let sources: MessageSources
    /// What a report needs while the run goes: set once the schedule starts, read by
    /// ``abortNow(within:)``.
    let live = Mutex<Live?>(nil)

    struct Live: Sendable {
        var startedAt: Date
        var runStart: Int64
        var schedule: Schedule
        var governor: RateGovernor
        var producerActor: ProducerActor?
        var producerConfig: [String: String]
    }

    /// A run of realistic transactions from the profile's commerce model.
    public convenience init(configuration: RunConfiguration, logger: Logger, metrics: RunMetrics = RunMetrics()) {
        self.init(configuration: configuration, sources: .transactions(configuration), logger: logger, metrics: metrics)
    }

    /// A run of messages from `sources` (a custom ``BaseProducer``'s, for instance).
    init(configuration: RunConfiguration, sources: MessageSources, logger: Logger, metrics: RunMetrics) {
        self.configuration = configuration
        self.sources = sources
        self.metrics = metrics
        self.logger = logger
        let millis = Int64(Date().timeIntervalSince1970 * 1000)
        let stamp = ISOTime.string(millis).filter { $0 != "-" && $0 != ":" }
        runID = stamp + "-" + String(UInt16.random(in: 0...UInt16.max), radix: 16)
    }

    /// The dead-letter file's path for this run.
    public var deadLetterPath: String { configuration.deadLetterPath ?? "loadgen-deadletter-\(runID).jsonl" }

    /// Stops handing out permits; generators finish the batch they are sending (and drop what
    /// they made ahead for later slices), the sink flushes, and
    /// ``run(statusInterval:onStatus:)`` returns the report.
    public func stop() {
        stopRequested.store(true, ordering: .sequentiallyConsistent)
        _ = stoppedAt.compareExchange(expected: 0, desired: SystemClock.nanos(), ordering: .relaxed)
        if let g = governor.withLock({ $0 }) { Task { await g.stop() } }
    }

    /// Runs to the end (duration, count, or ``stop()``) and returns the report.
    ///
    /// - Throws: ``InputError`` for bad configuration (nothing is sent), ``KafkaError`` when the
    ///   cluster cannot be reached.
    public func run(statusInterval: Duration = .seconds(1), onStatus: (@Sendable (RunStatus) -> Void)? = nil) async throws -> RunReport {
        let c = configuration
        var generators: [GeneratorActor] = []
        for i in 0..<c.generators { generators.append(GeneratorActor(source: try sources.make(i, c.generators), index: i)) }
        let statsFile = try c.statsPath.map { path throws(InputError) in try StatsFile(path: path) }
        let (sink, kafka) = try await makeSink()
        let l = begin(producer: kafka)
        let registration = c.monitor?.register(
            named: c.producerName ?? c.profile.name, topic: c.output == .kafka ? c.profile.topic : c.output.description,
            snapshot: { [metrics] in metrics.snapshot() })
        defer { registration?.cancel() }
        let sampler = RunSampler(metrics: metrics, runStart: l.runStart, schedule: l.schedule, shards: c.shard.count)
        await drive(generators, l, sink: sink, sampler: sampler, statsFile: statsFile, statusInterval: statusInterval, onStatus: onStatus)
        let generationEnd = SystemClock.nanos()
        let stopped = stoppedAt.load(ordering: .relaxed)
        let scheduleEnd = stopped > 0 ? min(max(stopped, l.runStart), generationEnd) : generationEnd

        // Flush with a deadline, then the report.
        let flushTimeout = stalled.load(ordering: .relaxed) ? min(c.flushTimeout, .seconds(5)) : c.flushTimeout
        let undelivered = await sink.finish(deadline: .now + flushTimeout)
        let flushSeconds = Double(SystemClock.nanos() - generationEnd) / 1e9
        metrics.permitsDropped.store(await l.governor.dropped, ordering: .relaxed)
        let last = sampler.tick(last: true)  // always: the timeline's last point
        if let failure = statsFile?.write(sampler.statsLine(last)) { logger.warning("\(failure)") }
        await kafka?.embedded?.shutdown()
        var report = await makeReport(generationEnd: generationEnd, scheduleEnd: scheduleEnd, flushSeconds: flushSeconds)
        report.undelivered = undelivered
        report.timeline = sampler.timeline
        report.schedule = await scheduleFacts(l.schedule, governor: l.governor, timeline: sampler.timeline)
        if let failure = statsFile?.failed { report.errors.append(failure) }
        return report
    }

    /// Starts the schedule: the clock, the governor, and what a report needs while the run goes.
    private func begin(producer kafka: KafkaSink?) -> Live {
        let startedAt = Date()
        let schedule = makeSchedule(nowMillis: Int64(startedAt.timeIntervalSince1970 * 1000))
        let runStart = SystemClock.nanos()
        let governor = makeGovernor(schedule, runStart: runStart, sinkBatching: kafka?.linger ?? .zero)
        self.governor.withLock { $0 = governor }
        let l = Live(
            startedAt: startedAt, runStart: runStart, schedule: schedule, governor: governor,
            producerActor: kafka?.producer, producerConfig: kafka?.redactedConfiguration ?? [:])
        live.withLock { $0 = l }
        logger.notice("\(RateExplanation.line(configuration, schedule: schedule))")
        if let crowded = RateExplanation.populationNote(configuration, schedule: schedule) { logger.notice("\(crowded)") }
        if stopRequested.load(ordering: .sequentiallyConsistent) { Task { await governor.stop() } }
        return l
    }

    /// Generators, retries, the stall watch and the sampler, in one task group, until the
    /// generators are done.
    private func drive(
        _ generators: [GeneratorActor], _ l: Live, sink: any MessageSink, sampler: RunSampler, statsFile: StatsFile?,
        statusInterval: Duration, onStatus: (@Sendable (RunStatus) -> Void)?
    ) async {
        let metrics = self.metrics, batchSize = configuration.batchSize, governor = l.governor
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                // Each generator on a thread of its own (see GeneratorThread: one wake-up per
                // slice, none of the cooperative pool's threads ever asleep).
                // If the system refuses a thread, that generator runs on the pool (its waits
                // then count as tasks').
                let threads = generators.map { GeneratorThread(name: "loadgen-gen-\($0.index)") }
                await withTaskGroup(of: Void.self) { inner in
                    for (g, thread) in zip(generators, threads) {
                        inner.addTask(executorPreference: thread) {
                            await g.run(governor: governor, sink: sink, metrics: metrics, batchSize: batchSize)
                        }
                    }
                }
                for thread in threads { thread?.finish() }
                return true
            }
            // An unthrottled run's schedule is walked ahead of the generators, beside them.
            group.addTask { await governor.walkAhead(batch: batchSize); return false }
            if let producerActor = l.producerActor {
                group.addTask { await producerActor.serviceRetries(); return false }
                group.addTask { await self.watchForStall(producerActor); return false }
            }
            group.addTask {
                await self.sample(sampler, governor: governor, statsFile: statsFile, statusInterval: statusInterval, onStatus: onStatus)
                return false
            }
            for await generatorsDone in group where generatorsDone { group.cancelAll() }
        }
    }
}
