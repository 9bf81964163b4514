import Commerce
import Foundation
import Kafka
@testable import LoadGen
import LoadGenTesting
import Testing

func steadyProfile(_ rate: RateSpec, duration: Duration? = nil, count: Int? = nil) -> LoadProfile {
    var p = LoadProfile()
    p.rate = rate
    p.multipliers = []
    p.duration = duration
    p.count = count
    p.commerce.users = 50_000
    return p
}

@Suite("Runs end to end", .serialized)
struct RunTests {
    @Test func twentyThousandPerSecondForTenSecondsAgainstTheMockCluster() async throws {
        let cluster = try TestCluster.start(brokers: 3, partitions: 12, topic: "transactions")
        var c = RunConfiguration(profile: steadyProfile(.perSecond(20_000), duration: .seconds(10)))
        c.bootstrapServers = cluster.bootstrapServers
        c.generators = 2
        let report = try await LoadRun(configuration: c, logger: quietLogger).run()
        await cluster.stop()
        let target = try #require(report.targetCount)
        #expect(abs(target - 200_000) < 1)
        #expect(abs(Double(report.produced) - target) <= target * 0.01, "produced \(report.produced) of \(target)")
        #expect(report.delivered == report.produced)
        #expect(report.failed == 0 && report.undelivered == 0 && report.invalid == 0)
        #expect(report.permitsDropped == 0)
        #expect(report.latency.count == UInt64(report.delivered))
        #expect(report.exitCode == 0)
        let json = report.jsonObject()
        for key in ["profile", "seed", "started_at", "duration_s", "target_count", "produced", "delivered", "failed", "invalid",
                    "bytes", "achieved_rate_per_s", "rate_error_pct", "latency_ms", "schedule_lag_ms", "rss_mb_max",
                    "librdkafka_version", "producer_config"] {
            #expect(json[key] != nil, "report key \(key)")
        }
    }

    /// A live run's generators wait for their slices asleep on threads of their own (one
    /// wake-up per slice), never as tasks on the cooperative pool, and still keep the rate.
    @Test(.timeLimit(.minutes(1))) func liveGeneratorsWaitOnTheirOwnThreads() async throws {
        var c = RunConfiguration(profile: steadyProfile(.perSecond(2_000), duration: .seconds(1)))
        c.output = .null
        c.generators = 2
        let run = LoadRun(configuration: c, logger: quietLogger)
        let report = try await run.run()
        let onThread = run.metrics.waitsOnOwnThread.load(ordering: .relaxed)
        #expect(onThread >= 20, "\(onThread) waits on the generators' threads")
        #expect(run.metrics.waitsAsTask.load(ordering: .relaxed) == 0)
        #expect(abs(Double(report.produced) - 2_000) <= 20, "produced \(report.produced)")
        // About one wake-up per slice of 10 ms per generator (32 of a generator's permits
        // would take 32 ms: the slice is capped), and no sink's batching lengthens the slices.
        let wakeUps = try #require(report.schedule?.wakeUps)
        #expect(wakeUps >= 120 && wakeUps <= 300, "\(wakeUps) wake-ups")
        #expect(report.schedule?.shortestSliceMs == 2)
    }

    /// A run to Kafka releases its permits in slices of at least half the producer's
    /// `linger.ms` (a message waits that long in librdkafka anyway): with `-X linger.ms=100` the
    /// shortest slice is 50 ms, and one generator at 2,000/s wakes about 40 times in 2 s,
    /// against about 200 with librdkafka's default of 5 ms (32 permits would take 16 ms: the
    /// slice is capped at 10 ms).
    @Test(.timeLimit(.minutes(1))) func aRunToKafkaSlicesByTheProducersLinger() async throws {
        let cluster = try TestCluster.start(brokers: 1, partitions: 4, topic: "transactions")
        func run(_ properties: [String: String]) async throws -> ScheduleFacts {
            var c = RunConfiguration(profile: steadyProfile(.perSecond(2_000), duration: .seconds(2)))
            c.bootstrapServers = cluster.bootstrapServers
            c.generators = 1
            c.kafkaProperties = properties
            let report = try await LoadRun(configuration: c, logger: quietLogger).run()
            #expect(report.delivered == report.produced && abs(report.produced - 4_000) <= 40, "\(properties): \(report.delivered) of \(report.produced)")
            return try #require(report.schedule)
        }
        let lingering = try await run(["linger.ms": "100"])
        let prompt = try await run([:])
        await cluster.stop()
        #expect(lingering.shortestSliceMs == 50)
        #expect(prompt.shortestSliceMs == 2.5)
        let fewer = try #require(lingering.wakeUps), more = try #require(prompt.wakeUps)
        #expect(fewer >= 30 && fewer <= 60, "\(fewer) wake-ups with linger.ms=100")
        #expect(more >= 150 && more <= 230, "\(more) wake-ups with the default linger")
    }

    /// A task that prefers a generator's thread runs there and sleeps there (blocking the
    /// thread, to the deadline, never longer than the longest sleep); with a virtual clock it
    /// sleeps as a task; off the thread it never blocks. The thread ends once finished.
    @Test(.timeLimit(.minutes(1))) func aGeneratorThreadRunsItsTaskAndSleepsToTheDeadline() async throws {
        let thread = try #require(GeneratorThread(name: "test-generator"))
        let clock = SystemClock()
        #expect(!GeneratorThread.isCurrent)
        let (on, slept, late, capped, virtual) = await Task(executorPreference: thread) {
            () async -> (Bool, Bool, Int64, Int64, Bool) in
            let deadline = clock.now() + 20_000_000
            let slept = await GeneratorThread.pause(until: deadline, clock: clock)
            let late = clock.now() - deadline
            // A deadline an hour away: woken after the longest sleep, not the hour.
            let before = clock.now()
            await GeneratorThread.pause(until: before + 3_600_000_000_000, clock: clock)
            let capped = clock.now() - before
            let virtual = await GeneratorThread.pause(until: 1_000, clock: ManualClock())
            return (GeneratorThread.isCurrent, slept, late, capped, virtual)
        }.value
        #expect(on && slept && !virtual)
        #expect(late >= 0, "woke \(late) ns before the deadline")
        #expect(capped >= GeneratorThread.longestSleepNanos && capped < 10 * GeneratorThread.longestSleepNanos, "slept \(capped) ns")
        #expect(await GeneratorThread.pause(until: clock.now() + 1_000_000, clock: clock) == false)
        #expect(!thread.hasEnded)
        thread.finish()
        for _ in 0..<500 where !thread.hasEnded { try await Task.sleep(for: .milliseconds(10)) }
        #expect(thread.hasEnded)
    }

    @Test func countIsExactToKafkaAndToNull() async throws {
        let cluster = try TestCluster.start(brokers: 1, partitions: 4, topic: "transactions")
        for output in [RunConfiguration.Output.kafka, .null] {
            var c = RunConfiguration(profile: steadyProfile(.unlimited, count: 12_345))
            c.bootstrapServers = cluster.bootstrapServers
            c.output = output
            c.generators = 3
            let report = try await LoadRun(configuration: c, logger: quietLogger).run()
            #expect(report.produced == 12_345, "\(output)")
            #expect(report.delivered == 12_345, "\(output)")
        }
        await cluster.stop()
    }

    @Test func stoppingMidRunDeliversEverythingProduced() async throws {
        let cluster = try TestCluster.start(brokers: 3, partitions: 6, topic: "transactions")
        var c = RunConfiguration(profile: steadyProfile(.perSecond(5000)))
        c.bootstrapServers = cluster.bootstrapServers
        let run = LoadRun(configuration: c, logger: quietLogger)
        // Stopped a second after it has produced 5,000 (polled, at most 30 s), not at a fixed
        // time: a slow start-up on a loaded machine must not decide the test.
        let stopper = Task {
            _ = await poll { run.metrics.produced.load(ordering: .relaxed) > 5000 }
            try await Task.sleep(for: .seconds(1))
            run.stop()
            return ContinuousClock.now
        }
        let report = try await run.run()
        let stopping = ContinuousClock.now - (try await stopper.value)
        await cluster.stop()
        #expect(report.produced > 5000)
        #expect(report.delivered == report.produced)
        #expect(report.undelivered == 0)
        #expect(stopping < .seconds(5), "the stop took \(stopping)")
        #expect(report.durationSeconds > 1 && report.durationSeconds < 35, "\(report.summary)")
        #expect(abs(report.rateErrorPercent!) < 2)
    }

    @Test func shardsNeverShareAUserOrATransactionIdAndAddUpToTheWhole() async throws {
        // Two shards split one schedule of 20,000 by shopper: their counts add up to it, and
        // together they are the single-process run.
        var users: [[String]] = []
        var ids: [[String]] = []
        var lines: [[Substring]] = []
        let dir = try TemporaryDirectory(prefix: "loadgen-shards")
        defer { dir.remove() }
        for shard in [0, 1, nil] as [Int?] {
            let path = dir.path("shard-\(shard.map(String.init) ?? "all").jsonl")
            var profile = steadyProfile(.unlimited, count: 20_000)
            profile.commerce.users = 5_000
            profile.clockStart = .instant(millis: 1_795_000_000_000)
            var c = RunConfiguration(profile: profile)
            c.output = .file(path)
            if let shard { c.shard = .init(index: shard, count: 2) }
            c.generators = 2
            let report = try await LoadRun(configuration: c, logger: quietLogger).run()
            let text = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            #expect(report.produced == text.count)
            lines.append(text)
            guard shard != nil else { continue }
            let objects = text.map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
            users.append(objects.map { $0["user_id"] as! String })
            ids.append(objects.map { $0["transaction_id"] as! String })
        }
        #expect(lines[0].count + lines[1].count == 20_000)
        #expect(abs(lines[0].count - 10_000) < 500, "a shard's share is about half: \(lines[0].count)")
        #expect((lines[0] + lines[1]).sorted() == lines[2].sorted(), "the union of the shards is the single-process run")
        #expect(Set(users[0]).isDisjoint(with: Set(users[1])))
        #expect(Set(ids[0]).isDisjoint(with: Set(ids[1])))
        #expect(Set(ids[0]).count == lines[0].count && Set(ids[1]).count == lines[1].count)
        // Heavy-tailed shoppers: 20,000 purchases from a population of 5,000 come from about 2,000 of them.
        #expect(Set(users[0]).count + Set(users[1]).count > 1_000)
    }

    @Test func unreachableClusterIsAClearError() async throws {
        var c = RunConfiguration(profile: steadyProfile(.perSecond(10), count: 5))
        c.bootstrapServers = "127.0.0.1:1"
        c.connectTimeout = .seconds(2)
        let error = await #expect(throws: KafkaError.self) { try await LoadRun(configuration: c, logger: quietLogger).run() }
        #expect(error?.message.hasPrefix("cannot reach Kafka at 127.0.0.1:1 within 2s") == true)
    }

    @Test func badKafkaPropertyIsBadInputNamingTheFlag() async throws {
        var c = RunConfiguration(profile: steadyProfile(.perSecond(10), count: 5))
        c.bootstrapServers = "127.0.0.1:1"
        c.kafkaProperties = ["linger.msec": "5"]
        let error = await #expect(throws: InputError.self) { try await LoadRun(configuration: c, logger: quietLogger).run() }
        #expect(error?.description.hasPrefix("-X: unknown Kafka property linger.msec") == true)
    }
}
