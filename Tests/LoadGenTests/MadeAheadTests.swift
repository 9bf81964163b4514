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

/// Logs when each batch arrives and its messages' due times.
struct RecordingSink: MessageSink {
    let log: AheadLog
    func send(_ batch: consuming MessageBatch) async -> MessageBatch {
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
    func run(perSecond: Double, duration: Duration, stopAfter: Duration? = nil) async -> Outcome {
        let log = AheadLog(), clock = SystemClock()
        let curve = RateCurve(base: .perSecond(perSecond), multipliers: [], clock: SimulatedClock(startMillis: 1_764_547_200_000))
        let start = clock.now()
        let governor = RateGovernor(curve: curve, clock: clock, start: start, duration: duration, makeAhead: .milliseconds(50))
        let stoppedAt = Mutex<Int64?>(nil)
        let stopper = Task {
            guard let stopAfter else { return }
            try? await Task.sleep(for: stopAfter)
            stoppedAt.withLock { $0 = clock.now() }
            await governor.stop()
        }
        await GeneratorActor(source: StampingSource(log: log), index: 0).run(governor: governor, sink: RecordingSink(log: log), metrics: RunMetrics())
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
        #expect(dues.count == 5_000 && madeAhead.count == 5_000)
        #expect(dues == dues.sorted())
        // 32 permits a slice at 5,000/s: 6.4 ms.
        #expect(o.slice.length == 6_400_000)
        let early = sends.filter { s in s.dues.contains { $0 > s.at } }
        #expect(early.isEmpty, "\(early.count) batches sent before a message was due")
        let mixed = sends.filter { s in Set(s.dues.map(o.slice.end(of:))).count != 1 }
        #expect(mixed.isEmpty, "\(mixed.count) batches with messages of more than one slice")
        // About 156 slices in the second, and a slice split where a hand-out ends (a batch per
        // hand-out would be about 20).
        #expect(sends.count >= 140 && sends.count <= 200, "\(sends.count) batches")
        // Made ahead: most messages well before their slice, and none more than 50 ms (plus
        // the slice a hand-out starts in) ahead.
        let wellAhead = madeAhead.filter { $0 >= o.slice.length }.count
        #expect(wellAhead >= 2_500, "\(wellAhead) of 5,000 made a slice or more ahead")
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
        #expect(sends.flatMap(\.dues).allSatisfy { $0 <= o.slice.end(of: stoppedAt) + o.slice.length })
        #expect(await o.governor.issued == sent)
        #expect(await o.governor.perDay.values.reduce(0, +) == sent)
    }
}
