import CRdKafka
import Synchronization

/// The delivery reports of one poll round (or of the messages librdkafka refused, or of those
/// given up on at close), handed to the producer's delivery handler in one call.
///
/// A borrowed view: it points into librdkafka's round and into the producer's payload blocks,
/// which are valid only during the handler's call. It is neither copyable nor `Sendable`, so the
/// handler can read it but not keep it: copy what you keep (the dead-letter path copies a failed
/// message's bytes).
public struct DeliveryReports: ~Copyable {
    let records: UnsafeBufferPointer<DeliveryRecord>

    init(_ records: UnsafeBufferPointer<DeliveryRecord>) { self.records = records }

    /// Number of reports.
    public var count: Int { records.count }
    /// Whether there is no report.
    public var isEmpty: Bool { records.isEmpty }

    /// Calls `body` with each report in the order librdkafka served them.
    /// (Not generic, not throwing: called across the module boundary, it stays one plain loop.)
    public func forEach(_ body: (borrowing DeliveryReport) -> Void) {
        for record in records { body(DeliveryReport(record)) }
    }
}

/// librdkafka's final word on one message: delivered (with partition and offset) or failed.
///
/// Only lent to a delivery handler inside ``DeliveryReports/forEach(_:)``: `key` and `value`
/// point into the message's payload block and are valid only during that call.
public struct DeliveryReport: ~Copyable {
    /// `nil` when delivered; otherwise why the message failed for good.
    public let error: DeliveryError?
    /// The partition the message went to (or was meant for); -1 if none was chosen.
    public let partition: Int32
    /// The offset in the partition; -1 unless delivered.
    public let offset: Int64
    /// The tag the message was produced with (see ``MessageTag``).
    public let tag: MessageTag
    /// The key bytes (valid only during the call that lends the report).
    public let key: UnsafeRawBufferPointer
    /// The value bytes (valid only during the call that lends the report).
    public let value: UnsafeRawBufferPointer
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

    @inline(__always)
    init(_ record: DeliveryRecord) {
        let m = record.message
        tag = m.pointee.tag
        key = m.pointee.keyBytes
        value = m.pointee.valueBytes
        partition = record.partition
        offset = record.offset
        persistence = record.persistence
        switch record.code {
        case 0: error = nil
        case DeliveryRecord.unreported: error = .unreported
        default: error = DeliveryError(code: rd_kafka_resp_err_t(rawValue: record.code))
        }
    }
}

/// One report as the producer keeps it until the round is handed over: the message's opaque
/// record (its bytes and tag, in its payload block) and librdkafka's verdict.
struct DeliveryRecord {
    var message: UnsafeMutablePointer<MessageOpaque>
    var offset: Int64
    var partition: Int32
    /// librdkafka's `rd_kafka_resp_err_t`, or ``unreported``.
    var code: Int32
    var persistence: DeliveryReport.Persistence

    /// No report from librdkafka by the time the producer closed.
    static let unreported = Int32.min

    /// librdkafka's report of a message (from the delivery callback).
    init(_ message: UnsafeMutablePointer<MessageOpaque>, native m: rd_kafka_message_t, status: rd_kafka_msg_status_t) {
        self.message = message
        offset = m.offset
        partition = m.partition
        code = m.err.rawValue
        switch status {
        case RD_KAFKA_MSG_STATUS_PERSISTED: persistence = .persisted
        case RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED: persistence = .possiblyPersisted
        default: persistence = .notPersisted
        }
    }

    /// A failure the producer reports itself (no partition was chosen, no offset given): a
    /// message librdkafka refused at enqueue time (never sent), or one it never reported by the
    /// time the producer closed (``unreported``: it may have reached a broker).
    init(_ message: UnsafeMutablePointer<MessageOpaque>, failure code: Int32) {
        self.message = message
        offset = -1
        partition = -1
        self.code = code
        persistence = code == Self.unreported ? .possiblyPersisted : .notPersisted
    }
}

/// The reports of the current poll round, gathered on the poll thread by the delivery callback
/// and handed to the handler in one call after `rd_kafka_poll` returns (or earlier, when
/// ``capacity`` reports have gathered). Only then are the messages' blocks told they are done,
/// so the bytes the reports point at stay valid for the whole call.
///
/// `@unchecked Sendable`: owned by the poll thread (the delivery callback and the loop that
/// serves rounds); the thread that destroys the handle touches it only after the poll thread
/// has finished. It owns its storage; the messages it points at are kept alive by their blocks
/// until it reports them done.
final class DeliveryRound: @unchecked Sendable {
    static let capacity = 4096
    private let records = UnsafeMutablePointer<DeliveryRecord>.allocate(capacity: capacity)
    private var count = 0
    /// ``count`` for other threads: a report leaves librdkafka's count of outstanding messages
    /// when its callback returns, before its round is handed over; ``KafkaProducer/flush(deadline:)``
    /// adds this so it does not return between the two. A plain store per report (no
    /// read-modify-write: only the poll thread writes it).
    private let pending = Atomic<Int>(0)

    deinit { records.deallocate() }

    /// Reports gathered and not yet handed over.
    var pendingCount: Int { pending.load(ordering: .acquiring) }

    /// Adds a report. Returns whether the round is full (serve it at once, then).
    @inline(__always)
    func add(_ record: DeliveryRecord) -> Bool {
        (records + count).initialize(to: record)
        count += 1
        pending.store(count, ordering: .releasing)
        return count == Self.capacity
    }

    /// Hands the gathered reports to `handler`, then releases their messages.
    func serve(_ handler: (borrowing DeliveryReports) -> Void) {
        guard count > 0 else { return }
        let round = UnsafeBufferPointer(start: records, count: count)
        handler(DeliveryReports(round))
        count = 0
        for record in round { record.message.pointee.block._withUnsafeGuaranteedRef { $0.messageDone() } }
        pending.store(0, ordering: .releasing)
    }
}
