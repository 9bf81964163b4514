import Commerce
import Foundation
@testable import LoadGen
import Testing

/// An unthrottled run's schedule is walked ahead of its generators, beside them
/// (``RateGovernor/walkAhead(batch:)``): the permits are the same, the queue is bounded, and the
/// walker ends with the run whichever way it ends.
@Suite("Walking the schedule ahead")
struct WalkAheadTests {
    /// Monday 2026-11-16, 09:00 UTC.
    let clock = SimulatedClock(startMillis: utc(2026, 11, 16, 9), speed: 1)

    func governor(
        generators: Int, shard: (Int, Int) = (0, 1), count: Int? = 20_000, pace: Pace = .unthrottled,
        clock runClock: any RunClock = ManualClock(), duration: Duration? = nil
    ) -> RateGovernor {
        var commerce = CommerceConfiguration()
        commerce.users = 5000
        let curve = RateCurve(base: .perSecond(50), multipliers: Multiplier.documentedDefaults, clock: clock)
        return RateGovernor(
            curve: curve, arrivals: .poisson, pace: pace, clock: runClock, start: 0, count: count, duration: duration,
            seed: 11, footfall: Footfall(configuration: commerce), shard: shard, generators: generators)
    }

    /// Each generator's permits, in the order it got them (due times left out: they are real time).
    func permits(generators: Int, shard: (Int, Int), walker: Bool) async -> [[Permit]] {
        let g = governor(generators: generators, shard: shard)
        return await withTaskGroup(of: (Int, [Permit]).self) { group in
            if walker { group.addTask { await g.walkAhead(batch: 64); return (-1, []) } }
            for index in 0..<generators {
                group.addTask {
                    var mine: [Permit] = []
                    for _ in 0..<100_000 {
                        guard let batch = await g.next(for: index, max: 64) else { break }
                        mine += batch.permits.map { var p = $0; p.due = 0; return p }
                    }
                    return (index, mine)
                }
            }
            var byGenerator = Array(repeating: [Permit](), count: generators)
            for await (index, mine) in group where index >= 0 { byGenerator[index] = mine }
            return byGenerator
        }
    }

    @Test(.timeLimit(.minutes(2))) func aWalkerChangesNoGeneratorsPermitsNorTheirOrder() async {
        for (generators, shard) in [(1, (0, 1)), (3, (0, 1)), (2, (1, 3))] {
            let alone = await permits(generators: generators, shard: shard, walker: false)
            let ahead = await permits(generators: generators, shard: shard, walker: true)
            #expect(alone.map(\.count).reduce(0, +) > (shard.1 == 1 ? 19_999 : 5_000))
            #expect(ahead == alone, "\(generators) generator(s), shard \(shard)")
        }
    }

    /// Waits (boundedly) until the walker sleeps.
    func untilWaiting(_ g: RateGovernor) async -> Bool {
        for _ in 0..<2_000 {
            if await g.walkerIsWaiting { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return false
    }

    @Test(.timeLimit(.minutes(1))) func theWalkerKeepsFourBatchesAGeneratorQueuedThenSleeps() async {
        let g = governor(generators: 2, count: 100_000)
        let walker = Task { await g.walkAhead(batch: 100) }
        #expect(await untilWaiting(g))
        #expect(await g.queuedPermits == 800)
        // Taking down to two batches a generator does not wake it; below that it walks to four.
        var queued = 800
        for taken in 0..<20 where queued >= 400 {
            guard let batch = await g.next(for: taken % 2, max: 100) else { break }
            queued -= batch.permits.count
        }
        #expect(queued < 400)
        #expect(await untilWaiting(g))
        #expect(await g.queuedPermits == 800)
        await g.stop()
        await walker.value
        #expect(await g.walkerIsWaiting == false)
    }

    @Test(.timeLimit(.minutes(1))) func theWalkerEndsWithTheScheduleTheDeadlineOrItsTask() async {
        // The schedule runs out: the walker queues the rest and ends.
        let short = governor(generators: 1, count: 150)
        await short.walkAhead(batch: 100)
        #expect(await short.queuedPermits == 150)

        // A real-time deadline (an unthrottled run's --duration): the generator's .over wakes it.
        let manual = ManualClock()
        let timed = governor(generators: 1, count: nil, clock: manual, duration: .seconds(5))
        let walker = Task { await timed.walkAhead(batch: 10) }
        #expect(await untilWaiting(timed))
        manual.advance(by: 6_000_000_000)
        guard case .over = await timed.step(for: 0, max: 10) else { Issue.record("not over at the deadline"); return }
        await walker.value

        // Cancelled while it sleeps.
        let cancelled = governor(generators: 1, count: nil)
        let task = Task { await cancelled.walkAhead(batch: 10) }
        #expect(await untilWaiting(cancelled))
        task.cancel()
        await task.value

        // A paced run is walked by its generators, slice by slice: no walker.
        let live = governor(generators: 1, pace: .live)
        await live.walkAhead(batch: 10)
        #expect(await live.queuedPermits == 0)
    }

    @Test func aQueueRefilledBeforeItEmptiesStaysBoundedAndInOrder() {
        var queue = PermitQueue()
        var next: UInt64 = 0, expected: UInt64 = 0
        func permit() -> Permit {
            defer { next += 1 }
            return Permit(number: next, eventMillis: 0, due: 0, visit: Footfall.Visit(user: .max, startMillis: 0), date: 0)
        }
        for _ in 0..<1000 { queue.append(permit()) }
        for _ in 0..<20_000 {
            for _ in 0..<100 { queue.append(permit()) }
            for p in queue.take(100) {
                #expect(p.number == expected)
                expected += 1
            }
        }
        #expect(queue.count == 1000)
        #expect(queue.storageCount <= 2 * 4096 + 1000, "storage grew to \(queue.storageCount)")
    }
}
