import CRdKafka
import Logging
import Synchronization

/// How a batch went into librdkafka's local queue.
public struct ProduceOutcome: Sendable, Equatable {
    /// Messages librdkafka accepted; each will get exactly one delivery report.
    public var enqueued = 0
    /// Messages librdkafka refused at once (e.g. too large); each was reported to the delivery
    /// handler as failed.
    public var rejected = 0
    /// Messages never handed over because the task was cancelled while the queue was full.
    /// No report is made for them: they are the caller's to account for.
    public var unsent = 0

    /// An outcome with the given counts.
    public init(enqueued: Int = 0, rejected: Int = 0, unsent: Int = 0) {
        self.enqueued = enqueued
        self.rejected = rejected
        self.unsent = unsent
    }
}

/// Produces keyed messages to one topic through librdkafka.
///
/// - Produce never blocks a cooperative thread: a full local queue
///   (`queue.buffering.max.messages` / `.kbytes`) is backpressure, and ``produce(_:)`` awaits
///   the poll thread's next round of delivery reports before handing over the rest.
/// - Delivery reports are served by a dedicated thread blocking in `rd_kafka_poll` and passed
///   to `onDelivery` once per poll round, as a borrowed view (``DeliveryReports``) of each
///   message's outcome, bytes and the caller's ``MessageTag``.
/// - ``flush(deadline:)`` and ``close(deadline:)`` return by their deadline whatever the broker does.
public final class KafkaProducer: Sendable {
    /// The topic every message goes to.
    public let topic: String
    /// The configuration the producer was created with.
    public let configuration: KafkaConfiguration
    let client: NativeClient
    private let topicHandle: NativePointer
    let pool = PayloadPool()
    /// The open block of each partition (see ``PayloadBlock``), written under the lock. Held
    /// unretained: an open block keeps itself alive until sealed, and a retain and release per
    /// message on a line the poll thread writes cost 4% of a stress run.
    let staging = Mutex<[Unmanaged<PayloadBlock>?]>([])
    /// The topic's partition count when known (from ``checkConnection(timeout:)`` or
    /// ``awaitTopic(timeout:)``), else 1: messages are grouped into blocks by the partition
    /// librdkafka's `murmur2_random` will give them. Placement stays librdkafka's (whatever
    /// `partitioner` says); a wrong guess only mixes partitions in a block.
    private let partitions = Atomic<Int>(1)
    /// At most this many blocks are open at once (topics with more partitions share them).
    private static let maxOpenBlocks = 64
    /// Set once the topic handle is released (by close, or by deinit if close never ran): it
    /// must go before the client it belongs to.
    private let topicReleased = Atomic<Bool>(false)
    /// Set by ``abort()``: waiting for queue space stops, and the rest of a batch is `unsent`.
    let aborted = Atomic<Bool>(false)
    /// Messages given up on at close (see ``abandonUnreported(deadline:)``); its lock makes one
    /// walk of the blocks at a time.
    let abandonment = Mutex<Int>(0)
    /// ``produce(_:)`` calls under way: abandoning waits for them to hand their rest back.
    let producing = Atomic<Int>(0)

    /// Creates a producer.
    ///
    /// - Parameters:
    ///   - configuration: librdkafka properties (see ``KafkaConfiguration/producer(bootstrapServers:)``).
    ///   - topic: the topic to produce to.
    ///   - logger: where librdkafka's logs and errors go.
    ///   - onDelivery: called with every message's final outcome, once per round of reports: on
    ///     the poll thread after each `rd_kafka_poll` (before any waiter on producer progress
    ///     wakes), and on the producing task for messages librdkafka refused at once or that
    ///     ``close(deadline:)`` gave up on. Keep it short and non-blocking: it runs between
    ///     librdkafka's network events. Each message gets exactly one report.
    /// - Throws: ``KafkaError`` when librdkafka rejects the configuration.
    public init(
        configuration: KafkaConfiguration, topic: String,
        logger: Logger = Logger(label: "loadgen.kafka"),
        onDelivery: @escaping @Sendable (borrowing DeliveryReports) -> Void
    ) throws {
        self.topic = topic
        self.configuration = configuration
        client = try NativeClient(
            type: RD_KAFKA_PRODUCER, configuration: configuration, logger: logger,
            onDelivery: onDelivery, pollThread: true)
        guard let rkt = rd_kafka_topic_new(client.handle.pointer, topic, nil) else {
            throw KafkaError(.invalidConfiguration, "cannot create a handle for topic \"\(topic)\"")
        }
        topicHandle = NativePointer(pointer: rkt)
    }

    deinit {
        sealOpenBlocks()
        releaseTopic()
    }

    func releaseTopic() {
        if !topicReleased.exchange(true, ordering: .acquiringAndReleasing) { rd_kafka_topic_destroy(topicHandle.pointer) }
    }

    /// The start-up check: asks the cluster for its metadata within `timeout`.
    ///
    /// - Throws: ``KafkaError`` `unreachable`, reading like `cannot reach Kafka at
    ///   localhost:9092 within 10s (Connection refused): is the broker running, and is that its
    ///   address?`.
    public func checkConnection(timeout: Duration = .seconds(10)) async throws -> ClusterMetadata {
        let metadata = try await client.fetchMetadata(timeout: timeout)
        learnPartitions(metadata.topics[topic])
        return metadata
    }

    private func learnPartitions(_ info: ClusterMetadata.Topic?) {
        if let info, info.errorName == nil, info.partitionCount > 0 { partitions.store(info.partitionCount, ordering: .relaxed) }
    }

    /// Asks the cluster about the producer's topic until it exists or `timeout` passes (asking
    /// lets a cluster with `auto.create.topics.enable=true` create it).
    /// - Returns: the topic's metadata, or nil when it still does not exist.
    public func awaitTopic(timeout: Duration) async throws -> ClusterMetadata.Topic? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let metadata = try await client.fetchMetadata(timeout: .seconds(5), topic: topicHandle)
            if let t = metadata.topics[topic], t.errorName == nil, t.partitionCount > 0 {
                learnPartitions(t)
                return t
            }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(250))
        }
    }

    /// Messages librdkafka still holds: queued, in flight, or awaiting their report. (Reports
    /// reach the handler at the end of their poll round, a moment later: ``flush(deadline:)``
    /// waits for that too.)
    public var outstandingCount: Int { client.queued }

    // MARK: - Produce

    /// Hands every message of `batch` to librdkafka, keyed, in order.
    ///
    /// Each message is copied once into a pooled block of its partition that librdkafka reads in
    /// place until the message's delivery report (no per-message allocation). Waits (without
    /// blocking a thread) while the local queue is full. Gives up only if the task is cancelled
    /// while waiting; the rest of the batch is then counted as `unsent`.
    @discardableResult
    public func produce(_ batch: MessageBatch) async -> ProduceOutcome {
        var outcome = ProduceOutcome()
        guard !batch.isEmpty else { return outcome }
        producing.add(1, ordering: .acquiringAndReleasing)
        defer { producing.subtract(1, ordering: .acquiringAndReleasing) }
        guard !topicReleased.load(ordering: .acquiring), !aborted.load(ordering: .relaxed) else {
            outcome.unsent = batch.count  // closed: nothing can be handed over any more
            return outcome
        }
        let messages = stage(batch)
        var index = 0
        while index < messages.count {
            let seen = client.context.progress.generation
            let step = enqueue(messages, from: index)
            outcome.enqueued += step.next - index - step.rejected
            outcome.rejected += step.rejected
            index = step.next
            guard index < messages.count else { break }
            if Task.isCancelled || aborted.load(ordering: .relaxed) {
                outcome.unsent = messages.count - index
                for message in messages[index...] {
                    message.pointee.state = .reported
                    message.pointee.block._withUnsafeGuaranteedRef { $0.messageDone() }
                }
                break
            }
            await client.context.progress.wait(after: seen)
        }
        return outcome
    }

    /// Copies every message of `batch` into the open block of its partition (opening a new
    /// block when one is full) and returns the messages' contexts in batch order.
    private func stage(_ batch: MessageBatch) -> [UnsafeMutablePointer<MessageOpaque>] {
        var staged: [UnsafeMutablePointer<MessageOpaque>] = []
        staged.reserveCapacity(batch.count)
        let partitionCount = partitions.load(ordering: .relaxed)
        let groups = min(partitionCount, Self.maxOpenBlocks)
        batch.withUnsafeBytes { raw in
            staging.withLock { open in
                if open.count < groups { open.append(contentsOf: repeatElement(nil, count: groups - open.count)) }
                for slot in batch.slots {
                    let key = UnsafeRawBufferPointer(rebasing: raw[Int(slot.keyStart)..<Int(slot.keyStart + slot.keyCount)])
                    let value = UnsafeRawBufferPointer(rebasing: raw[Int(slot.valueStart)..<Int(slot.valueStart + slot.valueCount)])
                    let group = groups == 1 ? 0 : Int(KafkaPartitioner.partition(forKey: key, partitions: partitionCount)) % groups
                    let size = key.count + value.count
                    let block: Unmanaged<PayloadBlock>
                    if let current = open[group], current._withUnsafeGuaranteedRef({ $0.fits(size) }) {
                        block = current
                    } else {
                        open[group]?._withUnsafeGuaranteedRef { $0.seal() }
                        block = Unmanaged.passUnretained(pool.take(atLeast: size))
                        open[group] = block
                    }
                    block._withUnsafeGuaranteedRef { b in
                        staged.append(b.append(key: key, value: value, tag: slot.tag))
                        if !b.pooled {  // an oversized message's own block
                            b.seal()
                            open[group] = nil
                        }
                    }
                }
            }
        }
        return staged
    }

    /// Payload blocks made so far and how many are idle (for tests).
    var payloadBlocks: (created: Int, idle: Int) { pool.blocks }

    /// Returns every open block to the pool once its messages are reported (at close).
    func sealOpenBlocks() {
        staging.withLock { open in
            for block in open { block?._withUnsafeGuaranteedRef { $0.seal() } }
            open.removeAll()
        }
    }

    /// Enqueues messages from `start` until they end or the queue is full.
    /// Synchronous: no suspension point between a call and reading its result.
    private func enqueue(_ messages: [UnsafeMutablePointer<MessageOpaque>], from start: Int) -> (next: Int, rejected: Int) {
        let rk = client.handle.pointer
        let rkt = topicHandle.pointer
        return withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 5) { vus in
            vus.initialize(repeating: rd_kafka_vu_t())
            vus[0].vtype = RD_KAFKA_VTYPE_RKT
            vus[0].u.rkt = rkt
            vus[1].vtype = RD_KAFKA_VTYPE_MSGFLAGS
            vus[1].u.i = 0  // no copy: librdkafka reads the block until the report
            vus[2].vtype = RD_KAFKA_VTYPE_KEY
            vus[3].vtype = RD_KAFKA_VTYPE_VALUE
            vus[4].vtype = RD_KAFKA_VTYPE_OPAQUE
            var rejected = 0
            var i = start
            while i < messages.count {
                let message = messages[i]
                let m = message.pointee
                vus[2].u.mem.ptr = m.key
                vus[2].u.mem.size = Int(m.keyCount)
                vus[3].u.mem.ptr = m.key + Int(m.keyCount)
                vus[3].u.mem.size = Int(m.valueCount)
                vus[4].u.ptr = UnsafeMutableRawPointer(message)
                if let error = rd_kafka_produceva(rk, vus.baseAddress, 5) {
                    let code = rd_kafka_error_code(error)
                    rd_kafka_error_destroy(error)
                    if code == RD_KAFKA_RESP_ERR__QUEUE_FULL { return (i, rejected) }
                    rejected += 1
                    message.pointee.state = .reported
                    withUnsafePointer(to: DeliveryRecord(message, failure: code.rawValue)) {
                        client.context.report(UnsafeBufferPointer(start: $0, count: 1))
                    }
                    m.block._withUnsafeGuaranteedRef { $0.messageDone() }
                }
                i += 1
            }
            return (i, rejected)
        }
    }

    /// Stops accepting messages: every later (or waiting) ``produce(_:)`` hands nothing more
    /// over and returns the rest as `unsent`. For giving up on a cluster that stopped answering.
    public func abort() {
        aborted.store(true, ordering: .relaxed)
        client.context.progress.advance()
    }
}
