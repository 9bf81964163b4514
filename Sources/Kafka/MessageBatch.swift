/// Many keyed messages serialized into one byte buffer, handed across actors as one value.
///
/// Producers of data append key and value bytes straight into ``bytes`` and record where each
/// message lies, so a batch of a thousand messages is two allocations that are reused from
/// batch to batch (``removeAll()`` keeps capacity), not two thousand.
public struct MessageBatch: Sendable {
    /// Where one message lies in ``MessageBatch/bytes``, and when it was due.
    public struct Slot: Sendable, Equatable {
        /// Where the key starts in ``MessageBatch/bytes``.
        public var keyStart: Int32
        /// The key's length.
        public var keyCount: Int32
        /// Where the value starts in ``MessageBatch/bytes``.
        public var valueStart: Int32
        /// The value's length.
        public var valueCount: Int32
        /// The message's intended send time, in nanoseconds on the caller's clock.
        public var dueNanos: UInt64
        /// How many times the message was handed to librdkafka before (0 on its first send).
        public var attempt: UInt32 = 0
    }

    /// Every message's key and value bytes, back to back.
    public var bytes: [UInt8] = []
    /// One slot per message, in produce order.
    public var slots: [Slot] = []

    /// An empty batch with room for `messages` messages of about `bytesPerMessage` each.
    public init(capacity messages: Int = 0, bytesPerMessage: Int = 0) {
        bytes.reserveCapacity(messages * bytesPerMessage)
        slots.reserveCapacity(messages)
    }

    /// Number of messages.
    public var count: Int { slots.count }
    /// Whether the batch holds no message.
    public var isEmpty: Bool { slots.isEmpty }

    /// Appends one message by copying its key and value.
    public mutating func append(key: some Collection<UInt8>, value: some Collection<UInt8>, dueNanos: UInt64 = 0, attempt: UInt32 = 0) {
        let keyStart = bytes.count
        bytes.append(contentsOf: key)
        let valueStart = bytes.count
        bytes.append(contentsOf: value)
        slots.append(Slot(
            keyStart: Int32(keyStart), keyCount: Int32(valueStart - keyStart),
            valueStart: Int32(valueStart), valueCount: Int32(bytes.count - valueStart), dueNanos: dueNanos,
            attempt: attempt))
    }

    /// Records a message whose key and value the caller has already written into ``bytes``:
    /// the key from `keyStart` to `valueStart`, the value from `valueStart` to the end.
    public mutating func commit(keyStart: Int, valueStart: Int, dueNanos: UInt64) {
        slots.append(Slot(
            keyStart: Int32(keyStart), keyCount: Int32(valueStart - keyStart),
            valueStart: Int32(valueStart), valueCount: Int32(bytes.count - valueStart), dueNanos: dueNanos))
    }

    /// Empties the batch, keeping its buffers for the next one.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        slots.removeAll(keepingCapacity: true)
    }

    /// The key bytes of message `index`.
    public func key(at index: Int) -> ArraySlice<UInt8> {
        let s = slots[index]
        return bytes[Int(s.keyStart)..<Int(s.keyStart + s.keyCount)]
    }

    /// The value bytes of message `index`.
    public func value(at index: Int) -> ArraySlice<UInt8> {
        let s = slots[index]
        return bytes[Int(s.valueStart)..<Int(s.valueStart + s.valueCount)]
    }
}
