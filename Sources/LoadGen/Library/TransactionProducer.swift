import Foundation
import Logging

/// The commerce model's realistic e-commerce transactions, as a ``Producer`` sends them: users,
/// sessions, carts, payments and campaigns as a ``LoadProfile`` describes them, keyed by user.
public enum Transactions: MessageGenerator {}

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
/// Cancelling the task that runs ``Producer/runContinuous(duration:)`` stops it the way Ctrl-C
/// stops the command: the schedule stops, generators finish their batch, the producer flushes,
/// and the metrics are final. Its metrics are registered in ``Monitor/shared`` under the
/// profile's name until ``Producer/close()``.
public typealias TransactionProducer = Producer<Transactions>

extension Producer where Messages == Transactions {
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
        let profile = try LoadProfile.sending(to: topic, perHour: generationRate, of: "transactions")
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
        try await self.init(
            configuration: RunConfiguration(profile: profile, bootstrapServers: bootstrapServers, kafkaProperties: producerConfig),
            logger: logger)
    }

    /// A producer with every option the command line has (output, generators, shard, dead
    /// letters, retries, stall timeout, stats file, ...).
    ///
    /// - Throws: ``InputError`` for bad configuration; `KafkaError` when the cluster cannot be reached.
    public init(configuration: RunConfiguration, logger: Logger = Logger(label: "loadgen")) async throws {
        try await self.init(configuration: configuration, sources: .transactions(configuration), logger: logger)
    }
}
