#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Kafka
@testable import LoadGen
import LoadGenTesting
import Testing

/// The dead-letter file holds whole lines, says exactly what it holds, and a run whose file
/// cannot be written says so and fails.
@Suite("Dead letters that cannot be written", .serialized)
struct DeadLetterTests {
    @Test func aDeviceThatRefusesWritesLosesEveryMessageAndSaysSo() throws {
        let file = DeadLetterFile(path: "/dev/full")
        try fillDeadLetters(file, 40)
        file.close()
        #expect(file.count == 40)
        #expect(file.written == 0)
        #expect(file.lost == 40)
        #expect(file.writeError?.contains("No space left") == true, "\(file.writeError ?? "no error")")
    }

    @Test func aMissingDirectoryLosesEveryMessageAndSaysSo() throws {
        let file = DeadLetterFile(path: "/nonexistent-\(UUID().uuidString)/dl.jsonl")
        try fillDeadLetters(file, 5)
        file.close()
        #expect(file.written == 0 && file.lost == 5)
        #expect(file.writeError?.contains("cannot open") == true)
    }

    /// A disk that fills in the middle of a line (a simulated 20,000-byte device under a real
    /// file; Tests/e2e/edges.sh does the same on a real 64 KiB tmpfs): the file is cut back to
    /// its last whole line, and the counts say which lines are in it.
    @Test func aWriteCutShortKeepsWholeLinesAndCountsExactly() throws {
        let dir = try TemporaryDirectory(prefix: "dl")
        defer { dir.remove() }
        let path = dir.path("dl.jsonl")
        let limit = 20_000
        let file = DeadLetterFile(path: path, simulatedCapacity: Int64(limit))
        try fillDeadLetters(file, 60)
        file.close()
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(data.count <= limit)
        #expect(data.last == UInt8(ascii: "\n"), "the file ends in a torn line")
        let lines = data.split(separator: UInt8(ascii: "\n"))
        #expect(lines.count == file.written)
        #expect(file.written > 0 && file.lost > 0 && file.written + file.lost == 60, "written \(file.written) lost \(file.lost)")
        #expect(file.writeError?.contains("No space left") == true, "\(file.writeError ?? "no error")")
        for line in lines { #expect((try? JSONParser.parse(Array(line))) != nil) }
    }

    @Test func replayOfAFileWithATornLastLineSendsEveryWholeLineAndReportsTheTornOne() async throws {
        let dir = try TemporaryDirectory(prefix: "dl")
        defer { dir.remove() }
        let path = dir.path("dl.jsonl")
        let file = DeadLetterFile(path: path)
        try fillDeadLetters(file, 10)
        file.close()
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        let (key, value) = try sampleTransaction(99)
        data.append(contentsOf: Array("{\"topic\":\"t\",\"key\":\"\(key)\",\"value\":\"\(value.prefix(40))".utf8))
        try data.write(to: URL(fileURLWithPath: path))
        let read = try DeadLetterReplay.read(path: path)
        #expect(read.letters.count == 10)
        #expect(read.tornLine == 11)

        let cluster = try TestCluster.start(brokers: 1, partitions: 3, topic: "t")
        let report = try await DeadLetterReplay.replay(
            path: path, configuration: .producer(bootstrapServers: cluster.bootstrapServers), failedPath: path + ".failed", logger: quietLogger)
        await cluster.stop()
        #expect(report.read == 10 && report.delivered == 10 && report.tornLine == 11)
        #expect(report.summary.contains("torn last line 11"))
        // A broken line that is not the last one is still an error naming it.
        try (String(decoding: data, as: UTF8.self) + "\n{\"topic\":\"t\"}\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try DeadLetterReplay.read(path: path) }
    }

    @Test func aRunWhoseDeadLetterFileCannotBeWrittenCountsTheLostAndFails() async throws {
        let cluster = try TestCluster.start(brokers: 3, partitions: 12, replicationFactor: 3, topic: "transactions")
        var c = RunConfiguration(profile: steadyProfile(.perSecond(1500), duration: .seconds(3)))
        c.bootstrapServers = cluster.bootstrapServers
        c.generators = 1
        c.deadLetterPath = "/dev/full"
        c.flushTimeout = .seconds(2)
        let run = LoadRun(configuration: c, logger: quietLogger)
        let faults = Task {
            // Once the run is under way (on a slow or busy machine too), the cluster goes.
            for _ in 0..<1000 where run.metrics.delivered.load(ordering: .relaxed) < 1000 { try? await Task.sleep(for: .milliseconds(10)) }
            for broker: Int32 in 1...3 { cluster.mock.setBrokerDown(broker) }
        }
        let report = try await run.run()
        _ = await faults.value
        await cluster.stop()
        #expect(report.deadLettered > 0)
        #expect(report.delivered + report.deadLettered == report.produced, "\(report.summary)")
        #expect(report.deadLetterWritten == 0 && report.deadLetterLost == report.deadLettered, "\(report.summary)")
        #expect(report.exitCode == 1)
        #expect(report.deadLetterFile == nil)
        #expect(report.summary.hasPrefix("run report: \(report.deadLetterLost) message(s) LOST"), "\(report.summary)")
        let json = try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any]
        #expect(json?["dead_letter_lost"] as? Int == report.deadLetterLost)
        #expect((json?["dead_letter_error"] as? String)?.contains("No space left") == true)
    }

    @Test func aDeadLetterPathInAMissingDirectoryIsRefusedBeforeAnythingIsSent() async throws {
        let cluster = try TestCluster.start(brokers: 1, partitions: 2, topic: "transactions")
        var c = RunConfiguration(profile: steadyProfile(.unlimited, count: 100))
        c.bootstrapServers = cluster.bootstrapServers
        c.deadLetterPath = "/nonexistent-\(UUID().uuidString)/dl.jsonl"
        let run = LoadRun(configuration: c, logger: quietLogger)
        let error = await #expect(throws: InputError.self) { try await run.run() }
        await cluster.stop()
        #expect(error?.setting == ConfigurationError.Setting.deadLetterPath)
        #expect(error?.message.contains("does not exist") == true)
        #expect(run.metrics.produced.load(ordering: .relaxed) == 0)
        let dir = try TemporaryDirectory(prefix: "dl")
        defer { dir.remove() }
        #expect(throws: InputError.self) { try DeadLetterFile.checkWritable(dir.path, setting: "--dead-letter") }
        try DeadLetterFile.checkWritable(dir.path("x.jsonl"), setting: "--dead-letter")
        #expect(!FileManager.default.fileExists(atPath: dir.path("x.jsonl")), "the check created the file")
    }

    /// A file left with a torn last line (a crash mid-write) gets whole lines appended: the torn
    /// one is cut off, not glued to the next.
    @Test func appendingToAFileWithATornLastLineCutsItOff() throws {
        let dir = try TemporaryDirectory(prefix: "dl")
        defer { dir.remove() }
        let path = dir.path("dl.jsonl")
        let first = DeadLetterFile(path: path)
        try fillDeadLetters(first, 3)
        first.close()
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try (whole + Data("{\"topic\":\"t\",\"key\":\"user_".utf8)).write(to: URL(fileURLWithPath: path))
        let second = DeadLetterFile(path: path)
        try fillDeadLetters(second, 2)
        second.close()
        let read = try DeadLetterReplay.read(path: path)
        #expect(read.letters.count == 5 && read.tornLine == nil)
        #expect(second.written == 2)
    }
}
