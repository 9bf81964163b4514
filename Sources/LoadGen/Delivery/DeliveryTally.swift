import Kafka

/// Successful delivery reports of one poll round, counted on the poll thread and published to
/// the run's metrics when the round ends: per message only two additions and one latency in a
/// reused buffer, with a clock read every 64 reports; per round one atomic add per counter and
/// one lock for the histograms (perf: per-message atomics, lock and clock read were ~4% of a
/// stress run).
///
/// `@unchecked Sendable`: only librdkafka's poll thread touches it (``add(_:)`` and
/// ``publish()`` from the handler of each round of reports, before anyone waiting on producer
/// progress wakes). It owns its buffer and holds no borrowed pointer.
final class DeliveryTally: @unchecked Sendable {
    private let metrics: RunMetrics
    private var count = 0
    private var bytes = 0
    private var latencies: UnsafeMutablePointer<UInt64>
    private var now: Int64 = 0
    /// A round publishes early past this many reports, so the buffer stays small.
    static let capacity = 8192

    init(metrics: RunMetrics) {
        self.metrics = metrics
        latencies = .allocate(capacity: Self.capacity)
    }

    deinit { latencies.deallocate() }

    @inline(__always)
    func add(_ report: borrowing DeliveryReport) {
        if count & 63 == 0 { now = SystemClock.nanos() }
        latencies[count] = latencyMicros(due: Int64(report.tag.due), now: now)
        count += 1
        bytes += report.byteCount
        if count == Self.capacity { publish() }
    }

    func publish() {
        guard count > 0 else { return }
        metrics.recordDelivered(count: count, bytes: bytes, latencyMicros: UnsafeBufferPointer(start: latencies, count: count))
        count = 0
        bytes = 0
    }
}
