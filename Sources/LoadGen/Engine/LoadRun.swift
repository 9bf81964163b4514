import Commerce
import Foundation
import Kafka
import Logging
import Synchronization

/// What one run is told: the profile plus what the command line adds.
public struct RunConfiguration: Sendable {
    /// Where transactions go.
    public enum Output: Sendable, Equatable, CustomStringConvertible {
        case kafka
        case stdout
        case file(String)
        case null

        public var description: String {
            switch self {
            case .kafka: return "kafka"
            case .stdout: return "stdout"
            case .file(let path): return "file:\(path)"
            case .null: return "null"
            }
        }
    }

    /// Everything the profile says.
    public var profile: LoadProfile
    /// Where transactions go.
    public var output: Output = .kafka
    /// nil with Kafka output: run against an embedded broker.
    public var bootstrapServers: String?
    /// `-X key=value` properties, applied over the profile's `producer` section.
    public var kafkaProperties: [String: String] = [:]
    /// Generator actors (default: one per core).
    public var generators = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// This process's part of a run split over several processes.
    public var shard = CommerceConfiguration.Shard(index: 0, count: 1)
    /// How long to wait for outstanding deliveries at the end.
    public var flushTimeout: Duration = .seconds(30)
    /// How long the start-up check waits for the cluster.
    public var connectTimeout: Duration = .seconds(10)
    /// Permits per batch, and so messages per produce call at most.
    public var batchSize = 1000
    /// Where messages that fail for good go; nil: `loadgen-deadletter-<run id>.jsonl`.
    public var deadLetterPath: String?
    /// Sends per message at most before it is dead-lettered (librdkafka's own retries are inside each).
    public var maxAttempts = 5
    /// With messages outstanding and no delivery progress for this long, the run gives up.
    public var stallTimeout: Duration = .seconds(60)
    /// `--stats-file`: one JSON line per ``statsInterval``.
    public var statsPath: String?
    /// How often the stats file gets a line.
    public var statsInterval: Duration = .seconds(10)
    /// The `producer` label of this run's metrics in ``Monitor`` and on `/metrics`
    /// (nil: the profile's name).
    public var producerName: String?
    /// Where this run's metrics are registered while it runs (nil: the caller registers them).
    public var monitor: Monitor? = .shared

    /// The command line's defaults around `profile`.
    public init(profile: LoadProfile) { self.profile = profile }

    /// This shard's part of the profile's count (the counts of all shards add up to it).
    public var shardCount: Int? {
        profile.count.map { total in total / shard.count + (shard.index < total % shard.count ? 1 : 0) }
    }
}

/// A progress snapshot, once per status interval.
public struct RunStatus: Sendable {
    /// Seconds since the run started.
    public var elapsedSeconds: Double
    /// Simulated time now (ISO-8601 UTC).
    public var simulatedTime: String
    /// Target rate now (per second), nil when unlimited.
    public var targetRate: Double?
    /// Delivered per second over the last interval.
    public var achievedRate: Double
    /// The run's counters so far.
    public var produced, delivered, failed: Int
    /// Permits the governor dropped so far because the pipeline fell behind.
    public var permitsDropped = 0
    /// p99 delivery latency since the start, ms.
    public var p99LatencyMillis: Double
    /// Resident memory now, MB.
    public var residentMB: Double
    /// Key and value bytes delivered per second over the last interval.
    public var bytesPerSecond = 0.0
    /// Seconds until the run's duration is up (nil: no duration).
    public var remainingSeconds: Double?
}

/// One run of the engine: profile -> governor -> generators -> sink, in one task group, then a
/// flush with a deadline and the report. ``stop()`` (SIGINT/SIGTERM) ends it gracefully.
public final class LoadRun: Sendable {
    /// What this run was told.
    public let configuration: RunConfiguration
    /// What this run records: counters, histograms (shared with whoever passed them in).
    public let metrics: RunMetrics
    private let logger: Logger
    private let governor = Mutex<RateGovernor?>(nil)
    private let stopRequested = Atomic<Bool>(false)
    /// Monotonic ns of the first stop request (0: none): the schedule's target ends there.
    private let stoppedAt = Atomic<Int64>(0)
    private let stalled = Atomic<Bool>(false)
    /// Names this run's files (dead letters) and appears in its report.
    public let runID: String

    private let sources: MessageSources
    /// What a report needs while the run goes: set once the schedule starts, read by
    /// ``abortNow(within:)``.
    private let live = Mutex<Live?>(nil)

    private struct Live: Sendable {
        var startedAt: Date
        var runStart: Int64
        var simClock: SimulatedClock
        var curve: RateCurve
        var governor: RateGovernor
        var producerActor: ProducerActor?
        var producerConfig: [String: String]
    }

    /// A run of realistic transactions from the profile's commerce model.
    public convenience init(configuration: RunConfiguration, logger: Logger, metrics: RunMetrics = RunMetrics()) {
        let profile = configuration.profile
        var commerce = profile.commerce
        commerce.shard = configuration.shard
        self.init(configuration: configuration, sources: .transactions(commerce, profile: profile.name), logger: logger, metrics: metrics)
    }

    /// A run of messages from `sources` (a custom ``BaseProducer``'s, for instance).
    init(configuration: RunConfiguration, sources: MessageSources, logger: Logger, metrics: RunMetrics) {
        self.configuration = configuration
        self.sources = sources
        self.metrics = metrics
        self.logger = logger
        let millis = Int64(Date().timeIntervalSince1970 * 1000)
        let stamp = Self.iso(millis).filter { $0 != "-" && $0 != ":" }
        runID = stamp + "-" + String(UInt16.random(in: 0...UInt16.max), radix: 16)
    }

    /// The dead-letter file's path for this run.
    public var deadLetterPath: String { configuration.deadLetterPath ?? "loadgen-deadletter-\(runID).jsonl" }

    /// Stops handing out permits; generators finish their batch, the sink flushes, and
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
        let profile = c.profile
        var generators: [GeneratorActor] = []
        for i in 0..<c.generators { generators.append(GeneratorActor(source: try sources.make(i, c.generators), index: i)) }

        let generatorActors = generators
        let statsFile = try c.statsPath.map { path throws(InputError) in try StatsFile(path: path) }
        logger.debug("run: profile \(profile.name), topic \(profile.topic), rate \(profile.rate), arrivals \(profile.arrivals), output \(c.output), \(c.generators) generator(s), shard \(c.shard.index)/\(c.shard.count), count \(c.shardCount.map(String.init) ?? "none"), duration \(profile.duration.map { "\($0)" } ?? "none")")

        // The sink (and an embedded broker when no cluster was named).
        var embedded: MockCluster?
        var producerActor: ProducerActor?
        let sink: any MessageSink
        var producerConfig: [String: String] = [:]
        switch c.output {
        case .kafka:
            var bootstrap = c.bootstrapServers
            // Check every property before anything starts, so bad input sends nothing.
            var kafka = try Self.kafkaConfiguration(bootstrap ?? "embedded", profile: profile, overrides: c.kafkaProperties)
            try checkMessageSize(kafka)
            try DeadLetterFile.checkWritable(deadLetterPath, setting: c.deadLetterPath == nil ? "dead-letter file" : "--dead-letter")
            if bootstrap == nil {
                let mock = try MockCluster(brokers: 3, logger: logger)
                try mock.createTopic(profile.topic, partitions: profile.partitions, replicationFactor: 3)
                embedded = mock
                bootstrap = mock.bootstrapServers
                logger.notice("no bootstrap servers given: producing to an embedded test broker (3 brokers, topic \(profile.topic), \(profile.partitions) partitions) at \(mock.bootstrapServers); pass --bootstrap-servers HOST:PORT or set KAFKA_BOOTSTRAP_SERVERS to target a real cluster")
            }
            try kafka.set("bootstrap.servers", bootstrap!)
            producerConfig = kafka.redactedProperties
            let policy = DeliveryPolicy(deadLetterPath: deadLetterPath, maxAttempts: c.maxAttempts)
            let actor = try ProducerActor(configuration: kafka, topic: profile.topic, metrics: metrics, policy: policy, logger: logger)
            producerActor = actor
            do {
                let metadata = try await actor.producer.checkConnection(timeout: c.connectTimeout)
                if let topic = metadata.topics[profile.topic], topic.errorName == nil {
                    logger.info("connected to \(bootstrap!): topic \(profile.topic) has \(topic.partitionCount) partitions")
                } else if let created = try await actor.producer.awaitTopic(timeout: c.connectTimeout) {
                    logger.notice("topic \(profile.topic) did not exist on \(bootstrap!): the cluster created it with \(created.partitionCount) partitions")
                } else {
                    throw InputError("--topic", "topic \(profile.topic) does not exist on \(bootstrap!) and the cluster did not create it (auto.create.topics.enable=false, or -X allow.auto.create.topics=false): create it first, or name an existing topic")
                }
            } catch {
                _ = await actor.finish(deadline: .now + .seconds(2))
                await embedded?.shutdown()
                throw error
            }
            sink = actor
        case .stdout:
            sink = StreamSink(standardOutputWith: metrics) { [weak self] in self?.stop() }
        case .file(let path):
            sink = try StreamSink(path: path, metrics: metrics) { [weak self] in self?.stop() }
        case .null:
            sink = NullSink(metrics: metrics)
        }

        // The schedule.
        let startedAt = Date()
        let simClock = profile.simulatedClock(realNowMillis: Int64(startedAt.timeIntervalSince1970 * 1000))
        let curve = profile.curve(on: simClock, shards: c.shard.count)
        let runStart = SystemClock.nanos()
        let governor = RateGovernor(
            curve: curve, arrivals: profile.arrivals, clock: SystemClock(), start: runStart,
            count: c.shardCount, duration: profile.duration, burst: profile.burst,
            seed: profile.commerce.seed ^ UInt64(c.shard.index))
        self.governor.withLock { $0 = governor }
        live.withLock {
            $0 = Live(
                startedAt: startedAt, runStart: runStart, simClock: simClock, curve: curve, governor: governor,
                producerActor: producerActor, producerConfig: producerConfig)
        }
        if stopRequested.load(ordering: .sequentiallyConsistent) { await governor.stop() }

        // Generators, retries, the stall watch and the sampler, in one task group.
        let metrics = self.metrics
        let registration = c.monitor?.register(
            named: c.producerName ?? profile.name, topic: c.output == .kafka ? profile.topic : c.output.description,
            snapshot: { metrics.snapshot() })
        defer { registration?.cancel() }
        let sampler = RunSampler(metrics: metrics, runStart: runStart, clock: simClock, curve: curve)
        let batchSize = c.batchSize
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await withTaskGroup(of: Void.self) { inner in
                    for g in generatorActors {
                        inner.addTask {
                            await g.run(governor: governor, sink: sink, clock: simClock, runStart: runStart, metrics: metrics, batchSize: batchSize)
                        }
                    }
                }
                return true
            }
            if let producerActor {
                group.addTask { await producerActor.serviceRetries(); return false }
                group.addTask { await self.watchForStall(producerActor); return false }
            }
            group.addTask {
                // One look at the metrics a second feeds the status, the stats file, the
                // Prometheus gauges and the HTML report's timeline.
                var lastStatus = (elapsed: 0.0, delivered: 0, bytes: 0)
                var nextStatus = statusInterval, nextStats = c.statsInterval
                let start = ContinuousClock.now
                var shortfall = ShortfallWatch()
                while !Task.isCancelled {
                    try? await Task.sleep(until: start + .seconds(Int64(sampler.ticks + 1)), clock: .continuous)
                    if Task.isCancelled { break }
                    metrics.permitsDropped.store(await governor.dropOverdue(), ordering: .relaxed)
                    let sample = sampler.tick()
                    if let warning = shortfall.observe(sample) { self.logger.warning("\(warning)") }
                    let since = ContinuousClock.now - start
                    if let statsFile, since >= nextStats {
                        statsFile.write(sampler.statsLine(sample))
                        nextStats += c.statsInterval
                    }
                    if let onStatus, since >= nextStatus {
                        nextStatus += statusInterval
                        let span = max(1e-9, sample.elapsedSeconds - lastStatus.elapsed)
                        onStatus(RunStatus(
                            elapsedSeconds: sample.elapsedSeconds, simulatedTime: Self.iso(sample.simulatedMillis),
                            targetRate: sample.targetRate, achievedRate: Double(sample.delivered - lastStatus.delivered) / span,
                            produced: sample.produced, delivered: sample.delivered, failed: sample.failed,
                            permitsDropped: sample.permitsDropped, p99LatencyMillis: metrics.latencyMillis().p99, residentMB: sample.residentMB,
                            bytesPerSecond: Double(sample.bytes - lastStatus.bytes) / span,
                            remainingSeconds: profile.duration.map { max(0, $0.seconds - sample.elapsedSeconds) }))
                        lastStatus = (sample.elapsedSeconds, sample.delivered, sample.bytes)
                    }
                }
                return false
            }
            for await generatorsDone in group where generatorsDone { group.cancelAll() }
        }
        let generationEnd = SystemClock.nanos()
        let stopped = stoppedAt.load(ordering: .relaxed)
        let scheduleEnd = stopped > 0 ? min(max(stopped, runStart), generationEnd) : generationEnd

        // Flush with a deadline, then the report.
        let flushTimeout = stalled.load(ordering: .relaxed) ? min(c.flushTimeout, .seconds(5)) : c.flushTimeout
        let undelivered = await sink.finish(deadline: .now + flushTimeout)
        let flushSeconds = Double(SystemClock.nanos() - generationEnd) / 1e9
        metrics.permitsDropped.store(await governor.dropped, ordering: .relaxed)
        let last = sampler.tick(last: true)
        statsFile?.write(sampler.statsLine(last))
        await embedded?.shutdown()
        var report = await makeReport(generationEnd: generationEnd, scheduleEnd: scheduleEnd, flushSeconds: flushSeconds)
        report.undelivered = undelivered
        report.timeline = sampler.timeline
        return report
    }

    /// The report from what the metrics say now.
    private func makeReport(generationEnd: Int64, scheduleEnd: Int64, flushSeconds: Double) async -> RunReport {
        let c = configuration, profile = c.profile
        guard let l = live.withLock({ $0 }) else { return RunReport.failed(configuration: c, runID: runID, error: "the run did not start") }
        let elapsed = generationEnd - l.runStart
        let deadLetters = l.producerActor?.deadLetters
        let routed = metrics.deadLettered.load(ordering: .relaxed)
        return RunReport(
            profile: profile.name, seed: profile.commerce.seed, startedAt: l.startedAt,
            durationSeconds: Double(elapsed) / 1e9, flushSeconds: flushSeconds,
            targetCount: l.curve.base.perSecond == nil ? nil : await l.governor.target(until: scheduleEnd),
            produced: metrics.produced.load(ordering: .relaxed), delivered: metrics.delivered.load(ordering: .relaxed),
            failed: metrics.failed.load(ordering: .relaxed), invalid: metrics.invalid.load(ordering: .relaxed),
            undelivered: 0, permitsDropped: metrics.permitsDropped.load(ordering: .relaxed),
            bytes: metrics.bytes.load(ordering: .relaxed), latency: metrics.latencyMillis(),
            scheduleLag: metrics.scheduleLagMillis(), rssMaxMB: ProcessStats.peakResidentMB(),
            output: c.output.description, topic: profile.topic, generators: c.generators,
            shard: "\(c.shard.index)/\(c.shard.count)", producerConfig: l.producerConfig, errors: metrics.errorSamples,
            simulatedStart: Self.iso(l.simClock.startMillis), simulatedEnd: Self.iso(l.simClock.simulatedMillis(elapsedNanos: elapsed)),
            runID: runID, retried: metrics.retried.load(ordering: .relaxed),
            deadLettered: routed,
            possiblyPersisted: metrics.possiblyPersisted.load(ordering: .relaxed),
            deadLetterFile: (deadLetters?.written ?? 0) > 0 ? deadLetterPath : nil,
            stalled: stalled.load(ordering: .relaxed), timeline: [], timeZone: profile.timeZone,
            deadLetterWritten: deadLetters?.written ?? 0,
            deadLetterLost: (deadLetters?.lost ?? 0) + metrics.lost.load(ordering: .relaxed),
            deadLetterError: deadLetters?.writeError)
    }

    /// Exits at once (a second Ctrl-C): stops the schedule, gives up on every message not yet
    /// delivered — writing them to the dead-letter file if that can be done by `within` — and
    /// returns a report marked `aborted` with what is known now.
    public func abortNow(within: Duration = .milliseconds(700)) async -> RunReport {
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

    /// Refuses to start when `message.max.bytes` is below the largest of a sample of this
    /// run's messages plus record overhead: every message would be rejected.
    private func checkMessageSize(_ kafka: KafkaConfiguration) throws {
        guard let text = kafka.properties["message.max.bytes"], let limit = Int(text) else { return }
        var sample = try sources.make(0, 1)
        var batch = MessageBatch(capacity: 1, bytesPerMessage: 1000)
        var largest = 0
        for i in 0..<2000 {
            batch.removeAll()
            guard sample.appendMessage(at: 1_764_000_000_000 + Int64(i) * 1000, dueNanos: 0, to: &batch) else { continue }
            largest = max(largest, batch.bytes.count)
        }
        let needed = largest + 256
        if limit < needed {
            throw InputError("message.max.bytes", "\(limit) is smaller than this profile's \(sources.noun) (up to \(largest) bytes of key and value, plus record overhead): expected at least \(needed)")
        }
    }

    /// Gives up when messages are outstanding and no delivery report arrived for the stall
    /// timeout: stops the schedule and the producer; what is undelivered is dead-lettered.
    private func watchForStall(_ actor: ProducerActor) async {
        let timeout = configuration.stallTimeout.nanoseconds
        var lastProgress = -1
        var lastChange = SystemClock.nanos()
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(250))
            let now = SystemClock.nanos()
            let progress = metrics.delivered.load(ordering: .relaxed) + metrics.failed.load(ordering: .relaxed)
            let waiting = metrics.inFlight + actor.retryBacklog
            if progress != lastProgress || waiting == 0 {
                lastProgress = progress
                lastChange = now
            } else if now - lastChange >= timeout {
                logger.error("no delivery progress for \(configuration.stallTimeout) with \(waiting) message(s) outstanding: giving up; undelivered messages go to \(deadLetterPath)")
                stalled.store(true, ordering: .relaxed)
                stop()
                await actor.abort()
                return
            }
        }
    }

    /// Producer defaults, then the profile's `producer` section, then `-X` overrides.
    static func kafkaConfiguration(_ bootstrap: String, profile: LoadProfile, overrides: [String: String]) throws(InputError) -> KafkaConfiguration {
        try KafkaConfiguration.producer(bootstrapServers: bootstrap, profile: profile, overrides: overrides)
    }

    /// `2026-11-27T05:00:00Z`-style text of a simulated instant.
    static func iso(_ millis: Int64) -> String {
        let days = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
        let (y, m, d) = CivilCalendar.date(fromDays: days)
        let s = (millis - days * 86_400_000) / 1000
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(Int64(m)))-\(two(Int64(d)))T\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))Z"
    }
}

/// Warns when the run produces more than 5% below its target for 10 s running (the pipeline
/// cannot keep up and permits are being dropped or delayed), and once more when it recovers.
struct ShortfallWatch {
    private var window: [(target: Double, produced: Int, dropped: Int)] = []
    private var warned = false

    /// Looks at this second's sample; returns a line to log when the state changes.
    mutating func observe(_ sample: RunSample) -> String? {
        guard let target = sample.targetRate else { window.removeAll(); return nil }
        window.append((target, sample.produced, sample.permitsDropped))
        if window.count > 11 { window.removeFirst() }
        guard window.count == 11 else { return nil }
        let wanted = window.dropFirst().reduce(0) { $0 + $1.target }
        let made = Double(window[10].produced - window[0].produced)
        let dropped = window[10].dropped - window[0].dropped
        guard wanted >= 10 else { return nil }
        let short = made < wanted * 0.95
        if short && !warned {
            warned = true
            return "falling behind: produced \(Int(made)) in the last 10 s against a target of \(Int(wanted.rounded())) (\(RunReport.fixed((1 - made / wanted) * 100, decimals: 1))% short, \(dropped) permit(s) dropped): the sink or the generators cannot keep up"
        }
        if !short && warned && made >= wanted * 0.99 {
            warned = false
            return "caught up: produced \(Int(made)) in the last 10 s against a target of \(Int(wanted.rounded()))"
        }
        return nil
    }
}
