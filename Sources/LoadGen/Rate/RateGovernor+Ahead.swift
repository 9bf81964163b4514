extension RateGovernor {
    /// The next permits of generator 0 (a governor with one generator).
    public func next(max: Int) async -> PermitBatch? { await next(for: 0, max: max) }

    /// The next permits of `generator`: at most `max`, every one due by now (with
    /// ``aheadNanos``, due within it: send each at its slice's end, ``PermitBatch/slices``);
    /// waits until at least one is. Returns nil when the run is over (stopped, count reached,
    /// duration passed).
    public func next(for generator: Int, max: Int) async -> PermitBatch? {
        while true {
            switch step(for: generator, max: max) {
            case .permits(let batch): return batch
            case .over: return nil
            case .wait(let deadline): try? await clock.sleep(until: deadline)
            case .yield: await Task.yield()
            }
        }
    }

    /// What a generator does next: take permits, wait, let others run, or stop.
    public enum Step: Sendable {
        /// Permits due by now, or within ``RateGovernor/aheadNanos`` (at most the `max` asked for).
        case permits(PermitBatch)
        /// Nothing is due: ask again at `until` (real time on the run's clock, monotonic ns).
        case wait(until: Int64)
        /// Nothing is due yet and nothing to wait for (unthrottled: others are walking).
        case yield
        /// The run is over (stopped, count reached, duration passed).
        case over
    }

    // MARK: - Walking ahead

    /// For an unthrottled run (`--simulate`, `--rate max`, a count without a rate): walks the
    /// schedule ahead of the generators, so deciding who shops when (the schedule's draws and
    /// the footfall, about 17 % of the CPU by `perf`) runs beside generation instead of between
    /// its batches. It keeps two to four batches a generator queued in all, sleeps while they
    /// are there (``handOut`` wakes it when a generator takes them below two), and ends with the
    /// schedule, ``stop()``, the run's deadline or its task's cancellation. A paced run returns at once: its walk is bounded by the
    /// clock, and generators walk it themselves when a slice is due.
    ///
    /// The walk is the same one, in the same order, whoever walks it: every generator receives
    /// the same permits in the same order with or without a walker, so the data does not change.
    public func walkAhead(batch: Int) async {
        guard pace == .unthrottled else { return }
        let batch = Swift.max(1, batch), generators = queues.count
        // Woken below two batches a generator, it walks two more: one wake-up per two batches.
        let full = 4 * batch * generators
        walkerResumeBelow = 2 * batch * generators
        walkerQueueBound = Self.queueBatches * batch
        defer { walkerResumeBelow = 0; walkerQueueBound = .max }
        while !stopped, !schedule.isOver, !Task.isCancelled {
            if let deadline, clock.now() >= deadline { return }
            if queuedPermits >= full || queues.contains(where: { $0.count >= walkerQueueBound }) {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        if Task.isCancelled { continuation.resume() } else { walker = continuation }
                    }
                } onCancel: {
                    Task { await self.releaseWalker() }
                }
                continue
            }
            // To full in one go: a yield per chunk costs a thread switch each (measured).
            _ = walk(now: clock.now(), budget: full - queuedPermits)
            // A walk that stopped short (a shard owning little of the schedule) lets the
            // generators, stop() and the sampler in before the next.
            if queuedPermits < full { await Task.yield() }
        }
    }

    /// Whether a waiting walker would find room: few permits queued and no generator behind.
    var walkerHasRoom: Bool {
        queuedPermits < walkerResumeBelow && !queues.contains(where: { $0.count >= walkerQueueBound })
    }

    /// Whether the walker waits for room (or for the run's end).
    var walkerIsWaiting: Bool { walker != nil }

    /// Permits queued for all generators.
    var queuedPermits: Int { queues.reduce(0) { $0 + $1.count } }

    /// Wakes the walker if it waits (for room, or to see that the run is over).
    func releaseWalker() {
        walker?.resume()
        walker = nil
    }

    /// The run is over for a generator: so the walker sees it too.
    func over() -> Step {
        releaseWalker()
        return .over
    }
}
