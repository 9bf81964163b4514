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
