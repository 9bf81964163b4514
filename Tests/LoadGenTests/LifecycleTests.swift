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
        async let running: Void = group.run()
        // Stopped once it has sent 500 (polled, at most 30 s), not after a fixed time: a slow
        // start-up on a loaded machine must not decide the test.
        let sending = await poll { await producer.metrics().messagesSent > 500 }
        let stopping = ContinuousClock.now
        await group.triggerGracefulShutdown()
        try await running
        let elapsed = ContinuousClock.now - stopping
        await cluster.stop()
        let m = await producer.metrics()
        #expect(sending, "\(m.messagesSent) sent in 30 s")
        #expect(m.messagesSent > 500, "\(m.messagesSent)")
        #expect(m.messagesDelivered == m.messagesSent && m.inFlight == 0)
        #expect(elapsed < .seconds(10), "the graceful stop took \(elapsed)")
    }

    @Test func aSignalStopsARunServiceGracefullyAndItsReportIsWhole() async throws {
        let cluster = try TestCluster.start(brokers: 1, partitions: 3, topic: "transactions")
        var c = RunConfiguration(profile: steadyProfile(.perSecond(1000), duration: .seconds(60)))
        c.bootstrapServers = cluster.bootstrapServers
        let monitor = Monitor()
        c.monitor = monitor
        let service = RunService(LoadRun(configuration: c, logger: quietLogger))
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigusr2], logger: quietLogger))
        async let running: Void = group.run()
        // The group traps SIGUSR2 before it starts its services, so once the run has sent
        // 1,000 (polled, at most 30 s) the signal is the group's.
        let sending = await poll { monitor.aggregateMetrics().messagesSent > 1000 }
        let signalled = ContinuousClock.now
        kill(getpid(), SIGUSR2)
        try await running
        let stop = ContinuousClock.now - signalled
        await cluster.stop()
        #expect(sending)
        let report = try #require(try service.report())
        #expect(stop < .seconds(10), "the graceful stop took \(stop)")
        #expect(report.durationSeconds < 50, "stopped by the signal, not its 60 s: \(report.summary)")
        #expect(report.produced > 1000 && report.delivered == report.produced, "\(report.summary)")
        #expect(report.exitCode == 0)
    }
}
