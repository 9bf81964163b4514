import Foundation
import Kafka
import Logging
import Synchronization

/// `loadgen replay FILE`: sends the messages of a dead-letter file again, with their keys, to
/// their topics (or one topic given), and writes those that fail again to another file.
public enum DeadLetterReplay {
    /// What a replay did.
    public struct Report: Sendable {
        /// Dead letters read from the file.
        public var read = 0
        /// Sent again and acknowledged.
        public var delivered = 0
        /// Failed again (written to `FILE.failed.jsonl`).
        public var failed = 0
        /// Where the messages that failed again went (nil when none failed).
        public var failedFile: String?
        /// The line number of a torn last line (cut short by a full disk or a crash): not sent.
        public var tornLine: Int?
        /// One line for people.
        public var summary: String {
            "replay: read \(read)   delivered \(delivered)   failed \(failed)" + (failedFile.map { " -> \($0)" } ?? "")
                + (tornLine.map { "   torn last line \($0) skipped (the file was cut short while it was written)" } ?? "")
        }
    }

    /// One dead letter's key, value and topic.
    struct Letter {
        var topic: String
        var key: [UInt8]
        var value: [UInt8]
        var order: Double
    }

    /// Reads a dead-letter file: every whole line, and the number of a torn last line (one
    /// with no newline that is not a whole dead letter), which is skipped.
    /// - Throws: ``InputError`` naming the file and line when a whole line is not a dead letter.
    static func read(path: String) throws(InputError) -> (letters: [Letter], tornLine: Int?) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(path, "cannot read the file: expected a dead-letter file (JSON lines) written by loadgen")
        }
        var letters: [Letter] = []
        var torn: Int?
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (n, line) in lines.enumerated() where !line.isEmpty {
            let value: JSONValue
            do { value = try JSONParser.parse(Array(line)) } catch {
                if n == lines.count - 1 && data.last != UInt8(ascii: "\n") {
                    torn = n + 1
                    break
                }
                throw InputError("\(path):\(n + 1):\(error.column)", error.message)
            }
            guard case .object(let members) = value else { throw InputError("\(path):\(n + 1)", "expected a JSON object") }
            func string(_ name: String) throws(InputError) -> String {
                guard case .string(let s)? = members.first(where: { $0.key == name })?.value else {
                    throw InputError("\(path):\(n + 1)", "expected a string field \"\(name)\"")
                }
                return s
            }
            var order = Double(n)
            if case .number(let due)? = members.first(where: { $0.key == "order" })?.value { order = due }
            letters.append(Letter(
                topic: try string("topic"), key: Array(try string("key").utf8), value: Array(try string("value").utf8), order: order))
        }
        // Failure reports arrive out of order: put each user's messages back in their order.
        let ordered = letters.enumerated().sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }.map(\.element)
        return (ordered, torn)
    }

    /// Sends every message of the dead-letter file at `path` and waits for their reports.
    /// - Throws: ``InputError`` for an unreadable file, ``KafkaError`` when the cluster is unreachable.
    public static func replay(
        path: String, configuration: KafkaConfiguration, topic override: String? = nil,
        failedPath: String, timeout: Duration = .seconds(60), logger: Logger
    ) async throws -> Report {
        let (letters, torn) = try read(path: path)
        var report = Report(read: letters.count, tornLine: torn)
        let byTopic = Dictionary(grouping: letters) { override ?? $0.topic }
        let failedFile = DeadLetterFile(path: failedPath)
        let delivered = Atomic<Int>(0)
        for (topic, list) in byTopic.sorted(by: { $0.key < $1.key }) {
            let producer = try KafkaProducer(configuration: configuration, topic: topic, logger: logger) { reports in
                var ok = 0
                reports.forEach { r in
                    guard let error = r.error else { ok += 1; return }
                    failedFile.append(
                        topic: topic, key: r.key, value: r.value, error: error.message, errorCode: error.name,
                        attempts: Int(r.tag.attempt) + 1, possiblyPersisted: r.persistence == .possiblyPersisted,
                        timeMillis: Int64(Date().timeIntervalSince1970 * 1000), order: r.tag.due)
                }
                if ok > 0 { delivered.add(ok, ordering: .relaxed) }
            }
            do { _ = try await producer.checkConnection() } catch {
                await producer.close(deadline: .now + .seconds(1))
                throw error
            }
            var batch = MessageBatch(capacity: 1000)
            for start in stride(from: 0, to: list.count, by: 1000) {
                batch.removeAll()
                for letter in list[start..<min(start + 1000, list.count)] {
                    batch.append(key: letter.key, value: letter.value, tag: MessageTag(due: UInt64(max(0, letter.order))))
                }
                await producer.produce(batch)
            }
            await producer.close(deadline: .now + timeout)
        }
        failedFile.close()
        report.delivered = delivered.load(ordering: .relaxed)
        report.failed = failedFile.count
        if report.failed > 0 { report.failedFile = failedPath }
        return report
    }
}
