import Foundation
import Histogram

extension ShardMerge {
    /// The shards' stats streams as one, aligned by wall-clock time: the time from the first
    /// line to the last is cut into slots of the streams' interval; in each slot the counters are
    /// every shard's latest totals (a shard that has not started counts 0, one that has ended
    /// its final totals), the rates are summed over the shards' lines in the slot, RSS is the
    /// largest shard's, and the latency percentiles are those of every shard's interval
    /// histograms that end in the slot, added.
    static func alignedStats(_ shards: [Shard], start: Date) -> [RunSample] {
        let lines = shards.map(\.stats)
        let all = lines.flatMap { $0 }
        guard let first = all.map(\.wallMillis).min(), let last = all.map(\.wallMillis).max() else { return [] }
        // The interval: the median gap between a shard's consecutive lines, in whole seconds.
        let gaps = lines.flatMap { s in zip(s.dropFirst(), s).map { $0.wallMillis - $1.wallMillis } }.filter { $0 > 0 }.sorted()
        let width = max(1000, ((gaps.isEmpty ? 10_000 : gaps[gaps.count / 2]) + 500) / 1000 * 1000)
        func slot(_ millis: Int64) -> Int { Int((millis - first + width / 2) / width) }
        let slots = slot(last)
        var latencyBySlot = [Histogram<UInt64>?](repeating: nil, count: slots + 1)
        for shard in shards {
            for i in shard.latency.intervals {
                let k = min(max(0, slot(Int64(((i.start + i.length) * 1000).rounded()))), slots)
                if latencyBySlot[k] == nil { latencyBySlot[k] = RunMetrics.histogram() }
                latencyBySlot[k]!.add(i.histogram)
            }
        }
        var merged: [RunSample] = []
        var cursor = [Int](repeating: 0, count: lines.count)
        var latest = [RunSample?](repeating: nil, count: lines.count)
        let startMillis = Int64(start.timeIntervalSince1970 * 1000)
        for k in 0...slots {
            var inSlot: [RunSample] = []
            for (s, stream) in lines.enumerated() {
                while cursor[s] < stream.count, slot(stream[cursor[s]].wallMillis) <= k {
                    inSlot.append(stream[cursor[s]])
                    latest[s] = stream[cursor[s]]
                    cursor[s] += 1
                }
            }
            guard !inSlot.isEmpty else { continue }
            let carried = latest.compactMap { $0 }
            func total(_ k: KeyPath<RunSample, Int>) -> Int { carried.reduce(0) { $0 + $1[keyPath: k] } }
            let wall = first + Int64(k) * width
            let targets = inSlot.compactMap(\.targetRate)
            var sample = RunSample(
                wallMillis: wall, elapsedSeconds: Double(wall - startMillis) / 1000,
                simulatedMillis: carried.map(\.simulatedMillis).max() ?? 0,
                targetRate: targets.isEmpty ? nil : targets.reduce(0, +), achievedRate: inSlot.reduce(0) { $0 + $1.achievedRate },
                produced: total(\.produced), delivered: total(\.delivered), failed: total(\.failed), invalid: total(\.invalid),
                retried: total(\.retried), deadLettered: total(\.deadLettered), inFlight: total(\.inFlight), bytes: total(\.bytes),
                latency: RunMetrics.Percentiles(latencyBySlot[k] ?? RunMetrics.histogram()),
                residentMB: inSlot.map(\.residentMB).max() ?? 0)
            sample.permitsDropped = total(\.permitsDropped)
            merged.append(sample)
        }
        return merged
    }
}

extension RunSample {
    /// A line of a `--stats-file` stream read back; nil when it is not one.
    public init?(statsLine data: Data) {
        guard let o = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let time = (o["time"] as? String).flatMap(ISOTime.millis),
              let latency = o["latency_ms"].flatMap({ try? JSONSerialization.data(withJSONObject: $0) })
                .flatMap({ try? JSONDecoder().decode(RunMetrics.Percentiles.self, from: $0) })
        else { return nil }
        func number(_ key: String) -> Double? { (o[key] as? NSNumber)?.doubleValue }
        func count(_ key: String) -> Int { (o[key] as? NSNumber)?.intValue ?? 0 }
        self.init(
            wallMillis: time, elapsedSeconds: number("elapsed_s") ?? 0,
            simulatedMillis: (o["simulated_time"] as? String).flatMap(ISOTime.millis) ?? 0,
            targetRate: number("target_rate_per_s"), achievedRate: number("achieved_rate_per_s") ?? 0,
            produced: count("produced"), delivered: count("delivered"), failed: count("failed"), invalid: count("invalid"),
            retried: count("retried"), deadLettered: count("dead_lettered"), inFlight: count("in_flight"), bytes: count("bytes"),
            permitsDropped: count("permits_dropped"), latency: latency, residentMB: number("rss_mb") ?? 0)
    }
}

extension ShardMerge {
    /// The shards' schedule facts as one run's: the first shard's (the shards were checked to
    /// share base rate, pace and window), with the counts per simulated day and the wake-ups
    /// added over the shards and the target over time from the merged stats (`timeline`).
    static func mergedSchedule(_ facts: [ScheduleFacts], timeline: [RunSample]) -> ScheduleFacts? {
        guard var merged = facts.first else { return nil }
        var days: [String: Int] = [:]
        for day in facts.flatMap(\.perSimulatedDay) { days[day.date, default: 0] += day.count }
        merged.perSimulatedDay = days.sorted { $0.key < $1.key }.map { ScheduleFacts.DayCount(date: $0.key, count: $0.value) }
        let wakeUps = facts.compactMap(\.wakeUps)
        merged.wakeUps = wakeUps.count == facts.count ? wakeUps.reduce(0, +) : nil
        merged.targetTimeline = ScheduleFacts.targetTimeline(timeline)
        return merged
    }
}
