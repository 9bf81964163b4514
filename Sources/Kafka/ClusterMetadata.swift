import CRdKafka

/// What the cluster said about itself: its brokers and topics.
public struct ClusterMetadata: Sendable {
    /// One broker: its node id and address.
    public struct Broker: Sendable, Equatable {
        /// The broker id.
        public let id: Int32
        /// The host it advertises.
        public let host: String
        /// The port it advertises.
        public let port: Int32
    }
    /// One topic: its partitions, or the error the cluster reported for it.
    public struct Topic: Sendable {
        /// The topic name.
        public let name: String
        /// How many partitions it has.
        public let partitionCount: Int
        /// librdkafka's name for the topic-level error, if any (e.g. `UNKNOWN_TOPIC_OR_PART`).
        public let errorName: String?
    }

    /// Every broker of the cluster.
    public let brokers: [Broker]
    /// The topics asked about (or all), by name.
    public let topics: [String: Topic]
}

extension NativeClient {
    /// Fetches metadata (all topics) within `timeout`, off the cooperative pool.
    ///
    /// - Throws: ``KafkaError`` `unreachable` with a message that says where, how long, why, and
    ///   what to do, when no broker answers in time.
    /// With `topic`, asks about that topic only, which lets the cluster auto-create it.
    func fetchMetadata(timeout: Duration, topic: NativePointer? = nil) async throws -> ClusterMetadata {
        let handle = self.handle
        let ms = timeout.milliseconds
        let result: (ClusterMetadata?, Int32) = await BlockingCall.run("loadgen-meta") {
            var md: UnsafePointer<rd_kafka_metadata>?
            let err = rd_kafka_metadata(handle.pointer, topic == nil ? 1 : 0, topic?.pointer, &md, ms)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let md else { return (nil, err.rawValue) }
            defer { rd_kafka_metadata_destroy(md) }
            return (ClusterMetadata(native: md.pointee), 0)
        }
        guard let metadata = result.0 else {
            let err = rd_kafka_resp_err_t(rawValue: result.1)
            throw KafkaError(.unreachable, unreachableMessage(timeout: timeout, err: err), rdkafkaCode: err.rawValue)
        }
        return metadata
    }

    private func unreachableMessage(timeout: Duration, err: rd_kafka_resp_err_t) -> String {
        let servers = bootstrapServers.isEmpty ? "(no bootstrap servers)" : bootstrapServers
        let reason = Self.connectFailureReason(context.lastErrorText) ?? String(cString: rd_kafka_err2str(err))
        return "cannot reach Kafka at \(servers) within \(timeout.compactDescription) (\(reason)): "
            + "is the broker running, and is that its address?"
    }

    /// The reason out of librdkafka's connect error text, e.g. "Connection refused" from
    /// `127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused (after 0ms in state CONNECT)`.
    static func connectFailureReason(_ text: String?) -> String? {
        guard let text, let failed = text.range(of: "failed: ") else { return text }
        var reason = text[failed.upperBound...]
        if let after = reason.range(of: " (after") { reason = reason[..<after.lowerBound] }
        return String(reason)
    }
}

extension ClusterMetadata {
    init(native md: rd_kafka_metadata) {
        var brokers: [Broker] = []
        for i in 0..<Int(md.broker_cnt) {
            let b = md.brokers[i]
            brokers.append(Broker(id: b.id, host: String(cString: b.host), port: b.port))
        }
        var topics: [String: Topic] = [:]
        for i in 0..<Int(md.topic_cnt) {
            let t = md.topics[i]
            let name = String(cString: t.topic)
            let error = t.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : String(cString: rd_kafka_err2name(t.err))
            topics[name] = Topic(name: name, partitionCount: Int(t.partition_cnt), errorName: error)
        }
        self.init(brokers: brokers, topics: topics)
    }
}

extension Duration {
    /// "10s", "1.5s", "250ms": how people write a timeout.
    var compactDescription: String {
        let ms = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        if ms % 1000 == 0 { return "\(ms / 1000)s" }
        if ms < 1000 { return "\(ms)ms" }
        return "\(Double(ms) / 1000)s"
    }

    /// Whole milliseconds, clamped to Int32 (librdkafka's timeout type).
    var milliseconds: Int32 {
        Int32(clamping: components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }
}
