import ArgumentParser
import Foundation
import Kafka
import LoadGen
import Logging

/// `loadgen broker`: a Kafka-protocol broker on loopback for people with no Kafka at hand.
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run a Kafka-protocol test broker (librdkafka's mock cluster) on loopback.",
        discussion: """
            Prints the bootstrap servers as the first line on stdout, then serves until SIGINT \
            or SIGTERM. kcat and any Kafka client can use it: kcat -b "$(head -1 FILE)" -L. \
            It keeps only the newest few MB of each partition: it is for tests, not storage.
            """
    )

    @Option(help: "Number of brokers (1-32).")
    var brokers = 3

    @Option(help: "Topic to create at start.")
    var topic = "transactions"

    @Option(help: "Partitions of that topic.")
    var partitions = 12

    @Option(help: "Replication factor of that topic (default: the smaller of 3 and --brokers).")
    var replicationFactor: Int?

    @Option(help: "Also write the bootstrap servers into this file (for scripts).")
    var bootstrapFile: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: LogLevelArgument = .init(.warning)

    func validate() throws {
        guard (1...32).contains(brokers) else { throw ValidationError("--brokers: expected 1...32, got \(brokers)") }
        guard InputLimits.partitions.contains(partitions) else { throw ValidationError("--partitions: expected 1...10000, got \(partitions)") }
        try TopicName.check(topic, field: "--topic")
        if let replicationFactor, !(1...brokers).contains(replicationFactor) {
            throw ValidationError("--replication-factor: expected 1...\(brokers) (the broker count), got \(replicationFactor)")
        }
    }

    func run() async throws {
        bootstrapLogging(level: logLevel.level)
        let logger = Logger(label: "loadgen.broker")
        let signals = TerminationSignal.stream()
        let cluster = try MockCluster(brokers: brokers, logger: logger)
        try cluster.createTopic(topic, partitions: partitions, replicationFactor: replicationFactor ?? min(3, brokers))
        // Unbuffered, so a script reading the first line sees it at once.
        FileHandle.standardOutput.write(Data((cluster.bootstrapServers + "\n").utf8))
        if let bootstrapFile {
            do {
                try (cluster.bootstrapServers + "\n").write(toFile: bootstrapFile, atomically: true, encoding: .utf8)
            } catch {
                await cluster.shutdown()
                throw ValidationError("--bootstrap-file: cannot write \(bootstrapFile): \(error.localizedDescription)")
            }
        }
        logger.notice("broker up: \(brokers) broker(s), topic \(topic) with \(partitions) partition(s); stop with Ctrl-C")
        for await signal in signals {
            logger.notice("\(TerminationSignal.name(signal)): stopping the broker")
            break
        }
        await cluster.shutdown()
    }
}
