#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Commerce
import Synchronization

/// The JSON-lines file where messages that failed for good are kept, so nothing is lost
/// silently: `loadgen replay FILE` sends them again.
///
/// One line per message:
/// `{"topic":"t","key":"user_1","value":"{...}","error":"...","error_code":"_MSG_TIMED_OUT","attempts":3,"possibly_persisted":false,"time":"2026-11-25T06:00:00Z"}`.
/// `value` is the message's bytes as a JSON string, so the line round-trips exactly; `order` is
/// when the message was due in the run (monotonic ns): reports of failures arrive out of order,
/// and replay sorts by it so each user's messages go out in their original order.
/// The file is created on the first dead letter only: a clean run leaves no file behind.
public final class DeadLetterFile: Sendable {
    /// Where the dead letters go.
    public let path: String
    private let state = Mutex<State>(State())

    private struct State {
        var fd: Int32 = -1
        var buffer: [UInt8] = []
        var count = 0
        var openError: String?
    }

    /// A dead-letter file at `path` (not created until the first message is written).
    public init(path: String) { self.path = path }

    /// Messages written so far.
    public var count: Int { state.withLock { $0.count } }
    /// Why the file could not be opened, if it could not (the messages are then logged only).
    public var openError: String? { state.withLock { $0.openError } }

    /// Appends one message. Buffered: ``flush()`` or ``close()`` writes it out.
    public func append(
        topic: String, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer,
        error: String, errorCode: String, attempts: Int, possiblyPersisted: Bool, timeMillis: Int64, order: UInt64 = 0
    ) {
        var line: [UInt8] = []
        line.reserveCapacity(value.count + key.count + 200)
        func text(_ s: String) { line.append(contentsOf: s.utf8) }
        text("{\"topic\":"); line.append(contentsOf: JSONText.quote(topic))
        text(",\"key\":"); line.append(contentsOf: JSONText.quote(String(decoding: key, as: UTF8.self)))
        text(",\"value\":"); line.append(contentsOf: JSONText.quote(String(decoding: value, as: UTF8.self)))
        text(",\"error\":"); line.append(contentsOf: JSONText.quote(error))
        text(",\"error_code\":"); line.append(contentsOf: JSONText.quote(errorCode))
        text(",\"attempts\":\(attempts),\"possibly_persisted\":\(possiblyPersisted),\"time\":\"\(LoadRun.iso(timeMillis))\",\"order\":\(order)}\n")
        state.withLock { s in
            s.buffer.append(contentsOf: line)
            s.count += 1
            if s.buffer.count >= 1 << 16 { Self.writeOut(&s, path: path) }
        }
    }

    /// Writes buffered lines to the file.
    public func flush() { state.withLock { Self.writeOut(&$0, path: path) } }

    /// Writes buffered lines and closes the file.
    public func close() {
        state.withLock { s in
            Self.writeOut(&s, path: path)
            if s.fd >= 0 { Glibc.close(s.fd); s.fd = -1 }
        }
    }

    private static func writeOut(_ s: inout State, path: String) {
        guard !s.buffer.isEmpty else { return }
        if s.fd < 0 && s.openError == nil {
            s.fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            if s.fd < 0 { s.openError = "cannot open \(path): \(String(cString: strerror(errno)))" }
        }
        guard s.fd >= 0 else { s.buffer.removeAll(keepingCapacity: true); return }
        s.buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(s.fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; s.openError = "cannot write \(path): \(String(cString: strerror(errno)))"; break }
                offset += n
            }
        }
        s.buffer.removeAll(keepingCapacity: true)
    }
}
