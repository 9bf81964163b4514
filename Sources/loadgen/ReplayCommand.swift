import ArgumentParser
import Foundation
import Kafka
import LoadGen
import Logging

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

    /// Where messages that fail again go.
    var failedPath: String { deadLetter ?? (file.hasSuffix(".jsonl") ? String(file.dropLast(6)) : file) + ".failed.jsonl" }

    func validate() throws {
        if let topic { try TopicName.check(topic, field: "--topic") }
        // Checked before anything is sent: a message that fails again must have somewhere to go.
        try OutputPath.check(failedPath, setting: "--dead-letter", what: "dead-letter file", inputs: [file])
    }

    func run() async throws {
        let (configuration, logger) = try cluster.configuration()
        var producerConfiguration = KafkaConfiguration.producer(bootstrapServers: configuration.bootstrapServers ?? "")
        try producerConfiguration.merge(configuration.properties)
        let result = try await DeadLetterReplay.replay(
            path: file, configuration: producerConfiguration, topic: topic, failedPath: failedPath, logger: logger)
        print(result.summary)
        if result.failed > 0 || result.delivered < result.read || result.tornLine != nil { throw ExitCode(1) }
    }
}
