import Foundation
import Logging
import ServiceLifecycle

/// Realistic e-commerce transactions to Kafka, from Swift: the engine behind the `loadgen`
/// command, for test harnesses that embed it.
///
/// ```swift
/// let producer = try await TransactionProducer(
///     bootstrapServers: "localhost:9092", topic: "transactions",
///     generationRate: 1000,                              // transactions per hour
///     producerConfig: ["acks": "all", "compression.type": "snappy", "linger_ms": "10"])
/// try await producer.runContinuous(duration: .seconds(3600))   // nil: until cancelled
/// let m = await producer.metrics()   // messagesSent, messagesFailed, bytesSent, lastSendTime, ...
/// await producer.close()
/// ```
///
/// Cancelling the task that runs ``runContinuous(duration:)`` stops it the way Ctrl-C stops the
/// command: the schedule stops, generators finish their batch, the producer flushes, and the
/// metrics are final. Its metrics are registered in ``Monitor/shared`` under the profile's name
/// until ``close()``.
public actor TransactionProducer: Service {
    private let core: ProducerCore

    /// A producer at `generationRate` transactions per hour, shaped by the documented day curve
    /// (business hours ×1.5, lunch ×2, weekends ×1.5, late night ×0.3) on real time.
    ///
    /// - Parameters:
    ///   - bootstrapServers: `host:port[,host:port…]`; nil runs against an embedded test broker.
    ///   - topic: The topic to produce to.
    ///   - generationRate: Base rate in transactions per hour (before the time multipliers).
    ///   - producerConfig: librdkafka properties, or the Python/Java names (`linger_ms`,
    ///     `batch_size`, `compression_type`, `buffer_memory`, `retries`); `env:NAME` values are
    ///     read from the environment.
    ///   - logger: Where the engine logs (librdkafka's own logs included).
    /// - Throws: ``InputError`` for a bad rate or property (nothing is sent); `KafkaError` when
    ///   the named cluster cannot be reached.
    public init(
        bootstrapServers: String? = nil, topic: String = "transactions", generationRate: Double = 1000,
        producerConfig: [String: String] = [:], logger: Logger = Logger(label: "loadgen")
    ) async throws {
        guard generationRate.isFinite, generationRate > 0 else {
            throw InputError("generationRate", "expected a positive number of transactions per hour, got \(generationRate)")
        }
        var profile = LoadProfile()
        profile.topic = topic
        profile.rate = .perSecond(generationRate / 3600)
        profile.rateIsExplicit = true
        try await self.init(profile: profile, bootstrapServers: bootstrapServers, producerConfig: producerConfig, logger: logger)
    }

    /// A producer of everything `profile` says: rate and arrivals, clock, multipliers,
    /// population, mix, campaigns, producer settings (overridden by `producerConfig`), seed.
    ///
    /// - Throws: ``InputError`` for a bad property; `KafkaError` when the cluster cannot be reached.
    public init(
        profile: LoadProfile, bootstrapServers: String? = nil, producerConfig: [String: String] = [:],
        logger: Logger = Logger(label: "loadgen")
    ) async throws {
        var configuration = RunConfiguration(profile: profile)
        configuration.bootstrapServers = bootstrapServers
        configuration.kafkaProperties = producerConfig
        try await self.init(configuration: configuration, logger: logger)
    }

    /// A producer with every option the command line has (output, generators, shard, dead
    /// letters, retries, stall timeout, stats file, ...).
    ///
    /// - Throws: ``InputError`` for bad configuration; `KafkaError` when the cluster cannot be reached.
    public init(configuration: RunConfiguration, logger: Logger = Logger(label: "loadgen")) async throws {
        var profile = configuration.profile
        var commerce = profile.commerce
        commerce.shard = configuration.shard
        profile.commerce = commerce
        core = try await ProducerCore(
            configuration: configuration, sources: .transactions(commerce, profile: profile.name), logger: logger)
    }

    /// Produces until `duration` has passed (nil: the profile's duration, else until the task
    /// is cancelled or ``close()`` is called), then flushes. Returns the run's report; the
    /// metrics keep counting across runs.
    ///
    /// - Throws: `KafkaError` when the cluster cannot be reached, ``InputError`` for a topic
    ///   the cluster will not create or a closed producer.
    @discardableResult
    public func runContinuous(duration: Duration? = nil) async throws -> RunReport {
        try await core.run(duration: duration)
    }

    /// Every figure since the producer was made: `messagesSent`, `messagesDelivered`,
    /// `messagesFailed`, `bytesSent`, `lastSendTime`, `inFlight`, latency histograms, ...
    public func metrics() -> ProducerMetrics { core.metrics() }

    /// The name its metrics carry in ``Monitor/shared`` (and on `/metrics`).
    public nonisolated var name: String { core.name }

    /// As a `Service` in your own `ServiceGroup`: runs the profile (to its duration, or until
    /// the group shuts down gracefully, which stops the run like Ctrl-C: batches finish and
    /// deliveries are flushed). ``metrics()`` has the figures afterwards.
    public func run() async throws {
        _ = try await core.run(duration: nil)
    }

    /// Stops a run in progress (it flushes and returns) and unregisters from the monitor.
    public func close() { core.close() }
}
