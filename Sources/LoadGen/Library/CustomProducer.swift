import Logging

/// Runs a ``BaseProducer``'s messages through the whole engine: the same API as
/// ``TransactionProducer`` (both are a ``Producer``).
///
/// ```swift
/// let producer = try await CustomProducer(PageViews(), bootstrapServers: "localhost:9092",
///                                         topic: "pageviews", generationRate: 36_000)
/// try await producer.runContinuous(duration: .seconds(60))
/// print(await producer.metrics().messagesDelivered)
/// await producer.close()
/// ```
public typealias CustomProducer<Messages: BaseProducer> = Producer<Messages>

extension Producer where Messages: BaseProducer {
    /// `producer`'s messages at `generationRate` per hour on the documented day curve, under
    /// `name` in the monitor (default: the producer type's name).
    ///
    /// - Throws: ``InputError`` for a bad rate or property; `KafkaError` when the cluster cannot be reached.
    public init(
        _ producer: Messages, bootstrapServers: String? = nil, topic: String, generationRate: Double = 1000,
        producerConfig: [String: String] = [:], name: String? = nil, logger: Logger = Logger(label: "loadgen")
    ) async throws {
        var profile = try LoadProfile.sending(to: topic, perHour: generationRate, of: "messages")
        profile.name = name ?? String(describing: Messages.self)
        try await self.init(
            producer, configuration: RunConfiguration(profile: profile, bootstrapServers: bootstrapServers, kafkaProperties: producerConfig),
            logger: logger)
    }

    /// `producer`'s messages on everything a profile and the command line can say (the
    /// profile's commerce section is not used; its seed seeds ``MessageContext/random``).
    ///
    /// - Throws: ``InputError`` for bad configuration; `KafkaError` when the cluster cannot be reached.
    public init(_ producer: Messages, configuration: RunConfiguration, logger: Logger = Logger(label: "loadgen")) async throws {
        try await self.init(
            configuration: configuration,
            sources: .custom(producer, seed: configuration.profile.commerce.seed, shard: configuration.shard), logger: logger)
    }
}
