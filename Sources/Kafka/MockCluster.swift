import CRdKafka
import Logging

/// librdkafka's mock Kafka cluster: real Kafka wire protocol on loopback TCP, in this process.
///
/// It is loadgen's test broker (`loadgen broker`, the embedded default, the integration tests)
/// and exposes librdkafka's fault injection so tests can take brokers down, slow round trips
/// and make requests fail. It keeps only the newest few MB of each partition.
public final class MockCluster: Sendable {
    /// A Kafka protocol request type, for fault injection.
    public struct ApiKey: Sendable, Hashable {
        /// The Kafka protocol's API key number.
        public let rawValue: Int16
        /// An API by its number.
        public init(rawValue: Int16) { self.rawValue = rawValue }
        /// Produce requests.
        public static let produce = ApiKey(rawValue: 0)
        /// Fetch requests.
        public static let fetch = ApiKey(rawValue: 1)
        /// ListOffsets requests.
        public static let listOffsets = ApiKey(rawValue: 2)
        /// Metadata requests.
        public static let metadata = ApiKey(rawValue: 3)
        /// InitProducerId requests (idempotent producers).
        public static let initProducerId = ApiKey(rawValue: 22)
    }

    /// A Kafka error code the mock can answer a request with.
    public struct ErrorCode: Sendable, Hashable {
        /// librdkafka's error number.
        public let rawValue: Int32
        /// An error by its number.
        public init(rawValue: Int32) { self.rawValue = rawValue }
        /// The broker is not the partition's leader (retriable).
        public static let notLeaderForPartition = ErrorCode(rawValue: RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION.rawValue)
        /// The request timed out (retriable).
        public static let requestTimedOut = ErrorCode(rawValue: RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT.rawValue)
        /// Too few in-sync replicas (retriable).
        public static let notEnoughReplicas = ErrorCode(rawValue: RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS.rawValue)
        /// The message is larger than the broker accepts (permanent).
        public static let messageTooLarge = ErrorCode(rawValue: RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE.rawValue)
        /// Not authorized for the topic (permanent).
        public static let topicAuthorizationFailed = ErrorCode(rawValue: RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED.rawValue)
        /// No such topic or partition.
        public static let unknownTopicOrPartition = ErrorCode(rawValue: RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART.rawValue)
        /// No error: the request succeeds.
        public static let none = ErrorCode(rawValue: 0)
        /// Makes the broker drop the connection instead of answering.
        public static let disconnect = ErrorCode(rawValue: RD_KAFKA_RESP_ERR__TRANSPORT.rawValue)
    }

    /// The `host:port,...` list clients bootstrap from.
    public let bootstrapServers: String
    /// Number of brokers; their ids are 1...brokerCount.
    public let brokerCount: Int
    private let host: NativeClient
    private let cluster: NativePointer

    /// Starts `brokers` brokers on loopback, each on a free port.
    ///
    /// - Throws: ``KafkaError`` if librdkafka cannot start the cluster.
    public init(brokers: Int = 3, logger: Logger = Logger(label: "loadgen.mock")) throws {
        guard (1...32).contains(brokers) else {
            throw KafkaError(.invalidConfiguration, "brokers: expected 1...32, got \(brokers)")
        }
        var configuration = KafkaConfiguration()
        try configuration.set("log.connection.close", "false")
        try configuration.set("log_level", "3")  // the hosting handle has no cluster of its own to talk to
        host = try NativeClient(
            type: RD_KAFKA_PRODUCER, configuration: configuration, logger: logger,
            onDelivery: nil, pollThread: true)
        guard let mcluster = rd_kafka_mock_cluster_new(host.handle.pointer, Int32(brokers)) else {
            throw KafkaError(.librdkafka, "cannot start the mock Kafka cluster")
        }
        cluster = NativePointer(pointer: mcluster)
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(mcluster))
        brokerCount = brokers
    }

    /// Creates a topic (before any client auto-creates it with the mock's defaults).
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws {
        let err = rd_kafka_mock_topic_create(cluster.pointer, name, Int32(partitions), Int32(replicationFactor))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError.rdkafka(err, "cannot create topic \(name)") }
    }

    // MARK: - Fault injection

    /// Makes every request about `topic` answer `error` (e.g. ``ErrorCode/unknownTopicOrPartition``
    /// to act like a cluster with auto-creation off); ``ErrorCode/none`` clears it.
    public func setTopicError(_ topic: String, _ error: ErrorCode) {
        rd_kafka_mock_topic_set_error(cluster.pointer, topic, rd_kafka_resp_err_t(rawValue: error.rawValue))
    }

    /// Takes a broker down: its connections close and it refuses new ones.
    public func setBrokerDown(_ broker: Int32) {
        _ = rd_kafka_mock_broker_set_down(cluster.pointer, broker)
    }

    /// Brings a broker back up.
    public func setBrokerUp(_ broker: Int32) {
        _ = rd_kafka_mock_broker_set_up(cluster.pointer, broker)
    }

    /// Adds `milliseconds` of round-trip time to every request to `broker`.
    public func setRoundTripTime(_ milliseconds: Int, broker: Int32) {
        _ = rd_kafka_mock_broker_set_rtt(cluster.pointer, broker, Int32(milliseconds))
    }

    /// Makes the next `errors.count` requests of type `api` (on any broker) fail, in order,
    /// with the given errors.
    public func pushRequestErrors(_ errors: [ErrorCode], for api: ApiKey) {
        let native = errors.map { rd_kafka_resp_err_t(rawValue: $0.rawValue) }
        native.withUnsafeBufferPointer {
            rd_kafka_mock_push_request_errors_array(cluster.pointer, api.rawValue, $0.count, $0.baseAddress)
        }
    }

    /// Clears injected request errors for `api`.
    public func clearRequestErrors(for api: ApiKey) {
        rd_kafka_mock_clear_request_errors(cluster.pointer, api.rawValue)
    }

    /// Moves a partition's leadership to `broker` (-1: no leader).
    public func setPartitionLeader(topic: String, partition: Int32, broker: Int32) {
        _ = rd_kafka_mock_partition_set_leader(cluster.pointer, topic, partition, broker)
    }

    // MARK: - Shutdown

    /// Stops every broker and releases the cluster.
    public func shutdown() async {
        let cluster = self.cluster
        _ = await BlockingCall.run("loadgen-mockend", deadline: .now + .seconds(10)) {
            rd_kafka_mock_cluster_destroy(cluster.pointer)
            return true
        }
        await host.destroy(deadline: .now + .seconds(5))
    }
}
