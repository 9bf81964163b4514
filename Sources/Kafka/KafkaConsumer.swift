import CRdKafka
import Logging

/// One message read back from a topic, lent to the reader's callback: `key` and `value` point
/// into librdkafka's copy of the message and are valid only during the call. Neither copyable
/// nor `Sendable`, so the callback can read it but not keep it: copy the bytes you keep.
public struct ConsumedMessage: ~Copyable {
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
    /// One partition's range: where the log began, where the read found its end, and how many
    /// messages were read.
    public struct Partition: Sendable, Equatable {
        /// The partition number.
        public let partition: Int32
        /// The oldest offset still in the log. Above 0 means the log was truncated (retention).
        public let lowWatermark: Int64
        /// One past the newest offset read: where the broker's fetch answers put the end of the
        /// log (at or after ``listedHighWatermark``).
        public var highWatermark: Int64
        /// The end of the log the broker listed (ListOffsets) when the read began. A broker may
        /// list an end short of the data it serves; the read goes on to the real end.
        public let listedHighWatermark: Int64
        /// Messages read from this partition.
        public var consumed: Int64
        /// Offsets between the low and high watermarks that were not read (0 on a healthy log).
        public var unread: Int64 { max(0, highWatermark - lowWatermark - consumed) }

        /// A partition's range; `listedHighWatermark` defaults to `highWatermark`.
        public init(partition: Int32, lowWatermark: Int64, highWatermark: Int64, listedHighWatermark: Int64? = nil, consumed: Int64) {
            self.partition = partition
            self.lowWatermark = lowWatermark
            self.highWatermark = highWatermark
            self.listedHighWatermark = listedHighWatermark ?? highWatermark
            self.consumed = consumed
        }
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
/// partition's low watermark and reads to the partition's end when the read began: the larger of
/// the end the broker lists (ListOffsets) and the high watermark of the first fetch answer for
/// the partition, or the end of the log as fetched (partition EOF) once that reaches the listed
/// end. The listed end alone is not trusted: a broker may list less than it serves (tansu 0.6
/// does).
public final class KafkaConsumer: Sendable {
    private let client: NativeClient

    /// Creates a consumer. `group.id` defaults to a private one; offsets are never committed.
    public init(configuration: KafkaConfiguration, logger: Logger = Logger(label: "loadgen.kafka")) throws {
        var configuration = configuration
        if configuration.properties["group.id"] == nil {
            try configuration.set("group.id", "loadgen-reader-\(UInt32.random(in: 0...UInt32.max))")
        }
        try configuration.set("enable.auto.commit", "false")
        try configuration.set("enable.partition.eof", "true")
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

    /// Reads every message of `topic` that exists when the call begins (up to each partition's
    /// end as the first fetch answer gives it), calling `body` for each (on a thread of the
    /// reader's own, in offset order within a partition).
    ///
    /// - Throws: ``KafkaError`` `unknownTopic`, `timedOut` (not finished within `timeout`),
    ///   or a librdkafka error met while fetching.
    public func readAll(
        topic: String, timeout: Duration = .seconds(60),
        _ body: @escaping @Sendable (borrowing ConsumedMessage) -> Void
    ) async throws -> TopicReadSummary {
        let metadata = try await client.fetchMetadata(timeout: min(timeout, .seconds(10)))
        guard let info = metadata.topics[topic], info.errorName == nil, info.partitionCount > 0 else {
            throw KafkaError(.unknownTopic, "topic \"\(topic)\" does not exist on \(client.bootstrapServers)")
        }
        let handle = client.handle
        let deadline = ContinuousClock.now + timeout
        let result: Result<TopicReadSummary, KafkaError> = await BlockingCall.run("loadgen-read") {
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
        _ body: (borrowing ConsumedMessage) -> Void
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
            // The read starts with what has been read: the end grows as messages and EOFs come.
            ranges.append(.init(partition: p, lowWatermark: low, highWatermark: low, listedHighWatermark: high, consumed: 0))
        }
        // Every partition, even one listed empty: its end is what the fetch answers say.
        let list = rd_kafka_topic_partition_list_new(Int32(count))!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for r in ranges { rd_kafka_topic_partition_list_add(list, topic, r.partition).pointee.offset = r.lowWatermark }
        let assigned = rd_kafka_assign(rk, list)
        if assigned != RD_KAFKA_RESP_ERR_NO_ERROR {
            return .failure(.rdkafka(assigned, "cannot assign the partitions of \(topic)"))
        }
        defer { rd_kafka_assign(rk, nil) }
        var finished = Array(repeating: false, count: count)
        var remaining = count
        // Where each partition's read ends: the listed end, raised to the high watermark of the
        // first fetch answer (librdkafka keeps it; reading it does not block). nil until known.
        var ends: [Int64?] = Array(repeating: nil, count: count)
        func end(_ p: Int) -> Int64? {
            if ends[p] == nil {
                var low: Int64 = 0, high: Int64 = -1
                if rd_kafka_get_watermark_offsets(rk, topic, Int32(p), &low, &high) == RD_KAFKA_RESP_ERR_NO_ERROR, high >= 0 {
                    ends[p] = max(ranges[p].listedHighWatermark, high)
                }
            }
            return ends[p]
        }
        while remaining > 0 {
            if ContinuousClock.now >= deadline {
                let open = ranges.filter { !finished[Int($0.partition)] }
                    .map { "\($0.partition) (at \($0.highWatermark), listed end \($0.listedHighWatermark))" }
                return .failure(KafkaError(.timedOut, "reading \(topic) did not finish in time: partition(s) \(open.joined(separator: ", ")) unfinished"))
            }
            guard let message = rd_kafka_consumer_poll(rk, 100) else { continue }
            defer { rd_kafka_message_destroy(message) }
            let m = message.pointee
            let p = Int(m.partition)
            if m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF {
                // The end of the log as the broker's fetch answer gives it; done once it reaches
                // the end listed at the start.
                guard p >= 0, p < count, !finished[p] else { continue }
                ranges[p].highWatermark = max(ranges[p].highWatermark, m.offset)
                if m.offset >= ranges[p].listedHighWatermark {
                    finished[p] = true
                    remaining -= 1
                }
                continue
            }
            if m.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                return .failure(.rdkafka(m.err, "reading \(topic) partition \(m.partition)"))
            }
            guard p >= 0, p < count, !finished[p] else { continue }
            body(ConsumedMessage(
                partition: m.partition, offset: m.offset,
                key: UnsafeRawBufferPointer(start: m.key, count: m.key == nil ? 0 : m.key_len),
                value: UnsafeRawBufferPointer(start: m.payload, count: m.payload == nil ? 0 : m.len)))
            ranges[p].consumed += 1
            ranges[p].highWatermark = max(ranges[p].highWatermark, m.offset + 1)
            if let e = end(p), m.offset + 1 >= e {
                finished[p] = true
                remaining -= 1
            }
        }
        return .success(TopicReadSummary(topic: topic, partitions: ranges))
    }
}
