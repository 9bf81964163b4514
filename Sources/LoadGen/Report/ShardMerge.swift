import Foundation
import Histogram

/// `loadgen merge`: the artifacts of a run's shards (``ShardArtifacts``) added up into one
/// run — histograms bucket by bucket (exact: the merged p99 is the p99 of every sample), the
/// counters summed, the stats streams aligned by time — with the thresholds judged on the
/// merged figures.
public enum ShardMerge {
    /// One shard's artifacts, read.
    public struct Shard: Sendable {
        public var artifacts: ShardArtifacts
        public var report: RunReport
        public var stats: [RunSample]
        public var latency: HistogramLog
        public var scheduleLag: HistogramLog
    }

    /// The merged run.
    public struct Merged: Sendable {
        /// The run report of the whole run (its ``RunReport/timeline`` is ``stats``).
        public var report: RunReport
        /// The merged stats stream.
        public var stats: [RunSample]
        /// Delivery latency and schedule lag of every shard, added.
        public var latency: Histogram<UInt64>, scheduleLag: Histogram<UInt64>
    }

    /// Reads every shard in `directories` and checks they are the shards of one run: the same
    /// profile, seed and shard count, each shard exactly once, each report agreeing with its
    /// histogram logs.
    /// - Throws: ``InputError`` naming the directory, file or shard that does not fit.
    public static func load(directories: [String]) throws(InputError) -> [Shard] {
        var shards: [Shard] = []
        for directory in directories {
            for a in try ShardArtifacts.find(in: directory) {
                if let other = shards.first(where: { $0.artifacts.index == a.index && $0.artifacts.count == a.count }) {
                    throw InputError(a.report, "shard \(a.index)/\(a.count) appears twice (also \(other.artifacts.report)): expected each shard once")
                }
                shards.append(try read(a))
            }
        }
        let first = shards[0]
        for s in shards.dropFirst() {
            let a = s.report, b = first.report, at = s.artifacts.report, was = first.artifacts.report
            if s.artifacts.count != first.artifacts.count {
                throw InputError(at, "a run of \(s.artifacts.count) shards, but \(was) is one of \(first.artifacts.count): expected the shards of one run")
            }
            if a.profile != b.profile || a.profileText != b.profileText {
                throw InputError(at, "profile \(InputError.quoted(a.profile)) differs from \(was)'s \(InputError.quoted(b.profile)): expected the shards of one run")
            }
            if a.seed != b.seed { throw InputError(at, "seed \(a.seed) differs from \(was)'s \(b.seed): expected the shards of one run") }
            if a.topic != b.topic || a.output != b.output {
                throw InputError(at, "output \(a.output) topic \(a.topic) differs from \(was)'s \(b.output) topic \(b.topic): expected the shards of one run")
            }
            if let x = a.schedule, let y = b.schedule, let difference = scheduleDifference(x, y) {
                throw InputError(at, "\(difference.mine) differs from \(was)'s \(difference.theirs): expected the shards of one run")
            }
        }
        let n = first.artifacts.count
        let missing = (0..<n).filter { i in !shards.contains { $0.artifacts.index == i } }
        if !missing.isEmpty {
            throw InputError(directories.joined(separator: " "), "missing shard \(missing.map { "\($0)/\(n)" }.joined(separator: ", ")): expected all \(n) shards of the run")
        }
        return shards.sorted { $0.artifacts.index < $1.artifacts.index }
    }

    /// One shard's files, read and checked against each other.
    static func read(_ a: ShardArtifacts) throws(InputError) -> Shard {
        func text(_ path: String) throws(InputError) -> String {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw InputError(path, "missing: expected the \(a.stem) artifacts written by loadgen --artifacts")
            }
            return String(decoding: data, as: UTF8.self)
        }
        let report: RunReport
        do { report = try FigureJSON.decode(RunReport.self, from: Data(try text(a.report).utf8)) } catch let error as InputError {
            throw error
        } catch {
            throw InputError(a.report, "not a loadgen run report (\(error))")
        }
        guard report.shard == "\(a.index)/\(a.count)" else {
            throw InputError(a.report, "the report says shard \(report.shard), its name \(a.index)/\(a.count)")
        }
        var stats: [RunSample] = []
        for (n, line) in try text(a.stats).split(separator: "\n").enumerated() {
            guard let sample = RunSample(statsLine: Data(line.utf8)) else { throw InputError("\(a.stats):\(n + 1)", "expected a stats line written by loadgen") }
            stats.append(sample)
        }
        let latency = try HistogramLog.parse(try text(a.latencyLog), name: a.latencyLog)
        let lag = try HistogramLog.parse(try text(a.scheduleLagLog), name: a.scheduleLagLog)
        for (log, expected, path) in [(latency, report.latency.count, a.latencyLog), (lag, report.scheduleLag.count, a.scheduleLagLog)] {
            let count = log.intervals.reduce(UInt64(0)) { $0 + $1.histogram.totalCount }
            guard count == expected else { throw InputError(path, "holds \(count) values, its report \(expected): expected the logs of that run") }
        }
        return Shard(artifacts: a, report: report, stats: stats, latency: latency, scheduleLag: lag)
    }

    /// How two shards' schedules differ (base rate, `--flat`, pace, simulated window), nil when
    /// they are one run's: a shard run at another rate is not a shard of this run.
    static func scheduleDifference(_ a: ScheduleFacts, _ b: ScheduleFacts) -> (mine: String, theirs: String)? {
        if a.baseRatePerSecond != b.baseRatePerSecond { return ("base rate \(a.baseRate)", b.baseRate) }
        if a.flat != b.flat { return (a.flat ? "--flat" : "a curve with its multipliers", b.flat ? "--flat" : "a curve with its multipliers") }
        if a.pace != b.pace { return ("pace \(a.pace)", b.pace) }
        if a.simulatedWindowStart != b.simulatedWindowStart || a.simulatedWindowEnd != b.simulatedWindowEnd {
            func window(_ f: ScheduleFacts) -> String { "simulated window \(f.simulatedWindowStart ?? "none")..\(f.simulatedWindowEnd ?? "none")" }
            return (window(a), window(b))
        }
        return nil
    }

    /// The shards as one run, its thresholds (every shard's, and `extra`) judged on the merged figures.
    public static func merge(_ shards: [Shard], extra: [Threshold] = [], commandLine: [String] = []) -> Merged {
        let reports = shards.map(\.report)
        let latency = shards.reduce(into: RunMetrics.histogram()) { $0.add($1.latency.total) }
        let lag = shards.reduce(into: RunMetrics.histogram()) { $0.add($1.scheduleLag.total) }
        func sum(_ k: KeyPath<RunReport, Int>) -> Int { reports.reduce(0) { $0 + $1[keyPath: k] } }
        let start = reports.map(\.startedAt).min()!
        let end = reports.map { $0.startedAt.addingTimeInterval($0.durationSeconds) }.max()!
        var r = reports[0]
        r.startedAt = start
        r.durationSeconds = end.timeIntervalSince(start)
        r.flushSeconds = reports.map(\.flushSeconds).max()!
        r.targetCount = reports.allSatisfy { $0.targetCount != nil } ? reports.reduce(0) { $0 + $1.targetCount! } : nil
        (r.produced, r.delivered, r.failed, r.invalid) = (sum(\.produced), sum(\.delivered), sum(\.failed), sum(\.invalid))
        (r.undelivered, r.permitsDropped, r.bytes, r.retried) = (sum(\.undelivered), sum(\.permitsDropped), sum(\.bytes), sum(\.retried))
        (r.deadLettered, r.possiblyPersisted, r.deadLetterWritten) = (sum(\.deadLettered), sum(\.possiblyPersisted), sum(\.deadLetterWritten))
        (r.deadLetterLost, r.abandoned, r.generators) = (sum(\.deadLetterLost), sum(\.abandoned), sum(\.generators))
        r.latency = RunMetrics.Percentiles(latency)
        r.scheduleLag = RunMetrics.Percentiles(lag)
        r.rssMaxMB = reports.map(\.rssMaxMB).max()!
        r.shard = "0-\(shards.count - 1)/\(shards.count)"
        r.errors = Array(Set(reports.flatMap(\.errors))).sorted()
        r.simulatedStart = reports.map(\.simulatedStart).min()!
        r.simulatedEnd = reports.map(\.simulatedEnd).max()!
        r.runID = reports.map(\.runID).joined(separator: "+")
        r.deadLetterFile = nil
        r.stalled = reports.contains { $0.stalled }
        r.aborted = reports.contains { $0.aborted }
        r.error = reports.compactMap(\.error).first
        r.abortedByThreshold = reports.compactMap(\.abortedByThreshold).first
        r.rssGrowthPercent = reports.compactMap(\.rssGrowthPercent).max()
        r.verify = nil
        r.commandLine = commandLine
        if let text = r.profileText, let profile = try? LoadProfile.parse(Array(text.utf8), file: "profile") { r.timeZone = profile.timeZone }
        let stats = alignedStats(shards, start: start)
        r.timeline = stats
        r.schedule = mergedSchedule(reports.compactMap(\.schedule), timeline: stats)

        var thresholds: [Threshold] = []
        for t in reports.flatMap({ $0.thresholds.map(\.threshold) }) + extra where !thresholds.contains(t) { thresholds.append(t) }
        r.thresholds = ThresholdFigures(report: r, latency: latency, scheduleLag: lag).judge(thresholds)
        return Merged(report: r, stats: stats, latency: latency, scheduleLag: lag)
    }
}
