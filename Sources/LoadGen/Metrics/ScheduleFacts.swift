/// What the run's schedule was: its base rate and where it came from, whether the multipliers
/// applied, how it was paced, the simulated window and the count per simulated day. Part of the
/// JSON report under `schedule`.
public struct ScheduleFacts: Sendable, Codable, Equatable {
    /// The base rate before multipliers (`5000/s`, `1000/h`).
    public var baseRate: String
    /// Per second.
    public var baseRatePerSecond: Double
    /// Where the base rate came from: `--rate`, `GENERATION_RATE`, `profile`, `default`.
    public var rateSource: String
    /// Whether the multipliers were off (`--flat`): the rate is the rate.
    public var flat: Bool
    /// `live`, `unthrottled` (simulated window or `--rate max`), `backfill+live`.
    public var pace: String
    /// The simulated window `[start, end)` of a `--simulate` run (ISO-8601 UTC), else nil.
    public var simulatedWindowStart: String?
    public var simulatedWindowEnd: String?
    /// Transactions per simulated local day (the clock's zone), in date order.
    public var perSimulatedDay: [DayCount]
    /// The target rate over the run (per second), one point per timeline sample.
    public var targetTimeline: [TargetPoint]
    /// A paced run's shortest slice of permits (ms): 1 ms per generator, or half the producer's
    /// `linger.ms` (at most 50 ms) when longer; nil when nothing was paced.
    public var shortestSliceMs: Double?
    /// The generators' timed waits for their next slice (each a wake-up): what slicing bounds.
    public var wakeUps: Int?

    /// One simulated day's count.
    public struct DayCount: Sendable, Codable, Equatable {
        /// `2026-11-27`.
        public var date: String
        public var count: Int
    }

    /// The target rate at a moment of the run.
    public struct TargetPoint: Sendable, Codable, Equatable {
        /// Seconds since the start.
        public var elapsedS: Double
        /// Per second (nil: unthrottled).
        public var targetPerS: Double?
        enum CodingKeys: String, CodingKey { case elapsedS = "elapsed_s", targetPerS = "target_per_s" }
    }

    enum CodingKeys: String, CodingKey {
        case baseRate = "base_rate", baseRatePerSecond = "base_rate_per_s", rateSource = "rate_source", flat, pace
        case simulatedWindowStart = "simulated_window_start", simulatedWindowEnd = "simulated_window_end"
        case perSimulatedDay = "per_simulated_day", targetTimeline = "target_timeline"
        case shortestSliceMs = "shortest_slice_ms", wakeUps = "wake_ups"
    }

    /// The target over time of a run's timeline.
    static func targetTimeline(_ samples: [RunSample]) -> [TargetPoint] {
        samples.map { TargetPoint(elapsedS: FigureJSON.rounded($0.elapsedSeconds), targetPerS: $0.targetRate) }
    }

    /// The counts of `perDay` (yyyymmdd → count) as dated rows.
    static func days(_ perDay: [Int32: Int]) -> [DayCount] {
        perDay.sorted { $0.key < $1.key }.map { key, count in
            let d = Int(key)
            func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
            return DayCount(date: "\(d / 10_000)-\(two(d / 100 % 100))-\(two(d % 100))", count: count)
        }
    }
}
