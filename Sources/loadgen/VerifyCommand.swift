import ArgumentParser
import Foundation
import Kafka
import LoadGen
import Logging

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
    var timeout: DurationArgument = "10m"

    func validate() throws {
        if let topic { try TopicName.check(topic, field: "--topic") }
        _ = try timeout.value(field: "--timeout")
    }

    func run() async throws {
        let (configuration, logger) = try cluster.configuration()
        let topic = self.topic ?? ProcessInfo.processInfo.environment["KAFKA_TOPIC"] ?? "transactions"
        try TopicName.check(topic, field: self.topic != nil ? "--topic" : "KAFKA_TOPIC")
        let expectation = try against.map { path throws(InputError) in try VerifyExpectation.load(reportPath: path) }
        let limit = try timeout.value(field: "--timeout")
        // Checked before the topic is read: writable, and not the run report it is checked against.
        if let report { try OutputPath.check(report, setting: "--report", what: "verification report", inputs: [against].compactMap { $0 }) }
        let result = try await TopicVerifier.verify(configuration: configuration, topic: topic, expectation: expectation, allowTruncated: allowTruncated, timeout: limit, logger: logger)
        if let report {
            do { try OutputPath.write(Array(try result.jsonData()), to: report, setting: "--report") } catch {
                logger.error("cannot write the report: \(error)")
                throw ExitCode(1)
            }
        }
        print(result.summary)
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}
