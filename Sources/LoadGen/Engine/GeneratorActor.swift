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
    func run(governor: RateGovernor, sink: any MessageSink, metrics: RunMetrics, batchSize: Int = 1000) async {
        // Opened once, so the loop calls the concrete source directly.
        var s = source
        generated += await Self.loop(&s, index: index, governor: governor, sink: sink, metrics: metrics, batchSize: batchSize)
        source = s
    }

    /// How many permits ahead the loop fetches what a message reads first.
    static let prefetchAhead = 3

    /// `@concurrent`: never on the actor, so the generator's thread sleeps in it holding none.
    @concurrent
    private static func loop<Source: MessageSource>(
        _ source: inout Source, index: Int, governor: RateGovernor, sink: any MessageSink, metrics: RunMetrics, batchSize: Int
    ) async -> Int {
        var generated = 0
        var batch = MessageBatch(capacity: batchSize, bytesPerMessage: 900)
        // A live run's messages made ahead: those being sent, slice by slice, and the next
        // hand-out's, made while the last slice of the first waits for its time.
        var ahead = MadeAhead(), following = MadeAhead()
        var askedAhead = false
        let clock = governor.runClock
        /// Sleeps until `deadline`: on the generator's own thread the thread sleeps; elsewhere the task does.
        func pause(until deadline: Int64) async {
            let onThread = await GeneratorThread.pause(until: deadline, clock: clock)
            if onThread { metrics.waitsOnOwnThread.add(1, ordering: .relaxed) } else { metrics.waitsAsTask.add(1, ordering: .relaxed) }
        }
        /// Counts `permits` as made and going out now: those that failed the check, the
        /// lateness, the latest event.
        func account(_ permits: ArraySlice<Permit>, invalid: Int) {
            if invalid > 0 { metrics.invalid.add(invalid, ordering: .relaxed) }
            generated += permits.count
            metrics.recordScheduleLag(dues: permits.lazy.map(\.due), now: SystemClock.nanos())
            if let last = permits.last { metrics.latestEventMillis.max(last.eventMillis, ordering: .relaxed) }
        }
        while true {
            // Messages made ahead go out when their slice ends (or not at all once stopped).
            if !ahead.isEmpty {
                if governor.halted.load(ordering: .relaxed) {
                    await governor.withdraw(ahead.untaken + following.untaken)
                    ahead.dropUntaken()
                    following.dropUntaken()
                    continue
                }
                let now = clock.now()
                if ahead.nextRelease > now {
                    // Make the next hand-out while the last slice waits (its first slice would
                    // otherwise wait for the making), when there is time: half a slice or more.
                    if ahead.onLastSlice, following.isEmpty, !askedAhead, ahead.nextRelease - now >= ahead.sliceLength / 2 {
                        askedAhead = true
                        if case .permits(let handedOut) = await governor.step(for: index, max: batchSize) {
                            // (Without slices, each permit is its own slice, sent when due.)
                            let slices = handedOut.slices ?? Slices(origin: 0, length: 0)
                            following.make(handedOut, slices: slices, now: clock.now(), source: &source, prefetchAhead: Self.prefetchAhead)
                        }
                        continue
                    }
                    await pause(until: ahead.nextRelease)
                    continue
                }
                var messages = MessageBatch()
                let (range, invalid) = ahead.takeNext(into: &messages)
                account(ahead.permits[range], invalid: invalid)
                if !messages.isEmpty { messages = await sink.send(consume messages) }
                ahead.recycle(consume messages)
                if ahead.isEmpty {
                    swap(&ahead, &following)
                    askedAhead = false
                }
                continue
            }
            let permits: [Permit]
            switch await governor.step(for: index, max: batchSize) {
            case .permits(let handedOut):
                if let slices = handedOut.slices {
                    ahead.make(handedOut, slices: slices, now: clock.now(), source: &source, prefetchAhead: Self.prefetchAhead)
                    continue
                }
                permits = handedOut.permits
            case .over: return generated
            case .wait(let deadline):
                await pause(until: deadline)
                continue
            case .yield:
                await Task.yield()
                continue
            }
            var invalid = 0
            for i in permits.indices {
                if i + Self.prefetchAhead < permits.count { source.prefetch(permits[i + Self.prefetchAhead]) }
                if !source.appendMessage(permits[i], to: &batch) { invalid += 1 }
            }
            account(permits[...], invalid: invalid)
            if !batch.isEmpty { batch = await sink.send(consume batch) }
        }
    }
}
