import Kafka
import Synchronization

/// Messages whose delivery failed with a retriable error, waiting out their backoff before
/// loadgen sends them again (after librdkafka's own retries gave up).
///
/// Backoff before attempt n+1 (n sends so far): 100 ms · 2^(n-1), at most 10 s.
public final class RetryQueue: Sendable {
    struct Item {
        var key: [UInt8]
        var value: [UInt8]
        var dueNanos: UInt64
        /// Sends so far.
        var attempts: UInt32
        var notBefore: Int64
        var lastError: DeliveryError
    }

    private let items = Mutex<[Item]>([])

    /// An empty queue.
    public init() {}

    /// The wait before the next send of a message already sent `attempts` times.
    public static func backoff(afterAttempts attempts: UInt32) -> Duration {
        let exponent = min(Int(attempts) - 1, 10)
        return .milliseconds(min(10_000, 100 << max(0, exponent)))
    }

    /// Messages waiting.
    public var count: Int { items.withLock { $0.count } }

    /// Keeps a copy of a failed message until its backoff has passed.
    func schedule(_ report: borrowing DeliveryReport, error: DeliveryError, now: Int64) {
        let attempts = report.tag.attempt + 1
        let item = Item(
            key: Array(report.key), value: Array(report.value), dueNanos: report.tag.due, attempts: attempts,
            notBefore: now + Self.backoff(afterAttempts: attempts).nanoseconds, lastError: error)
        items.withLock { $0.append(item) }
    }

    /// Moves every message whose backoff has passed into `batch` (attempt = sends so far).
    /// - Returns: how many were moved.
    func takeDue(now: Int64, into batch: inout MessageBatch) -> Int {
        let due = items.withLock { list -> [Item] in
            guard list.contains(where: { $0.notBefore <= now }) else { return [] }
            let ready = list.filter { $0.notBefore <= now }
            list.removeAll { $0.notBefore <= now }
            return ready
        }
        for item in due { batch.append(key: item.key, value: item.value, tag: MessageTag(due: item.dueNanos, attempt: item.attempts)) }
        return due.count
    }

    /// Monotonic ns when the next message is due, nil when none waits.
    var nextDue: Int64? { items.withLock { $0.map(\.notBefore).min() } }

    /// Empties the queue, returning what waited (for the dead-letter file at the end).
    func drain() -> [Item] { items.withLock { list in defer { list.removeAll() }; return list } }
}

