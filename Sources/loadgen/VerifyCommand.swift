import ArgumentParser
import Foundation
import Kafka
import LoadGen
import Logging

/// Options every command that talks to a cluster shares.
struct ClusterOptions: ParsableArguments {
    @Option(help: "Kafka bootstrap servers, HOST:PORT[,HOST:PORT...]. Default: $KAFKA_BOOTSTRAP_SERVERS.")
    var bootstrapServers: String?

    @Option(name: .customShort("X"), help: ArgumentHelp("A librdkafka property, key=value (repeatable); a value env:NAME is read from the environment.", valueName: "key=value"))
    var properties: [String] = []

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical. Default: $LOG_LEVEL, else warning.")
    var logLevel: String?

    /// Sets up logging and returns the client configuration.
    func configuration() throws -> (KafkaConfiguration, Logger) {
        let environment = ProcessInfo.processInfo.environment
        let (configuration, level) = try resolve(environment)
        bootstrapLogging(level: level)
        return (configuration, Logger(label: "loadgen"))
    }

    /// Checks every option (with `environment` for the variables) and returns the client
    /// configuration and log level, without side effects.
    func resolve(_ environment: [String: String]) throws(InputError) -> (KafkaConfiguration, Logger.Level) {
        let levelText = logLevel ?? environment["LOG_LEVEL"] ?? "warning"
        guard let level = LogLevelArgument.parse(levelText) else {
            throw InputError(logLevel != nil ? "--log-level" : "LOG_LEVEL", "expected one of trace, debug, info, notice, warning, error, critical, got \(InputError.quoted(levelText))")
        }
        guard let servers = bootstrapServers ?? environment["KAFKA_BOOTSTRAP_SERVERS"] else {
            throw InputError("--bootstrap-servers", "expected HOST:PORT[,HOST:PORT...] (or KAFKA_BOOTSTRAP_SERVERS)")
        }
        try BootstrapServers.check(servers, field: bootstrapServers != nil ? "--bootstrap-servers" : "KAFKA_BOOTSTRAP_SERVERS")
        return (try KafkaConfiguration.client(bootstrapServers: servers, properties: properties, environment: environment), level)
    }
}

/// `loadgen verify`: reads a topic back and checks what loadgen promises of it.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Read a topic from beginning to end and check every transaction (exit 1 on any violation).",
        discussion: """
            Checks: each value parses and passes the transaction checks; no transaction_id twice; \
            each message on the partition murmur2(key) gives (so each user on one partition); per \
            user, timestamps never go backwards. Each partition is read to the end the broker's \
            fetches report. With --against REPORT: consumed == delivered of that run. It says how \
            much of the topic it checked; a log whose oldest messages the broker already dropped \
            (truncated) fails unless --allow-truncated is given, which counts them as present. Use \
            a topic the run had to itself.
            """
    )

    @OptionGroup var cluster: ClusterOptions

    @Option(help: "Topic to read. Default: $KAFKA_TOPIC, else transactions.")
    var topic: String?

    @Option(help: "A run report (loadgen --report FILE): the topic must hold exactly what that run delivered.")
    var against: String?

    @Flag(help: "Pass a truncated log (the broker dropped its oldest messages): count what was dropped as present instead of failing.")
    var allowTruncated = false

    @Option(help: "Write the verification report (JSON) to this file.")
    var report: String?

    @Option(help: "Give up when the read takes longer than this.")
    var timeout: String = "10m"

    func validate() throws {
        if let topic { try TopicName.check(topic, field: "--topic") }
        _ = try DurationSpec.parse(timeout, field: "--timeout")
    }

    func run() async throws {
        let (configuration, logger) = try cluster.configuration()
        let topic = self.topic ?? ProcessInfo.processInfo.environment["KAFKA_TOPIC"] ?? "transactions"
        try TopicName.check(topic, field: self.topic != nil ? "--topic" : "KAFKA_TOPIC")
        let expectation = try against.map { path throws(InputError) in try VerifyExpectation.load(reportPath: path) }
        let limit = try DurationSpec.parse(timeout, field: "--timeout")
        let result = try await TopicVerifier.verify(configuration: configuration, topic: topic, expectation: expectation, allowTruncated: allowTruncated, timeout: limit, logger: logger)
        if let report {
            do { try result.jsonData().write(to: URL(fileURLWithPath: report)) } catch {
                logger.error("cannot write the report to \(report): \(error.localizedDescription)")
                throw ExitCode(1)
            }
        }
        print(result.summary)
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}

/// `loadgen replay`: sends a dead-letter file's messages again.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Send the messages of a dead-letter file again, with their keys (exit 1 if any fails again).",
        discussion: """
            Messages that fail again go to FILE.failed.jsonl (or --dead-letter), ready for another replay. \
            A torn last line (the file was cut short by a full disk or a crash) is skipped and reported, and the exit code is 1.
            """
    )

    @OptionGroup var cluster: ClusterOptions

    @Argument(help: "The dead-letter file (JSON lines written by a run).")
    var file: String

    @Option(help: "Send every message to this topic instead of the one it was meant for.")
    var topic: String?

    @Option(help: "Where messages that fail again go. Default: FILE.failed.jsonl.")
    var deadLetter: String?

    func validate() throws {
        if let topic { try TopicName.check(topic, field: "--topic") }
    }

    func run() async throws {
        let (configuration, logger) = try cluster.configuration()
        var producerConfiguration = KafkaConfiguration.producer(bootstrapServers: configuration.bootstrapServers ?? "")
        try producerConfiguration.merge(configuration.properties)
        let failedPath = deadLetter ?? (file.hasSuffix(".jsonl") ? String(file.dropLast(6)) : file) + ".failed.jsonl"
        let result = try await DeadLetterReplay.replay(
            path: file, configuration: producerConfiguration, topic: topic, failedPath: failedPath, logger: logger)
        print(result.summary)
        if result.failed > 0 || result.delivered < result.read || result.tornLine != nil { throw ExitCode(1) }
    }
}
