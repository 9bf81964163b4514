import CRdKafka
import Foundation
import Logging
import Synchronization

/// A librdkafka pointer that may cross threads.
///
/// Safe because librdkafka documents `rd_kafka_t` and `rd_kafka_topic_t` as thread-safe for
/// every call loadgen makes on them (produce, poll, metadata, outq_len, destroy once).
struct NativePointer: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// What librdkafka's C callbacks reach through the instance's opaque pointer: the logger, the
/// delivery handler, the progress signal and the newest error text (for start-up messages).
final class ClientContext: Sendable {
    let logger: Logger
    /// Called with each round of delivery reports (see ``DeliveryReports``).
    let onDelivery: (@Sendable (borrowing DeliveryReports) -> Void)?
    /// The reports of the poll round under way (poll thread only).
    let round = DeliveryRound()
    let progress = ProgressSignal()
    private let lastError = Mutex<String?>(nil)

    init(logger: Logger, onDelivery: (@Sendable (borrowing DeliveryReports) -> Void)?) {
        self.logger = logger
        self.onDelivery = onDelivery
    }

    /// Hands the round's reports to the handler (on the poll thread, after each
    /// `rd_kafka_poll`, before any waiter on producer progress wakes).
    func serveRound() {
        if let onDelivery { round.serve(onDelivery) }
    }

    /// Hands reports the producer makes itself (refused at enqueue, given up on at close) to
    /// the handler, on the caller's thread.
    func report(_ records: UnsafeBufferPointer<DeliveryRecord>) {
        guard !records.isEmpty else { return }
        onDelivery?(DeliveryReports(records))
    }

    func recordError(_ text: String) { lastError.withLock { $0 = text } }

    /// librdkafka's complaints (a refused connection, a broker down) come in bursts and are
    /// often answered by loadgen's own one-line error (the start-up check) or by recovery: they
    /// are logged at debug level, and at `level` only once the problem has persisted for
    /// ``persistence`` (then at most once per that interval).
    private let problems = Mutex<(streakStart: UInt64?, last: UInt64, lastLoud: UInt64)>((nil, 0, 0))
    static let persistence: UInt64 = 15_000_000_000
    static let quietAfter: UInt64 = 30_000_000_000

    func logProblem(_ level: Logger.Level, _ text: @autoclosure () -> String) {
        // The time is read under the lock: librdkafka calls from several threads at once, and a
        // time read before another thread's update would be older than the streak's last.
        let loud = problems.withLock { Self.isLoud(&$0, now: DispatchTime.now().uptimeNanoseconds) }
        let message = text() + (loud ? " (for more than 15 s)" : "")
        logger.log(level: loud ? level : .debug, "\(message)")
    }
    /// Whether a problem reported at `now` is logged at its level (it has persisted for
    /// ``persistence``, and was not logged loudly within it), updating the streak. Times may
    /// come out of order: differences saturate at 0 (a wrapped subtraction would trap).
    static func isLoud(_ p: inout (streakStart: UInt64?, last: UInt64, lastLoud: UInt64), now: UInt64) -> Bool {
        func since(_ t: UInt64) -> UInt64 { now >= t ? now - t : 0 }
        if let start = p.streakStart, since(p.last) < quietAfter {
            p.last = max(p.last, now)
            guard since(start) >= persistence, since(p.lastLoud) >= persistence else { return false }
            p.lastLoud = now
            return true
        }
        p = (now, now, 0)
        return false
    }

    var lastErrorText: String? { lastError.withLock { $0 } }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> ClientContext? {
        guard let opaque else { return nil }
        return Unmanaged<ClientContext>.fromOpaque(opaque).takeUnretainedValue()
    }
}

/// One `rd_kafka_t` with its callbacks wired to Swift and, for producer-type handles, a
/// dedicated thread that blocks in `rd_kafka_poll` to serve delivery reports and errors.
///
/// The poll thread is what keeps delivery reports off the cooperative pool and off the produce
/// path: `rd_kafka_poll` returns as soon as there is something to serve, so there is no fixed
/// sleep anywhere in the loop.
final class NativeClient: Sendable {
    let handle: NativePointer
    let context: ClientContext
    let bootstrapServers: String
    private let pollState: Box<Atomic<Int>>
    private let pollerFinished: OnceBox<Void>?
    /// Set by the poll thread when it has left its loop and served what was queued.
    private let pollerStopped: Box<Atomic<Bool>>
    private let destroyed = Atomic<Bool>(false)
    private let retainedContext: Unmanaged<ClientContext>

    /// Creates the handle. `pollThread` starts the dedicated poll thread (producer-type handles).
    init(
        type: rd_kafka_type_t, configuration: KafkaConfiguration, logger: Logger,
        onDelivery: (@Sendable (borrowing DeliveryReports) -> Void)?, pollThread: Bool
    ) throws {
        let context = ClientContext(logger: logger, onDelivery: onDelivery)
        let conf = try configuration.makeNativeConfiguration()
        let retained = Unmanaged.passRetained(context)
        rd_kafka_conf_set_opaque(conf, retained.toOpaque())
        rd_kafka_conf_set_error_cb(conf, nativeErrorCallback)
        rd_kafka_conf_set_log_cb(conf, nativeLogCallback)
        if onDelivery != nil { rd_kafka_conf_set_dr_msg_cb(conf, nativeDeliveryCallback) }

        var errstr = [CChar](repeating: 0, count: 512)
        guard let rk = rd_kafka_new(type, conf, &errstr, errstr.count) else {
            rd_kafka_conf_destroy(conf)
            retained.release()
            let reason = String(errorBuffer: errstr)
            throw KafkaError(.invalidConfiguration, "cannot create Kafka client: \(reason)")
        }
        self.handle = NativePointer(pointer: rk)
        self.context = context
        self.retainedContext = retained
        self.bootstrapServers = configuration.bootstrapServers ?? ""
        let state = Box(Atomic<Int>(PollState.running))
        self.pollState = state
        let stopped = Box(Atomic<Bool>(!pollThread))
        self.pollerStopped = stopped
        if pollThread {
            let finished = OnceBox<Void>()
            self.pollerFinished = finished
            let handle = self.handle
            Thread.start(named: "loadgen-poll") {
                while state.value.load(ordering: .acquiring) == PollState.running {
                    rd_kafka_poll(handle.pointer, 100)
                    context.serveRound()
                    context.progress.advance()
                }
                // Serve what is already queued (reports of purged messages, say) before
                // leaving: a report left in the queue would be a message nobody accounts for.
                // Bounded in time too: under traffic almost every poll finds new reports.
                let drainUntil = DispatchTime.now().uptimeNanoseconds + 50_000_000
                var rounds = 0
                while rounds < 10_000, DispatchTime.now().uptimeNanoseconds < drainUntil, rd_kafka_poll(handle.pointer, 0) > 0 {
                    context.serveRound()
                    rounds += 1
                }
                context.serveRound()
                stopped.value.store(true, ordering: .releasing)
                // No more progress will come from this thread: waiters return at once from now on.
                context.progress.close()
                if state.value.load(ordering: .acquiring) == PollState.stopAndDestroy {
                    rd_kafka_destroy(handle.pointer)
                    context.serveRound()
                    retained.release()
                }
                finished.resume(with: ())
            }
        } else {
            self.pollerFinished = nil
        }
    }

    /// Whether the poll thread has stopped serving reports (``stopPolling(deadline:)``).
    var pollingStopped: Bool { pollerFinished != nil && pollerStopped.value.load(ordering: .acquiring) }

    /// Stops the poll thread (it serves what is queued first) and waits for it until
    /// `deadline`. Returns whether it stopped: from then on no delivery callback runs until
    /// the handle is destroyed.
    func stopPolling(deadline: ContinuousClock.Instant) async -> Bool {
        guard pollerFinished != nil else { return true }
        _ = pollState.value.compareExchange(expected: PollState.running, desired: PollState.stop, ordering: .acquiringAndReleasing)
        // rd_kafka_poll returns within its 100 ms timeout: a short, bounded wait.
        while !pollerStopped.value.load(ordering: .acquiring) {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return true
    }

    /// Stops polling and destroys the handle, waiting at most until `deadline`.
    /// Returns false when librdkafka did not finish in time (the handle is then left to finish
    /// on its own thread rather than hang the caller).
    @discardableResult
    func destroy(deadline: ContinuousClock.Instant, flags: Int32 = 0) async -> Bool {
        guard !destroyed.exchange(true, ordering: .acquiringAndReleasing) else { return true }
        pollState.value.store(PollState.stop, ordering: .releasing)
        // rd_kafka_poll returns within its 100 ms timeout, so this wait is short and bounded.
        if let pollerFinished { await pollerFinished.value() }
        context.progress.close()
        let handle = self.handle
        let retained = self.retainedContext
        let done = await BlockingCall.run("loadgen-destroy", deadline: deadline) { () -> Bool in
            rd_kafka_destroy_flags(handle.pointer, flags)
            retained.takeUnretainedValue().serveRound()
            retained.release()
            return true
        }
        return done ?? false
    }

    deinit {
        guard !destroyed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        context.progress.close()
        let stoppedAlready = pollingStopped
        if pollerFinished != nil && !stoppedAlready {
            // The poll thread may be inside rd_kafka_poll: let it destroy the handle on its way out.
            // (If it has just stopped on its own, it may miss this: then it is destroyed below.)
            pollState.value.store(PollState.stopAndDestroy, ordering: .releasing)
        }
        if pollerFinished == nil || stoppedAlready {
            let handle = self.handle
            let retained = self.retainedContext
            Thread.start(named: "loadgen-destroy") {
                rd_kafka_destroy_flags(handle.pointer, Int32(RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE))
                retained.takeUnretainedValue().serveRound()
                retained.release()
            }
        }
    }

    /// Messages and requests librdkafka still holds (queued, in flight, or awaiting reports).
    var queued: Int { Int(rd_kafka_outq_len(handle.pointer)) }
    /// ``queued`` plus the reports of the poll round under way not yet handed to the handler:
    /// 0 only once every report has reached it.
    var outstanding: Int { queued + context.round.pendingCount }
}

/// What the poll thread should do next.
enum PollState {
    static let running = 0
    /// Leave the loop; the owner destroys the handle.
    static let stop = 1
    /// Leave the loop and destroy the handle (the owner is gone).
    static let stopAndDestroy = 2
}

/// A reference box so a non-copyable atomic can be shared with the poll thread.
final class Box<T: ~Copyable & Sendable>: Sendable {
    let value: T
    init(_ value: consuming T) { self.value = value }
}

// MARK: - C callbacks (no captures: they find their context through the opaque pointer)

private let nativeErrorCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = {
    _, err, reason, opaque in
    guard let context = ClientContext.from(opaque) else { return }
    let text = reason.map { String(cString: $0) } ?? ""
    context.recordError(text)
    let code = rd_kafka_resp_err_t(rawValue: err)
    context.logProblem(.warning, "kafka: \(text) [\(String(cString: rd_kafka_err2name(code)))]")
}

private let nativeLogCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
    rk, level, facility, message in
    guard let rk, let context = ClientContext.from(rd_kafka_opaque(rk)) else { return }
    let text = message.map { String(cString: $0) } ?? ""
    let fac = facility.map { String(cString: $0) } ?? ""
    switch level {
    case ...3: context.logProblem(.error, "librdkafka \(fac): \(text)")
    case 4: context.logProblem(.warning, "librdkafka \(fac): \(text)")
    default: context.logger.debug("librdkafka \(fac): \(text)")
    }
}

private let nativeDeliveryCallback: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
    _, message, opaque in
    // Called once per message: the context and the block are borrowed (they outlive every
    // report), not retained and released per call. The report joins the poll round, handed
    // over when rd_kafka_poll returns.
    guard let message, let opaque else { return }
    Unmanaged<ClientContext>.fromOpaque(opaque)._withUnsafeGuaranteedRef { context in
        // Every message a KafkaProducer hands over carries a pointer to its MessageOpaque.
        guard let raw = message.pointee._private else { return }
        let pointer = raw.assumingMemoryBound(to: MessageOpaque.self)
        // A message given up on at close was already reported as unreported: ignore a late word.
        guard pointer.pointee.state == .outstanding else { return }
        pointer.pointee.state = .reported
        if context.round.add(DeliveryRecord(pointer, native: message.pointee, status: rd_kafka_message_status(message))) {
            context.serveRound()
        }
    }
}
