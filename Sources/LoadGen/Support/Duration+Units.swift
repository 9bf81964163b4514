extension Duration {
    /// Seconds as a Double.
    package var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }

    /// The duration in whole nanoseconds.
    var nanoseconds: Int64 {
        let (s, atto) = components
        return s * 1_000_000_000 + atto / 1_000_000_000
    }
}

/// Latency figures: microseconds from when a message was due to `now` (monotonic ns), at
/// least 1 and at most an hour (the histograms' range).
@inline(__always)
func latencyMicros(due: Int64, now: Int64) -> UInt64 {
    UInt64(clamping: min(max(1, (now &- due) / 1000), 3_600_000_000))
}
