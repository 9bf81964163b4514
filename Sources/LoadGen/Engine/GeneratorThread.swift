import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thread of one generator's own, as the executor its task prefers: the generator's loop and
/// the actors it calls while they are idle run here, and between slices the thread sleeps until
/// the next one is due (``pause(until:clock:)``).
///
/// Why: a task that sleeps with `Task.sleep` is woken by the runtime's timer thread, which hands
/// it to a worker of the cooperative pool: three or four context switches per wake-up, measured
/// at about 28 µs of CPU each on this 2-core VM, which at 20,000/s was a fifth of a message's
/// cost. A thread that sleeps in `clock_nanosleep` wakes once and runs.
///
/// What else runs here: when the generator calls an idle actor (the governor, the sink), that
/// actor's waiting jobs run here too, and a task without a preference that such a job resumes
/// may go on here (the sampler's tick, a retry). None of that blocks; it can delay this
/// generator's next slice, which the schedule-lag histogram shows. The thread sleeps only in
/// ``pause(until:clock:)``, called from the generator's loop when it holds no actor, so no
/// thread of the cooperative pool and no actor ever waits on a sleeping generator.
final class GeneratorThread: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    /// Jobs to run, oldest first (guarded by `condition`).
    private var jobs: [UnownedJob] = []
    private var finished = false
    private var exited = false
    private let name: String
    /// Set while the thread runs, so ``pause(until:clock:)`` knows where it is.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Starts a thread named `name` (as `top -H` and `perf` show it); nil when the system
    /// refuses a thread (the caller then runs the generator on the cooperative pool).
    init?(name: String) {
        self.name = name
        #if canImport(Glibc)
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { context in
            let me = Unmanaged<GeneratorThread>.fromOpaque(context!).takeRetainedValue()
            me.runJobs()
            return nil
        }, context)
        guard started == 0 else {
            Unmanaged<GeneratorThread>.fromOpaque(context).release()
            return nil
        }
        pthread_detach(thread)
        #else
        Thread { [self] in runJobs() }.start()
        #endif
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        // Only this generator's task prefers this thread, and it has finished before finish();
        // a job now would never run: better a crash that says so than a silent hang.
        precondition(!exited, "a job was enqueued on \(name) after it ended")
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

    /// Whether the thread has ended (after ``finish()`` and its last job).
    var hasEnded: Bool {
        condition.lock()
        defer { condition.unlock() }
        return exited
    }

    private func runJobs() {
        // Named from inside: Foundation names a Linux thread only when asked on it.
        Thread.current.name = name
        pthread_setspecific(Self.key, Unmanaged.passUnretained(self).toOpaque())
        defer { pthread_setspecific(Self.key, nil) }
        let executor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            while jobs.isEmpty && !finished { condition.wait() }
            if jobs.isEmpty {
                exited = true
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

    /// The longest a generator's thread sleeps at once, whatever it is asked: a stopped run is
    /// noticed within this.
    static let longestSleepNanos: Int64 = 50_000_000

    /// Waits until `deadline` on `clock`. On a generator's own thread with the system clock the
    /// thread sleeps (`clock_nanosleep` to the deadline, at most ``longestSleepNanos``: one
    /// wake-up); anywhere else (a virtual clock in tests, a task on the cooperative pool, a
    /// system without `clock_nanosleep`) the task sleeps. Returns whether the thread slept.
    @discardableResult
    static func pause(until deadline: Int64, clock: any RunClock) async -> Bool {
        #if canImport(Glibc)
        if clock is SystemClock, isCurrent {
            let until = Swift.min(deadline, clock.now() + longestSleepNanos)
            var time = timespec(tv_sec: Int(until / 1_000_000_000), tv_nsec: Int(until % 1_000_000_000))
            while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &time, nil) == EINTR {}
            return true
        }
        #endif
        try? await clock.sleep(until: deadline)
        return false
    }
}
