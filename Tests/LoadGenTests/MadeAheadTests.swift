import Commerce
import Kafka
@testable import LoadGen
import Synchronization
import Testing

/// When a generator made each message (how long before its due time) and what it sent when.
final class AheadLog: Sendable {
    let madeAhead = Mutex<[Int64]>([])
    let sends = Mutex<[(at: Int64, dues: [Int64])]>([])
}

/// Messages that carry their due time in their tag, each one's making logged.
struct StampingSource: MessageSource {
    let log: AheadLog
    mutating func appendMessage(_ permit: Permit, to batch: inout MessageBatch) -> Bool {
        let now = SystemClock.nanos()
        log.madeAhead.withLock { $0.append(permit.due - now) }
        batch.append(key: [UInt8(truncatingIfNeeded: permit.number)], value: [1], tag: MessageTag(due: UInt64(permit.due)))
        return true
    }
}

/// Logs when each batch arrives and its messages' due times; the first send takes `stall`.
struct RecordingSink: MessageSink {
    let log: AheadLog
    var stall: Duration = .zero
    func send(_ batch: consuming MessageBatch) async -> MessageBatch {
        if stall > .zero, log.sends.withLock({ $0.isEmpty }) { try? await Task.sleep(for: stall) }
        let now = SystemClock.nanos()
        let dues = batch.slots.map { Int64($0.tag.due) }
        log.sends.withLock { $0.append((now, dues)) }
        batch.removeAll()
        return batch
    }
    func finish(deadline: ContinuousClock.Instant) async -> Int { 0 }
}

@Suite("Messages made ahead", .serialized)
struct MadeAheadTests {
    struct Outcome {
        var log: AheadLog
        var governor: RateGovernor
        var start: Int64
        var slice: Slices
        var stoppedAt: Int64?
    }

    /// One generator of a live run at `perSecond` for `duration` (stopped after `stopAfter`),
    /// its messages made 50 ms ahead, to a sink that logs them.
    func run(
        perSecond: Double, duration: Duration, stopAfter: Duration? = nil, shard: (index: Int, count: Int) = (0, 1), stall: Duration = .zero
    ) async -> Outcome {
        let log = AheadLog(), clock = SystemClock()
        let curve = RateCurve(base: .perSecond(perSecond), multipliers: [], clock: SimulatedClock(startMillis: 1_764_547_200_000))
        let start = clock.now()
        let governor = RateGovernor(curve: curve, clock: clock, start: start, duration: duration, shard: shard, makeAhead: .milliseconds(50))
        let stoppedAt = Mutex<Int64?>(nil)
        let stopper = Task {
            guard let stopAfter else { return }
            try? await Task.sleep(for: stopAfter)
            await governor.stop()
            // Once stop() has returned nothing more goes out that was not due by then.
            stoppedAt.withLock { $0 = clock.now() }
        }
        let sink = RecordingSink(log: log, stall: stall)
        await GeneratorActor(source: StampingSource(log: log), index: 0).run(governor: governor, sink: sink, metrics: RunMetrics())
        await stopper.value
        let slice = Slices(origin: start, length: await governor.slice(atElapsed: 0))
        return Outcome(log: log, governor: governor, start: start, slice: slice, stoppedAt: stoppedAt.withLock { $0 })
    }

    /// A live run's generator makes its messages up to 50 ms ahead, hundreds in one go (caches
    /// warm), and sends each batch when the slice holding its messages' due times ends: never a
    /// message before it is due, one batch per slice, every message of the schedule once, in order.
    @Test(.timeLimit(.minutes(1))) func messagesMadeAheadGoOutWhenTheirSliceEnds() async {
        let o = await run(perSecond: 5_000, duration: .seconds(1))
        let sends = o.log.sends.withLock { $0 }, madeAhead = o.log.madeAhead.withLock { $0 }
        let dues = sends.flatMap(\.dues)
        // Every event of the schedule goes out once, or, on a machine that starves the run past
        // the burst allowance (parallel suites on two cores), is counted dropped.
        let dropped = await o.governor.dropped
        #expect(dues.count + dropped == 5_000 && madeAhead.count == dues.count)
        #expect(dues == dues.sorted())
        // 32 permits a slice at 5,000/s: 6.4 ms.
        #expect(o.slice.length == 6_400_000)
        let early = sends.filter { s in s.dues.contains { $0 > s.at } }.count
        #expect(early == 0, "\(early) batches sent before a message was due")
        // A batch holds one slice, or (a generator behind: slices already over when made go out
        // together) only slices that had all ended when it was sent.
        let mixed = sends.filter { s in
            let ends = Set(s.dues.map(o.slice.end(of:)))
            return ends.count != 1 && ends.contains { $0 > s.at }
        }.count
        #expect(mixed == 0, "\(mixed) batches with messages of a slice not yet over")
        // Kept up (no message sent more than two slices late, so no slices went out together):
        // about 156 slices in the second, and a slice split where a hand-out ends (a batch per
        // hand-out would be about 20), most messages made a slice or more ahead. A machine too
        // busy for the real clock (parallel suites) shows only the checks above.
        let keptUp = sends.allSatisfy { s in s.dues.allSatisfy { s.at - $0 <= 2 * o.slice.length } }
        if keptUp {
            #expect(sends.count >= 120 && sends.count <= 300, "\(sends.count) batches")
            let wellAhead = madeAhead.filter { $0 >= o.slice.length }.count
            #expect(wellAhead >= 2_500, "\(wellAhead) of 5,000 made a slice or more ahead")
        }
        // Never more than 50 ms (plus the slice a hand-out starts in) ahead.
        #expect(madeAhead.allSatisfy { $0 <= 50_000_000 + o.slice.length })
    }

    /// Stopped mid-run, a generator drops what it made ahead for later slices: nothing due after
    /// the slice the stop fell in goes out, and the governor counts as issued (in all and per
    /// simulated day) exactly what was sent.
    @Test(.timeLimit(.minutes(1))) func aStoppedRunSendsNothingItMadeForLater() async throws {
        let o = await run(perSecond: 5_000, duration: .seconds(10), stopAfter: .milliseconds(400))
        let sends = o.log.sends.withLock { $0 }, made = o.log.madeAhead.withLock { $0 }.count
        let sent = sends.reduce(0) { $0 + $1.dues.count }
        let stoppedAt = try #require(o.stoppedAt)
        #expect(sent > 1_000 && sent < 5_000, "\(sent) sent")
        #expect(made > sent, "\(made) made, \(sent) sent: nothing was made ahead when the run stopped")
        #expect(sends.flatMap(\.dues).allSatisfy { $0 <= stoppedAt })
        #expect(await o.governor.issued == sent)
        #expect(await o.governor.perDay.values.reduce(0, +) == sent)
    }

    /// A shard's target when stopped counts the permits it made ahead and dropped as part of its
    /// share of the schedule: shard 0 of 2 keeps every other event (numbers mod 2), so its
    /// target is half the schedule's integral to the stop, not less by what it withdrew.
    @Test(.timeLimit(.minutes(1))) func aStoppedShardsTargetIsItsShare() async throws {
        let o = await run(perSecond: 10_000, duration: .seconds(10), stopAfter: .milliseconds(400), shard: (0, 2))
        let sent = o.log.sends.withLock { $0 }.reduce(0) { $0 + $1.dues.count }
        let stoppedAt = try #require(o.stoppedAt)
        let target = await o.governor.target(until: stoppedAt), withdrawn = await o.governor.withdrawn
        let half = 5_000 * Double(stoppedAt - o.start) / 1e9
        #expect(withdrawn > 0)
        #expect(abs(target - half) <= 0.002 * half, "target \(target), half the integral \(half), \(withdrawn) withdrawn")
        #expect(abs(target - Double(sent)) <= 0.03 * Double(sent), "target \(target), sent \(sent)")
    }

    /// A generator that fell behind (its sink stalled 100 ms) sends the slices that have already
    /// ended in one batch, not one batch per slice.
    @Test(.timeLimit(.minutes(1))) func slicesAlreadyOverGoOutTogether() async {
        let o = await run(perSecond: 5_000, duration: .milliseconds(500), stall: .milliseconds(100))
        let sizes = o.log.sends.withLock { $0 }.map(\.dues.count)
        #expect(sizes.reduce(0, +) == 2_500)
        #expect(sizes.contains { $0 > 64 }, "largest batch \(sizes.max() ?? 0): a slice holds 32")
    }
}
