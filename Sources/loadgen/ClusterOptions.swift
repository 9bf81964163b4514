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
    var properties: [KafkaPropertyArgument] = []

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical. Default: $LOG_LEVEL, else warning.")
    var logLevel: LogLevelSetting?

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
        let level = try LogLevelArgument.resolve(logLevel, environment: environment, default: .warning)
        guard let servers = bootstrapServers ?? environment["KAFKA_BOOTSTRAP_SERVERS"] else {
            throw InputError("--bootstrap-servers", "expected HOST:PORT[,HOST:PORT...] (or KAFKA_BOOTSTRAP_SERVERS)")
        }
        try BootstrapServers.check(servers, field: bootstrapServers != nil ? "--bootstrap-servers" : "KAFKA_BOOTSTRAP_SERVERS")
        return (try KafkaConfiguration.client(bootstrapServers: servers, properties: properties.map(\.text), environment: environment), level)
    }
}
