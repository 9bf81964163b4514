import Foundation
import Histogram

/// An HdrHistogram interval log (format version 1.3), the text other HdrHistogram tools read
/// (HistogramLogProcessor, HdrHistogram_py, hdrhistogram-rs, HdrHistogramVisualizer):
///
/// ```
/// #[Histogram log format version 1.3]
/// #[StartTime: 1795755600.000 (seconds since epoch), 2026-11-27T05:00:00Z]
/// #[BaseTime: 1795755600.000 (seconds since epoch)]
/// "StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"
/// 0.000,10.000,7.023,HISTFAAAAC...
/// ```
///
/// Timestamps are seconds from the BaseTime; each histogram holds microseconds (loadgen's
/// unit) and `Interval_Max` is in milliseconds (a max-value unit ratio of 1000).
public struct HistogramLog: Sendable {
    /// One interval's histogram.
    public struct Interval: Sendable {
        /// Start, seconds since 1970.
        public var start: Double
        /// Length in seconds.
        public var length: Double
        /// The values recorded in the interval, microseconds.
        public var histogram: Histogram<UInt64>

        public init(start: Double, length: Double, histogram: Histogram<UInt64>) {
            self.start = start
            self.length = length
            self.histogram = histogram
        }
    }

    /// When the log starts, seconds since 1970.
    public var startTime: Double
    /// The intervals in the order written.
    public var intervals: [Interval] = []

    public init(startTime: Double, intervals: [Interval] = []) {
        self.startTime = startTime
        self.intervals = intervals
    }

    /// Every interval added together: exact, bucket by bucket.
    public var total: Histogram<UInt64> {
        var sum = RunMetrics.histogram()
        for i in intervals { sum.add(i.histogram) }
        return sum
    }

    /// The header lines: version, start and base time, a comment, the column legend.
    public static func header(startTime: Double, comment: String) -> String {
        let iso = ISOTime.string(Int64((startTime * 1000).rounded(.down)))
        return "#[Histogram log format version 1.3]\n"
            + "#[StartTime: \(seconds(startTime)) (seconds since epoch), \(iso)]\n"
            + "#[BaseTime: \(seconds(startTime)) (seconds since epoch)]\n"
            + "#[\(comment)]\n"
            + "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n"
    }

    /// One interval line (timestamps relative to `baseTime`).
    public static func line(_ interval: Interval, baseTime: Double) -> String {
        let encoded = Data(HistogramCodec.encode(interval.histogram)).base64EncodedString()
        let max = interval.histogram.totalCount == 0 ? 0 : Double(interval.histogram.max) / 1000
        return "\(seconds(interval.start - baseTime)),\(seconds(interval.length)),\(seconds(max)),\(encoded)\n"
    }

    /// The whole log as text.
    public var text: String {
        Self.header(startTime: startTime, comment: "loadgen: values in microseconds; Interval_Max in milliseconds")
            + intervals.map { Self.line($0, baseTime: startTime) }.joined()
    }

    /// Reads a log (`name` appears in errors with the line number).
    /// - Throws: ``InputError`` at `name:LINE` for a line that is not part of an interval log.
    public static func parse(_ text: String, name: String) throws(InputError) -> HistogramLog {
        var start: Double?, base: Double?
        var log = HistogramLog(startTime: 0)
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("\"StartTimestamp\"") { continue }
            if line.hasPrefix("#") {
                if line.hasPrefix("#[StartTime: ") { start = leadingNumber(line.dropFirst(13)) }
                if line.hasPrefix("#[BaseTime: ") { base = leadingNumber(line.dropFirst(12)) }
                continue
            }
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if fields.first?.hasPrefix("Tag=") == true { fields.removeFirst() }
            guard fields.count == 4, let at = Double(fields[0]), let length = Double(fields[1]), let data = Data(base64Encoded: fields[3]) else {
                throw InputError("\(name):\(n + 1)", "expected StartTimestamp,Interval_Length,Interval_Max,base64 histogram (an HdrHistogram interval log)")
            }
            let histogram: Histogram<UInt64>
            do { histogram = try HistogramCodec.decode(Array(data)) } catch {
                throw InputError("\(name):\(n + 1)", "cannot decode the histogram: \(error.description)")
            }
            // Relative timestamps count from the BaseTime, else from the StartTime.
            let offset = base ?? (at < 1e9 ? start ?? 0 : 0)
            log.intervals.append(Interval(start: offset + at, length: length, histogram: histogram))
        }
        log.startTime = start ?? base ?? log.intervals.first?.start ?? 0
        return log
    }

    private static func leadingNumber(_ text: Substring) -> Double? { Double(text.prefix { $0.isNumber || $0 == "." }) }

    /// Seconds with three decimals, as the reference writer prints them (`%.3f`).
    static func seconds(_ v: Double) -> String { RunReport.fixed(v, decimals: 3) }
}

/// Writes an interval log while a run goes: each call to ``record(total:now:)`` appends the
/// values recorded since the previous call (the difference of two running totals, so the
/// intervals add up exactly to the run's histogram). One task at a time uses it.
public final class HistogramLogWriter: @unchecked Sendable {
    private let handle: FileHandle
    private let baseTime: Double
    private var previous: [UInt64: UInt64] = [:]
    private var previousTime: Double
    /// The path written.
    public let path: String

    /// Creates (truncates) `path` and writes the header.
    /// - Throws: ``InputError`` at `setting` when the file cannot be created.
    public init(path: String, startTime: Double, comment: String, setting: String) throws(InputError) {
        guard FileManager.default.createFile(atPath: path, contents: Data(HistogramLog.header(startTime: startTime, comment: comment).utf8)),
              let handle = FileHandle(forWritingAtPath: path)
        else { throw InputError(setting, "cannot create \(path)") }
        handle.seekToEndOfFile()
        self.handle = handle
        self.path = path
        baseTime = startTime
        previousTime = startTime
    }

    deinit { try? handle.close() }

    /// Appends the interval from the previous call to `now` (seconds since 1970): `total` (the
    /// run's histogram so far) minus what earlier intervals held.
    public func record(total: Histogram<UInt64>, now: Double) {
        var interval = RunMetrics.histogram()
        var current: [UInt64: UInt64] = [:]
        for v in total.recordedValues() where v.count > 0 {
            current[v.value] = v.count
            let added = v.count - min(v.count, previous[v.value] ?? 0)
            if added > 0 { _ = interval.record(v.value, count: added) }
        }
        previous = current
        let line = HistogramLog.line(.init(start: previousTime, length: max(0, now - previousTime), histogram: interval), baseTime: baseTime)
        previousTime = now
        handle.write(Data(line.utf8))
    }
}
