import Kafka

/// Renders every producer of a ``Monitor`` in Prometheus text format (what `--metrics-port`
/// serves at `/metrics`).
///
/// The figures are read from the producers' ``RunMetrics`` at scrape time — the same atomics
/// and histograms the status line, the stats file and the reports read — so scraping costs the
/// hot path nothing. Names start with `loadgen_`. Every series carries the `shard` and `run_id`
/// labels, so one Prometheus can tell apart and add up the shards of a run; the producers'
/// series also carry `producer` and `topic`. Delivery latency and schedule lag are real
/// histograms (`_bucket{le}`, `_sum`, `_count`; ``bucketBounds``), which can be summed across
/// shards before `histogram_quantile`.
public final class PrometheusExporter: Sendable {
    /// The series of each producer, in the order they are served: each one's name, type and help
    /// next to the figure it reads.
    static let producerFamilies: [PrometheusFamily] = [
        .counter("loadgen_messages_sent_total", "Messages handed to librdkafka (or to the stdout/file/null sink).") { $0.messagesSent },
        .counter("loadgen_messages_delivered_total", "Messages acknowledged by the broker.") { $0.messagesDelivered },
        .counter("loadgen_messages_failed_total", "Messages that failed for good (dead-lettered or unreported).") { $0.messagesFailed },
        .counter("loadgen_messages_invalid_total", "Transactions that failed the pre-send check and were never sent.") { $0.messagesInvalid },
        .counter("loadgen_messages_retried_total", "Re-sends after a retriable delivery failure.") { $0.retried },
        .counter("loadgen_messages_dead_lettered_total", "Messages written to the dead-letter file.") { $0.deadLettered },
        .counter("loadgen_bytes_sent_total", "Key and value bytes handed to librdkafka.") { $0.bytesSent },
        .counter("loadgen_bytes_delivered_total", "Key and value bytes acknowledged by the broker.") { $0.bytesDelivered },
        .counter("loadgen_permits_dropped_total", "Permits the rate governor dropped because the pipeline fell behind the schedule.") { $0.permitsDropped },
        .gauge("loadgen_messages_in_flight", "Messages handed over and not yet reported.") { Double($0.inFlight) },
        .gauge("loadgen_last_send_time_seconds", "Unix time of the last batch handed over.") { $0.lastSendTime?.timeIntervalSince1970 ?? 0 },
        .gauge("loadgen_target_rate_per_second", "What the schedule asks for now (NaN: as fast as possible).") { $0.targetRate ?? .nan },
        .gauge("loadgen_achieved_rate_per_second", "Messages delivered per second over the last second.") { $0.achievedRate },
        .gauge("loadgen_simulated_time_seconds", "The simulated clock, as Unix time.") { Double($0.simulatedMillis) / 1000 },
        .histogram("loadgen_delivery_latency_seconds", "Delivery latency from each message's intended send time.") { $0.deliveryLatency },
        .histogram("loadgen_schedule_lag_seconds", "How late generation was relative to the schedule.") { $0.scheduleLag },
        .quantiles("loadgen_delivery_latency_quantile_seconds", "Delivery latency quantiles over the whole run (not summable across shards: use the histogram).") {
            $0.deliveryLatency
        },
        .quantiles("loadgen_schedule_lag_quantile_seconds", "Schedule lag quantiles over the whole run (not summable across shards: use the histogram).") { $0.scheduleLag },
    ]

    /// The process's series: one sample each, labelled `shard` and `run_id` (and build_info with
    /// the versions).
    private static let processGauges: [ProcessGauge] = [
        ProcessGauge(name: "loadgen_resident_memory_bytes", help: "Resident set size of the loadgen process.", labels: []) {
            ProcessStats.residentMB() * 1_048_576
        },
        ProcessGauge(
            name: "loadgen_build_info", help: "Always 1: the loadgen and librdkafka versions as labels.",
            labels: [("version", LoadGenVersion.current), ("librdkafka", Kafka.librdkafkaVersion)]
        ) { 1 },
    ]

    private struct ProcessGauge: Sendable {
        let name: String
        let help: String
        let labels: [(String, String)]
        let value: @Sendable () -> Double
        var family: PrometheusFamily { .gauge(name, help) { _ in 0 } }
    }

    /// The counters served, with their help texts.
    public static var counterNames: [(name: String, help: String)] {
        producerFamilies.filter { $0.kind == .counter }.map { ($0.name, $0.help) }
    }

    /// The upper bounds (`le`, seconds) of the latency and schedule-lag histograms' buckets:
    /// 0.5 ms to 60 s (and `+Inf`).
    public static var bucketBounds: [Double] { PrometheusText.bucketBounds }

    /// Every metric name a scrape can contain (histograms with their `_bucket`, `_sum` and
    /// `_count` series): what dashboards may query.
    public static var seriesNames: [String] {
        (producerFamilies + processGauges.map(\.family)).flatMap { f in
            f.kind == .histogram ? [f.name + "_bucket", f.name + "_sum", f.name + "_count"] : [f.name]
        }
    }

    private let monitor: Monitor
    private let runLabels: [(String, String)]

    /// An exporter of `monitor`'s producers whose series are labelled `shard` and `run_id`
    /// (`run_id` empty: a library user's producers, which have no run of their own).
    public init(monitor: Monitor = .shared, shard: Int = 0, runID: String = "") {
        self.monitor = monitor
        runLabels = [("shard", String(shard)), ("run_id", runID)]
    }

    /// The current figures of every registered producer, in Prometheus text format 0.0.4.
    public func render() -> String {
        let producers = monitor.producers.map { ($0, $0.snapshot()) }
        var out = PrometheusText()
        for family in Self.producerFamilies where !producers.isEmpty {
            out.header(family)
            for (entry, metrics) in producers {
                out.write(family, family.read(metrics), labels: [("producer", entry.name), ("topic", entry.topic)] + runLabels)
            }
        }
        for gauge in Self.processGauges {
            out.header(gauge.family)
            out.write(gauge.family, .value(gauge.value()), labels: gauge.labels + runLabels)
        }
        return out.text
    }
}
