extension RateGovernor {
    /// The slice length for a wait whose next event is `elapsed` into the schedule: about
    /// ``permitsPerSlice`` of one generator's permits at the curve's rate there, within
    /// ``sliceNanos`` (or ``sliceFloorNanos`` if longer) ... ``maximumSliceNanos``.
    func slice(atElapsed elapsed: Int64?) -> Int64 {
        guard let elapsed, let rate = schedule.curve.rate(atElapsed: elapsed), rate > 0 else { return maximumSliceNanos }
        let nanos = Self.permitsPerSlice * Double(shardCount * generators) / rate * 1e9
        return nanos >= Double(maximumSliceNanos) ? maximumSliceNanos : Swift.max(sliceNanos, sliceFloorNanos, Int64(nanos))
    }

    /// The integral of this shard's share of the curve from the start to `until` (or to the end
    /// of the run): the number of transactions the schedule called for. A shard keeps the
    /// events of its own customers, about one in n but not exactly (a customer's orders come
    /// together): its share is the share of the walked events it kept, so its rate error is the
    /// engine's, not the luck of the split, and the shards' targets add up to the integral.
    public func target(until: Int64) -> Double {
        let stop = end.map { Swift.min(start + $0, until) } ?? until
        let even = shareCurve.integral(fromElapsed: 0, to: stop - start)
        guard shardCount > 1, walked > 0 else { return even }
        return even * Double(shardCount) * Double(issued + queuedPermits + dropped + withdrawn) / Double(walked)
    }

    /// A duration in nanoseconds, at most about 126 years (so instants never overflow).
    static func nanos(_ d: Duration) -> Int64 {
        let ns = d.seconds * 1e9
        return ns.isNaN ? 0 : Int64(Swift.min(Swift.max(ns, 0), 4e18))
    }

    /// Takes back permits handed out ahead that a generator will not send (the run stopped
    /// before their slices): they count as neither issued nor made on their simulated day.
    public func withdraw(_ permits: ArraySlice<Permit>) {
        issued -= permits.count
        withdrawn += permits.count
        for p in permits {
            perDay[p.date, default: 0] -= 1
            if perDay[p.date] == 0 { perDay[p.date] = nil }
        }
    }
}
