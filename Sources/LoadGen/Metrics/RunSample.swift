#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// One look at a run's metrics: what the status line, the stats file and the HTML report show.
/// Every figure comes from ``RunMetrics``: one source of truth.
public struct RunSample: Sendable {
    /// Real time of the sample, ms since 1970.
    public var wallMillis: Int64
    /// Seconds since the run started.
    public var elapsedSeconds: Double
    /// Simulated time of the sample, ms since 1970 UTC.
    public var simulatedMillis: Int64
    /// Target rate now (per second), nil when unlimited.
    public var targetRate: Double?
    /// Delivered per second over the interval.
    public var achievedRate: Double
    /// The run's counters so far.
    public var produced, delivered, failed, invalid, retried, deadLettered, inFlight, bytes: Int
    /// Permits the rate governor dropped so far because the pipeline fell behind.
    public var permitsDropped = 0
    /// Delivery latency over the interval.
    public var latency: RunMetrics.Percentiles
    /// Resident memory now, MB.
    public var residentMB: Double

    /// Per second of `figure` (delivered, bytes, ...) from `earlier` to this sample (from the
    /// run's start when nil); 0 over an empty interval.
    public func rate(_ figure: KeyPath<RunSample, Int>, since earlier: RunSample?) -> Double {
        let span = elapsedSeconds - (earlier?.elapsedSeconds ?? 0)
        return span > 0 ? Double(self[keyPath: figure] - (earlier?[keyPath: figure] ?? 0)) / span : 0
    }

    /// Takes a sample; `previous` gives the interval's start (nil: the run's start).
    static func take(
        metrics: RunMetrics, runStart: Int64, now: Int64, previous: RunSample?, simulatedMillis: Int64, targetRate: Double?,
        latency: RunMetrics.Percentiles
    ) -> RunSample {
        let delivered = metrics.delivered.load(ordering: .relaxed)
        var sample = RunSample(
            wallMillis: Int64(Date().timeIntervalSince1970 * 1000), elapsedSeconds: Double(now - runStart) / 1e9,
            simulatedMillis: simulatedMillis, targetRate: targetRate, achievedRate: 0,
            produced: metrics.produced.load(ordering: .relaxed), delivered: delivered,
            failed: metrics.failed.load(ordering: .relaxed), invalid: metrics.invalid.load(ordering: .relaxed),
            retried: metrics.retried.load(ordering: .relaxed), deadLettered: metrics.deadLettered.load(ordering: .relaxed),
            inFlight: metrics.inFlight, bytes: metrics.bytes.load(ordering: .relaxed),
            permitsDropped: metrics.permitsDropped.load(ordering: .relaxed), latency: latency, residentMB: ProcessStats.residentMB())
        sample.achievedRate = sample.rate(\.delivered, since: previous)
        return sample
    }

    /// The sample as one JSON line (the `--stats-file` format), newline included.
    public var jsonLine: String {
        ((try? FigureJSON.line(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
    }
}

/// One line of the `--stats-file` stream: the figures of one interval, snake_case keys.
extension RunSample: Encodable {
    enum CodingKeys: String, CodingKey {
        case time, elapsed = "elapsed_s", simulatedTime = "simulated_time", targetRate = "target_rate_per_s"
        case achievedRate = "achieved_rate_per_s", produced, delivered, failed, invalid, retried
        case deadLettered = "dead_lettered", inFlight = "in_flight", bytes, permitsDropped = "permits_dropped"
        case latency = "latency_ms", residentMB = "rss_mb"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ISOTime.string(wallMillis), forKey: .time)
        try c.encode(FigureJSON.rounded(elapsedSeconds), forKey: .elapsed)
        try c.encode(ISOTime.string(simulatedMillis), forKey: .simulatedTime)
        try c.encode(targetRate.map { FigureJSON.rounded($0) }, forKey: .targetRate)
        try c.encode(FigureJSON.rounded(achievedRate), forKey: .achievedRate)
        for (key, value) in [
            (CodingKeys.produced, produced), (.delivered, delivered), (.failed, failed), (.invalid, invalid), (.retried, retried),
            (.deadLettered, deadLettered), (.inFlight, inFlight), (.bytes, bytes), (.permitsDropped, permitsDropped),
        ] { try c.encode(value, forKey: key) }
        try c.encode(latency, forKey: .latency)
        try c.encode(FigureJSON.rounded(residentMB, 10), forKey: .residentMB)
    }
}

/// Appends one JSON line per sample to the `--stats-file`; memory stays constant however long
/// the run (each line is written and forgotten).
final class StatsFile: Sendable {
    private let fd: Int32
    let path: String

    /// - Throws: ``InputError`` when the file cannot be created.
    init(path: String) throws(InputError) {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw InputError(ConfigurationError.Setting.statsPath, "cannot open \(path) for writing: \(String(cString: strerror(errno)))") }
        self.path = path
    }

    deinit { close(fd) }

    /// Why the stream stopped (a full disk), with the lines written before: set once.
    private let failure = Mutex<String?>(nil)
    private let lines = Atomic<Int>(0)

    /// Why the stream stopped, if it did.
    var failed: String? { failure.withLock { $0 } }

    /// Appends `sample`'s line. Returns the failure the first time a write fails (later lines
    /// are not tried): the caller warns once, and the report lists it.
    @discardableResult
    func write(_ sample: RunSample) -> String? {
        guard failed == nil else { return nil }
        let line = Array(sample.jsonLine.utf8)
        guard let error = line.withUnsafeBytes({ FileDescriptorWriter.writeAll(fd, $0) }).error else {
            lines.add(1, ordering: .relaxed)
            return nil
        }
        let message = "--stats-file \(path): \(error) after \(lines.load(ordering: .relaxed)) line(s); its later lines are lost"
        failure.withLock { $0 = message }
        return message
    }
}
