import Foundation
import Synchronization

/// Runs librdkafka calls that block (metadata, watermarks, admin results, destroy) on a thread
/// of their own, so they never occupy a thread of Swift's cooperative pool.
enum BlockingCall {
    /// Runs `body` on a new thread and returns its result to the awaiting task.
    static func run<T: Sendable>(_ name: String, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = name
            thread.start()
        }
    }

    /// Like ``run(_:_:)`` but gives up waiting at `deadline`, leaving the thread to finish on
    /// its own; returns `nil` then. Used where a hang must not become the caller's hang.
    static func run<T: Sendable>(
        _ name: String, deadline: ContinuousClock.Instant, _ body: @escaping @Sendable () -> T
    ) async -> T? {
        let box = OnceBox<T?>()
        let thread = Thread { box.resume(with: body()) }
        thread.name = name
        thread.start()
        return await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                box.resume(with: nil)
            }
            let result = await box.value()
            group.cancelAll()
            return result
        }
    }
}

/// A value set once by whichever side comes first; later sets are ignored.
final class OnceBox<T: Sendable>: Sendable {
    private let state = Mutex<(value: T?, set: Bool, waiter: CheckedContinuation<T, Never>?)>((nil, false, nil))

    func resume(with value: T) {
        let waiter: CheckedContinuation<T, Never>? = state.withLock { s in
            guard !s.set else { return nil }
            s.set = true
            s.value = value
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(returning: value)
    }

    func value() async -> T {
        await withCheckedContinuation { continuation in
            let ready: T? = state.withLock { s in
                if s.set { return s.value }
                s.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
