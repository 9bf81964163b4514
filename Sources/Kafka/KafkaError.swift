import CRdKafka

/// An error from the Kafka layer: a stable `code` to branch on and a message a person can act on.
///
/// Errors that come from librdkafka keep its own explanation and error number, so nothing it
/// said is lost on the way up.
public struct KafkaError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure this is. Compare against the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A short, stable name (`invalid_configuration`, `unreachable`, ...).
        public let name: String
        public var description: String { name }

        /// A property name or value was rejected by librdkafka or by loadgen's alias mapping.
        public static let invalidConfiguration = Code(name: "invalid_configuration")
        /// The start-up check found no broker within the connect timeout.
        public static let unreachable = Code(name: "unreachable")
        /// The topic does not exist on the cluster.
        public static let unknownTopic = Code(name: "unknown_topic")
        /// A blocking librdkafka call ran past its deadline.
        public static let timedOut = Code(name: "timed_out")
        /// The client was closed before the call.
        public static let closed = Code(name: "closed")
        /// An admin request (such as creating a topic) failed on the broker.
        public static let adminRequestFailed = Code(name: "admin_request_failed")
        /// Any other error reported by librdkafka; `rdkafkaCode` carries its number.
        public static let librdkafka = Code(name: "librdkafka")
    }

    /// What kind of failure this is.
    public let code: Code
    /// The readable explanation, including librdkafka's own text where it gave one.
    public let message: String
    /// librdkafka's `rd_kafka_resp_err_t` value, when the error came from it.
    public let rdkafkaCode: Int32?

    /// Creates an error; `rdkafkaCode` is librdkafka's error number when there is one.
    public init(_ code: Code, _ message: String, rdkafkaCode: Int32? = nil) {
        self.code = code
        self.message = message
        self.rdkafkaCode = rdkafkaCode
    }

    public var description: String { message }
}

extension KafkaError {
    /// An error for a librdkafka error code, with `context` saying what loadgen was doing.
    static func rdkafka(_ err: rd_kafka_resp_err_t, _ context: String) -> KafkaError {
        KafkaError(.librdkafka, "\(context): \(Self.errorText(err))", rdkafkaCode: err.rawValue)
    }

    /// librdkafka's short description and symbolic name of an error code.
    static func errorText(_ err: rd_kafka_resp_err_t) -> String {
        let text = String(cString: rd_kafka_err2str(err))
        let name = String(cString: rd_kafka_err2name(err))
        return "\(text) [\(name)]"
    }
}

extension String {
    /// The text librdkafka wrote into an `errstr` buffer, without the line breaks some of its
    /// messages end with (an error line showed them as a literal `\n`).
    init(errorBuffer: [CChar]) {
        var text = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        while let last = text.unicodeScalars.last, last == "\n" || last == "\r" || last == " " { text.unicodeScalars.removeLast() }
        self = text
    }
}

/// The version of the librdkafka library loadgen is running with.
public var librdkafkaVersion: String { String(cString: rd_kafka_version_str()) }
