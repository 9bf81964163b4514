import Kafka
import Prometheus
import Synchronization

/// Renders every producer of a ``Monitor`` in Prometheus text format (what `--metrics-port`
/// serves at `/metrics`).
///
/// The figures are read from the producers' ``RunMetrics`` at scrape time — the same atomics
/// and histograms the status line, the stats file and the reports read — so scraping costs the
/// hot path nothing. Names start with `loadgen_`; every series carries `producer` and `topic`
/// labels.
public final class PrometheusExporter: Sendable {
    /// The counters, gauges and latency quantiles served, with their help texts.
    public static let counterNames: [(name: String, help: String)] = [
        ("loadgen_messages_sent_total", "Messages handed to librdkafka (or to the stdout/file/null sink)."),
        ("loadgen_messages_delivered_total", "Messages acknowledged by the broker."),
        ("loadgen_messages_failed_total", "Messages that failed for good (dead-lettered or unreported)."),
        ("loadgen_messages_invalid_total", "Transactions that failed the pre-send check and were never sent."),
        ("loadgen_messages_retried_total", "Re-sends after a retriable delivery failure."),
        ("loadgen_messages_dead_lettered_total", "Messages written to the dead-letter file."),
        ("loadgen_bytes_sent_total", "Key and value bytes handed to librdkafka."),
        ("loadgen_bytes_delivered_total", "Key and value bytes acknowledged by the broker."),
        ("loadgen_permits_dropped_total", "Permits the rate governor dropped because the pipeline fell behind the schedule."),
    ]

    private let monitor: Monitor
    private let registry = PrometheusCollectorRegistry()
    private let state = Mutex(State())

    private struct SeriesKey: Hashable {
        var name: String
        var labels: [String]
    }

    private struct State {
        var counters: [SeriesKey: (counter: Counter, reported: Int)] = [:]
        var gauges: [SeriesKey: Gauge] = [:]
    }

    /// An exporter of `monitor`'s producers.
    public init(monitor: Monitor = .shared) {
        self.monitor = monitor
    }

    /// The current figures of every registered producer, in Prometheus text format 0.0.4.
    public func render() -> String {
        let producers = monitor.producers.map { ($0, $0.snapshot()) }
        return state.withLock { state in
            for (entry, m) in producers {
                let labels = [("producer", entry.name), ("topic", entry.topic)]
                let counts = [
                    m.messagesSent, m.messagesDelivered, m.messagesFailed, m.messagesInvalid, m.retried, m.deadLettered,
                    m.bytesSent, m.bytesDelivered, m.permitsDropped,
                ]
                for (i, (name, help)) in Self.counterNames.enumerated() {
                    count(name, help: help, labels: labels, value: counts[i], in: &state)
                }
                set("loadgen_messages_in_flight", help: "Messages handed over and not yet reported.", labels: labels,
                    value: Double(m.inFlight), in: &state)
                set("loadgen_last_send_time_seconds", help: "Unix time of the last batch handed over.", labels: labels,
                    value: m.lastSendTime?.timeIntervalSince1970 ?? 0, in: &state)
                set("loadgen_target_rate_per_second", help: "What the schedule asks for now (NaN: as fast as possible).",
                    labels: labels, value: m.targetRate ?? .nan, in: &state)
                set("loadgen_achieved_rate_per_second", help: "Messages delivered per second over the last second.",
                    labels: labels, value: m.achievedRate, in: &state)
                set("loadgen_simulated_time_seconds", help: "The simulated clock, as Unix time.", labels: labels,
                    value: Double(m.simulatedMillis) / 1000, in: &state)
                quantiles("loadgen_delivery_latency_seconds", help: "Delivery latency from each message's intended send time.",
                          labels: labels, values: m.latencyMillis, in: &state)
                quantiles("loadgen_schedule_lag_seconds", help: "How late generation was relative to the schedule.",
                          labels: labels, values: RunMetrics.Percentiles(m.scheduleLag), in: &state)
            }
            set("loadgen_resident_memory_bytes", help: "Resident set size of the loadgen process.", labels: [],
                value: ProcessStats.residentMB() * 1_048_576, in: &state)
            set("loadgen_build_info", help: "Always 1: the loadgen and librdkafka versions as labels.",
                labels: [("version", LoadGenVersion.current), ("librdkafka", Kafka.librdkafkaVersion)], value: 1, in: &state)
            return registry.emitToString()
        }
    }

    // MARK: - Series

    private func count(_ name: String, help: String, labels: [(String, String)], value: Int, in state: inout State) {
        let key = SeriesKey(name: name, labels: labels.map { $0.1 })
        var series = state.counters[key] ?? (registry.makeCounter(descriptor: Self.descriptor(name, help), labels: labels), 0)
        if value < series.reported {
            // A new producer under an old name: a counter reset, which Prometheus understands.
            series.counter.reset()
            series.reported = 0
        }
        if value > series.reported {
            series.counter.increment(by: Int64(value - series.reported))
            series.reported = value
        }
        state.counters[key] = series
    }

    /// The whole name as the metric name (a unit suffix is already part of it).
    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    private func set(_ name: String, help: String, labels: [(String, String)], value: Double, in state: inout State) {
        let key = SeriesKey(name: name, labels: labels.map { $0.1 })
        let gauge = state.gauges[key] ?? registry.makeGauge(descriptor: Self.descriptor(name, help), labels: labels)
        state.gauges[key] = gauge
        gauge.set(to: value)
    }

    private func quantiles(
        _ name: String, help: String, labels: [(String, String)], values: RunMetrics.Percentiles, in state: inout State
    ) {
        let points: [(String, Double)] = [("0.5", values.p50), ("0.9", values.p90), ("0.99", values.p99), ("0.999", values.p999), ("1", values.max)]
        for (quantile, millis) in points {
            set(name, help: help, labels: labels + [("quantile", quantile)], value: millis / 1000, in: &state)
        }
    }
}
