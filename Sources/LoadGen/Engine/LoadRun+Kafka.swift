import Commerce
import Kafka
import Logging

extension LoadRun {
    /// Refuses to start when `message.max.bytes` is below the largest of a sample of this
    /// run's messages plus record overhead: every message would be rejected.
    func checkMessageSize(_ kafka: KafkaConfiguration) throws {
        guard let text = kafka.properties["message.max.bytes"], let limit = Int(text) else { return }
        var sample = try sources.make(0, 1)
        var batch = MessageBatch(capacity: 1, bytesPerMessage: 1000)
        var largest = 0
        var footfall = sources.footfall
        for i in 0..<2000 {
            batch.removeAll()
            let millis = 1_764_000_000_000 + Int64(i) * 1000
            let visit = footfall?.next(at: millis)
            let permit = Permit(
                number: UInt64(i), eventMillis: millis, due: 0,
                visit: visit ?? Footfall.Visit(user: .max, startMillis: millis), date: 0)
            guard sample.appendMessage(permit, to: &batch) else { continue }
            largest = max(largest, batch.byteCount)
        }
        let needed = largest + 256
        if limit < needed {
            throw InputError("message.max.bytes", "\(limit) is smaller than this profile's \(sources.noun) (up to \(largest) bytes of key and value, plus record overhead): expected at least \(needed)")
        }
    }

    /// Gives up when messages are outstanding and no delivery report arrived for the stall
    /// timeout: stops the schedule and the producer; what is undelivered is dead-lettered.
    func watchForStall(_ actor: ProducerActor) async {
        let timeout = configuration.stallTimeout.nanoseconds
        var lastProgress = -1
        var lastChange = SystemClock.nanos()
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(250))
            let now = SystemClock.nanos()
            let progress = metrics.delivered.load(ordering: .relaxed) + metrics.failed.load(ordering: .relaxed)
            let waiting = metrics.inFlight + actor.retryBacklog
            if progress != lastProgress || waiting == 0 {
                lastProgress = progress
                lastChange = now
            } else if now - lastChange >= timeout {
                logger.error("no delivery progress for \(configuration.stallTimeout) with \(waiting) message(s) outstanding: giving up; undelivered messages go to \(deadLetterPath)")
                stalled.store(true, ordering: .relaxed)
                stop()
                await actor.abort()
                return
            }
        }
    }
}
