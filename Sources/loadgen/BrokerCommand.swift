import ArgumentParser
import Foundation
import Kafka
import LoadGen
import Logging
import ServiceLifecycle

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

    @Option(help: "Serve the first broker on this loopback port (9092, say), the others on the next ones, so clients configured for localhost:9092 find the cluster. Default: ports the system picks.")
    var port: Int?

    @Option(help: "Delay every broker's answers by this many milliseconds (0-60000), to rehearse a distant cluster.")
    var roundTripMs = 0

    func validate() throws {
        guard (1...32).contains(brokers) else { throw ValidationError("--brokers: expected 1...32, got \(brokers)") }
        guard InputLimits.partitions.contains(partitions) else { throw ValidationError("--partitions: expected 1...10000, got \(partitions)") }
        try TopicName.check(topic, field: "--topic")
        if let port, !(1...(65_536 - brokers)).contains(port) {
            throw ValidationError("--port: expected 1...\(65_536 - brokers) (room for \(brokers) broker(s) from there), got \(port)")
        }
        guard (0...60_000).contains(roundTripMs) else { throw ValidationError("--round-trip-ms: expected 0...60000, got \(roundTripMs)") }
        if let replicationFactor, !(1...brokers).contains(replicationFactor) {
            throw ValidationError("--replication-factor: expected 1...\(brokers) (the broker count), got \(replicationFactor)")
        }
    }

    func run() async throws {
        bootstrapLogging(level: logLevel.level)
        // A client that goes away mid-answer must not take the broker (its forwarders) with it.
        signal(SIGPIPE, SIG_IGN)
        let logger = Logger(label: "loadgen.broker")
        let cluster = try MockCluster(brokers: brokers, logger: logger)
        try cluster.createTopic(topic, partitions: partitions, replicationFactor: replicationFactor ?? min(3, brokers))
        if roundTripMs > 0 { for broker in 1...Int32(brokers) { cluster.setRoundTripTime(roundTripMs, broker: broker) } }
        var bootstrap = cluster.bootstrapServers
        var forwarders: [BootstrapForwarder] = []
        if let port {
            // librdkafka's mock picks its own ports: a forwarder on each fixed port leads
            // clients to one broker, and the cluster's metadata to the others.
            let targets = cluster.bootstrapServers.split(separator: ",").compactMap { address -> (host: String, port: Int)? in
                guard let colon = address.lastIndex(of: ":"), let p = Int(address[address.index(after: colon)...]) else { return nil }
                return (String(address[..<colon]), p)
            }
            do {
                for (i, target) in targets.enumerated() {
                    let forwarder = try BootstrapForwarder(port: port + i, forwardingTo: target)
                    forwarder.start()
                    forwarders.append(forwarder)
                }
            } catch {
                forwarders.forEach { $0.stop() }
                await cluster.shutdown()
                throw ValidationError("--port: \(error)")
            }
            bootstrap = forwarders.map { "127.0.0.1:\($0.port)" }.joined(separator: ",")
        }
        // Unbuffered, so a script reading the first line sees it at once.
        FileHandle.standardOutput.write(Data((bootstrap + "\n").utf8))
        if let bootstrapFile {
            do {
                try (bootstrap + "\n").write(toFile: bootstrapFile, atomically: true, encoding: .utf8)
            } catch {
                await cluster.shutdown()
                throw ValidationError("--bootstrap-file: cannot write \(bootstrapFile): \(error.localizedDescription)")
            }
        }
        logger.notice("broker up: \(brokers) broker(s), topic \(topic) with \(partitions) partition(s); stop with Ctrl-C")
        let service = BrokerService(cluster: cluster, forwarders: forwarders, logger: logger)
        try await ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)).run()
    }
}

/// The test cluster (and its fixed-port forwarders) as a `Service`: serves until the group
/// shuts down gracefully (SIGINT or SIGTERM), then stops.
struct BrokerService: Service {
    let cluster: MockCluster
    let forwarders: [BootstrapForwarder]
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        logger.notice("stopping the broker")
        forwarders.forEach { $0.stop() }
        await cluster.shutdown()
    }
}
