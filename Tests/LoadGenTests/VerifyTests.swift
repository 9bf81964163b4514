import Commerce
import Foundation
@testable import Kafka
@testable import LoadGen
import LoadGenTesting
import Testing

/// A generated transaction as (key, value) text.
func sampleTransaction(_ i: Int = 0, seed: UInt64 = 42) throws -> (key: String, value: String) {
    var c = CommerceConfiguration()
    c.seed = seed
    var g = try TransactionGenerator(configuration: c, generator: 0, of: 1)
    var t = g.next(at: 1_764_000_000_000)
    for n in 0..<i { t = g.next(at: 1_764_000_000_000 + Int64(n + 1) * 1000) }
    var key: [UInt8] = [], value: [UInt8] = []
    g.appendKey(of: t, to: &key)
    g.appendJSON(of: t, to: &value)
    return (String(decoding: key, as: UTF8.self), String(decoding: value, as: UTF8.self))
}

/// Appends the first `n` sample transactions to `file` as dead letters for `topic` (timed out
/// after 5 attempts).
func fillDeadLetters(_ file: DeadLetterFile, _ n: Int, topic: String = "t") throws {
    for i in 0..<n {
        let (key, value) = try sampleTransaction(i)
        Array(key.utf8).withUnsafeBytes { k in
            Array(value.utf8).withUnsafeBytes { v in
                file.append(topic: topic, key: k, value: v, error: "Local: Message timed out", errorCode: "_MSG_TIMED_OUT",
                            attempts: 5, possiblyPersisted: false, timeMillis: 0)
            }
        }
    }
}

@Suite("verify: transaction checks and topic checks")
struct VerifyTests {
    let audit = TransactionAudit()

    @Test func generatedTransactionsPass() throws {
        for i in 0..<200 {
            let (key, value) = try sampleTransaction(i)
            if case .failure(let defect) = audit.audit(key: key, value: Array(value.utf8)) { Issue.record("\(defect): \(value)") }
        }
    }

    @Test func eachKindOfDefectIsCaught() throws {
        let (key, value) = try sampleTransaction()
        func defect(_ v: String, key k: String? = nil) -> String? {
            if case .failure(let d) = audit.audit(key: k ?? key, value: Array(v.utf8)) { return d.description }
            return nil
        }
        #expect(defect(value) == nil)
        #expect(defect(String(value.dropLast()))?.contains("not JSON") == true)
        #expect(defect(value, key: "user_123456789")?.contains("differs from user_id") == true)
        #expect(defect(value.replacingOccurrences(of: "\"quantity\":", with: "\"quantity\":9"))?.contains("quantity") == true)
        #expect(defect(value.replacingOccurrences(of: "\"price\":", with: "\"price\":-"))?.contains("price") == true)
        #expect(defect(value.replacingOccurrences(of: "\"transaction_id\":\"txn_", with: "\"transaction_id\":\"tx_"))?.contains("transaction_id") == true)
        #expect(defect(value.replacingOccurrences(of: "Z\",\"user_location\"", with: "\",\"user_location\""))?.contains("timestamp") == true)
        #expect(defect(value.replacingOccurrences(of: "\"brand\":\"", with: "\"brand\":\"X"))?.contains("catalog") == true)
        #expect(defect(value.replacingOccurrences(of: "\"brand\":", with: "\"brandx\":"))?.contains("missing brand") == true)
        // The order's fields: its id's date, the line within the count, the money to the cent.
        #expect(defect(value.replacingOccurrences(of: "\"order_id\":\"ord_", with: "\"order_id\":\"ord_1"))?.contains("order_id") == true)
        #expect(defect(value.replacingOccurrences(of: "\"line_number\":", with: "\"line_number\":9"))?.contains("line_number") == true)
        // Orders of up to eight lines (the basket's tail), not more.
        #expect(defect(value.replacingOccurrences(of: #""line_count":[0-9]+"#, with: #""line_count":8"#, options: .regularExpression)) == nil)
        #expect(defect(value.replacingOccurrences(of: #""line_count":[0-9]+"#, with: #""line_count":9"#, options: .regularExpression))?
            .contains("line_count <= 8") == true)
        #expect(defect(value.replacingOccurrences(of: "\"order_total\":", with: "\"order_total\":1"))?.contains("order_total") == true)
        #expect(defect(value.replacingOccurrences(of: #""order_tax":([0-9]+)\.([0-9]+)"#, with: #""order_tax":$1.$2001"#, options: .regularExpression))?
            .contains("order_tax") == true)
        #expect(defect(value.replacingOccurrences(of: #""tax_included":(true|false)"#, with: #""tax_included":0"#, options: .regularExpression))?
            .contains("tax_included") == true)
        #expect(TransactionAudit.parseTimestamp("2026-11-25T06:11:54.842Z") == 1_795_587_114_842)
        #expect(TransactionAudit.parseTimestamp("2026-13-25T06:11:54.842Z") == nil)
    }

    func message(_ partition: Int32, _ offset: Int64, key: String, value: String, _ body: (borrowing ConsumedMessage) -> Void) {
        Array(key.utf8).withUnsafeBytes { k in
            Array(value.utf8).withUnsafeBytes { v in body(ConsumedMessage(partition: partition, offset: offset, key: k, value: v)) }
        }
    }

    @Test func duplicatesMisplacementAndOrderAreCounted() throws {
        var state = TopicVerifier.State(partitions: 12)
        let a = try sampleTransaction(0), b = try sampleTransaction(1)
        let pa = KafkaPartitioner.partition(forKey: Array(a.key.utf8), partitions: 12)
        let pb = KafkaPartitioner.partition(forKey: Array(b.key.utf8), partitions: 12)
        message(pa, 0, key: a.key, value: a.value) { state.consume($0) }
        message(pb, 0, key: b.key, value: b.value) { state.consume($0) }
        #expect(state.duplicates == 0 && state.misplaced == 0 && state.invalid == 0)
        message(pa, 1, key: a.key, value: a.value) { state.consume($0) }
        #expect(state.duplicates == 1)
        let c = try sampleTransaction(2)
        let pc = KafkaPartitioner.partition(forKey: Array(c.key.utf8), partitions: 12)
        message((pc + 1) % 12, 5, key: c.key, value: c.value) { state.consume($0) }
        #expect(state.misplaced == 1)
        // The same user, a year earlier, a new id: out of order.
        let year = String(a.value.components(separatedBy: "\"timestamp\":\"")[1].prefix(4))
        let earlier = String(Int(year)! - 1)
        let shifted = a.value.replacingOccurrences(of: "\"timestamp\":\"\(year)-", with: "\"timestamp\":\"\(earlier)-")
            .replacingOccurrences(of: "txn_\(year)", with: "txn_\(earlier)")
            .replacingOccurrences(of: "ord_\(year)", with: "ord_\(earlier)")
            .replacingOccurrences(of: #""customer_since":"[0-9-]{10}""#, with: #""customer_since":"2000-01-01""#, options: .regularExpression)
        message(pa, 2, key: a.key, value: shifted) { state.consume($0) }
        #expect(state.invalid == 0, "\(state.samples)")
        #expect(state.outOfOrder == 1, "\(state.samples)")
    }

    @Test func againstAccountsForTruncationRetriesAndPossiblyPersisted() {
        let partitions = [TopicReadSummary.Partition(partition: 0, lowWatermark: 100, highWatermark: 1000, consumed: 900)]
        var r = VerifyReport(topic: "t", partitions: partitions, consumed: 900, expectation: VerifyExpectation(runID: "r", delivered: 1000))
        // A truncated log: 100 offsets were not checked, so it fails unless allowed.
        #expect(r.truncated == 100 && r.unchecked == 100 && r.missing == 0 && r.extra == 0 && !r.passed && r.exitCode == 1)
        r.allowTruncated = true
        #expect(r.passed && r.exitCode == 0)
        r.expectation = VerifyExpectation(runID: "r", delivered: 1001)
        #expect(r.missing == 1 && !r.passed)
        r.expectation = VerifyExpectation(runID: "r", delivered: 999, possiblyPersisted: 1)
        #expect(r.extra == 0 && r.passed)
        r.outOfOrder = 2
        r.expectation = VerifyExpectation(runID: "r", delivered: 1000, retried: 2)
        #expect(r.passed)
        r.expectation = VerifyExpectation(runID: "r", delivered: 1000, retried: 1)
        #expect(!r.passed && r.unexplainedOutOfOrder == 1)
    }

    @Test func offsetsLeftUnreadFail() {
        // The listed end (900) short of the end the fetches reached (1000): the read went on.
        var p = TopicReadSummary.Partition(partition: 0, lowWatermark: 0, highWatermark: 1000, listedHighWatermark: 900, consumed: 1000)
        #expect(VerifyReport(topic: "t", partitions: [p], consumed: 1000).passed)
        p.consumed = 987
        let r = VerifyReport(topic: "t", partitions: [p], allowTruncated: true, consumed: 987)
        #expect(r.unread == 13 && !r.passed && r.exitCode == 1 && r.summary.contains("987 of the topic's 1000 offsets"))
    }

    /// The mock broker keeps 5 MB per partition: 9,000 uncompressed transactions (~7.5 MB) on
    /// one partition lose their oldest batches. verify must not pass that without
    /// `allowTruncated`, and must say how much it checked.
    @Test func aTruncatedLogFailsUnlessAllowed() async throws {
        let cluster = try TestCluster.start(brokers: 1, partitions: 1, topic: "transactions")
        var c = RunConfiguration(profile: steadyProfile(.unlimited, count: 9_000))
        c.bootstrapServers = cluster.bootstrapServers
        c.generators = 1
        c.kafkaProperties = ["compression.type": "none"]
        c.monitor = nil
        let run = try await LoadRun(configuration: c, logger: quietLogger).run()
        #expect(run.delivered == 9_000)
        let expectation = VerifyExpectation(runID: run.runID, delivered: run.delivered)
        let configuration = cluster.clientConfiguration()
        let strict = try await TopicVerifier.verify(
            configuration: configuration, topic: "transactions", expectation: expectation, timeout: .seconds(60), logger: quietLogger)
        #expect(strict.truncated > 0, "\(strict.summary)")
        #expect(strict.consumed + Int(strict.truncated) == 9_000 && strict.extent == 9_000, "\(strict.summary)")
        #expect(!strict.passed && strict.exitCode == 1, "\(strict.summary)")
        #expect(strict.summary.contains("FAILED") && !strict.summary.contains("PASSED"), "\(strict.summary)")
        #expect(strict.summary.contains("\(strict.consumed) of the topic's 9000 offsets"), "\(strict.summary)")
        #expect(strict.summary.contains("--allow-truncated"), "\(strict.summary)")
        let allowed = try await TopicVerifier.verify(
            configuration: configuration, topic: "transactions", expectation: expectation, allowTruncated: true,
            timeout: .seconds(60), logger: quietLogger)
        #expect(allowed.passed && allowed.exitCode == 0 && allowed.missing == 0, "\(allowed.summary)")
        await cluster.stop()
    }

    @Test func deadLettersReplayToTheTopic() async throws {
        let cluster = try TestCluster.start(brokers: 1, partitions: 3, topic: "replayed")
        let dir = try TemporaryDirectory(prefix: "dl")
        let path = dir.path("letters.jsonl")
        let file = DeadLetterFile(path: path)
        try fillDeadLetters(file, 50, topic: "replayed")
        file.close()
        #expect(file.count == 50)
        let report = try await DeadLetterReplay.replay(
            path: path, configuration: .producer(bootstrapServers: cluster.bootstrapServers),
            failedPath: path + ".failed", logger: quietLogger)
        #expect(report.read == 50 && report.delivered == 50 && report.failed == 0)
        let verify = try await TopicVerifier.verify(
            configuration: cluster.clientConfiguration(), topic: "replayed",
            expectation: VerifyExpectation(runID: "", delivered: 50), logger: quietLogger)
        #expect(verify.passed, "\(verify.summary)")
        await cluster.stop()
        #expect(throws: InputError.self) { try DeadLetterReplay.read(path: dir.path("none")) }
        try "{\"topic\":\"t\"}\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: InputError("\(path):1", "expected a string field \"key\"")) { try DeadLetterReplay.read(path: path) }
        dir.remove()
    }
}
