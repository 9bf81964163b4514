import Foundation

/// The files one shard writes with `--artifacts DIR`, named by its index so the shards of a
/// run can share one directory: `shard-1-of-4.report.json`, `shard-1-of-4.stats.jsonl`,
/// `shard-1-of-4.latency.hlog` and `shard-1-of-4.schedule-lag.hlog` (HdrHistogram interval
/// logs). `loadgen merge` reads them back.
public struct ShardArtifacts: Sendable, Equatable {
    /// The directory holding them.
    public var directory: String
    /// The shard, `index` of `count`.
    public var index: Int, count: Int

    public init(directory: String, index: Int, count: Int) {
        self.directory = directory
        self.index = index
        self.count = count
    }

    /// `shard-1-of-4`.
    public var stem: String { "shard-\(index)-of-\(count)" }
    /// The run report (JSON).
    public var report: String { path("report.json") }
    /// The stats stream (JSON lines).
    public var stats: String { path("stats.jsonl") }
    /// Delivery latency, an HdrHistogram interval log.
    public var latencyLog: String { path("latency.hlog") }
    /// Schedule lag, an HdrHistogram interval log.
    public var scheduleLagLog: String { path("schedule-lag.hlog") }

    /// Every file the shard writes there: the report, the stats stream and the two logs.
    public var files: [String] { [report, stats, latencyLog, scheduleLagLog] }

    private func path(_ suffix: String) -> String {
        (directory.hasSuffix("/") ? directory : directory + "/") + stem + "." + suffix
    }

    /// Creates `directory` (and its parents) if needed and checks it can be written.
    /// - Throws: ``InputError`` at `setting`.
    public static func prepare(directory: String, setting: String) throws(InputError) {
        guard !directory.isEmpty, !directory.utf8.contains(0) else { throw InputError(setting, "expected a directory path, got \(InputError.quoted(directory))") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw InputError(setting, "\(InputError.quoted(directory)) is a file: expected a directory") }
        } else {
            do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw InputError(setting, "cannot create the directory \(InputError.quoted(directory)): \(error.localizedDescription)")
            }
        }
        guard access(directory, W_OK) == 0 else { throw InputError(setting, "\(InputError.quoted(directory)): directory is not writable") }
    }

    /// Every shard's artifacts in `directory`, found by their report files.
    /// - Throws: ``InputError`` at `directory` when it cannot be listed or holds no shard.
    public static func find(in directory: String) throws(InputError) -> [ShardArtifacts] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw InputError(directory, "cannot list the directory: expected a directory written by loadgen --artifacts")
        }
        var found: [ShardArtifacts] = []
        for name in names.sorted() where name.hasPrefix("shard-") && name.hasSuffix(".report.json") {
            let parts = name.dropFirst(6).dropLast(12).split(separator: "-")
            guard parts.count == 3, parts[1] == "of", let i = Int(parts[0]), let n = Int(parts[2]), n >= 1, (0..<n).contains(i) else {
                throw InputError("\(directory)/\(name)", "expected a name shard-I-of-N.report.json with 0 <= I < N")
            }
            found.append(ShardArtifacts(directory: directory, index: i, count: n))
        }
        guard !found.isEmpty else { throw InputError(directory, "no shard-I-of-N.report.json here: expected a directory written by loadgen --artifacts") }
        return found
    }
}
