import Kafka
import Logging
import ServiceLifecycle
import Synchronization

/// What ``TransactionProducer`` and ``CustomProducer`` share: a configuration checked before
/// anything is sent, figures that add up every run of the producer's life (registered in the
/// ``Monitor`` until it closes), and runs that stop cleanly when their task is cancelled.
final class ProducerCore: Sendable {
    let configuration: RunConfiguration
    /// The name in the monitor (the profile's, or `name-2`, ... when taken).
    let name: String
    private let sources: MessageSources
    private let logger: Logger
    private let monitor: Monitor?
    private let figures = Figures()
    private let closed = Atomic<Bool>(false)

    /// Finished runs' figures added up, and the run in progress: counters only ever grow, so
    /// Prometheus sees proper counters across runs, while each run's report is its own.
    final class Figures: Sendable {
        private let state = Mutex<(finished: ProducerMetrics, current: LoadRun?)>((ProducerMetrics(), nil))

        func snapshot() -> ProducerMetrics {
            state.withLock { s in s.current.map { s.finished + $0.metrics.snapshot() } ?? s.finished }
        }

        func begin(_ run: LoadRun) { state.withLock { $0.current = run } }

        func end(_ run: LoadRun) {
            state.withLock { s in
                s.finished = s.finished + run.metrics.snapshot()
                s.current = nil
            }
        }

        var current: LoadRun? { state.withLock { $0.current } }
    }

    /// Checks everything (profile, properties, that the first source can be made), and that the
    /// cluster answers when one is named, then registers in the monitor.
    init(configuration: RunConfiguration, sources: MessageSources, logger: Logger) async throws {
        var c = configuration
        let monitor = c.monitor
        c.monitor = nil  // registered here for the producer's life, not per run
        _ = try sources.make(0, 1)
        if c.output == .kafka {
            let kafka = try LoadRun.kafkaConfiguration(c.bootstrapServers ?? "embedded", profile: c.profile, overrides: c.kafkaProperties)
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
        self.monitor = monitor
        let figures = self.figures
        let wanted = c.producerName ?? c.profile.name
        name = monitor?.register(
            owner: ObjectIdentifier(figures), named: wanted, topic: c.output == .kafka ? c.profile.topic : c.output.description
        ) { figures.snapshot() } ?? wanted
    }

    /// Every figure since the producer was made.
    func metrics() -> ProducerMetrics { figures.snapshot() }

    /// Runs the profile for `duration` (nil: the profile's, else until the task is cancelled).
    func run(duration: Duration?) async throws -> RunReport {
        guard !closed.load(ordering: .relaxed) else {
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

    /// Stops a run in progress (it flushes and returns its report) and leaves the monitor.
    func close() {
        closed.store(true, ordering: .relaxed)
        figures.current?.stop()
        monitor?.unregister(owner: ObjectIdentifier(figures))
    }
}
