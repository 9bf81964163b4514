import CRdKafka

/// librdkafka's final word on one message: delivered (with partition and offset) or failed.
///
/// Reports are handed to the producer's delivery handler on the poll thread, one call per
/// message. `key` and `value` point into librdkafka's copy of the message and are valid only
/// during that call: copy them if you keep them (the dead-letter path does).
public struct DeliveryReport: @unchecked Sendable {
    /// `nil` when delivered; otherwise why the message failed for good.
    public let error: DeliveryError?
    /// The partition the message went to (or was meant for); -1 if none was chosen.
    public let partition: Int32
    /// The offset in the partition; -1 unless delivered.
    public let offset: Int64
    /// The context the message was produced with: when it was due (nanoseconds on the
    /// caller's clock), so latency can be measured from the intended send time.
    public let dueNanos: UInt64
    /// The key bytes (valid only during the delivery callback).
    public let key: UnsafeRawBufferPointer
    /// The value bytes (valid only during the delivery callback).
    public let value: UnsafeRawBufferPointer
    /// How many times the message had been sent before this attempt (0: first send).
    public let attempt: UInt32
    /// Whether the message may be in the log despite an error (librdkafka's message status).
    public let persistence: Persistence

    /// What librdkafka knows about a message's presence in the log.
    public enum Persistence: Sendable, Equatable {
        /// Certainly not written: sending it again cannot duplicate it.
        case notPersisted
        /// Maybe written (e.g. timed out while in flight): sending it again could duplicate it.
        case possiblyPersisted
        /// Written and acknowledged.
        case persisted
    }

    /// Key plus value bytes.
    public var byteCount: Int { key.count + value.count }
    /// Whether the broker acknowledged the message.
    public var isDelivered: Bool { error == nil }

    init(native m: rd_kafka_message_t, dueNanos: UInt64, attempt: UInt32, status: rd_kafka_msg_status_t) {
        error = m.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : DeliveryError(code: m.err)
        self.attempt = attempt
        switch status {
        case RD_KAFKA_MSG_STATUS_PERSISTED: persistence = .persisted
        case RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED: persistence = .possiblyPersisted
        default: persistence = .notPersisted
        }
        partition = m.partition
        offset = m.offset
        self.dueNanos = dueNanos
        key = UnsafeRawBufferPointer(start: m.key, count: m.key == nil ? 0 : m.key_len)
        value = UnsafeRawBufferPointer(start: m.payload, count: m.payload == nil ? 0 : m.len)
    }

    /// A report for a message librdkafka never reported by the time the producer closed (it may
    /// have reached a broker).
    init(unreported key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, dueNanos: UInt64, attempt: UInt32) {
        self.init(failure: .unreported, persistence: .possiblyPersisted, key: key, value: value, dueNanos: dueNanos, attempt: attempt)
    }

    /// A report for a message librdkafka refused at enqueue time (never sent).
    init(rejected code: rd_kafka_resp_err_t, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, dueNanos: UInt64, attempt: UInt32) {
        self.init(failure: DeliveryError(code: code), persistence: .notPersisted, key: key, value: value, dueNanos: dueNanos, attempt: attempt)
    }

    /// A failure loadgen reports itself (no partition was chosen, no offset given).
    private init(
        failure: DeliveryError, persistence: Persistence, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer,
        dueNanos: UInt64, attempt: UInt32
    ) {
        error = failure
        self.attempt = attempt
        self.persistence = persistence
        partition = -1
        offset = -1
        self.dueNanos = dueNanos
        self.key = key
        self.value = value
    }
}

/// Why a message was not delivered, in librdkafka's terms.
public struct DeliveryError: Sendable, Equatable, CustomStringConvertible {
    /// librdkafka's `rd_kafka_resp_err_t` number.
    public let code: Int32
    /// librdkafka's symbolic name, e.g. `MSG_SIZE_TOO_LARGE` or `_MSG_TIMED_OUT`.
    public let name: String
    /// librdkafka's description.
    public let message: String

    init(code: rd_kafka_resp_err_t) {
        self.code = code.rawValue
        name = String(cString: rd_kafka_err2name(code))
        message = String(cString: rd_kafka_err2str(code))
    }

    private init(code: Int32, name: String, message: String) {
        self.code = code
        self.name = name
        self.message = message
    }

    /// No report from librdkafka by the time the producer closed (the cluster stopped
    /// answering, or the process is exiting): the message may or may not be in the log.
    public static let unreported = DeliveryError(
        code: RD_KAFKA_RESP_ERR__PURGE_INFLIGHT.rawValue, name: "_NO_DELIVERY_REPORT",
        message: "no delivery report from the cluster by the flush deadline (it may have been written)")

    public var description: String { "\(message) [\(name)]" }

    /// Whether sending the message again may succeed: the cluster was unreachable, slow, or
    /// between leaders. Purges (loadgen closing) and permanent errors (too large, not authorized,
    /// unknown topic) are not retriable.
    public var isRetriable: Bool {
        Self.retriableCodes.contains(code)
    }

    static let retriableCodes: Set<Int32> = [
        RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__TRANSPORT,
        RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
        RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND,
        RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION, RD_KAFKA_RESP_ERR_BROKER_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR, RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE,
    ].reduce(into: Set<Int32>()) { $0.insert($1.rawValue) }

    /// A failure with a code of librdkafka's (tests and replays use it to describe outcomes).
    public init(code: Int32) { self.init(code: rd_kafka_resp_err_t(rawValue: code)) }
}
