import Kafka
import Logging
import ServiceLifecycle
import Synchronization

/// What a ``Producer`` can send: the commerce model's ``Transactions``, or the messages of any
/// ``BaseProducer`` (implement that protocol; this one only names the family).
public protocol MessageGenerator: Sendable {}

/// The engine as a library: `Messages` through the rate governor and time patterns of a
/// ``LoadProfile``, generator actors, Kafka (or stdout, file, null) with retries and dead
/// letters, metrics in the ``Monitor``, reports and graceful shutdown.
///
/// Make one as a ``TransactionProducer`` (the commerce model's transactions) or a
/// ``CustomProducer`` (your ``BaseProducer``'s messages); both are this type. The
/// configuration is checked before anything is sent, ``metrics()`` adds up every run of the
/// producer's life, and the producer is registered in ``Monitor/shared`` until ``close()``.
///
/// Cancelling the task that runs ``runContinuous(duration:)`` stops it the way Ctrl-C stops the
/// command: the schedule stops, generators finish their batch, the producer flushes, and the
/// metrics are final. As a swift-service-lifecycle `Service`, a producer in your own
/// `ServiceGroup` stops the same way on the group's graceful shutdown.
public actor Producer<Messages: MessageGenerator>: Service {
    /// The name its metrics carry in ``Monitor/shared`` (and on `/metrics`): the profile's, or
    /// `name-2`, ... when that name is taken.
    public nonisolated let name: String
    private let configuration: RunConfiguration
    private let sources: MessageSources
    private let logger: Logger
    private let figures = LifetimeFigures()
    private let registration: Monitor.Registration?
    private var closed = false

    /// Checks everything (profile, properties, that the first source can be made), and that the
    /// cluster answers when one is named, then registers in the monitor for the producer's life.
    init(configuration: RunConfiguration, sources: MessageSources, logger: Logger) async throws {
        var c = configuration
        let monitor = c.monitor
        c.monitor = nil  // registered here for the producer's life, not per run
        _ = try sources.make(0, 1)
        if c.output == .kafka {
            let kafka = try KafkaConfiguration.producer(bootstrapServers: c.bootstrapServers ?? "embedded", profile: c.profile, overrides: c.kafkaProperties)
            if c.bootstrapServers != nil {
                let admin = try KafkaAdmin(configuration: kafka, logger: logger)
                do {
                    _ = try await admin.checkConnection(timeout: c.connectTimeout)
                } catch {
                    await admin.close()
                    throw error
                }
                await admin.close()
            }
        }
        self.configuration = c
        self.sources = sources
        self.logger = logger
        let figures = self.figures
        registration = monitor?.register(
            named: c.producerName ?? c.profile.name, topic: c.output == .kafka ? c.profile.topic : c.output.description,
            snapshot: { figures.snapshot() })
        name = registration?.name ?? c.producerName ?? c.profile.name
    }

    /// Produces until `duration` has passed (nil: the profile's duration, else until the task
    /// is cancelled or ``close()`` is called), then flushes. Returns the run's report; the
    /// metrics keep counting across runs.
    ///
    /// - Throws: `KafkaError` when the cluster cannot be reached, ``InputError`` for a topic
    ///   the cluster will not create or a closed producer.
    @discardableResult
    public func runContinuous(duration: Duration? = nil) async throws -> RunReport {
        guard !closed else {
            throw InputError(name, "this producer was closed: make a new one to run again")
        }
        var c = configuration
        if let duration { c.profile.duration = duration }
        let run = LoadRun(configuration: c, sources: sources, logger: logger, metrics: RunMetrics())
        figures.begin(run)
        defer { figures.end(run) }
        return try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                if Task.isCancelled || Task.isShuttingDownGracefully { run.stop() }
                return try await run.run()
            } onGracefulShutdown: {
                run.stop()
            }
        } onCancel: {
            run.stop()
        }
    }

    /// As a `Service` in your own `ServiceGroup`: runs the profile (to its duration, or until
    /// the group shuts down gracefully, which stops the run like Ctrl-C: batches finish and
    /// deliveries are flushed). ``metrics()`` has the figures afterwards.
    public func run() async throws {
        try await runContinuous()
    }

    /// Every figure since the producer was made: `messagesSent`, `messagesDelivered`,
    /// `messagesFailed`, `bytesSent`, `lastSendTime`, `inFlight`, latency histograms, ...
    public func metrics() -> ProducerMetrics { figures.snapshot() }

    /// Stops a run in progress (it flushes, and ``runContinuous(duration:)`` returns its
    /// report) and unregisters from the monitor. The producer cannot run again.
    public func close() {
        closed = true
        figures.current?.stop()
        registration?.cancel()
    }
}

/// A producer's figures over its life: finished runs added up, plus the run in progress.
/// Counters only ever grow, so Prometheus sees proper counters across runs, while each run's
/// report is its own.
final class LifetimeFigures: Sendable {
    private let state = Mutex<(finished: ProducerMetrics, current: LoadRun?)>((ProducerMetrics(), nil))

    /// The finished runs' figures plus the current run's now.
    func snapshot() -> ProducerMetrics {
        state.withLock { s in s.current.map { s.finished + $0.metrics.snapshot() } ?? s.finished }
    }

    /// `run` is the run in progress.
    func begin(_ run: LoadRun) { state.withLock { $0.current = run } }

    /// `run` has finished: its figures join the total.
    func end(_ run: LoadRun) {
        state.withLock { s in
            s.finished = s.finished + run.metrics.snapshot()
            s.current = nil
        }
    }

    /// The run in progress, if any.
    var current: LoadRun? { state.withLock { $0.current } }
}

extension RunConfiguration {
    /// A configuration of everything `profile` says, sent to `bootstrapServers` (nil: the
    /// embedded broker) with `kafkaProperties` over the profile's producer settings.
    init(profile: LoadProfile, bootstrapServers: String?, kafkaProperties: [String: String]) {
        self.init(profile: profile)
        self.bootstrapServers = bootstrapServers
        self.kafkaProperties = kafkaProperties
    }
}

extension LoadProfile {
    /// The default profile sending to `topic` at `perHour` messages an hour (on the day curve).
    ///
    /// - Throws: ``InputError`` for a rate that is not a positive number.
    static func sending(to topic: String, perHour: Double, of noun: String) throws(InputError) -> LoadProfile {
        guard perHour.isFinite, perHour > 0 else {
            throw InputError("generationRate", "expected a positive number of \(noun) per hour, got \(perHour)")
        }
        var profile = LoadProfile()
        profile.topic = topic
        profile.rate = .perSecond(perHour / 3600)
        profile.rateIsExplicit = true
        return profile
    }
}
