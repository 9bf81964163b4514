import Foundation
import Kafka
import LoadGen
import LoadGenTesting
import Testing

@Suite("Secrets and start-up refusals", .serialized)
struct BadInputTests {
    @Test func envReferencesResolveAndMissingOnesNameTheVariableOnly() throws {
        let resolved = try KafkaConfiguration.resolvingEnvironment(
            ["sasl.password": "env:KAFKA_PASSWORD", "sasl.username": "alice"], field: "-X",
            environment: ["KAFKA_PASSWORD": "s3cret-value"])
        #expect(resolved == ["sasl.password": "s3cret-value", "sasl.username": "alice"])
        let error = #expect(throws: InputError.self) {
            try KafkaConfiguration.resolvingEnvironment(["sasl.password": "env:NOPE_NOT_SET"], field: "-X", environment: [:])
        }
        #expect(error?.description == "-X sasl.password: environment variable NOPE_NOT_SET is not set (the value says env:NOPE_NOT_SET)")
        #expect(throws: InputError.self) { try KafkaConfiguration.client(bootstrapServers: "x:1", properties: ["nonsense.property=1"]) }
        #expect(throws: InputError.self) { try KafkaConfiguration.client(bootstrapServers: "x:1", properties: ["novalue"]) }
    }

    @Test func aSecretFromTheEnvironmentNeverReachesTheReport() async throws {
        setenv("LOADGEN_TEST_SECRET", "hunter2-from-env", 1)
        let cluster = try TestCluster.start(brokers: 1, partitions: 2, topic: "transactions")
        var c = RunConfiguration(profile: steadyProfile(.unlimited, count: 100))
        c.bootstrapServers = cluster.bootstrapServers
        c.kafkaProperties = ["sasl.password": "env:LOADGEN_TEST_SECRET", "sasl.username": "alice"]
        let report = try await LoadRun(configuration: c, logger: quietLogger).run()
        await cluster.stop()
        #expect(report.delivered == 100)
        let text = String(decoding: try report.jsonData(), as: UTF8.self) + report.summary
        #expect(!text.contains("hunter2-from-env"))
        #expect(report.producerConfig["sasl.password"] == "***")
        #expect(report.producerConfig["sasl.username"] == "alice")
    }

    @Test func aTopicTheClusterWillNotCreateIsRefusedAndNothingIsSent() async throws {
        let cluster = try TestCluster.start(brokers: 1, topic: "absent", createTopic: false)
        cluster.mock.setTopicError("absent", .unknownTopicOrPartition)
        var p = steadyProfile(.unlimited, count: 100)
        p.topic = "absent"
        var c = RunConfiguration(profile: p)
        c.bootstrapServers = cluster.bootstrapServers
        c.connectTimeout = .seconds(2)
        let run = LoadRun(configuration: c, logger: quietLogger)
        let error = await #expect(throws: InputError.self) { try await run.run() }
        #expect(error?.setting == ConfigurationError.Setting.topic)
        #expect(error?.message.contains("create it first") == true)
        #expect(run.metrics.produced.load(ordering: .relaxed) == 0)
        await cluster.stop()
    }

    @Test func messagesLargerThanMessageMaxBytesAreRefusedBeforeSending() async throws {
        let cluster = try TestCluster.start(brokers: 1, partitions: 2, topic: "transactions")
        var c = RunConfiguration(profile: steadyProfile(.unlimited, count: 100))
        c.bootstrapServers = cluster.bootstrapServers
        c.kafkaProperties = ["message.max.bytes": "1000"]
        let run = LoadRun(configuration: c, logger: quietLogger)
        let error = await #expect(throws: InputError.self) { try await run.run() }
        #expect(error?.location == "message.max.bytes")
        #expect(error?.message.contains("expected at least") == true)
        #expect(run.metrics.produced.load(ordering: .relaxed) == 0)
        await cluster.stop()
    }
}
