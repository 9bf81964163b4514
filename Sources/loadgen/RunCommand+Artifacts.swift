import Foundation
import LoadGen
import Logging

/// `--artifacts DIR`: this shard's report, stats stream and HdrHistogram interval logs, for
/// `loadgen merge`.
extension RunCommand {
    /// Creates the directory and points the stats stream at it (unless `--stats-file` is given:
    /// that file is copied there at the end).
    /// - Throws: ``InputError`` at `--artifacts`.
    func prepareArtifacts(_ c: inout RunConfiguration) throws(InputError) -> ShardArtifacts? {
        guard let artifacts else { return nil }
        try ShardArtifacts.prepare(directory: artifacts, setting: "--artifacts")
        let files = ShardArtifacts(directory: artifacts, index: c.shard.index, count: c.shard.count)
        if c.statsPath == nil { c.statsPath = files.stats }
        return files
    }

    /// Writes the latency and schedule-lag interval logs every `--stats-interval` while the run
    /// goes; ``HistogramRecording/finish()`` writes the last interval once the run has ended.
    struct HistogramRecording {
        let latency: HistogramLogWriter
        let lag: HistogramLogWriter
        let task: Task<Void, Never>
        let run: LoadRun

        init(_ files: ShardArtifacts, run: LoadRun, interval: Duration) throws(InputError) {
            let now = Date().timeIntervalSince1970
            latency = try HistogramLogWriter(path: files.latencyLog, startTime: now, comment: "loadgen \(files.stem): delivery latency, values in microseconds; Interval_Max in milliseconds", setting: "--artifacts")
            lag = try HistogramLogWriter(path: files.scheduleLagLog, startTime: now, comment: "loadgen \(files.stem): schedule lag, values in microseconds; Interval_Max in milliseconds", setting: "--artifacts")
            self.run = run
            let (latency, lag) = (latency, lag)
            task = Task {
                let start = ContinuousClock.now
                var next = interval
                while !Task.isCancelled {
                    try? await Task.sleep(until: start + next, clock: .continuous)
                    if Task.isCancelled { break }
                    let m = run.metrics.snapshot()
                    let at = Date().timeIntervalSince1970
                    latency.record(total: m.deliveryLatency, now: at)
                    lag.record(total: m.scheduleLag, now: at)
                    next += interval
                }
            }
        }

        /// Stops the periodic writes and writes the last interval (up to now).
        func finish() async {
            task.cancel()
            await task.value
            let m = run.metrics.snapshot()
            let at = Date().timeIntervalSince1970
            latency.record(total: m.deliveryLatency, now: at)
            lag.record(total: m.scheduleLag, now: at)
        }
    }

    /// The shard's report (and, when `--stats-file` went elsewhere, a copy of the stream).
    /// Returns false when something could not be written.
    static func writeArtifacts(_ report: RunReport, files: ShardArtifacts, statsFile: String?, logger: Logger) -> Bool {
        do {
            try OutputPath.write(Array(try report.jsonData()), to: files.report, setting: "--artifacts")
            if let statsFile, statsFile != files.stats, let data = FileManager.default.contents(atPath: statsFile) {
                try OutputPath.write(Array(data), to: files.stats, setting: "--artifacts")
            }
            return true
        } catch {
            logger.error("cannot write the artifacts: \(error)")
            return false
        }
    }
}
