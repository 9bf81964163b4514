import CRdKafka
import Logging

/// Topic administration: the start-up check, a topic's partition count, creating topics.
public final class KafkaAdmin: Sendable {
    private let client: NativeClient

    /// Creates an admin client for the cluster the configuration names.
    public init(configuration: KafkaConfiguration, logger: Logger = Logger(label: "loadgen.kafka")) throws {
        client = try NativeClient(
            type: RD_KAFKA_PRODUCER, configuration: configuration, logger: logger,
            onDelivery: nil, pollThread: true)
    }

    /// The start-up check (see ``KafkaProducer/checkConnection(timeout:)``).
    public func checkConnection(timeout: Duration = .seconds(10)) async throws -> ClusterMetadata {
        try await client.fetchMetadata(timeout: timeout)
    }

    /// The number of partitions of `topic`.
    /// - Throws: ``KafkaError`` `unknownTopic` when the cluster does not have it.
    public func partitionCount(of topic: String, timeout: Duration = .seconds(10)) async throws -> Int {
        let metadata = try await client.fetchMetadata(timeout: timeout)
        guard let info = metadata.topics[topic], info.errorName == nil, info.partitionCount > 0 else {
            throw KafkaError(.unknownTopic, "topic \"\(topic)\" does not exist on \(client.bootstrapServers)")
        }
        return info.partitionCount
    }

    /// Creates `topic` through the Admin API.
    ///
    /// - Returns: false if the topic already existed (it is left as it is).
    /// - Throws: ``KafkaError`` `adminRequestFailed` with the broker's explanation.
    @discardableResult
    public func createTopic(
        _ topic: String, partitions: Int, replicationFactor: Int = 1, timeout: Duration = .seconds(30)
    ) async throws -> Bool {
        let handle = client.handle
        let outcome: (code: Int32, message: String) = await BlockingCall.run("loadgen-admin") {
            Self.create(handle: handle, topic: topic, partitions: partitions, replicationFactor: replicationFactor, timeout: timeout)
        }
        let code = rd_kafka_resp_err_t(rawValue: outcome.code)
        if code == RD_KAFKA_RESP_ERR_NO_ERROR { return true }
        if code == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS { return false }
        throw KafkaError(
            .adminRequestFailed,
            "cannot create topic \"\(topic)\" (\(partitions) partitions, replication factor \(replicationFactor)): \(outcome.message)",
            rdkafkaCode: outcome.code)
    }

    /// Destroys the client.
    public func close() async {
        await client.destroy(deadline: .now + .seconds(5))
    }

    private static func create(
        handle: NativePointer, topic: String, partitions: Int, replicationFactor: Int, timeout: Duration
    ) -> (code: Int32, message: String) {
        let rk = handle.pointer
        var errstr = [CChar](repeating: 0, count: 512)
        guard let newTopic = rd_kafka_NewTopic_new(topic, Int32(partitions), Int32(replicationFactor), &errstr, errstr.count) else {
            return (RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue, String(errorBuffer: errstr))
        }
        defer { rd_kafka_NewTopic_destroy(newTopic) }
        let options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.milliseconds, &errstr, errstr.count)
        let queue = rd_kafka_queue_new(rk)
        defer { rd_kafka_queue_destroy(queue) }
        var topics: [OpaquePointer?] = [newTopic]
        rd_kafka_CreateTopics(rk, &topics, 1, options, queue)
        guard let event = rd_kafka_queue_poll(queue, timeout.milliseconds + 1000) else {
            return (RD_KAFKA_RESP_ERR__TIMED_OUT.rawValue, "no answer within \(timeout.compactDescription)")
        }
        defer { rd_kafka_event_destroy(event) }
        let eventError = rd_kafka_event_error(event)
        if eventError != RD_KAFKA_RESP_ERR_NO_ERROR {
            return (eventError.rawValue, String(cString: rd_kafka_event_error_string(event)))
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else {
            return (RD_KAFKA_RESP_ERR__FAIL.rawValue, "unexpected admin result")
        }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count), count > 0, let first = results[0] else {
            return (RD_KAFKA_RESP_ERR__FAIL.rawValue, "empty admin result")
        }
        let err = rd_kafka_topic_result_error(first)
        let message = rd_kafka_topic_result_error_string(first).map { String(cString: $0) } ?? KafkaError.errorText(err)
        return (err.rawValue, message)
    }
}
