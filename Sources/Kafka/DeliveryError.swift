import CRdKafka

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
