import Foundation
import Kafka
import LoadGenTesting
import Synchronization
import Testing

@Suite("KafkaProducer against the mock cluster", .serialized)
struct ProducerTests {
    @Test func hundredThousandKeyedMessagesRoundTrip() async throws {
        let cluster = try TestCluster.start(partitions: 12)
        let tally = DeliveryTally()
        let producer = try KafkaProducer(
            configuration: cluster.producerConfiguration(), topic: cluster.topic, logger: quietLogger,
            onDelivery: tally.record)
        _ = try await producer.checkConnection(timeout: .seconds(10))

        let total = 100_000
        var sentBytes = 0
        var batch = MessageBatch(capacity: 1000, bytesPerMessage: 80)
        for i in 0..<total {
            let key = Array("user_\(i % 7919)".utf8)
            let value = Array("{\"n\":\(i),\"pad\":\"\(String(repeating: "x", count: i % 50))\"}".utf8)
            sentBytes += key.count + value.count
            batch.append(key: key, value: value, tag: MessageTag(UInt64(i + 1)))
            if batch.count == 1000 {
                let outcome = await producer.produce(batch)
                #expect(outcome == ProduceOutcome(enqueued: 1000, rejected: 0, unsent: 0))
                batch.removeAll()
            }
        }
        #expect(await producer.flush(deadline: .now + .seconds(60)) == 0)
        #expect(await producer.close(deadline: .now + .seconds(5)) == 0)
        let counts = tally.snapshot
        #expect(counts.delivered == total)
        #expect(counts.failed == 0)
        #expect(counts.bytes == sentBytes)

        // Read everything back: same count, same bytes, each value under its own key, once.
        let seen = Mutex((count: 0, bytes: 0, wrongKey: 0, duplicates: 0, marks: [Bool](repeating: false, count: total)))
        let consumer = try KafkaConsumer(configuration: cluster.clientConfiguration(), logger: quietLogger)
        let summary = try await consumer.readAll(topic: cluster.topic, timeout: .seconds(60)) { message in
            let value = String(decoding: message.value, as: UTF8.self)
            let key = String(decoding: message.key, as: UTF8.self)
            let n = Int(value.dropFirst(5).prefix { $0.isNumber })!
            seen.withLock { s in
                s.count += 1
                s.bytes += message.key.count + message.value.count
                if key != "user_\(n % 7919)" { s.wrongKey += 1 }
                if s.marks[n] { s.duplicates += 1 }
                s.marks[n] = true
            }
        }
        await consumer.close()
        await cluster.stop()
        let result = seen.withLock { $0 }
        #expect(summary.consumed == Int64(total))
        #expect(!summary.truncated)
        #expect(result.count == total)
        #expect(result.bytes == sentBytes)
        #expect(result.wrongKey == 0)
        #expect(result.duplicates == 0)
        #expect(result.marks.allSatisfy { $0 })
    }

    @Test func keysLandWhereJavasMurmur2PutsThem() async throws {
        let partitions = 12
        let cluster = try TestCluster.start(partitions: partitions)
        let tally = DeliveryTally(recordPartitions: true)
        let producer = try KafkaProducer(
            configuration: cluster.producerConfiguration(), topic: cluster.topic, logger: quietLogger,
            onDelivery: tally.record)
        let keys = (0..<500).map { "user_\(100_000_000 + $0 * 7_654_321)" } + ["21", "foobar", "a", "Levi's", "ÿ-ünïcode"]
        var batch = MessageBatch()
        for key in keys { batch.append(key: Array(key.utf8), value: Array("v".utf8)) }
        await producer.produce(batch)
        #expect(await producer.close(deadline: .now + .seconds(30)) == 0)
        await cluster.stop()
        let placed = tally.snapshot.partitions
        #expect(placed.count == keys.count)
        for key in keys {
            let expected = KafkaPartitioner.partition(forKey: Array(key.utf8), partitions: partitions)
            #expect(placed[key] == expected, "key \(key)")
        }
    }

    #if os(Linux)
    /// The delivery-report thread shows under its own name in `top -H`, `ps -L` and `perf` (it
    /// showed as a pool thread's `…oot.default-qos`: Linux keeps a creator's name and at most
    /// 15 bytes, and Foundation applied neither `loadgen-kafka-poll` nor a name set before start).
    @Test func thePollThreadIsNamed() async throws {
        // The delivery callback runs on this producer's poll thread: it reads its own name,
        // which no other test's threads (the mock cluster has a poll thread too, and suites run
        // in parallel) can change. Counting threads by name raced with both.
        let seen = Mutex<[String]>([])
        let cluster = try TestCluster.start(partitions: 1)
        let producer = try KafkaProducer(
            configuration: cluster.producerConfiguration(), topic: cluster.topic, logger: quietLogger,
            onDelivery: { _ in
                let comm = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "?"
                seen.withLock { $0.append(comm.trimmingCharacters(in: .whitespacesAndNewlines)) }
            })
        var batch = MessageBatch(capacity: 1, bytesPerMessage: 16)
        batch.append(key: Array("k".utf8), value: Array("v".utf8), tag: MessageTag(1))
        #expect(await producer.produce(batch) == ProduceOutcome(enqueued: 1, rejected: 0, unsent: 0))
        #expect(await producer.flush(deadline: .now + .seconds(30)) == 0)
        #expect(await producer.close(deadline: .now + .seconds(30)) == 0)
        await cluster.stop()
        let names = seen.withLock { $0 }
        #expect(!names.isEmpty)
        #expect(names.allSatisfy { $0 == "loadgen-poll" }, "\(names)")
    }
    #endif

    @Test func fullLocalQueueIsBackpressureNotFailure() async throws {
        let cluster = try TestCluster.start(partitions: 6)
        let tally = DeliveryTally()
        let producer = try KafkaProducer(
            configuration: cluster.producerConfiguration(["queue.buffering.max.messages": "1000"]),
            topic: cluster.topic, logger: quietLogger, onDelivery: tally.record)
        let total = 200_000
        var outcome = ProduceOutcome()
        var batch = MessageBatch(capacity: 5000, bytesPerMessage: 24)
        for i in 0..<total {
            batch.append(key: Array("k\(i % 1000)".utf8), value: Array("message \(i)".utf8))
            if batch.count == 5000 {
                let step = await producer.produce(batch)
                outcome.enqueued += step.enqueued
                outcome.rejected += step.rejected
                outcome.unsent += step.unsent
                #expect(producer.outstandingCount <= 1000 + 50)
                batch.removeAll()
            }
        }
        #expect(await producer.close(deadline: .now + .seconds(60)) == 0)
        await cluster.stop()
        #expect(outcome == ProduceOutcome(enqueued: total, rejected: 0, unsent: 0))
        #expect(tally.snapshot.delivered == total)
        #expect(tally.snapshot.failed == 0)
    }

    @Test func unreachableBootstrapFailsClearlyWithinTheTimeout() async throws {
        let port = try closedLoopbackPort()
        let producer = try KafkaProducer(
            configuration: .producer(bootstrapServers: "127.0.0.1:\(port)"), topic: "t", logger: quietLogger,
            onDelivery: { _ in })
        let started = ContinuousClock.now
        let error = await #expect(throws: KafkaError.self) { try await producer.checkConnection(timeout: .seconds(3)) }
        let elapsed = ContinuousClock.now - started
        await producer.close(deadline: .now + .seconds(2))
        #expect(error?.code == .unreachable)
        #expect(error?.message == "cannot reach Kafka at 127.0.0.1:\(port) within 3s (Connection refused): is the broker running, and is that its address?")
        #expect(elapsed > .seconds(1) && elapsed < .seconds(5))
    }

    @Test func oversizedMessageIsRejectedAndReported() async throws {
        let cluster = try TestCluster.start(partitions: 1)
        let tally = DeliveryTally()
        let producer = try KafkaProducer(
            configuration: cluster.producerConfiguration(["message.max.bytes": "1000"]),
            topic: cluster.topic, logger: quietLogger, onDelivery: tally.record)
        var batch = MessageBatch()
        batch.append(key: Array("k".utf8), value: [UInt8](repeating: 65, count: 5000))
        batch.append(key: Array("k".utf8), value: Array("small".utf8))
        let outcome = await producer.produce(batch)
        #expect(await producer.close(deadline: .now + .seconds(10)) == 0)
        await cluster.stop()
        #expect(outcome == ProduceOutcome(enqueued: 1, rejected: 1, unsent: 0))
        #expect(tally.snapshot.failed == 1)
        #expect(tally.snapshot.delivered == 1)
        #expect(tally.snapshot.errors.first?.contains("MSG_SIZE_TOO_LARGE") == true)
    }

    @Test func closeReturnsByItsDeadlineWhenEveryBrokerIsDown() async throws {
        let cluster = try TestCluster.start(brokers: 1, partitions: 1)
        let tally = DeliveryTally()
        let producer = try KafkaProducer(
            configuration: cluster.producerConfiguration(), topic: cluster.topic, logger: quietLogger,
            onDelivery: tally.record)
        _ = try await producer.checkConnection()
        cluster.mock.setBrokerDown(1)
        var batch = MessageBatch()
        for i in 0..<100 { batch.append(key: Array("k\(i)".utf8), value: Array("v".utf8)) }
        await producer.produce(batch)
        let started = ContinuousClock.now
        let purged = await producer.close(deadline: .now + .seconds(2))
        let elapsed = ContinuousClock.now - started
        await cluster.stop()
        #expect(elapsed < .seconds(3))
        #expect(purged == 100)
        // Every message is accounted for: purged ones got a failed report.
        #expect(tally.snapshot.delivered + tally.snapshot.failed == 100)
    }
}

/// A loopback port nothing listens on: bind one, note it, close it.
func closedLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
}
