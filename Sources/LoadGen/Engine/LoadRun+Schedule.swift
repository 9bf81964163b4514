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
        commerce.signupDayWeights = signupDayWeights(c.profile, anchorMillis: commerce.populationAnchorMillis)
        return commerce
    }

    /// The traffic of each day the signups span (``SignupCurve``: from six years before
    /// `anchorMillis`, a UTC midnight, to a year after it) on the profile's curve, the mean of
    /// its factor over the day's hours: new customers sign up as the shop's days bring shoppers
    /// (a Black Friday three times as busy as a Tuesday brings three times its newcomers; past
    /// years' weekends too). Empty for a flat profile (the days weigh alike).
    /// A past day that no dated window names weighs as its weekday did in the last such week
    /// before the anchor, without the noise (which would repeat one week's draws for six
    /// years); the curve is read 24 times for a day: 2,555 days of it cost half a second at
    /// start-up, these a tenth.
    static func signupDayWeights(_ p: LoadProfile, anchorMillis: Int64) -> [Double] {
        guard !p.multipliers.isEmpty else { return [] }
        let curve = p.curve(on: SimulatedClock(startMillis: 0, timeZone: p.timeZone))
        let quiet = RateCurve(base: curve.base, multipliers: curve.multipliers, clock: curve.clock, shoppers: curve.shoppers, countries: curve.countries, noise: nil)
        let anchor = CivilCalendar.day(ofMillis: anchorMillis)
        func weight(_ day: Int64, _ curve: RateCurve = curve) -> Double {
            (0..<24).reduce(0.0) { $0 + curve.factor(atSimulated: day * 86_400_000 + Int64($1) * 3_600_000 + 1_800_000) } / 24
        }
        // A window's date is local: it reaches the UTC days either side.
        let dates = Set(p.multipliers.flatMap { $0.dates ?? [] })
        func dated(_ day: Int64) -> Bool {
            !dates.isEmpty && (day - 1...day + 1).contains { dates.contains(CivilCalendar.yyyymmdd(ofDay: $0)) }
        }
        let weekdays = (1...7).map { j in
            let day = stride(from: anchor - Int64(j), to: anchor - Int64(j) - 70, by: -7).first { !dated($0) } ?? anchor - Int64(j)
            return weight(day, quiet)
        }
        return (0..<Int64(SignupCurve.days)).map { k in
            let day = anchor + k - Int64(SignupCurve.historyDays)
            return day >= anchor || dated(day) ? weight(day) : weekdays[Int((anchor - day - 1) % 7)]
        }
    }

    /// How far ahead a live run's generators make their messages (``RateGovernor/aheadNanos``):
    /// 50 ms, at most a batch (1,000 permits by default) of a generator's at a time, each sent
    /// when its slice ends.
    static let makeAhead = Duration.milliseconds(50)

    /// The governor walking `schedule` for this run's shard and generators; `sinkBatching`: how
    /// long the sink holds a message before sending it (the producer's `linger.ms`).
    func makeGovernor(_ schedule: Schedule, runStart: Int64, sinkBatching: Duration) -> RateGovernor {
        let c = configuration, p = c.profile
        return RateGovernor(
            curve: schedule.curve, arrivals: p.arrivals, pace: schedule.pace, clock: SystemClock(), start: runStart,
            count: p.count, duration: schedule.duration, burst: p.burst, seed: p.commerce.seed,
            footfall: sources.footfall, shard: (c.shard.index, c.shard.count), generators: c.generators,
            window: schedule.window != nil, sinkBatching: sinkBatching, makeAhead: Self.makeAhead)
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
            targetTimeline: ScheduleFacts.targetTimeline(timeline),
            shortestSliceMs: schedule.pace == .unthrottled ? nil : Double(max(governor.sliceNanos, governor.sliceFloorNanos)) / 1e6,
            wakeUps: metrics.waitsOnOwnThread.load(ordering: .relaxed) + metrics.waitsAsTask.load(ordering: .relaxed))
    }
}

extension RunConfiguration {
    /// Refuses a run whose simulated time would leave 1970…9999 (timestamps are epoch
    /// milliseconds with four-digit years), so it is one line at start-up, not a run of
    /// transactions that fail the pre-send check: a start outside it (a local or offset time
    /// can land there), `--simulate`'s window, `--then-live`'s duration after it, or a paced
    /// live run's duration at the clock's speed. An unthrottled live run (`--rate max`, or a
    /// count without a rate) has event times no duration bounds, and a run without an end in
    /// time (a count, or Ctrl-C) is judged by its start only. Call it once ``unthrottled`` is set.
    /// - Parameters:
    ///   - startField: the flag or field that set the clock's start.
    ///   - durationField: the flag, variable or field that set the duration.
    /// - Throws: ``InputError`` at `--simulate` when the window alone passes the end, else at
    ///   `durationField` (or `startField` for the start itself).
    public func checkSimulatedEnd(startField: String, durationField: String, nowMillis: Int64) throws(InputError) {
        // The schedule the run will have: its clock, its window and its length in schedule time.
        let schedule = LoadRun.Schedule(self, nowMillis: nowMillis)
        let start = schedule.clock.startMillis, limit = CivilCalendar.endOfTimestamps
        func refuse(_ field: String, end: Int64) -> InputError {
            let shownEnd = end < 400_000_000_000_000_000 ? ISOTime.string(end) : "beyond year 10000"
            return InputError(
                field, "simulated time would run from \(ISOTime.string(start)) to \(shownEnd); expected it to end by 9999-12-31T23:59:59Z (timestamps have four-digit years): an earlier start, a shorter window or a slower clock")
        }
        guard start >= 0, start < limit else {
            throw InputError(startField, "the simulated clock would start at \(ISOTime.string(start)); expected a start from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z (timestamps have four-digit years)")
        }
        if let window = schedule.window, window.end > limit { throw refuse("--simulate", end: window.end) }
        // An unthrottled live run's duration is real time, not schedule time.
        guard schedule.pace != .unthrottled || schedule.window != nil, let duration = schedule.duration else { return }
        let end = schedule.clock.simulatedMillis(elapsedNanos: RateGovernor.nanos(duration))
        if end > limit { throw refuse(durationField, end: end) }
    }
}
