import Synchronization

/// Memory that produced messages live in until their delivery reports, handed to librdkafka
/// without a copy per message.
///
/// librdkafka's default (`RD_KAFKA_MSG_F_COPY`) mallocs, copies and later frees every message.
/// Instead each message is copied once into a block, librdkafka reads it in place, and the
/// block goes back to its pool when the last of its messages has been reported.
///
/// A block holds messages of one partition only (see ``KafkaProducer``): a partition's messages
/// are delivered in order, so a block is freed as soon as its partition has moved past it. With
/// blocks that mix partitions, one lagging partition pins every block it has a message in, and
/// RSS follows the worst lag (up to 12x the queued bytes was measured with 12 partitions).
final class PayloadBlock: @unchecked Sendable {
    let bytes: UnsafeMutableRawPointer
    let byteCapacity: Int
    /// One context per message; each message's opaque pointer points at its own.
    let contexts: UnsafeMutablePointer<MessageOpaque>
    let contextCapacity: Int
    /// Bytes and messages written so far: touched only by the producer that has the block open
    /// (under its staging lock), and reset when the block is back in its pool.
    private var used = 0
    private(set) var messageCount = 0
    /// While the block is open: ``openHold`` minus the reports served so far; from ``seal()``
    /// on: the messages not yet reported. Appending touches no atomic (the poll thread writes
    /// this line on every report, so a per-message increment was a contended compare-exchange:
    /// 4% of a stress run's samples).
    private let remaining = Atomic<Int>(0)
    private static let openHold = 1 << 48
    private unowned let pool: PayloadPool
    /// False for a block made for one oversized message: freed, not pooled, when done.
    let pooled: Bool

    init(pool: PayloadPool, bytes byteCapacity: Int, messages: Int, pooled: Bool) {
        self.pool = pool
        self.pooled = pooled
        self.byteCapacity = byteCapacity
        contextCapacity = messages
        bytes = .allocate(byteCount: byteCapacity, alignment: 16)
        contexts = .allocate(capacity: contextCapacity)
    }

    deinit {
        bytes.deallocate()
        contexts.deallocate()
    }

    /// Whether a message of `byteCount` bytes still fits.
    @inline(__always)
    func fits(_ byteCount: Int) -> Bool { used + byteCount <= byteCapacity && messageCount < contextCapacity }

    /// Opens the block for writing: it stays alive (and out of the pool) until ``seal()`` and
    /// every message's report.
    func open() {
        used = 0
        messageCount = 0
        remaining.store(Self.openHold, ordering: .releasing)
        _ = Unmanaged.passRetained(self)  // released with the last report (messageDone)
    }

    /// Copies one message in and returns its context, which librdkafka gets as the message's
    /// opaque pointer. The caller checked ``fits(_:)``.
    @inline(__always)
    func append(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, tag: MessageTag) -> UnsafeMutablePointer<MessageOpaque> {
        let start = bytes + used
        if key.count > 0 { start.copyMemory(from: key.baseAddress!, byteCount: key.count) }
        if value.count > 0 { (start + key.count).copyMemory(from: value.baseAddress!, byteCount: value.count) }
        used += key.count + value.count
        let context = contexts + messageCount
        context.initialize(to: MessageOpaque(
            tag: tag, keyCount: UInt32(key.count), valueCount: UInt32(value.count),
            key: start, block: Unmanaged.passUnretained(self), state: .outstanding))
        messageCount += 1
        return context
    }

    /// No more messages go in; the block returns to its pool once its messages are reported.
    func seal() { messageDone(count: Self.openHold - messageCount) }

    /// Called once per message when its report has been served (or it was never handed over),
    /// and once by ``seal()``: the call that brings the count to zero returns the block to its
    /// pool.
    @inline(__always)
    func messageDone(count: Int = 1) {
        if remaining.wrappingSubtract(count, ordering: .acquiringAndReleasing).newValue == 0 {
            pool.give(self)
            Unmanaged.passUnretained(self).release()
        }
    }

    /// The contexts of the messages written so far.
    var messages: UnsafeMutableBufferPointer<MessageOpaque> { UnsafeMutableBufferPointer(start: contexts, count: messageCount) }
}

/// What a message's opaque pointer points at: where its bytes are, the caller's tag, and
/// the block holding it.
struct MessageOpaque {
    var tag: MessageTag
    var keyCount: UInt32
    var valueCount: UInt32
    /// The key's first byte; the value follows the key.
    var key: UnsafeMutableRawPointer
    var block: Unmanaged<PayloadBlock>
    /// Whether the message's report was served. Written by the thread that serves the report
    /// (the poll thread, or the producer for messages never handed over) and read by
    /// ``KafkaProducer/abandonUnreported(deadline:)`` only once the poll thread has stopped.
    var state: State

    enum State: UInt8 {
        /// Handed to librdkafka, no report yet.
        case outstanding
        /// Its report was served (delivered, failed, rejected or never handed over).
        case reported
        /// Given up on at close: reported as unreported; a late report from librdkafka is ignored.
        case abandoned
    }

    var keyBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: key, count: Int(keyCount)) }
    var valueBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: key + Int(keyCount), count: Int(valueCount)) }
}

/// Blocks of one size, reused: in steady state producing allocates nothing and touches no new
/// page (a fresh block costs a page fault per 4 KB, which perf showed as ~4% of a stress run).
final class PayloadPool: Sendable {
    /// Bytes per pooled block.
    let blockBytes: Int
    /// Contexts (messages) per pooled block.
    let blockMessages: Int
    /// Idle blocks kept for reuse; beyond that, returned blocks are freed.
    let maxIdle: Int
    private let idle = Mutex<[PayloadBlock]>([])
    private let created = Atomic<Int>(0)
    /// Blocks taken and not yet back (open, or waiting for reports): what
    /// ``KafkaProducer/abandonUnreported(deadline:)`` walks. One insert and one removal per
    /// block (hundreds of messages), never per message.
    private let live = Mutex<[ObjectIdentifier: Unmanaged<PayloadBlock>]>([:])

    /// A pool of `blockBytes` blocks (at least 64 KB), holding at most `maxIdleBytes` idle.
    init(blockBytes: Int = 256 << 10, maxIdleBytes: Int = 1 << 30) {
        self.blockBytes = max(blockBytes, 64 << 10)
        blockMessages = self.blockBytes / 128
        maxIdle = max(4, maxIdleBytes / self.blockBytes)
    }

    /// An open block with room for at least `byteCount` bytes.
    func take(atLeast byteCount: Int) -> PayloadBlock {
        let block: PayloadBlock
        if byteCount > blockBytes {
            block = PayloadBlock(pool: self, bytes: byteCount, messages: 1, pooled: false)
        } else {
            block = idle.withLock { $0.popLast() } ?? {
                created.add(1, ordering: .relaxed)
                return PayloadBlock(pool: self, bytes: blockBytes, messages: blockMessages, pooled: true)
            }()
        }
        block.open()
        live.withLock { $0[ObjectIdentifier(block)] = Unmanaged.passUnretained(block) }
        return block
    }

    func give(_ block: PayloadBlock) {
        live.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(block)) }
        guard block.pooled else { return }
        idle.withLock { if $0.count < maxIdle { $0.append(block) } }
    }

    /// Every block taken and not yet back. The blocks stay alive while listed (each holds
    /// itself until its last report), so the caller may read them until it reports them done.
    var liveBlocks: [Unmanaged<PayloadBlock>] { live.withLock { Array($0.values) } }

    /// Pooled blocks made so far, and how many of them are idle right now (for tests).
    var blocks: (created: Int, idle: Int) { (created.load(ordering: .relaxed), idle.withLock { $0.count }) }
}
