import Commerce
import Foundation

/// What one run is told: the profile plus what the command line adds.
public struct RunConfiguration: Sendable {
    /// Where transactions go.
    public enum Output: Sendable, Equatable, CustomStringConvertible {
        case kafka
        case stdout
        case file(String)
        case null

        public var description: String {
            switch self {
            case .kafka: return "kafka"
            case .stdout: return "stdout"
            case .file(let path): return "file:\(path)"
            case .null: return "null"
            }
        }
    }

    /// Everything the profile says.
    public var profile: LoadProfile
    /// Where transactions go.
    public var output: Output = .kafka
    /// nil with Kafka output: run against an embedded broker.
    public var bootstrapServers: String?
    /// `-X key=value` properties, applied over the profile's `producer` section.
    public var kafkaProperties: [String: String] = [:]
    /// Generator actors: those set (`--generators`), or by default ``automaticGenerators(cores:)``
    /// of this machine's cores.
    public var generators: Int {
        get { chosenGenerators ?? automaticGenerators(cores: ProcessInfo.processInfo.activeProcessorCount) }
        set { chosenGenerators = newValue }
    }
    /// What `--generators` (or a library caller) set; nil: automatic.
    private var chosenGenerators: Int?
    /// This process's part of a run split over several processes.
    public var shard = CommerceConfiguration.Shard(index: 0, count: 1)
    /// How long to wait for outstanding deliveries at the end.
    public var flushTimeout: Duration = .seconds(30)
    /// How long the start-up check waits for the cluster.
    public var connectTimeout: Duration = .seconds(10)
    /// Permits per batch, and so messages per produce call at most.
    public var batchSize = 1000
    /// Where messages that fail for good go; nil: `loadgen-deadletter-<run id>.jsonl`.
    public var deadLetterPath: String?
    /// Sends per message at most before it is dead-lettered (librdkafka's own retries are inside each).
    public var maxAttempts = 5
    /// With messages outstanding and no delivery progress for this long, the run gives up.
    public var stallTimeout: Duration = .seconds(60)
    /// `--stats-file`: one JSON line per ``statsInterval``.
    public var statsPath: String?
    /// How often the stats file gets a line.
    public var statsInterval: Duration = .seconds(10)
    /// The `producer` label of this run's metrics in ``Monitor`` and on `/metrics`
    /// (nil: the profile's name).
    public var producerName: String?
    /// Where this run's metrics are registered while it runs (nil: the caller registers them).
    public var monitor: Monitor? = .shared

    /// The command line's defaults around `profile`.
    public init(profile: LoadProfile) { self.profile = profile }

    /// `--simulate`: generate this window of simulated time (the profile's rate read per
    /// simulated hour) as fast as the sink takes it.
    public var simulate: Duration?
    /// `--then-live`: after the simulated window, go on in real time from its end.
    public var thenLive = false
    /// Send as fast as the sink takes it (`--rate max`, or `--count` with no rate anywhere): the
    /// data still follows the profile's schedule (event times at the profile's rate).
    public var unthrottled = false
    /// Where the base rate came from (`--rate`, `GENERATION_RATE`, `profile`, `default`).
    public var rateSource = "default"
    /// Lines a person should read before the run starts (which variable set what, how a bare
    /// rate was read); the CLI logs them.
    public var notices: [String] = []
    /// Where the multipliers came from (`profile NAME`, `default`, `--flat`).
    public var curveSource = "default"
}

/// A progress snapshot, once per status interval.
public struct RunStatus: Sendable {
    /// Seconds since the run started.
    public var elapsedSeconds: Double
    /// Simulated time now (ISO-8601 UTC).
    public var simulatedTime: String
    /// Target rate now (per second), nil when unlimited.
    public var targetRate: Double?
    /// Delivered per second over the last interval.
    public var achievedRate: Double
    /// The run's counters so far.
    public var produced, delivered, failed: Int
    /// Permits the governor dropped so far because the pipeline fell behind.
    public var permitsDropped = 0
    /// p99 delivery latency since the start, ms.
    public var p99LatencyMillis: Double
    /// Resident memory now, MB.
    public var residentMB: Double
    /// Key and value bytes delivered per second over the last interval.
    public var bytesPerSecond = 0.0
    /// Seconds until the run's duration is up (nil: no duration).
    public var remainingSeconds: Double?
    /// The multipliers in force at the simulated time now, as `×1.5 weekend` (empty: none).
    public var multipliers = ""
}
