/// Many keyed messages serialized into one byte buffer, handed across actors as one value.
///
/// Producers of data write key and value bytes straight into the batch's buffer
/// (``write(reserving:tag:_:)``) and the batch records where each message lies, so a batch
/// of a thousand messages is two allocations reused from batch to batch (``removeAll()`` keeps
/// them), not two thousand, and a message's bytes are written once before the producer copies
/// them into librdkafka's block.
public struct MessageBatch: Sendable {
    /// Where one message lies in the batch's bytes, and the caller's tag for it.
    public struct Slot: Sendable, Equatable {
        /// Where the key starts in the batch's bytes.
        public var keyStart: Int32
        /// The key's length.
        public var keyCount: Int32
        /// Where the value starts in the batch's bytes.
        public var valueStart: Int32
        /// The value's length.
        public var valueCount: Int32
        /// The caller's tag, handed back with the message's delivery report.
        public var tag: MessageTag
    }

    /// The buffer: its first ``byteCount`` bytes are the messages'; the rest is room already
    /// allocated (and initialized once), kept so writing a message never zero-fills.
    private var storage: [UInt8] = []
    /// Bytes of messages in the batch.
    public private(set) var byteCount = 0
    /// One slot per message, in produce order.
    public private(set) var slots: [Slot] = []

    /// An empty batch with room for `messages` messages of about `bytesPerMessage` each.
    public init(capacity messages: Int = 0, bytesPerMessage: Int = 0) {
        storage.reserveCapacity(messages * bytesPerMessage)
        slots.reserveCapacity(messages)
    }

    /// Number of messages.
    public var count: Int { slots.count }
    /// Whether the batch holds no message.
    public var isEmpty: Bool { slots.isEmpty }

    /// The messages' bytes (keys and values back to back, as the slots say).
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<byteCount])) }
    }

    /// Writes one message in place: `body` gets room for at most `maximum` bytes and writes the
    /// key followed by the value there, returning their lengths — or nil to write nothing (a
    /// message that failed its check, say).
    /// - Returns: whether a message was added.
    @inline(__always)
    @discardableResult
    public mutating func write(
        reserving maximum: Int, tag: MessageTag = MessageTag(),
        _ body: (UnsafeMutablePointer<UInt8>) -> (keyCount: Int, valueCount: Int)?
    ) -> Bool {
        let start = byteCount
        if storage.count < start + maximum {
            // Grows geometrically and only while the batch first fills: later batches reuse it.
            // (An array of zeros: appending a `repeatElement` costs microseconds a byte unoptimised.)
            storage.append(contentsOf: [UInt8](repeating: 0, count: Swift.max(start + maximum - storage.count, storage.count)))
        }
        let written = storage.withUnsafeMutableBufferPointer { body($0.baseAddress! + start) }
        guard let written else { return false }
        precondition(written.keyCount >= 0 && written.valueCount >= 0 && written.keyCount + written.valueCount <= maximum)
        byteCount = start + written.keyCount + written.valueCount
        slots.append(Slot(
            keyStart: Int32(start), keyCount: Int32(written.keyCount), valueStart: Int32(start + written.keyCount),
            valueCount: Int32(written.valueCount), tag: tag))
        return true
    }

    /// Appends one message by copying its key and value.
    public mutating func append(key: some Collection<UInt8>, value: some Collection<UInt8>, tag: MessageTag = MessageTag()) {
        write(reserving: key.count + value.count, tag: tag) { out in
            let k = UnsafeMutableBufferPointer(start: out, count: key.count).initialize(fromContentsOf: key)
            let v = UnsafeMutableBufferPointer(start: out + k, count: value.count).initialize(fromContentsOf: value)
            return (k, v)
        }
    }

    /// Empties the batch, keeping its buffers for the next one.
    public mutating func removeAll() {
        byteCount = 0
        slots.removeAll(keepingCapacity: true)
    }

    /// The key bytes of message `index`.
    public func key(at index: Int) -> ArraySlice<UInt8> {
        let s = slots[index]
        return storage[Int(s.keyStart)..<Int(s.keyStart + s.keyCount)]
    }

    /// The value bytes of message `index`.
    public func value(at index: Int) -> ArraySlice<UInt8> {
        let s = slots[index]
        return storage[Int(s.valueStart)..<Int(s.valueStart + s.valueCount)]
    }
}

/// Sixteen bytes of the caller's, attached to a message when it is produced and handed back with
/// its delivery report. The Kafka module never reads them: what they mean (a due time, an
/// attempt number, an index into a table of the caller's) is the caller's business.
///
/// A fixed size rather than a generic parameter: it lives in every message's slot and opaque
/// record and is read on the poll thread in code that cannot be specialized for the caller's
/// type across the module boundary (a C callback); sixteen bytes left the slot (32 bytes) and
/// the opaque record (48 bytes) the size they had with the two fields they replace.
@frozen
public struct MessageTag: Sendable, Equatable, Hashable, BitwiseCopyable {
    /// The first word.
    public var first: UInt64
    /// The second word.
    public var second: UInt64

    /// A tag of two words (zero unless given).
    @inlinable
    public init(_ first: UInt64 = 0, _ second: UInt64 = 0) {
        self.first = first
        self.second = second
    }
}
