import Commerce
import Kafka

/// Turns permits into serialized transactions for the users it owns (index ≡ i mod n), one
/// batch at a time: one actor hop to get permits, one to hand over the batch, none per message.
public actor GeneratorActor {
    public let index: Int
    private var generator: TransactionGenerator
    /// Transactions generated and how many failed the pre-send check.
    public private(set) var generated = 0

    /// - Throws: ``CommerceConfigurationError`` when the configuration is invalid.
    public init(configuration: CommerceConfiguration, index: Int, of count: Int) throws(CommerceConfigurationError) {
        self.index = index
        generator = try TransactionGenerator(configuration: configuration, generator: index, of: count)
    }

    /// Runs until the governor has no more permits.
    public func run(
        governor: RateGovernor, sink: any MessageSink, clock: SimulatedClock, runStart: Int64,
        metrics: RunMetrics, batchSize: Int = 1000
    ) async {
        var g = generator
        var batch = MessageBatch(capacity: batchSize, bytesPerMessage: 900)
        while let permits = await governor.next(max: batchSize) {
            for due in permits.due {
                let t = g.next(at: clock.simulatedMillis(elapsedNanos: due - runStart))
                if g.check(t) != nil {
                    metrics.invalid.add(1, ordering: .relaxed)
                    continue
                }
                let keyStart = batch.bytes.count
                g.appendKey(of: t, to: &batch.bytes)
                let valueStart = batch.bytes.count
                g.appendJSON(of: t, to: &batch.bytes)
                batch.commit(keyStart: keyStart, valueStart: valueStart, dueNanos: UInt64(due))
            }
            generated += permits.due.count
            metrics.recordScheduleLag(dues: permits.due, now: SystemClock.nanos())
            if !batch.isEmpty { batch = await sink.send(consume batch) }
        }
        generator = g
    }
}
