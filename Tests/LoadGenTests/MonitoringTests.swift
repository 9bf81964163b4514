import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Kafka
@testable import LoadGen
import LoadGenTesting
import Testing

@Suite("Monitoring: metrics, registry, Prometheus endpoint, HTML report", .serialized)
struct MonitoringTests {
    @Test func registryAggregatesCountersAndMergesHistograms() throws {
        let monitor = Monitor()
        let a = monitor.registerProducer(named: "orders", topic: "t1")
        let b = monitor.registerProducer(named: "clicks", topic: "t2")
        #expect(monitor.registerProducer(named: "orders") === a, "a registered name returns its metrics")
        a.recordSent(count: 10, bytes: 1000)
        b.recordSent(count: 5, bytes: 300)
        a.delivered.add(9, ordering: .relaxed)
        a.recordFailure("boom")
        b.delivered.add(5, ordering: .relaxed)
        for i in 1...9 { a.recordLatency(dueNanos: 0, now: Int64(i) * 1_000_000) }
        for i in 1...5 { b.recordLatency(dueNanos: 0, now: Int64(i) * 100_000_000) }

        let total = monitor.aggregateMetrics()
        #expect(total.messagesSent == 15 && total.bytesSent == 1300)
        #expect(total.messagesDelivered == 14 && total.messagesFailed == 1 && total.inFlight == 0)
        #expect(total.deliveryLatency.totalCount == 14)
        #expect(total.latencyMillis.max >= 499 && total.latencyMillis.p50 < 10)
        #expect(total.lastSendTime != nil)
        let orders = try #require(monitor.metrics(named: "orders") as ProducerMetrics?)
        #expect(orders.values["messages_sent"] == 10)
        #expect(orders.values["messages_failed"] == 1)
        #expect(orders.values["bytes_sent"] == 1000)
        #expect(orders.values["last_send_time"] != nil)
        monitor.producers.first { $0.name == "orders" }?.cancel()
        #expect(monitor.aggregateMetrics().messagesSent == 5)
    }

    @Test func concurrentRunsRegisterUnderTheirOwnNamesAndLeave() async throws {
        let monitor = Monitor()
        func run(_ name: String?) -> LoadRun {
            var c = RunConfiguration(profile: steadyProfile(.perSecond(2000), duration: .seconds(6)))
            c.output = .null
            c.generators = 1
            c.monitor = monitor
            c.producerName = name
            return LoadRun(configuration: c, logger: quietLogger)
        }
        let runs = [run("alpha"), run("alpha"), run(nil)]
        async let reports = withThrowingTaskGroup(of: RunReport.self) { group in
            for r in runs { group.addTask { try await r.run() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // Each run registers once its start-up is done: three debug-built start-ups on a loaded
        // two-core machine can take seconds, so wait for them (bounded: 30 s), then for traffic.
        var names: [String] = []
        var during = 0
        _ = await poll {
            names = monitor.producers.map(\.name).sorted()
            during = monitor.aggregateMetrics().messagesDelivered
            return names.count == 3 && during > 0
        }
        #expect(names == ["alpha", "alpha-2", "default"])
        #expect(during > 0)
        let finished = try await reports
        #expect(monitor.producers.isEmpty, "runs leave the registry when they end")
        #expect(finished.map(\.delivered).reduce(0, +) >= during)
        #expect(finished.allSatisfy { $0.timeline.count >= 3 })
    }

    @Test func prometheusEndpointIsScrapedDuringARunAndCountersGrow() async throws {
        let monitor = Monitor()
        let server = try await MetricsServer.start(port: 0, exporter: PrometheusExporter(monitor: monitor))
        var c = RunConfiguration(profile: steadyProfile(.perSecond(3000), duration: .seconds(6)))
        c.output = .null
        c.generators = 1
        c.monitor = monitor
        c.producerName = "scraped"
        let run = LoadRun(configuration: c, logger: quietLogger)
        async let report = run.run()

        func scrape(_ path: String = "/metrics") async throws -> (Int, String) {
            let url = URL(string: "http://127.0.0.1:\(server.port)\(path)")!
            let (data, response) = try await URLSession.shared.data(from: url)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        }
        func value(_ name: String, in text: String) -> Double? {
            text.split(separator: "\n").first { $0.hasPrefix(name + "{") && $0.contains("producer=\"scraped\"") }
                .flatMap { $0.split(separator: " ").last }.flatMap { Double($0) }
        }
        // Scraped once the run is registered and sending, then again once its counter has grown
        // and the run's first sample (1 s in) has set the gauges, each polled (at most 30 s)
        // while the 6 s run lasts: not at fixed times, so a slow start-up on a loaded machine
        // cannot put a scrape before or after the run.
        var status = 0, first = "", second = ""
        _ = try await poll {
            (status, first) = try await scrape()
            return (value("loadgen_messages_sent_total", in: first) ?? 0) > 0
        }
        _ = try await poll {
            (_, second) = try await scrape()
            let sent = (value("loadgen_messages_sent_total", in: second) ?? 0, value("loadgen_messages_sent_total", in: first) ?? 0)
            return sent.0 > sent.1 && value("loadgen_target_rate_per_second", in: second)?.isNaN == false
        }
        _ = try await report
        await server.shutdown()

        #expect(status == 200)
        let sent1 = try #require(value("loadgen_messages_sent_total", in: first))
        let sent2 = try #require(value("loadgen_messages_sent_total", in: second))
        #expect(sent1 > 0 && sent2 > sent1, "sent \(sent1) -> \(sent2)")
        #expect(try #require(value("loadgen_bytes_sent_total", in: second)) > 0)
        #expect(value("loadgen_target_rate_per_second", in: second) == 3000)
        #expect(try #require(value("loadgen_simulated_time_seconds", in: second)) > 1_700_000_000)
        #expect(second.contains("# TYPE loadgen_messages_delivered_total counter"))
        #expect(second.contains("loadgen_delivery_latency_quantile_seconds{producer=\"scraped\",topic=\"null\",shard=\"0\",run_id=\"\",quantile=\"0.99\"}"))
        #expect(second.contains("loadgen_delivery_latency_seconds_bucket{producer=\"scraped\",topic=\"null\",shard=\"0\",run_id=\"\",le=\"+Inf\"}"))
        #expect(second.contains("loadgen_resident_memory_bytes{shard=\"0\",run_id=\"\"} "))
    }

    @Test func unknownPathsAnd404AndBusyPortIsABadInput() async throws {
        let server = try await MetricsServer.start(port: 0, exporter: PrometheusExporter(monitor: Monitor()))
        let (_, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(server.port)/nope")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 404)
        let busy = await #expect(throws: InputError.self) {
            // SO_REUSEADDR does not allow two listeners on one port.
            _ = try await MetricsServer.start(port: server.port, exporter: PrometheusExporter(monitor: Monitor()))
        }
        #expect(busy?.description == "metricsPort: 127.0.0.1:\(server.port) is already in use: choose a free port, or 0 for any")
        await server.shutdown()
    }

    @Test func htmlReportHasSixChartsASummaryAndEscapesText() async throws {
        var c = RunConfiguration(profile: steadyProfile(.perSecond(1000), duration: .seconds(3)))
        c.output = .null
        c.generators = 1
        c.monitor = Monitor()
        var report = try await LoadRun(configuration: c, logger: quietLogger).run()
        report.profile = "<script>alert(1)</script>"
        let html = HTMLReport.render(report)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;"))
        for chart in ["rate", "latency", "throughput", "inflight", "delivery", "memory"] {
            #expect(html.contains("data-chart=\"\(chart)\""), "chart \(chart)")
        }
        // target and achieved, MB/s, in flight, delivered and failed, RSS; the null sink measures no latency.
        #expect(html.components(separatedBy: "<path class=\"series\"").count - 1 == 7)
        #expect(html.contains("no data in this run"))
        #expect(html.contains("<th>delivered</th><td>\(report.delivered)</td>"))
        #expect(!html.contains("src=") && !html.contains("<link") && !html.contains("@import"), "nothing is loaded from outside")
    }

    @Test func chartTicksAreRound() {
        #expect(SVGChart.niceTicks(upTo: 230) == [0, 50, 100, 150, 200, 250])
        let small = SVGChart.niceTicks(upTo: 0.9)
        #expect(small.count == 6 && abs(small[1] - 0.2) < 1e-12 && abs(small.last! - 1) < 1e-9)
        #expect(SVGChart.timeTicks(upTo: 180) == [0, 30, 60, 90, 120, 150, 180])
        #expect(SVGChart.compact(1_250_000) == "1.25M")
        #expect(SVGChart.clock(3725) == "1:02:05")
    }
}

@Suite("Prometheus text")
struct PrometheusTextTests {
    @Test func countersFollowTheMetricsAndResetForANewProducerOfTheSameName() throws {
        let monitor = Monitor()
        let exporter = PrometheusExporter(monitor: monitor)
        let first = RunMetrics()
        let registration = monitor.register(named: "p", topic: "t") { first.snapshot() }
        first.recordSent(count: 7, bytes: 700)
        #expect(exporter.render().contains("loadgen_messages_sent_total{producer=\"p\",topic=\"t\",shard=\"0\",run_id=\"\"} 7\n"))
        first.recordSent(count: 3, bytes: 300)
        #expect(exporter.render().contains("loadgen_bytes_sent_total{producer=\"p\",topic=\"t\",shard=\"0\",run_id=\"\"} 1000\n"))
        registration.cancel()
        registration.cancel()  // a second cancel is harmless
        #expect(monitor.producers.isEmpty, "the token removed its producer")
        let second = RunMetrics()
        _ = monitor.register(named: "p", topic: "t") { second.snapshot() }
        second.recordSent(count: 2, bytes: 20)
        let text = exporter.render()
        #expect(text.contains("loadgen_messages_sent_total{producer=\"p\",topic=\"t\",shard=\"0\",run_id=\"\"} 2\n"), "\(text)")
        #expect(text.contains("# HELP loadgen_messages_sent_total Messages handed to librdkafka"))
    }
}
