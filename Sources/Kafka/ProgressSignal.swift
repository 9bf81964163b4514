import Synchronization

/// Wakes tasks waiting for librdkafka to make progress (delivery reports served, queue space
/// freed). The poll thread calls ``advance()`` after every `rd_kafka_poll`, which returns at
/// once when reports arrive and at the latest after its timeout, so a wait is never longer
/// than one poll interval and never a fixed sleep.
final class ProgressSignal: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var closed = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    /// The current generation; pass it to ``wait(after:)``.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// Suspends until the generation has moved past `seen` (or the signal is closed).
    func wait(after seen: UInt64) async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { s -> Bool in
                if s.closed || s.generation != seen { return true }
                s.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Moves to the next generation and wakes every waiter.
    func advance() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.generation &+= 1
            guard !s.waiters.isEmpty else { return [] }
            defer { s.waiters.removeAll(keepingCapacity: true) }
            return s.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Wakes every waiter for good: later waits return at once.
    func close() {
        state.withLock { $0.closed = true }
        advance()
    }
}
