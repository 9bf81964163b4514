#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Kafka
import Logging

/// Where serialized batches go. A sink takes a whole batch per call (never a message per
/// call) and hands back the emptied batch so its buffers are reused.
public protocol MessageSink: Sendable {
    /// Takes every message of `batch`; returns the batch, emptied, for reuse. The batch is
    /// consumed (moved, not copied), so emptying it keeps its buffers: no allocation per batch.
    func send(_ batch: consuming MessageBatch) async -> MessageBatch
    /// Waits for outstanding deliveries until `deadline`; returns how many stayed undelivered.
    func finish(deadline: ContinuousClock.Instant) async -> Int
}

// MARK: - Streams (stdout, file)

/// Writes each message's value as one JSON line to a file descriptor (stdout or a file).
public actor StreamSink: MessageSink {
    private let fd: Int32
    private let closesDescriptor: Bool
    private let metrics: RunMetrics
    private var buffer: [UInt8] = []
    private var broken = false
    /// Called once if the reader goes away (e.g. `| head`), so the run can stop.
    private let onClosed: @Sendable () -> Void

    /// A sink on standard output.
    public init(standardOutputWith metrics: RunMetrics, onClosed: @escaping @Sendable () -> Void) {
        signal(SIGPIPE, SIG_IGN)
        fd = 1
        closesDescriptor = false
        self.metrics = metrics
        self.onClosed = onClosed
    }

    /// A sink writing (truncating) the file at `path`.
    /// - Throws: ``InputError`` when the file cannot be opened.
    public init(path: String, metrics: RunMetrics, onClosed: @escaping @Sendable () -> Void) throws(InputError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw InputError(ConfigurationError.Setting.output, "cannot open file:\(path) for writing: \(String(cString: strerror(errno)))")
        }
        fd = descriptor
        closesDescriptor = true
        self.metrics = metrics
        self.onClosed = onClosed
    }

    public func send(_ batch: consuming MessageBatch) async -> MessageBatch {
        metrics.recordSent(count: batch.count, bytes: batch.byteCount)
        guard !broken else {
            metrics.failed.add(batch.count, ordering: .relaxed)
            batch.removeAll()
            return batch
        }
        buffer.removeAll(keepingCapacity: true)
        var payload = 0
        for i in 0..<batch.count {
            let slot = batch.slots[i]
            buffer.append(contentsOf: batch.value(at: i))
            buffer.append(0x0A)
            payload += Int(slot.keyCount + slot.valueCount)
        }
        if writeAll() {
            metrics.recordWritten(count: batch.count, bytes: payload, dues: batch.slots.lazy.map { Int64($0.tag.due) }, now: SystemClock.nanos())
        } else {
            broken = true
            metrics.failed.add(batch.count, ordering: .relaxed)
            onClosed()
        }
        batch.removeAll()
        return batch
    }

    private func writeAll() -> Bool {
        buffer.withUnsafeBytes { FileDescriptorWriter.writeAll(fd, $0).error == nil }
    }

    public func finish(deadline: ContinuousClock.Instant) async -> Int {
        if closesDescriptor { close(fd) }
        return 0
    }
}

/// Generates and discards: measures the generators alone.
public struct NullSink: MessageSink {
    let metrics: RunMetrics
    /// A sink counting into `metrics`.
    public init(metrics: RunMetrics) { self.metrics = metrics }

    public func send(_ batch: consuming MessageBatch) async -> MessageBatch {
        metrics.recordSent(count: batch.count, bytes: batch.byteCount)
        metrics.delivered.add(batch.count, ordering: .relaxed)
        metrics.bytes.add(batch.byteCount, ordering: .relaxed)
        batch.removeAll()
        return batch
    }

    public func finish(deadline: ContinuousClock.Instant) async -> Int { 0 }
}
