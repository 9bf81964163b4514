// The Swift snippets the README shows, compiled here as they are written there (ReadmeTests
// checks every ```swift block of the README appears verbatim in this file or in an example).
import Foundation
import LoadGen
import Logging
import ServiceLifecycle

// README: Swift API
func produceForAnHour(to bootstrapServers: String) async throws -> ProducerMetrics {
    let producer = try await TransactionProducer(
        bootstrapServers: bootstrapServers, topic: "transactions",
        generationRate: 1000,                       // transactions per hour
        producerConfig: ["acks": "all", "compression.type": "snappy", "linger_ms": "10"])
    try await producer.runContinuous(duration: .seconds(3600))   // nil = until cancelled
    let m = await producer.metrics()   // messagesSent, messagesFailed, bytesSent, lastSendTime, ...
    await producer.close()
    return m
}
// README: end

// README: profile API
func blackFriday(on bootstrapServers: String) async throws -> RunReport {
    var profile = try LoadProfile.load(path: "loadprofiles/blackfriday.json")
    profile.topic = "bf-test"
    let producer = try await TransactionProducer(profile: profile, bootstrapServers: bootstrapServers)
    defer { Task { await producer.close() } }
    return try await producer.runContinuous(duration: .seconds(30))
}
// README: end

// README: monitor API
func printAggregate() {
    let total = Monitor.shared.aggregateMetrics()     // every producer in this process
    print("sent \(total.messagesSent), failed \(total.messagesFailed), p99 \(total.latencyMillis.p99) ms")
}
// README: end

// README: Swift API, in a service group
func runUntilSignalled(_ producer: TransactionProducer, logger: Logger) async throws {
    let group = ServiceGroup(configuration: ServiceGroupConfiguration(
        services: [producer], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()   // SIGTERM or Ctrl-C: the run stops, flushes, and run() returns
}
// README: end
