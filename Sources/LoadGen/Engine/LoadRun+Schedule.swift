import Commerce
import Foundation

extension LoadRun {
    /// The run's schedule before it starts: the simulated clock, the curve in schedule time, the
    /// pace and how much schedule time there is.
    struct Schedule: Sendable {
        var clock: SimulatedClock
        var curve: RateCurve
        var pace: Pace
        var duration: Duration?
        /// `--simulate`'s window, simulated ms `[start, end)`.
        var window: (start: Int64, end: Int64)?
    }

    /// The schedule of this run started at real time `nowMillis` (ms since 1970 UTC).
    ///
    /// A live run reads the rate per real second on the profile's clock (simulated time runs at
    /// its speed). `--simulate D` reads it per simulated second on a clock at speed 1 over the
    /// window `[start, start + D)`, where the start is the profile's (or `--start`), else the
    /// whole minute D before now, so `--then-live` goes on in real time from the window's end.
    func makeSchedule(nowMillis: Int64) -> Schedule { Schedule(configuration, nowMillis: nowMillis) }
}

extension LoadRun.Schedule {
    /// The schedule of a run of `c` started at real time `nowMillis` (see ``LoadRun/makeSchedule(nowMillis:)``).
    init(_ c: RunConfiguration, nowMillis: Int64) {
        let p = c.profile
        guard let window = c.simulate else {
            let clock = p.simulatedClock(realNowMillis: nowMillis)
            self.init(clock: clock, curve: p.curve(on: clock), pace: c.unthrottled ? .unthrottled : .live, duration: p.duration)
            return
        }
        let windowMillis = Int64(RateGovernor.nanos(window) / 1_000_000)
        let start = LoadRun.firstSimulatedMillis(c, nowMillis: nowMillis)
        let clock = SimulatedClock(startMillis: start, speed: 1, timeZone: p.timeZone)
        let duration: Duration? = c.thenLive ? p.duration.map { window + $0 } : window
        self.init(
            clock: clock, curve: p.curve(on: clock), pace: c.thenLive ? .liveAfter(ns: RateGovernor.nanos(window)) : .unthrottled,
            duration: duration, window: (start, start + windowMillis))
    }
}

extension LoadRun {
    /// The first simulated instant of a run of `c` started at real time `nowMillis`.
    static func firstSimulatedMillis(_ c: RunConfiguration, nowMillis: Int64) -> Int64 {
        let p = c.profile
        let start = p.simulatedClock(realNowMillis: nowMillis).startMillis
        guard let window = c.simulate, p.clockStart == .now else { return start }
        return (nowMillis - Int64(RateGovernor.nanos(window) / 1_000_000)) / 60_000 * 60_000
    }

    /// The commerce model of a run of `c` started about `nowMillis`: its population described
    /// at the UTC day of the first simulated instant (new customers sign up from then on), and
    /// the shard.
    static func commerce(_ c: RunConfiguration, nowMillis: Int64) -> CommerceConfiguration {
        var commerce = c.profile.commerce
        commerce.shard = c.shard
        let first = firstSimulatedMillis(c, nowMillis: nowMillis)
        commerce.populationAnchorMillis = CivilCalendar.day(ofMillis: first) * 86_400_000
        return commerce
    }

    /// The governor walking `schedule` for this run's shard and generators.
    func makeGovernor(_ schedule: Schedule, runStart: Int64) -> RateGovernor {
        let c = configuration, p = c.profile
        return RateGovernor(
            curve: schedule.curve, arrivals: p.arrivals, pace: schedule.pace, clock: SystemClock(), start: runStart,
            count: p.count, duration: schedule.duration, burst: p.burst, seed: p.commerce.seed,
            footfall: sources.footfall, shard: (c.shard.index, c.shard.count), generators: c.generators,
            window: schedule.window != nil)
    }

    /// What the report says of the schedule.
    func scheduleFacts(_ schedule: Schedule, governor: RateGovernor, timeline: [RunSample]) async -> ScheduleFacts {
        let c = configuration, p = c.profile
        let pace: String
        switch schedule.pace {
        case .live: pace = "live"
        case .unthrottled: pace = schedule.window == nil ? "unthrottled" : "simulated"
        case .liveAfter: pace = "simulated+live"
        }
        return ScheduleFacts(
            baseRate: p.rate.description, baseRatePerSecond: p.rate.perSecond ?? 0, rateSource: c.rateSource,
            flat: p.multipliers.isEmpty, pace: pace,
            simulatedWindowStart: schedule.window.map { ISOTime.string($0.start) },
            simulatedWindowEnd: schedule.window.map { ISOTime.string($0.end) },
            perSimulatedDay: ScheduleFacts.days(await governor.perDay),
            targetTimeline: timeline.map { .init(elapsedS: FigureJSON.rounded($0.elapsedSeconds), targetPerS: $0.targetRate) })
    }
}

extension RunConfiguration {
    /// The first instant transactions can no longer carry: year 10000 (timestamps are written
    /// with four-digit years), ms since 1970 UTC.
    static let endOfTimestamps: Int64 = 253_402_300_800_000

    /// Refuses a run whose simulated time would reach year 10000 — `--simulate`'s window (with
    /// `--then-live`'s duration after it), or a live run's duration at the clock's speed — so it
    /// is one line at start-up, not a run of transactions that fail the pre-send check. A run
    /// with no end in time (a count, or until Ctrl-C) is not judged.
    /// - Throws: ``InputError`` at `field`, the flag or field that sets the run's length.
    public func checkSimulatedEnd(field: String, nowMillis: Int64) throws(InputError) {
        let p = profile
        let start: Int64, end: Double
        if let window = simulate {
            start = LoadRun.firstSimulatedMillis(self, nowMillis: nowMillis)
            let live = thenLive ? p.duration.map { Double(RateGovernor.nanos($0)) } ?? 0 : 0
            end = Double(start) + (Double(RateGovernor.nanos(window)) + live) / 1e6
        } else if let duration = p.duration {
            start = p.simulatedClock(realNowMillis: nowMillis).startMillis
            end = Double(start) + Double(RateGovernor.nanos(duration)) / 1e6 * p.speed
        } else {
            return
        }
        guard end > Double(Self.endOfTimestamps) else { return }
        let shownEnd = end < 4e17 ? ISOTime.string(Int64(end)) : "beyond year 10000"
        throw InputError(
            field, "simulated time would run from \(ISOTime.string(start)) to \(shownEnd); expected it to end by 9999-12-31T23:59:59Z (timestamps have four-digit years): an earlier start, a shorter window or a slower clock")
    }
}
