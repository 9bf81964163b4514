import Kafka
import Logging

/// The Kafka side of a run: the producer actor (and an embedded broker when no cluster was
/// named), every property and the cluster checked before anything is sent.
struct KafkaSink {
    /// The producer the generators hand their batches to.
    let producer: ProducerActor
    /// The embedded test broker, when no bootstrap servers were given.
    let embedded: MockCluster?
    /// The librdkafka properties in use, secrets as `***` (for the report).
    let redactedConfiguration: [String: String]
    /// How long the producer holds a message before sending it (``KafkaConfiguration/linger``).
    let linger: Duration

    /// Checks the properties, starts an embedded broker if needed, creates the producer and
    /// checks the cluster and the topic.
    /// - Throws: ``InputError`` for bad properties, a dead-letter path that cannot be written
    ///   or a topic the cluster will not create; ``KafkaError`` when the cluster is unreachable.
    static func start(
        _ c: RunConfiguration, deadLetterPath: String, metrics: RunMetrics, logger: Logger,
        checkMessageSize: (KafkaConfiguration) throws -> Void
    ) async throws -> KafkaSink {
        let profile = c.profile
        var bootstrap = c.bootstrapServers
        // Check every property before anything starts, so bad input sends nothing.
        var kafka = try KafkaConfiguration.producer(bootstrapServers: bootstrap ?? "embedded", profile: profile, overrides: c.kafkaProperties)
        try checkMessageSize(kafka)
        try DeadLetterFile.checkWritable(deadLetterPath, setting: ConfigurationError.Setting.deadLetterPath)
        var embedded: MockCluster?
        if bootstrap == nil {
            let mock = try MockCluster(brokers: 3, logger: logger)
            try mock.createTopic(profile.topic, partitions: profile.partitions, replicationFactor: 3)
            embedded = mock
            bootstrap = mock.bootstrapServers
            logger.notice("no bootstrap servers given: producing to an embedded test broker (3 brokers, topic \(profile.topic), \(profile.partitions) partitions) at \(mock.bootstrapServers); pass --bootstrap-servers HOST:PORT or set KAFKA_BOOTSTRAP_SERVERS to target a real cluster")
        }
        let servers = bootstrap ?? ""
        try kafka.set("bootstrap.servers", servers)
        let policy = DeliveryPolicy(deadLetterPath: deadLetterPath, maxAttempts: c.maxAttempts)
        let actor = try ProducerActor(configuration: kafka, topic: profile.topic, metrics: metrics, policy: policy, logger: logger)
        do {
            let metadata = try await actor.producer.checkConnection(timeout: c.connectTimeout)
            if let topic = metadata.topics[profile.topic], topic.errorName == nil {
                logger.info("connected to \(servers): topic \(profile.topic) has \(topic.partitionCount) partitions")
            } else if let created = try await actor.producer.awaitTopic(timeout: c.connectTimeout) {
                logger.notice("topic \(profile.topic) did not exist on \(servers): the cluster created it with \(created.partitionCount) partitions")
            } else {
                throw InputError(ConfigurationError.Setting.topic, "topic \(profile.topic) does not exist on \(servers) and the cluster did not create it (auto.create.topics.enable=false, or -X allow.auto.create.topics=false): create it first, or name an existing topic")
            }
        } catch {
            _ = await actor.finish(deadline: .now + .seconds(2))
            await embedded?.shutdown()
            throw error
        }
        return KafkaSink(producer: actor, embedded: embedded, redactedConfiguration: kafka.redactedProperties, linger: kafka.linger)
    }
}
