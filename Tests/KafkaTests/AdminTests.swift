import Kafka
import LoadGenTesting
import Testing

@Suite("KafkaAdmin and MockCluster", .serialized)
struct AdminTests {
    @Test func readsPartitionCountAndCreatesTopics() async throws {
        let cluster = try TestCluster.start(brokers: 3, partitions: 7, topic: "seven")
        let admin = try KafkaAdmin(configuration: cluster.clientConfiguration(), logger: quietLogger)
        let metadata = try await admin.checkConnection(timeout: .seconds(5))
        #expect(metadata.brokers.count == 3)
        #expect(try await admin.partitionCount(of: "seven") == 7)
        // librdkafka 2.0's mock cluster has no controller, so CreateTopics cannot succeed on it;
        // what must hold is that the request ends by its timeout with an error naming the topic.
        let started = ContinuousClock.now
        let refused = await #expect(throws: KafkaError.self) {
            try await admin.createTopic("made-by-admin", partitions: 5, replicationFactor: 2, timeout: .seconds(2))
        }
        #expect(refused?.code == .adminRequestFailed)
        #expect(refused?.message.hasPrefix("cannot create topic \"made-by-admin\" (5 partitions, replication factor 2): ") == true)
        #expect(ContinuousClock.now - started < .seconds(5))
        let missing = await #expect(throws: KafkaError.self) { try await admin.partitionCount(of: "no-such-topic") }
        #expect(missing?.code == .unknownTopic)
        await admin.close()
        await cluster.stop()
    }

    @Test func injectedRetriableProduceErrorsAreRetriedByLibrdkafka() async throws {
        let cluster = try TestCluster.start(brokers: 3, partitions: 3)
        let tally = DeliveryTally()
        let producer = try KafkaProducer(
            configuration: cluster.producerConfiguration(), topic: cluster.topic, logger: quietLogger,
            onDelivery: tally.record)
        _ = try await producer.checkConnection()
        cluster.mock.pushRequestErrors(
            [.notLeaderForPartition, .requestTimedOut, .notLeaderForPartition], for: .produce)
        var batch = MessageBatch()
        for i in 0..<1000 { batch.append(key: Array("k\(i)".utf8), value: Array("v\(i)".utf8)) }
        await producer.produce(batch)
        #expect(await producer.close(deadline: .now + .seconds(30)) == 0)
        await cluster.stop()
        #expect(tally.snapshot.delivered == 1000)
        #expect(tally.snapshot.failed == 0)
    }
}
