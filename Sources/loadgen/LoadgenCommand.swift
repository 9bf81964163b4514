import ArgumentParser
import Logging

/// `loadgen`: realistic e-commerce transactions to Kafka.
@main
struct LoadgenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loadgen",
        abstract: "Produce realistic e-commerce transactions to Apache Kafka.",
        subcommands: [BrokerCommand.self]
    )
}

/// Sets up swift-log once: human-readable lines on standard error, at `level`.
func bootstrapLogging(level: Logger.Level) {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
}
