import Histogram

/// Looks at the run's metrics once a second — the one place progress, the stats file, the
/// Prometheus gauges and the HTML report's timeline get their figures from.
///
/// The timeline is bounded: past ``maxTimeline`` samples every other one is dropped and the
/// spacing doubles, so a day-long run keeps a few thousand points.
/// `@unchecked Sendable`: one task at a time uses it (the sampler task, then, after that task
/// has ended, the run for its last sample).
final class RunSampler: @unchecked Sendable {
    let metrics: RunMetrics
    let runStart: Int64
    let clock: SimulatedClock
    /// This shard's target (nil: an unthrottled schedule has none).
    let curve: RateCurve?
    /// Whether simulated time is the latest event made (a simulated window goes as fast as the
    /// sink takes it) rather than the clock's reading of real time.
    let followsEvents: Bool
    private(set) var timeline: [RunSample] = []
    private var stride = 1
    private(set) var ticks = 0
    private var previous: RunSample?
    private var statsStart: RunSample?
    /// The stats line before ``statsStart`` (nil: the run's start).
    private var statsBefore: RunSample?
    private var statsLatency = RunMetrics.histogram()
    static let maxTimeline = 3000

    init(metrics: RunMetrics, runStart: Int64, schedule: LoadRun.Schedule, shards: Int) {
        self.metrics = metrics
        self.runStart = runStart
        self.clock = schedule.clock
        let share = schedule.curve.with(base: schedule.curve.base.divided(by: shards))
        self.curve = schedule.pace == .live ? share : nil
        followsEvents = schedule.pace != .live
    }

    /// Takes this second's sample, updates the metrics' schedule gauges and the timeline.
    /// `last`: the run's final sample, always kept in the timeline.
    @discardableResult
    func tick(now: Int64 = SystemClock.nanos(), last: Bool = false) -> RunSample {
        let interval = metrics.takeIntervalLatency()
        if interval.totalCount > 0 { statsLatency.add(interval) }
        let elapsed = now - runStart
        let latest = metrics.latestEventMillis.load(ordering: .relaxed)
        let simulated = followsEvents ? (latest == .min ? clock.startMillis : latest) : clock.simulatedMillis(elapsedNanos: elapsed)
        let sample = RunSample.take(
            metrics: metrics, runStart: runStart, now: now, previous: previous,
            simulatedMillis: simulated, targetRate: curve?.rate(atElapsed: elapsed).map { Swift.min($0, InputLimits.maxPerSecond) },
            latency: RunMetrics.Percentiles(interval))
        metrics.targetRate = sample.targetRate
        metrics.achievedRate = sample.achievedRate
        metrics.simulatedMillis.store(sample.simulatedMillis, ordering: .relaxed)
        previous = sample
        ticks += 1
        if ticks % stride == 0 || last {
            timeline.append(sample)
            if timeline.count >= Self.maxTimeline {
                timeline = timeline.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
                stride *= 2
            }
        }
        return sample
    }

    /// The multipliers in force at a simulated instant, for the status line: `×1.5 weekend ×2
    /// peak_hours`, or with shoppers on their own clocks `×2.60 local (business_hours,
    /// peak_hours, weekend)` (a narrow terminal shows `×2.60 local`); the noise's factor after
    /// them when there is noise (`×0.88 noise`).
    func activeMultipliers(atSimulated millis: Int64) -> String {
        guard let curve else { return "" }
        let text = RateExplanation.factors(curve.shape(atSimulated: millis), localClocks: curve.shoppers != nil, separator: " ×", local: "local")
        return String(text.drop { $0 == " " })
    }

    /// The figures since the previous stats line: rate and latency over the interval.
    /// A line within half a second of the previous one (the run's final totals, a few ms after
    /// an interval's line) takes its rate over both intervals: over a few ms a rate says nothing
    /// (a 100/s run's last line said 4,443/s).
    func statsLine(_ sample: RunSample) -> RunSample {
        var line = sample
        let short = statsStart.map { sample.elapsedSeconds - $0.elapsedSeconds < Self.shortestRateSpan } ?? false
        line.achievedRate = sample.rate(\.delivered, since: short ? statsBefore : statsStart)
        line.latency = RunMetrics.Percentiles(statsLatency)
        if statsLatency.totalCount > 0 { statsLatency.reset() }
        if !short { statsBefore = statsStart }
        statsStart = sample
        return line
    }

    /// The shortest span a stats line's rate is measured over, in seconds.
    static let shortestRateSpan = 0.5
}
