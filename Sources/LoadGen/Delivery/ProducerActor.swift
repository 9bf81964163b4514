import Foundation
import Kafka
import Logging
import Synchronization

/// What happens to a message librdkafka could not deliver.
public struct DeliveryPolicy: Sendable {
    /// Sends per message at most (the first one included) before it is dead-lettered.
    public var maxAttempts = 5
    /// Where messages that failed for good are written.
    public var deadLetterPath: String

    /// A policy writing dead letters to `deadLetterPath`.
    public init(deadLetterPath: String, maxAttempts: Int = 5) {
        self.deadLetterPath = deadLetterPath
        self.maxAttempts = maxAttempts
    }
}

/// Decides, on librdkafka's poll thread, what each delivery report means: delivered, sent again
/// later (retriable, certainly not in the log, attempts left), or dead-lettered.
final class DeliveryHandler: Sendable {
    let metrics: RunMetrics
    let retries = RetryQueue()
    let deadLetters: DeadLetterFile
    let topic: String
    let maxAttempts: Int
    /// Set when loadgen is closing: failures are final from then on.
    let closing = Atomic<Bool>(false)
    /// Successful reports of the current poll round, published when it ends.
    private let tally: DeliveryTally

    init(metrics: RunMetrics, policy: DeliveryPolicy, topic: String) {
        self.metrics = metrics
        deadLetters = DeadLetterFile(path: policy.deadLetterPath)
        self.topic = topic
        maxAttempts = max(1, policy.maxAttempts)
        tally = DeliveryTally(metrics: metrics)
    }

    /// One round of reports. Deliveries come only from the poll thread (refused and abandoned
    /// messages are failures), so the tally is touched by that thread alone; they go into the
    /// metrics at the end of the round.
    func handle(_ reports: borrowing DeliveryReports) {
        var delivered = false
        reports.forEach { report in
            guard let error = report.error else {
                tally.add(report)
                delivered = true
                return
            }
            fail(report, error: error)
        }
        if delivered { tally.publish() }
    }

    private func fail(_ report: borrowing DeliveryReport, error: DeliveryError) {
        let attempt = report.tag.attempt
        if error.isRetriable, report.persistence == .notPersisted, Int(attempt) + 1 < maxAttempts,
           !closing.load(ordering: .relaxed) {
            retries.schedule(report, error: error, now: SystemClock.nanos())
            return
        }
        let possibly = report.persistence == .possiblyPersisted
        deadLetter(key: report.key, value: report.value, error: error, attempts: Int(attempt) + 1, possiblyPersisted: possibly, due: report.tag.due)
    }

    func deadLetter(
        key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, error: DeliveryError, attempts: Int, possiblyPersisted: Bool, due: UInt64
    ) {
        deadLetters.append(
            topic: topic, key: key, value: value, error: error.message, errorCode: error.name, attempts: attempts,
            possiblyPersisted: possiblyPersisted, timeMillis: Int64(Date().timeIntervalSince1970 * 1000), order: due)
        metrics.deadLettered.add(1, ordering: .relaxed)
        if possiblyPersisted { metrics.possiblyPersisted.add(1, ordering: .relaxed) }
        metrics.recordFailure(error.description)
    }
}

/// Owns the Kafka producer. Generators hand it whole batches; it enqueues them into librdkafka
/// (waiting, never failing, while the local queue is full); delivery reports flow from
/// librdkafka's poll thread into the run's metrics; retriable failures are sent again after a
/// backoff and final failures go to the dead-letter file, so
/// `produced == delivered + failed` and every failed message is in that file.
public actor ProducerActor: MessageSink {
    /// The librdkafka producer it owns.
    public let producer: KafkaProducer
    private let metrics: RunMetrics
    private let handler: DeliveryHandler
    private let logger: Logger
    private var retryBatch = MessageBatch()

    /// Creates the producer; delivery reports are recorded into `metrics`.
    public init(configuration: KafkaConfiguration, topic: String, metrics: RunMetrics, policy: DeliveryPolicy, logger: Logger) throws {
        self.metrics = metrics
        self.logger = logger
        let handler = DeliveryHandler(metrics: metrics, policy: policy, topic: topic)
        self.handler = handler
        producer = try KafkaProducer(configuration: configuration, topic: topic, logger: logger) { handler.handle($0) }
    }

    /// The dead-letter file (created on its first message).
    public nonisolated var deadLetters: DeadLetterFile { handler.deadLetters }
    /// Messages waiting to be sent again.
    public nonisolated var retryBacklog: Int { handler.retries.count }

    public func send(_ batch: consuming MessageBatch) async -> MessageBatch {
        metrics.recordSent(count: batch.count, bytes: batch.byteCount)
        await hand(batch)
        batch.removeAll()
        return batch
    }

    /// Hands a batch to librdkafka; what it could not take (aborted) is dead-lettered.
    private func hand(_ batch: borrowing MessageBatch) async {
        let outcome = await producer.produce(batch)
        guard outcome.unsent > 0 else { return }
        let error = DeliveryError(code: -152)  // _PURGE_QUEUE: never handed over, loadgen stopped sending
        for i in (batch.count - outcome.unsent)..<batch.count {
            let s = batch.slots[i]
            batch.withUnsafeBytes { raw in
                handler.deadLetter(
                    key: UnsafeRawBufferPointer(rebasing: raw[Int(s.keyStart)..<Int(s.keyStart + s.keyCount)]),
                    value: UnsafeRawBufferPointer(rebasing: raw[Int(s.valueStart)..<Int(s.valueStart + s.valueCount)]),
                    error: error, attempts: Int(s.tag.attempt), possiblyPersisted: false, due: s.tag.due)
            }
        }
    }

    /// Sends again the messages whose backoff has passed. Returns how many.
    @discardableResult
    public func resendDue() async -> Int {
        retryBatch.removeAll()
        let n = handler.retries.takeDue(now: SystemClock.nanos(), into: &retryBatch)
        guard n > 0 else { return 0 }
        metrics.retried.add(n, ordering: .relaxed)
        logger.debug("sending \(n) message(s) again after a retriable failure")
        await hand(retryBatch)
        return n
    }

    /// Serves the retry queue until the task is cancelled (runs beside the generators).
    public func serviceRetries() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(50))
            await resendDue()
        }
    }

    /// Gives up on the cluster: nothing more is handed over (what is waiting goes to the
    /// dead-letter file) and failures are final.
    public func abort() {
        handler.closing.store(true, ordering: .relaxed)
        producer.abort()
    }

    /// Exits at once: failures are final, nothing more is sent, every message not yet reported
    /// (and every message waiting for a retry) goes to the dead-letter file, which is synced —
    /// if the poll thread stops by `deadline`. Returns how many messages were given up on.
    public func abandonNow(deadline: ContinuousClock.Instant) async -> Int {
        handler.closing.store(true, ordering: .relaxed)
        let waiting = metrics.inFlight
        let abandoned = await producer.abandonUnreported(deadline: deadline)
        let retried = drainRetries()
        // Written now (whole lines, counted); synced by ``syncDeadLetters()`` once the report is out.
        handler.deadLetters.flush()
        return abandoned + retried > 0 ? abandoned + retried : waiting
    }

    /// Syncs and closes the dead-letter file (after ``abandonNow(deadline:)``).
    public nonisolated func syncDeadLetters() { handler.deadLetters.close() }

    /// Dead-letters every message waiting for a retry; returns how many.
    private func drainRetries() -> Int {
        let items = handler.retries.drain()
        for item in items {
            item.key.withUnsafeBytes { k in
                item.value.withUnsafeBytes { v in
                    handler.deadLetter(
                        key: k, value: v, error: item.lastError, attempts: Int(item.attempts), possiblyPersisted: false, due: item.dueNanos)
                }
            }
        }
        return items.count
    }

    /// Waits for outstanding deliveries and retries until `deadline`; then purges what is left
    /// and dead-letters it. Returns how many messages were dead-lettered at this point.
    public func finish(deadline: ContinuousClock.Instant) async -> Int {
        let reserve = Duration.milliseconds(500)
        let until = deadline - reserve > .now ? deadline - reserve : deadline
        while ContinuousClock.now < until {
            await resendDue()
            // flush's count includes reports not yet handed to the handler: at 0 every failure
            // has been seen, and a retriable one is in the retry queue.
            let left = await producer.flush(deadline: min(until, .now + .milliseconds(50)))
            if left == 0 && handler.retries.count == 0 { break }
        }
        handler.closing.store(true, ordering: .relaxed)
        let before = metrics.deadLettered.load(ordering: .relaxed)
        _ = await producer.close(deadline: deadline)
        _ = drainRetries()
        let unreported = metrics.inFlight
        if unreported > 0 {
            // close() reports every message it gives up on, so this only happens when the poll
            // thread did not stop in time: these are neither delivered nor in the file.
            logger.error("\(unreported) message(s) got no delivery report and could not be dead-lettered: counted as lost")
            metrics.recordLost("no delivery report, and the producer could not be stopped to dead-letter it", count: unreported)
        }
        handler.deadLetters.close()
        if let problem = handler.deadLetters.writeError {
            logger.error("dead-letter file: \(problem): \(handler.deadLetters.lost) message(s) LOST, \(handler.deadLetters.written) written")
        }
        return metrics.deadLettered.load(ordering: .relaxed) - before
    }
}
