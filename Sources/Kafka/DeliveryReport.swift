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

    /// Key plus value bytes.
    public var byteCount: Int { key.count + value.count }
    /// Whether the broker acknowledged the message.
    public var isDelivered: Bool { error == nil }

    init(native m: rd_kafka_message_t, dueNanos: UInt64) {
        error = m.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : DeliveryError(code: m.err)
        partition = m.partition
        offset = m.offset
        self.dueNanos = dueNanos
        key = UnsafeRawBufferPointer(start: m.key, count: m.key == nil ? 0 : m.key_len)
        value = UnsafeRawBufferPointer(start: m.payload, count: m.payload == nil ? 0 : m.len)
    }

    /// A report for a message librdkafka refused at enqueue time (never sent).
    init(rejected code: rd_kafka_resp_err_t, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, dueNanos: UInt64) {
        error = DeliveryError(code: code)
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

    public var description: String { "\(message) [\(name)]" }
}
