#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Kafka
@testable import LoadGen
import LoadGenTesting
import Logging
import ServiceLifecycle
import Testing

/// Runs are services: a group's graceful shutdown (a signal, or the group's owner) stops them
/// like Ctrl-C — batches finish, deliveries flush, the report is whole.
@Suite("Service lifecycle", .serialized)
struct LifecycleTests {
    @Test func aLibraryProducerInAUsersGroupStopsGracefullyWhenTheGroupShutsDown() async throws {
        let cluster = try TestCluster.start(brokers: 1, partitions: 3, topic: "transactions")
        var profile = steadyProfile(.perSecond(500))
        profile.duration = nil
        var c = RunConfiguration(profile: profile)
        c.bootstrapServers = cluster.bootstrapServers
        c.monitor = nil
        let producer = try await TransactionProducer(configuration: c, logger: quietLogger)
        let group = ServiceGroup(services: [producer], logger: quietLogger)
        let started = ContinuousClock.now
        async let running: Void = group.run()
        try await Task.sleep(for: .seconds(2))
        await group.triggerGracefulShutdown()
        try await running
        let elapsed = ContinuousClock.now - started
        await cluster.stop()
        let m = await producer.metrics()
        #expect(m.messagesSent > 500, "\(m.messagesSent)")
        #expect(m.messagesDelivered == m.messagesSent && m.inFlight == 0)
        #expect(elapsed < .seconds(10))
    }

    @Test func aSignalStopsARunServiceGracefullyAndItsReportIsWhole() async throws {
        let cluster = try TestCluster.start(brokers: 1, partitions: 3, topic: "transactions")
        var c = RunConfiguration(profile: steadyProfile(.perSecond(1000), duration: .seconds(60)))
        c.bootstrapServers = cluster.bootstrapServers
        c.monitor = nil
        let service = RunService(LoadRun(configuration: c, logger: quietLogger))
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigusr2], logger: quietLogger))
        async let running: Void = group.run()
        // The group listens for SIGUSR2 (ignoring its default action) once it runs.
        try await Task.sleep(for: .seconds(2))
        kill(getpid(), SIGUSR2)
        try await running
        await cluster.stop()
        let report = try #require(try service.report())
        #expect(report.durationSeconds < 10, "\(report.summary)")
        #expect(report.produced > 1000 && report.delivered == report.produced, "\(report.summary)")
        #expect(report.exitCode == 0)
    }
}
