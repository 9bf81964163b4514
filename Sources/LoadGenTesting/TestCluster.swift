import Kafka

/// An in-process mock cluster (librdkafka's) with one topic, for a test's lifetime.
///
/// Start it, point clients at `bootstrapServers`, and `stop()` it when the test is done. Tests
/// that make the cluster misbehave (round-trip time, brokers down, request errors) reach it
/// through `mock`.
public struct TestCluster: Sendable {
    /// The cluster itself, for tests that configure it.
    public let mock: MockCluster
    /// The topic `start` created (or, with `createTopic: false`, the one the test names).
    public let topic: String

    /// Starts `brokers` brokers and, unless `createTopic` is false, creates `topic` with
    /// `partitions` partitions of `replicationFactor` replicas each. Logs only errors.
    public static func start(
        brokers: Int = 3, partitions: Int = 12, replicationFactor: Int = 1, topic: String = "test", createTopic: Bool = true
    ) throws -> TestCluster {
        let mock = try MockCluster(brokers: brokers, logger: quietLogger)
        if createTopic { try mock.createTopic(topic, partitions: partitions, replicationFactor: replicationFactor) }
        return TestCluster(mock: mock, topic: topic)
    }

    /// The brokers' addresses, comma-separated, for `bootstrap.servers`.
    public var bootstrapServers: String { mock.bootstrapServers }

    /// A client configuration (consumer, admin, verifier) for this cluster.
    public func clientConfiguration() -> KafkaConfiguration { KafkaConfiguration(bootstrapServers: bootstrapServers) }

    /// A producer configuration for this cluster, with `overrides` (librdkafka properties) merged in.
    public func producerConfiguration(_ overrides: [String: String] = [:]) throws -> KafkaConfiguration {
        var configuration = KafkaConfiguration.producer(bootstrapServers: bootstrapServers)
        try configuration.merge(overrides)
        return configuration
    }

    /// Shuts the cluster down; clients still connected see it gone.
    public func stop() async { await mock.shutdown() }
}
