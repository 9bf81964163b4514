import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thread of one generator's own, as the executor its task prefers: the generator's loop, its
/// actor and the governor's code it calls run here, and between slices the thread sleeps until
/// the next one is due (``pause(until:clock:)``).
///
/// Why: a task that sleeps with `Task.sleep` is woken by the runtime's timer thread, which hands
/// it to a worker of the cooperative pool: three or four context switches per wake-up, measured
/// at about 28 µs of CPU each on this 2-core VM, which at 20,000/s was a fifth of a message's
/// cost. A thread that sleeps in `clock_nanosleep` wakes once and runs. Sleeping here blocks no
/// thread of the cooperative pool: nothing but this generator's task runs on this thread.
final class GeneratorThread: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    /// Jobs to run, oldest first (guarded by `condition`).
    private var jobs: [UnownedJob] = []
    private var finished = false
    /// Set while the thread runs, so ``pause(until:clock:)`` knows where it is.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Starts the thread (named `name`, as `top -H` and `perf` show it).
    init(name: String) {
        let thread = Thread { [self] in
            // Named from inside: Foundation names a Linux thread only when asked on it.
            Thread.current.name = name
            runJobs()
        }
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread end once it has run every job enqueued (call when the task that prefers
    /// it has finished: nothing else enqueues here).
    func finish() {
        condition.lock()
        finished = true
        condition.signal()
        condition.unlock()
    }

    private func runJobs() {
        pthread_setspecific(Self.key, Unmanaged.passUnretained(self).toOpaque())
        defer { pthread_setspecific(Self.key, nil) }
        let executor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            while jobs.isEmpty && !finished { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: executor)
        }
    }

    /// Whether the calling code runs on a generator's own thread.
    static var isCurrent: Bool { pthread_getspecific(key) != nil }

    /// Waits until `deadline` on `clock`. On a generator's own thread with the system clock the
    /// thread sleeps (`clock_nanosleep` to the deadline: one wake-up); anywhere else (a
    /// virtual clock in tests, a task on the cooperative pool) the task sleeps. Returns whether
    /// the thread slept.
    @discardableResult
    static func pause(until deadline: Int64, clock: any RunClock) async -> Bool {
        if clock is SystemClock, isCurrent {
            var until = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
            while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, nil) == EINTR {}
            return true
        }
        try? await clock.sleep(until: deadline)
        return false
    }
}
