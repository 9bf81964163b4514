import Kafka
import Logging
import Synchronization

/// An in-process mock cluster with one topic, for a test's lifetime.
struct TestCluster {
    let mock: MockCluster
    let topic: String

    static func start(brokers: Int = 3, partitions: Int = 12, topic: String = "test") throws -> TestCluster {
        let mock = try MockCluster(brokers: brokers, logger: quietLogger)
        try mock.createTopic(topic, partitions: partitions)
        return TestCluster(mock: mock, topic: topic)
    }

    func producerConfiguration(_ overrides: [String: String] = [:]) throws -> KafkaConfiguration {
        var configuration = KafkaConfiguration.producer(bootstrapServers: mock.bootstrapServers)
        try configuration.merge(overrides)
        return configuration
    }

    func stop() async { await mock.shutdown() }
}

/// Logs only errors, so test output stays readable.
let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .error
    return logger
}()

/// Counts delivery reports from the poll thread.
final class DeliveryTally: Sendable {
    struct Counts { var delivered = 0; var failed = 0; var bytes = 0; var partitions: [String: Int32] = [:]; var errors: [String] = [] }
    let counts = Mutex(Counts())
    let recordPartitions: Bool

    init(recordPartitions: Bool = false) { self.recordPartitions = recordPartitions }

    func record(_ report: DeliveryReport) {
        let key = recordPartitions ? String(decoding: report.key, as: UTF8.self) : nil
        counts.withLock { c in
            if let error = report.error {
                c.failed += 1
                if c.errors.count < 5 { c.errors.append(error.description) }
            } else {
                c.delivered += 1
                c.bytes += report.byteCount
            }
            if let key { c.partitions[key] = report.partition }
        }
    }

    var snapshot: Counts { counts.withLock { $0 } }
}
