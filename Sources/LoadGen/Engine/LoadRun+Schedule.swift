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
        var start = p.simulatedClock(realNowMillis: nowMillis).startMillis
        if p.clockStart == .now { start = (nowMillis - windowMillis) / 60_000 * 60_000 }
        let clock = SimulatedClock(startMillis: start, speed: 1, timeZone: p.timeZone)
        let duration: Duration? = c.thenLive ? p.duration.map { window + $0 } : window
        self.init(
            clock: clock, curve: p.curve(on: clock), pace: c.thenLive ? .liveAfter(ns: RateGovernor.nanos(window)) : .unthrottled,
            duration: duration, window: (start, start + windowMillis))
    }
}

extension LoadRun {

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
