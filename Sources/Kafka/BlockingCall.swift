import Foundation
import Synchronization

/// Runs librdkafka calls that block (metadata, watermarks, admin results, destroy) on a thread
/// of their own, so they never occupy a thread of Swift's cooperative pool.
enum BlockingCall {
    /// Runs `body` on a new thread and returns its result to the awaiting task.
    static func run<T: Sendable>(_ name: String, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.start(named: name) { continuation.resume(returning: body()) }
        }
    }

    /// Like ``run(_:_:)`` but gives up waiting at `deadline`, leaving the thread to finish on
    /// its own; returns `nil` then. Used where a hang must not become the caller's hang.
    static func run<T: Sendable>(
        _ name: String, deadline: ContinuousClock.Instant, _ body: @escaping @Sendable () -> T
    ) async -> T? {
        let box = OnceBox<T?>()
        Thread.start(named: name) { box.resume(with: body()) }
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

extension Thread {
    /// Runs `body` on a new thread named `name` as `top -H`, `ps -L` and `perf` show it.
    ///
    /// On Linux a thread takes its creator's name (a pool thread's `…oot.default-qos`), a name
    /// set before `start()` is not applied, and the kernel keeps at most 15 bytes (a longer name
    /// is refused whole): so the name is cut to 15 bytes and set from inside the thread.
    static func start(named name: String, _ body: @escaping @Sendable () -> Void) {
        let short = String(decoding: name.utf8.prefix(15), as: UTF8.self)
        let thread = Thread {
            Thread.current.name = short
            body()
        }
        thread.name = short
        thread.start()
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
