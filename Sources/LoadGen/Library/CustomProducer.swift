import Logging
import ServiceLifecycle

/// Runs a ``BaseProducer`` through the whole engine: the same API as ``TransactionProducer``.
///
/// ```swift
/// let producer = try await CustomProducer(PageViews(), bootstrapServers: "localhost:9092",
///                                         topic: "pageviews", generationRate: 36_000)
/// try await producer.runContinuous(duration: .seconds(60))
/// print(await producer.metrics().messagesDelivered)
/// await producer.close()
/// ```
public actor CustomProducer<Producer: BaseProducer>: Service {
    private let core: ProducerCore

    /// `producer`'s messages at `generationRate` per hour on the documented day curve.
    ///
    /// - Throws: ``InputError`` for a bad rate or property; `KafkaError` when the cluster cannot be reached.
    public init(
        _ producer: Producer, bootstrapServers: String? = nil, topic: String, generationRate: Double = 1000,
        producerConfig: [String: String] = [:], name: String? = nil, logger: Logger = Logger(label: "loadgen")
    ) async throws {
        guard generationRate.isFinite, generationRate > 0 else {
            throw InputError("generationRate", "expected a positive number of messages per hour, got \(generationRate)")
        }
        var profile = LoadProfile()
        profile.name = name ?? String(describing: Producer.self)
        profile.topic = topic
        profile.rate = .perSecond(generationRate / 3600)
        profile.rateIsExplicit = true
        var configuration = RunConfiguration(profile: profile)
        configuration.bootstrapServers = bootstrapServers
        configuration.kafkaProperties = producerConfig
        try await self.init(producer, configuration: configuration, logger: logger)
    }

    /// `producer`'s messages on everything a profile and the command line can say (the
    /// profile's commerce section is not used; its seed seeds ``MessageContext/random``).
    ///
    /// - Throws: ``InputError`` for bad configuration; `KafkaError` when the cluster cannot be reached.
    public init(_ producer: Producer, configuration: RunConfiguration, logger: Logger = Logger(label: "loadgen")) async throws {
        core = try await ProducerCore(
            configuration: configuration,
            sources: .custom(producer, seed: configuration.profile.commerce.seed, shard: configuration.shard), logger: logger)
    }

    /// Produces until `duration` has passed (nil: the profile's, else until cancelled or
    /// closed), then flushes; returns the run's report.
    @discardableResult
    public func runContinuous(duration: Duration? = nil) async throws -> RunReport {
        try await core.run(duration: duration)
    }

    /// Every figure since the producer was made.
    public func metrics() -> ProducerMetrics { core.metrics() }

    /// The name its metrics carry in ``Monitor/shared``.
    public nonisolated var name: String { core.name }

    /// As a `Service` in your own `ServiceGroup`: runs the profile (to its duration, or until
    /// the group shuts down gracefully, which stops the run like Ctrl-C: batches finish and
    /// deliveries are flushed). ``metrics()`` has the figures afterwards.
    public func run() async throws {
        _ = try await core.run(duration: nil)
    }

    /// Stops a run in progress and unregisters from the monitor.
    public func close() { core.close() }
}
