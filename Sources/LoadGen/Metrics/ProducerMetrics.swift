import Foundation
import Histogram
import Synchronization

/// A producer's figures at one instant: what `producer.metrics()` returns and what
/// ``Monitor/aggregateMetrics()`` sums. The original API's names keep their meanings:
/// `messages_sent` = handed to librdkafka, `messages_failed` = failed for good,
/// `bytes_sent` = key + value bytes handed over, `last_send_time` = when the last batch was.
///
/// Codable under the same snake_case names (the histograms as HdrHistogram's own Codable form),
/// so a snapshot can be written out and read back whole.
public struct ProducerMetrics: Sendable, Codable {
    /// Handed to librdkafka (or the stdout/file/null sink): `messages_sent`.
    public var messagesSent = 0
    /// Acknowledged by the broker.
    public var messagesDelivered = 0
    /// Failed for good: `messages_failed`.
    public var messagesFailed = 0
    /// Failed the pre-send check, never sent.
    public var messagesInvalid = 0
    /// Key and value bytes handed over: `bytes_sent`.
    public var bytesSent = 0
    /// Key and value bytes acknowledged.
    public var bytesDelivered = 0
    /// When the last batch was handed over: `last_send_time` (nil: nothing yet).
    public var lastSendTime: Date?
    /// Handed over and not yet reported (delivered or failed).
    public var inFlight = 0
    /// Re-sends after a retriable failure.
    public var retried = 0
    /// Written to the dead-letter file (also counted in `messagesFailed`).
    public var deadLettered = 0
    /// Permits the rate governor dropped because the pipeline fell behind (`permits_dropped`).
    public var permitsDropped = 0
    /// Delivery latency from each message's intended send time, in microseconds.
    public var deliveryLatency = RunMetrics.histogram()
    /// How late generation was relative to the schedule, in microseconds.
    public var scheduleLag = RunMetrics.histogram()
    /// Target rate now, per second (nil: unlimited, or summed over producers that have none).
    public var targetRate: Double?
    /// Delivered per second over the last second.
    public var achievedRate = 0.0
    /// Simulated time, ms since the epoch (0: not running).
    public var simulatedMillis: Int64 = 0

    /// An empty set of figures.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case messagesSent = "messages_sent", messagesDelivered = "messages_delivered", messagesFailed = "messages_failed"
        case messagesInvalid = "messages_invalid", bytesSent = "bytes_sent", bytesDelivered = "bytes_delivered"
        case lastSendTime = "last_send_time", inFlight = "in_flight", retried, deadLettered = "dead_lettered"
        case permitsDropped = "permits_dropped", deliveryLatency = "delivery_latency", scheduleLag = "schedule_lag"
        case targetRate = "target_rate_per_s", achievedRate = "achieved_rate_per_s", simulatedMillis = "simulated_millis"
    }

    init(
        messagesSent: Int, messagesDelivered: Int, messagesFailed: Int, messagesInvalid: Int, bytesSent: Int,
        bytesDelivered: Int, lastSendTime: Date?, inFlight: Int, retried: Int, deadLettered: Int, permitsDropped: Int,
        deliveryLatency: Histogram<UInt64>, scheduleLag: Histogram<UInt64>, targetRate: Double?, achievedRate: Double,
        simulatedMillis: Int64
    ) {
        self.messagesSent = messagesSent
        self.messagesDelivered = messagesDelivered
        self.messagesFailed = messagesFailed
        self.messagesInvalid = messagesInvalid
        self.bytesSent = bytesSent
        self.bytesDelivered = bytesDelivered
        self.lastSendTime = lastSendTime
        self.inFlight = inFlight
        self.retried = retried
        self.deadLettered = deadLettered
        self.permitsDropped = permitsDropped
        self.deliveryLatency = deliveryLatency
        self.scheduleLag = scheduleLag
        self.targetRate = targetRate
        self.achievedRate = achievedRate
        self.simulatedMillis = simulatedMillis
    }

    /// Delivery latency percentiles in milliseconds.
    public var latencyMillis: RunMetrics.Percentiles { RunMetrics.Percentiles(deliveryLatency) }

    /// The counters under their snake_case names (`messages_sent`, `messages_failed`,
    /// `bytes_sent`, `last_send_time` as seconds since 1970, ...).
    public var values: [String: Double] {
        var v: [String: Double] = [
            "messages_sent": Double(messagesSent), "messages_delivered": Double(messagesDelivered),
            "messages_failed": Double(messagesFailed), "messages_invalid": Double(messagesInvalid),
            "bytes_sent": Double(bytesSent), "bytes_delivered": Double(bytesDelivered), "in_flight": Double(inFlight),
            "retried": Double(retried), "dead_lettered": Double(deadLettered), "permits_dropped": Double(permitsDropped), "achieved_rate_per_s": achievedRate,
        ]
        if let lastSendTime { v["last_send_time"] = lastSendTime.timeIntervalSince1970 }
        if let targetRate { v["target_rate_per_s"] = targetRate }
        return v
    }

    /// Counters summed, histograms merged, the latest send time and simulated time kept.
    public static func + (a: ProducerMetrics, b: ProducerMetrics) -> ProducerMetrics {
        var m = a
        m.messagesSent += b.messagesSent
        m.messagesDelivered += b.messagesDelivered
        m.messagesFailed += b.messagesFailed
        m.messagesInvalid += b.messagesInvalid
        m.bytesSent += b.bytesSent
        m.bytesDelivered += b.bytesDelivered
        m.inFlight += b.inFlight
        m.retried += b.retried
        m.deadLettered += b.deadLettered
        m.permitsDropped += b.permitsDropped
        m.deliveryLatency.add(b.deliveryLatency)
        m.scheduleLag.add(b.scheduleLag)
        m.lastSendTime = [a.lastSendTime, b.lastSendTime].compactMap { $0 }.max()
        m.targetRate = a.targetRate.map { $0 + (b.targetRate ?? 0) } ?? b.targetRate
        m.achievedRate += b.achievedRate
        m.simulatedMillis = max(a.simulatedMillis, b.simulatedMillis)
        return m
    }
}
