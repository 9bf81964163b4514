import Foundation
import Kafka
import LoadGen
import LoadGenTesting
import Synchronization
import Testing

/// A clickstream of page views keyed by session: the smallest useful custom producer.
struct PageViews: BaseProducer {
    struct PageView: Encodable {
        let session: String
        let page: String
        let at: Int64
    }
    let pages = ["/", "/search", "/product/42", "/cart", "/checkout"]

    mutating func generateMessage(_ context: inout MessageContext) -> PageView {
        PageView(session: "sess_\(context.generator)_\(context.random.below(500))",
                 page: pages[Int(context.random.below(UInt64(pages.count)))], at: context.timestampMillis)
    }

    func messageKey(for view: PageView) -> String { view.session }
    func check(_ view: PageView) -> String? { view.page == "/checkout" ? "checkout views are not tracked" : nil }
}

/// The same stream through the fast path: bytes appended by hand.
struct FastPageViews: BaseProducer {
    var inner = PageViews()
    mutating func generateMessage(_ context: inout MessageContext) -> PageViews.PageView { inner.generateMessage(&context) }
    func messageKey(for view: PageViews.PageView) -> String { view.session }
    func messageValue(for view: PageViews.PageView) -> [UInt8] { [] }
    func check(_ view: PageViews.PageView) -> String? { inner.check(view) }
    func serialize(_ view: PageViews.PageView, key: inout [UInt8], value: inout [UInt8]) {
        key.append(contentsOf: view.session.utf8)
        value.append(contentsOf: #"{"page":""#.utf8)
        value.append(contentsOf: view.page.utf8)
        value.append(contentsOf: #"","session":""#.utf8)
        value.append(contentsOf: view.session.utf8)
        value.append(contentsOf: #""}"#.utf8)
    }
}

@Suite("The Swift library: TransactionProducer, BaseProducer, CustomProducer", .serialized)
struct LibraryTests {
    @Test func readmeSnippetRunsAndStopsCleanlyWhenCancelled() async throws {
        let cluster = try TestCluster.start(brokers: 1, partitions: 4, topic: "transactions")
        let task = Task { try await produceForAnHour(to: cluster.bootstrapServers) }
        try await Task.sleep(for: .seconds(2))
        let started = ContinuousClock.now
        task.cancel()
        let m = try await task.value
        #expect(ContinuousClock.now - started < .seconds(5), "cancellation ends the hour-long run promptly")
        await cluster.stop()
        // 1000/hour with the day curve: a couple of seconds may hold no transaction at all, but
        // whatever was sent was delivered and the figures are final.
        #expect(m.messagesSent == m.messagesDelivered && m.messagesFailed == 0 && m.inFlight == 0)
    }

    @Test func transactionProducerSendsAtItsRateAndKeepsMetricsAcrossRuns() async throws {
        let cluster = try TestCluster.start(brokers: 3, partitions: 6, topic: "transactions")
        let producer = try await TransactionProducer(
            bootstrapServers: cluster.bootstrapServers, topic: "transactions", generationRate: 3_600_000,  // 1000/s
            producerConfig: ["acks": "all", "linger_ms": "10", "compression_type": "snappy"])
        #expect(Monitor.shared.producers.contains { $0.name == producer.name })
        let first = try await producer.runContinuous(duration: .seconds(2))
        let second = try await producer.runContinuous(duration: .seconds(1))
        let m = await producer.metrics()
        await producer.close()
        await cluster.stop()
        #expect(!Monitor.shared.producers.contains { $0.name == producer.name })
        #expect(first.delivered > 500 && second.delivered > 200, "the day curve scales 1000/s by 0.3 to 4.5")
        #expect(m.messagesSent == first.produced + second.produced)
        #expect(m.messagesDelivered == m.messagesSent && m.messagesFailed == 0)
        #expect(m.bytesSent > m.messagesSent * 500 && m.lastSendTime != nil)
        #expect(m.deliveryLatency.totalCount == UInt64(m.messagesDelivered))
        await #expect(throws: InputError.self) { try await producer.runContinuous(duration: .seconds(1)) }
    }

    @Test func badInputIsRefusedBeforeAnythingIsSent() async throws {
        await #expect(throws: InputError.self) { _ = try await TransactionProducer(generationRate: 0) }
        await #expect(throws: InputError.self) {
            _ = try await TransactionProducer(producerConfig: ["linger.ms": "soon"])
        }
        await #expect(throws: InputError.self) { _ = try await TransactionProducer(producerConfig: ["no.such.property": "1"]) }
        await #expect(throws: KafkaError.self) {
            var c = RunConfiguration(profile: LoadProfile())
            c.bootstrapServers = "127.0.0.1:1"
            c.connectTimeout = .seconds(1)
            _ = try await TransactionProducer(configuration: c)
        }
    }

    @Test func customProducerGetsTheEngineAndBothSerializationPathsAgree() async throws {
        let cluster = try TestCluster.start(brokers: 1, partitions: 3, topic: "pageviews")
        var profile = LoadProfile()
        profile.rate = .perSecond(2000)
        profile.multipliers = []
        profile.topic = "pageviews"
        var c = RunConfiguration(profile: profile)
        c.bootstrapServers = cluster.bootstrapServers
        c.generators = 2
        c.producerName = "clicks"
        let producer = try await CustomProducer(PageViews(), configuration: c, logger: quietLogger)
        let report = try await producer.runContinuous(duration: .seconds(2))
        let m = await producer.metrics()
        await producer.close()
        #expect(report.topic == "pageviews" && report.delivered > 2000)
        #expect(abs(Double(report.produced + report.invalid) - 4000) < 80, "the governor's schedule: \(report.produced) + \(report.invalid)")
        #expect(report.invalid > 400, "a fifth of the views fail the check and are never sent")
        #expect(m.messagesDelivered == report.delivered && m.messagesInvalid == report.invalid)

        // Read the topic back: every value is the JSON of a page view keyed by its session.
        let problems = Mutex(0)
        let consumer = try KafkaConsumer(configuration: cluster.clientConfiguration(), logger: quietLogger)
        let summary = try await consumer.readAll(topic: "pageviews", timeout: .seconds(30)) { message in
            let object = (try? JSONSerialization.jsonObject(with: Data(message.value))) as? [String: Any]
            let keyed = object?["session"] as? String == String(decoding: message.key, as: UTF8.self)
            let page = (object?["page"] as? String)?.hasPrefix("/") == true
            if !(keyed && page) { problems.withLock { $0 += 1 } }
        }
        await consumer.close()
        await cluster.stop()
        #expect(summary.consumed == Int64(report.delivered))
        #expect(problems.withLock { $0 } == 0, "every value is a page view under its session's key")

        // The fast path writes the same fields, with the same seeded values.
        var slow = c
        slow.output = .null
        slow.generators = 1
        slow.profile.count = 200
        slow.profile.rate = .unlimited
        var fast = slow
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        slow.output = .file(dir.path("slow.jsonl"))
        fast.output = .file(dir.path("fast.jsonl"))
        _ = try await CustomProducer(PageViews(), configuration: slow).runContinuous()
        _ = try await CustomProducer(FastPageViews(), configuration: fast).runContinuous()
        func lines(_ o: RunConfiguration.Output) throws -> [[String: String]] {
            guard case .file(let path) = o else { return [] }
            return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
                var d = try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
                d.removeValue(forKey: "at")
                return d.mapValues { "\($0)" }
            }
        }
        let a = try lines(slow.output), b = try lines(fast.output)
        #expect(a.count > 100 && a == b)
    }
}
