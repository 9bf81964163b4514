import CRdKafka
import Logging

/// One message read back from a topic. `key` and `value` are valid only during the callback.
public struct ConsumedMessage: @unchecked Sendable {
    /// The partition.
    public let partition: Int32
    /// The message's offset in its partition.
    public let offset: Int64
    /// The key bytes (valid only during the callback).
    public let key: UnsafeRawBufferPointer
    /// The value bytes (valid only during the callback).
    public let value: UnsafeRawBufferPointer
}

/// What a read of a whole topic covered, per partition.
public struct TopicReadSummary: Sendable {
    /// One partition's range: the log's low and high watermarks when the read began, and how
    /// many messages were read.
    public struct Partition: Sendable, Equatable {
        /// The partition number.
        public let partition: Int32
        /// The oldest offset still in the log. Above 0 means the log was truncated (retention).
        public let lowWatermark: Int64
        /// One past the newest offset when the read began; the read stops there.
        public let highWatermark: Int64
        /// Messages read from this partition.
        public var consumed: Int64
    }

    /// The topic read.
    public let topic: String
    /// Every partition, with its watermarks and what was read.
    public let partitions: [Partition]
    /// Messages read in all.
    public var consumed: Int64 { partitions.reduce(0) { $0 + $1.consumed } }
    /// Whether any partition no longer starts at offset 0.
    public var truncated: Bool { partitions.contains { $0.lowWatermark > 0 } }
}

/// Reads topics back from beginning to end (for tests and `loadgen verify`).
///
/// It assigns every partition itself (no consumer group rebalancing), starts at each
/// partition's low watermark and stops at the high watermark seen when the read began.
public final class KafkaConsumer: Sendable {
    private let client: NativeClient

    /// Creates a consumer. `group.id` defaults to a private one; offsets are never committed.
    public init(configuration: KafkaConfiguration, logger: Logger = Logger(label: "loadgen.kafka")) throws {
        var configuration = configuration
        if configuration.properties["group.id"] == nil {
            try configuration.set("group.id", "loadgen-reader-\(UInt32.random(in: 0...UInt32.max))")
        }
        try configuration.set("enable.auto.commit", "false")
        try configuration.set("enable.partition.eof", "false")
        try configuration.set("auto.offset.reset", "earliest")
        client = try NativeClient(
            type: RD_KAFKA_CONSUMER, configuration: configuration, logger: logger,
            onDelivery: nil, pollThread: false)
        rd_kafka_poll_set_consumer(client.handle.pointer)
    }

    /// The start-up check (see ``KafkaProducer/checkConnection(timeout:)``).
    public func checkConnection(timeout: Duration = .seconds(10)) async throws -> ClusterMetadata {
        try await client.fetchMetadata(timeout: timeout)
    }

    /// Reads every message of `topic` that exists when the call begins, calling `body` for each
    /// (on a thread of the reader's own, in offset order within a partition).
    ///
    /// - Throws: ``KafkaError`` `unknownTopic`, `timedOut` (not finished within `timeout`),
    ///   or a librdkafka error met while fetching.
    public func readAll(
        topic: String, timeout: Duration = .seconds(60),
        _ body: @escaping @Sendable (ConsumedMessage) -> Void
    ) async throws -> TopicReadSummary {
        let metadata = try await client.fetchMetadata(timeout: min(timeout, .seconds(10)))
        guard let info = metadata.topics[topic], info.errorName == nil, info.partitionCount > 0 else {
            throw KafkaError(.unknownTopic, "topic \"\(topic)\" does not exist on \(client.bootstrapServers)")
        }
        let handle = client.handle
        let deadline = ContinuousClock.now + timeout
        let result: Result<TopicReadSummary, KafkaError> = await BlockingCall.run("loadgen-kafka-read") {
            Self.read(handle: handle, topic: topic, partitions: info.partitionCount, deadline: deadline, body)
        }
        return try result.get()
    }

    /// Leaves the topic and destroys the client.
    public func close() async {
        await client.destroy(deadline: .now + .seconds(5), flags: Int32(RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE))
    }

    // MARK: - The read loop (runs on its own thread)

    private static func read(
        handle: NativePointer, topic: String, partitions count: Int, deadline: ContinuousClock.Instant,
        _ body: (ConsumedMessage) -> Void
    ) -> Result<TopicReadSummary, KafkaError> {
        let rk = handle.pointer
        var ranges: [TopicReadSummary.Partition] = []
        for p in 0..<Int32(count) {
            var low: Int64 = 0, high: Int64 = 0
            let ms = max(1000, (deadline - .now).milliseconds)
            let err = rd_kafka_query_watermark_offsets(rk, topic, p, &low, &high, ms)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                return .failure(.rdkafka(err, "cannot read the offsets of \(topic) partition \(p)"))
            }
            ranges.append(.init(partition: p, lowWatermark: low, highWatermark: high, consumed: 0))
        }
        let list = rd_kafka_topic_partition_list_new(Int32(count))!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        var remaining = 0
        for r in ranges where r.highWatermark > r.lowWatermark {
            rd_kafka_topic_partition_list_add(list, topic, r.partition).pointee.offset = r.lowWatermark
            remaining += 1
        }
        let assigned = rd_kafka_assign(rk, list)
        if assigned != RD_KAFKA_RESP_ERR_NO_ERROR {
            return .failure(.rdkafka(assigned, "cannot assign the partitions of \(topic)"))
        }
        defer { rd_kafka_assign(rk, nil) }
        var finished = Array(repeating: false, count: count)
        for r in ranges where r.highWatermark <= r.lowWatermark { finished[Int(r.partition)] = true }
        while remaining > 0 {
            if ContinuousClock.now >= deadline {
                return .failure(KafkaError(.timedOut, "reading \(topic) did not finish in time: \(remaining) partition(s) unread"))
            }
            guard let message = rd_kafka_consumer_poll(rk, 100) else { continue }
            defer { rd_kafka_message_destroy(message) }
            let m = message.pointee
            if m.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                if m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF { continue }
                return .failure(.rdkafka(m.err, "reading \(topic) partition \(m.partition)"))
            }
            let p = Int(m.partition)
            guard p < count, !finished[p], m.offset < ranges[p].highWatermark else { continue }
            body(ConsumedMessage(
                partition: m.partition, offset: m.offset,
                key: UnsafeRawBufferPointer(start: m.key, count: m.key == nil ? 0 : m.key_len),
                value: UnsafeRawBufferPointer(start: m.payload, count: m.payload == nil ? 0 : m.len)))
            ranges[p].consumed += 1
            if m.offset + 1 >= ranges[p].highWatermark {
                finished[p] = true
                remaining -= 1
            }
        }
        return .success(TopicReadSummary(topic: topic, partitions: ranges))
    }
}
