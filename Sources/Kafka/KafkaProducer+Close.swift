import CRdKafka
import Synchronization

extension KafkaProducer {
    // MARK: - Flush and close

    /// Waits until every message has its delivery report, or until `deadline`.
    /// - Returns: how many messages are still outstanding (0 when all are reported).
    @discardableResult
    public func flush(deadline: ContinuousClock.Instant) async -> Int {
        let progress = client.context.progress
        while true {
            let seen = progress.generation
            let left = client.outstanding
            if left == 0 || ContinuousClock.now >= deadline { return left }
            await progress.wait(after: seen)
            if Task.isCancelled || aborted.load(ordering: .relaxed) || client.pollingStopped { return client.outstanding }
        }
    }

    /// Waits until every message has its report or `deadline` passes, whatever ``abort()`` said.
    private func awaitReports(deadline: ContinuousClock.Instant) async {
        let progress = client.context.progress
        while client.outstanding > 0 && ContinuousClock.now < deadline && !client.pollingStopped {
            let seen = progress.generation
            guard client.outstanding > 0 else { return }
            await progress.wait(after: seen)
        }
    }

    /// Flushes until shortly before `deadline`, then purges what is left (each purged message
    /// gets a failed delivery report, so every message is accounted for) and destroys the
    /// client. Returns by `deadline` even if the broker never answers.
    /// - Returns: the number of messages that were not delivered in time and were purged.
    @discardableResult
    public func close(deadline: ContinuousClock.Instant) async -> Int {
        sealOpenBlocks()
        let reserve = Duration.milliseconds(500)
        let flushUntil = deadline - reserve > ContinuousClock.now ? deadline - reserve : deadline
        let left = await flush(deadline: flushUntil)
        if left > 0 {
            rd_kafka_purge(client.handle.pointer, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
            // The purged messages' reports come on the next poll rounds: wait for them even
            // after abort(), or they would be lost with the handle.
            await awaitReports(deadline: deadline - .milliseconds(150) > .now ? deadline - .milliseconds(150) : deadline)
        }
        // Whatever librdkafka has not reported by now (in flight to a broker that is gone, say)
        // is reported as unreported, so every message gets exactly one report.
        let abandoned = await abandonUnreported(deadline: max(deadline, .now + .milliseconds(300)))
        releaseTopic()
        let destroyed = await client.destroy(deadline: deadline + .milliseconds(500))
        if destroyed { releaseAbandoned() }
        return max(left, abandoned)
    }

    /// Gives up on every message handed over whose report has not been served: stops the poll
    /// thread (after it serves what is queued), then reports each such message to the delivery
    /// handler as failed with ``DeliveryError/unreported``, possibly persisted (it may have
    /// reached a broker). Nothing more is handed over afterwards. Returns how many messages
    /// were given up on; 0 if the poll thread did not stop by `deadline` (nothing is touched then).
    ///
    /// For the end of a run (``close(deadline:)`` calls it) and for exiting at once (a second
    /// Ctrl-C): either way every message ends with one report.
    @discardableResult
    public func abandonUnreported(deadline: ContinuousClock.Instant) async -> Int {
        aborted.store(true, ordering: .relaxed)
        client.context.progress.advance()
        // A produce call under way hands its rest back as unsent (it saw `aborted`) before the
        // walk: no message is both abandoned here and returned unsent there.
        while producing.load(ordering: .acquiring) > 0 && ContinuousClock.now < deadline {
            client.context.progress.advance()
            try? await Task.sleep(for: .milliseconds(1))
        }
        guard producing.load(ordering: .acquiring) == 0, await client.stopPolling(deadline: deadline) else { return 0 }
        return abandonment.withLock { done -> Int in
            // Under the staging lock: no block gets a message while it is walked.
            let records = staging.withLock { _ -> [DeliveryRecord] in
                var records: [DeliveryRecord] = []
                for block in pool.liveBlocks {
                    block._withUnsafeGuaranteedRef { b in
                        for i in b.messages.indices where b.messages[i].state == .outstanding {
                            b.messages[i].state = .abandoned
                            records.append(DeliveryRecord(b.contexts + i, failure: DeliveryRecord.unreported))
                        }
                    }
                }
                return records
            }
            // The blocks stay alive (their abandoned messages are not done until the handle is
            // destroyed), so the reports' bytes are valid during the call.
            records.withUnsafeBufferPointer { client.context.report($0) }
            done += records.count
            return records.count
        }
    }

    /// Once the handle is destroyed librdkafka holds none of the abandoned messages: their
    /// blocks can go back to the pool.
    private func releaseAbandoned() {
        abandonment.withLock { _ in
            staging.withLock { _ in
                for block in pool.liveBlocks {
                    block._withUnsafeGuaranteedRef { b in
                        let n = b.messages.reduce(0) { $0 + ($1.state == .abandoned ? 1 : 0) }
                        for i in b.messages.indices where b.messages[i].state == .abandoned { b.messages[i].state = .reported }
                        if n > 0 { b.messageDone(count: n) }
                    }
                }
            }
        }
    }

}
