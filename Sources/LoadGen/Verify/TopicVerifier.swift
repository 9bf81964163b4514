import Foundation
import Kafka
import Logging
import Synchronization

/// What a run report says `verify --against` must find.
public struct VerifyExpectation: Sendable {
    /// The run the report belongs to.
    public var runID: String
    /// What that run delivered: the topic must hold exactly this many.
    public var delivered: Int
    /// Dead-lettered messages that may be in the log anyway: allowed as extras.
    public var possiblyPersisted: Int
    /// Messages loadgen sent again after librdkafka gave up: each may land after newer messages
    /// of its user, so up to this many out-of-order timestamps are expected.
    public var retried: Int

    /// What a run delivered (from its ``RunReport``).
    public init(runID: String, delivered: Int, possiblyPersisted: Int = 0, retried: Int = 0) {
        self.runID = runID
        self.delivered = delivered
        self.possiblyPersisted = possiblyPersisted
        self.retried = retried
    }

    /// Reads the expectation from a run report written with `--report`.
    /// - Throws: ``InputError`` naming the file when it is missing, not JSON or lacks `delivered`.
    public static func load(reportPath path: String) throws(InputError) -> VerifyExpectation {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(ConfigurationError.Setting.runReport, "cannot read \(path): expected a run report written by loadgen --report")
        }
        let value: JSONValue
        do { value = try JSONParser.parse(Array(data)) } catch {
            throw InputError("\(ConfigurationError.Setting.runReport) \(path):\(error.line):\(error.column)", error.message)
        }
        guard case .object(let members) = value,
              case .number(let delivered)? = members.first(where: { $0.key == "delivered" })?.value
        else { throw InputError("\(ConfigurationError.Setting.runReport) \(path)", "expected a run report with a numeric \"delivered\" field") }
        /// A count from the report: a whole number a run can have reached.
        func count(_ n: Double, _ key: String) throws(InputError) -> Int {
            guard n == n.rounded(), n >= 0, n <= Double(InputLimits.count.upperBound) else {
                throw InputError("\(ConfigurationError.Setting.runReport) \(path)", "\"\(key)\": expected a count in 0...\(InputLimits.count.upperBound), got \(JSONValue.format(n))")
            }
            return Int(n)
        }
        var expectation = VerifyExpectation(runID: "", delivered: try count(delivered, "delivered"), possiblyPersisted: 0)
        for m in members {
            if m.key == "run_id", case .string(let id) = m.value { expectation.runID = id }
            if m.key == "possibly_persisted", case .number(let n) = m.value { expectation.possiblyPersisted = try count(n, m.key) }
            if m.key == "retried", case .number(let n) = m.value { expectation.retried = try count(n, m.key) }
        }
        return expectation
    }
}

/// The outcome of `loadgen verify`.
public struct VerifyReport: Sendable {
    /// The topic read.
    public var topic: String
    /// Every partition with its watermarks.
    public var partitions: [TopicReadSummary.Partition]
    /// Whether a truncated log may pass (`--allow-truncated`): what the broker dropped is then
    /// counted as present. Otherwise a truncated log fails, as part of it was not checked.
    public var allowTruncated = false
    /// Messages read.
    public var consumed = 0
    /// Values that are not valid transactions (parse or check failures, key ≠ user_id).
    public var invalid = 0
    /// Messages whose transaction_id was seen before.
    public var duplicates = 0
    /// Messages on another partition than murmur2(key) gives.
    public var misplaced = 0
    /// Messages whose timestamp is earlier than the previous one of the same user in the partition.
    public var outOfOrder = 0
    /// Distinct users seen.
    public var users = 0
    /// Messages the broker no longer holds (offsets below the low watermarks).
    public var truncated: Int64 { partitions.reduce(0) { $0 + $1.lowWatermark } }
    /// The topic's extent: offsets from 0 to each partition's end, summed over partitions.
    public var extent: Int64 { partitions.reduce(0) { $0 + $1.highWatermark } }
    /// Offsets between the low and high watermarks that were not read (0 on a healthy log).
    public var unread: Int64 { partitions.reduce(0) { $0 + $1.unread } }
    /// Offsets of the topic's extent that were not checked: truncated or unread.
    public var unchecked: Int64 { truncated + unread }
    /// The run report checked against (`--against`), if any.
    public var expectation: VerifyExpectation?
    /// The first violations, one line each.
    public var samples: [String] = []

    /// Delivered messages that are neither consumed nor truncated (0 without `--against`).
    public var missing: Int {
        guard let e = expectation else { return 0 }
        return max(0, e.delivered - consumed - Int(truncated))
    }
    /// Consumed beyond what the run delivered (and beyond its possibly-persisted dead letters).
    public var extra: Int {
        guard let e = expectation else { return 0 }
        return max(0, consumed + Int(truncated) - e.delivered - e.possiblyPersisted)
    }
    /// Out-of-order timestamps beyond what the run's re-sends explain.
    public var unexplainedOutOfOrder: Int { max(0, outOfOrder - (expectation?.retried ?? 0)) }
    /// Whether every offset of the topic was checked (or only truncated ones were not, with
    /// ``allowTruncated``).
    public var complete: Bool { unread == 0 && (truncated == 0 || allowTruncated) }
    /// Whether nothing was wrong and the whole topic was checked.
    public var passed: Bool {
        complete && invalid == 0 && duplicates == 0 && misplaced == 0 && unexplainedOutOfOrder == 0 && missing == 0 && extra == 0
    }
    /// `loadgen verify`'s exit status: 0 when ``passed``, else 1.
    public var exitCode: Int32 { passed ? 0 : 1 }

    /// The report as JSON: pretty-printed, snake_case keys, sorted (verify's `--report`).
    public func jsonData() throws -> Data { try FigureJSON.document(self) }

    /// The figures, for people.
    public var summary: String {
        let share = extent > 0 ? RunReport.fixed(Double(consumed) / Double(extent) * 100, decimals: 1) : "100.0"
        var lines = [
            "verify: topic \(topic), \(partitions.count) partitions: \(passed ? "PASSED" : "FAILED")",
            "  consumed      \(consumed) of the topic's \(extent) offsets (\(share)% checked)   users \(users)",
        ]
        if truncated > 0 {
            lines.append("  truncated     \(truncated) (the broker dropped the oldest messages: they were not checked)"
                + (allowTruncated ? "; allowed by --allow-truncated" : "; pass --allow-truncated to accept a truncated log"))
        }
        if unread > 0 {
            lines.append("  unread        \(unread) offset(s) between the watermarks were not read")
        }
        lines += [
            "  violations    invalid \(invalid)   duplicates \(duplicates)   misplaced \(misplaced)   out of order \(outOfOrder)",
        ]
        if let e = expectation {
            lines.append("  against run   \(e.runID.isEmpty ? "?" : e.runID): delivered \(e.delivered)   consumed+truncated \(consumed + Int(truncated))   missing \(missing)   extra \(extra)")
            if outOfOrder > 0 && e.retried > 0 {
                lines.append("  re-sent       \(e.retried) message(s) were sent again after librdkafka gave up; up to that many arrive after newer ones (out of order beyond that: \(unexplainedOutOfOrder))")
            }
        }
        lines += samples.map { "  - " + $0 }
        return lines.joined(separator: "\n")
    }
}

/// Reads a whole topic and checks what loadgen promises of it; see ``VerifyReport``.
///
/// Memory is bounded by the message count (8 bytes of fingerprint per transaction id, about
/// 20 MB per million messages) and the user population (one entry per user), not by the bytes.
public enum TopicVerifier {
    /// Reads `topic` from each partition's low watermark to its end and checks it. With
    /// `allowTruncated`, a log whose oldest messages the broker dropped may pass.
    /// - Throws: ``KafkaError`` when the cluster cannot be reached, the topic does not exist, or
    ///   the read does not finish within `timeout`.
    public static func verify(
        configuration: KafkaConfiguration, topic: String, expectation: VerifyExpectation? = nil,
        allowTruncated: Bool = false, timeout: Duration = .seconds(600), logger: Logger
    ) async throws -> VerifyReport {
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        let metadata = try await consumer.checkConnection()
        guard let info = metadata.topics[topic], info.errorName == nil, info.partitionCount > 0 else {
            await consumer.close()
            throw KafkaError(.unknownTopic, "topic \"\(topic)\" does not exist on \(configuration.bootstrapServers ?? "?")")
        }
        let state = Mutex(State(partitions: info.partitionCount))
        let summary: TopicReadSummary
        do {
            summary = try await consumer.readAll(topic: topic, timeout: timeout) { message in
                state.withLock { $0.consume(message) }
            }
        } catch {
            await consumer.close()
            throw error
        }
        await consumer.close()
        return state.withLock { s in
            VerifyReport(
                topic: topic, partitions: summary.partitions, allowTruncated: allowTruncated, consumed: s.consumed, invalid: s.invalid,
                duplicates: s.duplicates, misplaced: s.misplaced, outOfOrder: s.outOfOrder, users: s.users.count,
                expectation: expectation, samples: s.samples)
        }
    }

    struct State {
        let partitionCount: Int
        let audit = TransactionAudit()
        var ids = Set<UInt64>()
        var users: [UInt64: (partition: Int32, lastMillis: Int64)] = [:]
        var consumed = 0, invalid = 0, duplicates = 0, misplaced = 0, outOfOrder = 0
        var samples: [String] = []

        init(partitions: Int) { partitionCount = partitions }

        mutating func note(_ text: @autoclosure () -> String) {
            if samples.count < 20 { samples.append(text()) }
        }

        mutating func consume(_ m: borrowing ConsumedMessage) {
            consumed += 1
            let at = "partition \(m.partition) offset \(m.offset)"
            let key = String(decoding: m.key, as: UTF8.self)
            let expected = KafkaPartitioner.partition(forKey: m.key, partitions: partitionCount)
            if m.partition != expected {
                misplaced += 1
                note("\(at): key \(key) belongs on partition \(expected) (murmur2)")
            }
            switch audit.audit(key: key, value: Array(m.value)) {
            case .failure(let defect):
                invalid += 1
                note("\(at): \(defect)")
            case .success(let facts):
                if !ids.insert(Self.fingerprint(facts.transactionID)).inserted {
                    duplicates += 1
                    note("\(at): duplicate transaction_id \(facts.transactionID)")
                }
                if let seen = users[facts.userNumber] {
                    if seen.partition != m.partition {
                        note("\(at): user \(key) also appears on partition \(seen.partition)")
                    } else if facts.timestampMillis < seen.lastMillis {
                        outOfOrder += 1
                        note("\(at): \(key)'s timestamp goes back \(seen.lastMillis - facts.timestampMillis) ms")
                    }
                }
                users[facts.userNumber] = (m.partition, max(facts.timestampMillis, users[facts.userNumber]?.lastMillis ?? .min))
            }
        }

        /// FNV-1a, 64 bits: distinct ids collide with probability ~n²/2^65 (3·10⁻⁶ at 10M).
        static func fingerprint(_ id: String) -> UInt64 {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in id.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
            return h
        }
    }
}

/// verify's `--report` JSON, snake_case keys.
extension VerifyReport: Encodable {
    enum CodingKeys: String, CodingKey {
        case topic, consumed, invalid, duplicates, misplaced, outOfOrder = "out_of_order", users, truncated, passed, samples
        case extent, unread, unchecked, complete, allowTruncated = "allow_truncated", partitions, against
    }

    private struct PartitionFigures: Encodable {
        let partition: Int32
        let low, high, listed_high, consumed: Int64
    }

    private struct AgainstFigures: Encodable {
        let run_id: String
        let delivered, possibly_persisted, retried, missing, extra: Int
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(topic, forKey: .topic)
        for (key, value) in [
            (CodingKeys.consumed, consumed), (.invalid, invalid), (.duplicates, duplicates), (.misplaced, misplaced),
            (.outOfOrder, outOfOrder), (.users, users),
        ] { try c.encode(value, forKey: key) }
        try c.encode(truncated, forKey: .truncated)
        try c.encode(extent, forKey: .extent)
        try c.encode(unread, forKey: .unread)
        try c.encode(unchecked, forKey: .unchecked)
        try c.encode(passed, forKey: .passed)
        try c.encode(complete, forKey: .complete)
        try c.encode(allowTruncated, forKey: .allowTruncated)
        try c.encode(samples, forKey: .samples)
        try c.encode(partitions.map {
            PartitionFigures(partition: $0.partition, low: $0.lowWatermark, high: $0.highWatermark, listed_high: $0.listedHighWatermark, consumed: $0.consumed)
        }, forKey: .partitions)
        if let e = expectation {
            try c.encode(AgainstFigures(
                run_id: e.runID, delivered: e.delivered, possibly_persisted: e.possiblyPersisted, retried: e.retried,
                missing: missing, extra: extra), forKey: .against)
        }
    }
}
