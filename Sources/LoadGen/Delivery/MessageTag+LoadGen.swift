import Kafka

/// loadgen's use of the Kafka module's per-message ``MessageTag``: the first word is when
/// the message was due (monotonic ns, ``SystemClock``), the second how many times it had been
/// handed to librdkafka before (0 on its first send). Latency is measured from the due time;
/// retries and dead letters count attempts from it; replay orders dead letters by it.
extension MessageTag {
    /// The tag of a message due at `due`, sent `attempt` times before.
    @inline(__always)
    init(due: UInt64, attempt: UInt32 = 0) { self.init(due, UInt64(attempt)) }

    /// When the message was due (monotonic ns).
    @inline(__always)
    var due: UInt64 { first }

    /// How many times the message had been sent before (0: first send).
    @inline(__always)
    var attempt: UInt32 { UInt32(truncatingIfNeeded: second) }
}
