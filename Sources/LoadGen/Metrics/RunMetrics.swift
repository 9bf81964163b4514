import Foundation
import Histogram
import Kafka
import Synchronization

/// The figures of one run, updated from the hot path (atomics) and the delivery-report thread
/// (histograms behind an uncontended lock). Progress, stats and the report all read these.
///
/// Outside the package the figures are read through ``snapshot()`` (a ``ProducerMetrics``) and
/// written only through the `record…` methods; the counters themselves are the engine's.
public final class RunMetrics: Sendable {
    /// Messages handed to the sink (for Kafka: accepted by librdkafka or rejected by it).
    package let produced = Atomic<Int>(0)
    /// Messages the sink confirmed (Kafka: acknowledged by the broker).
    package let delivered = Atomic<Int>(0)
    /// Messages that failed for good.
    package let failed = Atomic<Int>(0)
    /// Transactions that failed the pre-send check (never sent).
    package let invalid = Atomic<Int>(0)
    /// Key + value bytes delivered.
    package let bytes = Atomic<Int>(0)
    /// Key + value bytes handed to the sink (for Kafka: to librdkafka).
    package let bytesSent = Atomic<Int>(0)
    /// Messages sent again after a retriable failure (each re-send counts).
    package let retried = Atomic<Int>(0)
    /// Messages written to the dead-letter file (all of them also count as `failed`).
    package let deadLettered = Atomic<Int>(0)
    /// Failed messages librdkafka says may be in the log anyway (timed out in flight).
    package let possiblyPersisted = Atomic<Int>(0)
    /// Permits the rate governor dropped because the pipeline fell more than the burst
    /// allowance behind (updated by the run's sampler once a second).
    package let permitsDropped = Atomic<Int>(0)
    /// Failed messages that could be neither delivered nor dead-lettered (also in `failed` and
    /// `deadLettered`): only when the producer could not be stopped to give them up.
    package let lost = Atomic<Int>(0)
    /// Monotonic ns of the last message handed to the sink.
    package let lastSendNanos = Atomic<Int64>(0)
    /// Delivery latency since the start (`total`) and since the last interval snapshot.
    private let latency = Mutex(HistogramPair())
    private let scheduleLag = Mutex(RunMetrics.histogram())
    private let firstErrors = Mutex<[String]>([])
    /// The schedule as the run's sampler last saw it (per second; NaN: unlimited or not yet).
    private let targetRateBits = Atomic<UInt64>(Double.nan.bitPattern)
    private let achievedRateBits = Atomic<UInt64>(0)
    /// Simulated time now, ms since the epoch (0: not started).
    package let simulatedMillis = Atomic<Int64>(0)
    /// The latest event time generators have made (simulated ms; `Int64.min`: none yet).
    package let latestEventMillis = Atomic<Int64>(.min)
    /// Generators' waits for their next slice: slept on their own thread, or as a task (a
    /// virtual clock; or a generator that is not on its thread, which a real run never has).
    package let waitsOnOwnThread = Atomic<Int>(0)
    package let waitsAsTask = Atomic<Int>(0)

    /// Target rate now, per second (nil: unlimited or not started).
    public package(set) var targetRate: Double? {
        get { let v = Double(bitPattern: targetRateBits.load(ordering: .relaxed)); return v.isNaN ? nil : v }
        set { targetRateBits.store((newValue ?? .nan).bitPattern, ordering: .relaxed) }
    }
    /// Delivered per second over the sampler's last second.
    public package(set) var achievedRate: Double {
        get { Double(bitPattern: achievedRateBits.load(ordering: .relaxed)) }
        set { achievedRateBits.store(newValue.bitPattern, ordering: .relaxed) }
    }

    /// Zeroed figures.
    public init() {}

    /// Microsecond histograms from 1 µs to 1 hour, 3 significant digits.
    static func histogram() -> Histogram<UInt64> {
        Histogram(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    }

    /// Records a batch handed to the sink (for Kafka: to librdkafka): `messages_sent`,
    /// `bytes_sent` and `last_send_time`.
    @inline(__always)
    public func recordSent(count: Int, bytes sentBytes: Int) {
        produced.add(count, ordering: .relaxed)
        bytesSent.add(sentBytes, ordering: .relaxed)
        lastSendNanos.store(SystemClock.nanos(), ordering: .relaxed)
    }

    /// Records a round of successful deliveries at once: one atomic add per counter and one
    /// lock for the latencies (microseconds from each message's due time).
    public func recordDelivered(count: Int, bytes deliveredBytes: Int, latencyMicros: UnsafeBufferPointer<UInt64>) {
        guard count > 0 else { return }
        latency.withLock { h in for micros in latencyMicros { h.record(micros) } }
        bytes.add(deliveredBytes, ordering: .relaxed)
        delivered.add(count, ordering: .relaxed)
    }

    /// Records a message that failed for good.
    public func recordFailure(_ reason: String, count: Int = 1) {
        failed.add(count, ordering: .relaxed)
        firstErrors.withLock { if $0.count < 10 && !$0.contains(reason) { $0.append(reason) } }
    }

    /// Records messages that failed and could not be dead-lettered: they count as dead-lettered
    /// (so `produced == delivered + dead_lettered` holds) and as lost.
    public func recordLost(_ reason: String, count: Int) {
        recordFailure(reason, count: count)
        deadLettered.add(count, ordering: .relaxed)
        lost.add(count, ordering: .relaxed)
    }

    /// Messages handed over but not yet reported (delivered or failed).
    public var inFlight: Int {
        produced.load(ordering: .relaxed) - delivered.load(ordering: .relaxed) - failed.load(ordering: .relaxed)
    }

    /// Records a delivery that needs no broker (stdout, file, null sinks).
    public func recordWritten(count: Int, bytes written: Int, dues: some Sequence<Int64>, now: Int64) {
        delivered.add(count, ordering: .relaxed)
        bytes.add(written, ordering: .relaxed)
        latency.withLock { h in for due in dues { h.record(latencyMicros(due: due, now: now)) } }
    }

    @inline(__always)
    func recordLatency(dueNanos: Int64, now: Int64) {
        latency.withLock { $0.record(latencyMicros(due: dueNanos, now: now)) }
    }

    /// Records how late each message of a batch was generated relative to when it was due.
    public func recordScheduleLag(dues: some Sequence<Int64>, now: Int64) {
        scheduleLag.withLock { h in
            for due in dues { _ = h.record(latencyMicros(due: due, now: now)) }
        }
    }

    /// A consistent read of the histograms' percentiles, in milliseconds.
    public func latencyMillis() -> Percentiles { latency.withLock { Percentiles($0.total) } }

    /// The latencies recorded since the previous call (for per-interval figures); starts anew.
    /// An empty interval is handed back as it is (a run without deliveries, such as one to the
    /// null sink, allocates and scans no histogram once a second).
    package func takeIntervalLatency() -> Histogram<UInt64> {
        if let empty = latency.withLock({ $0.interval.totalCount == 0 ? $0.interval : nil }) { return empty }
        let fresh = RunMetrics.histogram()
        return latency.withLock { pair in
            defer { pair.interval = fresh }
            return pair.interval
        }
    }

    /// Every figure at once, under the names the original API documented.
    public func snapshot() -> ProducerMetrics {
        let now = SystemClock.nanos()
        let last = lastSendNanos.load(ordering: .relaxed)
        return ProducerMetrics(
            messagesSent: produced.load(ordering: .relaxed), messagesDelivered: delivered.load(ordering: .relaxed),
            messagesFailed: failed.load(ordering: .relaxed), messagesInvalid: invalid.load(ordering: .relaxed),
            bytesSent: bytesSent.load(ordering: .relaxed), bytesDelivered: bytes.load(ordering: .relaxed),
            lastSendTime: last == 0 ? nil : Date(timeIntervalSinceNow: -Double(now - last) / 1e9),
            inFlight: inFlight, retried: retried.load(ordering: .relaxed), deadLettered: deadLettered.load(ordering: .relaxed),
            permitsDropped: permitsDropped.load(ordering: .relaxed),
            deliveryLatency: latency.withLock { $0.total }, scheduleLag: scheduleLag.withLock { $0 },
            targetRate: targetRate, achievedRate: achievedRate, simulatedMillis: simulatedMillis.load(ordering: .relaxed))
    }

    struct HistogramPair {
        var total = RunMetrics.histogram()
        var interval = RunMetrics.histogram()
        @inline(__always)
        mutating func record(_ micros: UInt64) {
            _ = total.record(micros)
            _ = interval.record(micros)
        }
    }
    /// Schedule lag percentiles since the start, in milliseconds.
    public func scheduleLagMillis() -> Percentiles { scheduleLag.withLock { Percentiles($0) } }

    /// The first few distinct failure reasons.
    public var errorSamples: [String] { Array(Set(firstErrors.withLock { $0 })).sorted() }

    /// Percentiles of a histogram, in milliseconds.
    public struct Percentiles: Sendable, Equatable, Codable {
        /// How many values were recorded.
        public let count: UInt64
        /// The 50th, 90th, 99th, 99.9th percentiles and the maximum, ms.
        public let p50, p90, p99, p999, max: Double

        /// The percentiles of a histogram of microseconds.
        public init(_ h: Histogram<UInt64>) {
            count = h.totalCount
            // An empty histogram's percentiles are 0 (asked anyway, each would scan every bucket).
            guard count > 0 else {
                (p50, p90, p99, p999, max) = (0, 0, 0, 0, 0)
                return
            }
            func ms(_ v: UInt64) -> Double { h.totalCount == 0 ? 0 : (Double(v) / 1000 * 1000).rounded() / 1000 }
            p50 = ms(h.valueAtPercentile(50))
            p90 = ms(h.valueAtPercentile(90))
            p99 = ms(h.valueAtPercentile(99))
            p999 = ms(h.valueAtPercentile(99.9))
            max = ms(h.max)
        }

        enum CodingKeys: String, CodingKey { case count, p50, p90, p99, p999, max }

        /// Reads percentiles back from a report (older reports lack `count`, `p90`, `p999`).
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                count: try c.decodeIfPresent(UInt64.self, forKey: .count) ?? 0, p50: try c.decode(Double.self, forKey: .p50),
                p90: try c.decodeIfPresent(Double.self, forKey: .p90) ?? 0, p99: try c.decode(Double.self, forKey: .p99),
                p999: try c.decodeIfPresent(Double.self, forKey: .p999) ?? 0, max: try c.decode(Double.self, forKey: .max))
        }

        /// Percentiles given one by one (a report read back).
        public init(count: UInt64, p50: Double, p90: Double, p99: Double, p999: Double, max: Double) {
            self.count = count
            self.p50 = p50
            self.p90 = p90
            self.p99 = p99
            self.p999 = p999
            self.max = max
        }
    }
}
