import Kafka

/// Turns permits into serialized messages from its own ``MessageSource`` (for transactions: the
/// users whose index ≡ i mod n), one batch at a time: one actor hop to get permits, one to hand
/// over the batch, none per message.
actor GeneratorActor {
    let index: Int
    private var source: any MessageSource
    /// Messages generated (including those that failed the pre-send check).
    private(set) var generated = 0

    init(source: any MessageSource, index: Int) {
        self.index = index
        self.source = source
    }

    /// Runs until the governor has no more permits.
    func run(
        governor: RateGovernor, sink: any MessageSink, clock: SimulatedClock, runStart: Int64,
        metrics: RunMetrics, batchSize: Int = 1000
    ) async {
        // Opened once, so the loop calls the concrete source directly.
        var s = source
        generated += await Self.loop(&s, governor: governor, sink: sink, clock: clock, runStart: runStart, metrics: metrics, batchSize: batchSize)
        source = s
    }

    private static func loop<Source: MessageSource>(
        _ source: inout Source, governor: RateGovernor, sink: any MessageSink, clock: SimulatedClock, runStart: Int64,
        metrics: RunMetrics, batchSize: Int
    ) async -> Int {
        var generated = 0
        var batch = MessageBatch(capacity: batchSize, bytesPerMessage: 900)
        while let permits = await governor.next(max: batchSize) {
            var invalid = 0
            for due in permits.due {
                if !source.appendMessage(at: clock.simulatedMillis(elapsedNanos: due - runStart), dueNanos: UInt64(due), to: &batch) {
                    invalid += 1
                }
            }
            if invalid > 0 { metrics.invalid.add(invalid, ordering: .relaxed) }
            generated += permits.due.count
            metrics.recordScheduleLag(dues: permits.due, now: SystemClock.nanos())
            if !batch.isEmpty { batch = await sink.send(consume batch) }
        }
        return generated
    }
}
