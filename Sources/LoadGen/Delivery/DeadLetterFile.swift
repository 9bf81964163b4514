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
///
/// Durability: the file holds whole lines only. When a write fails (a full disk, a device that
/// refuses writes) the file is cut back to its last whole line, nothing more is written, and
/// ``written`` and ``lost`` say exactly how many messages are in it and how many are not;
/// ``close()`` syncs the file to disk (a failed sync counts every line as lost: none is vouched
/// for).
public final class DeadLetterFile: Sendable {
    /// Where the dead letters go.
    public let path: String
    private let state = Mutex<State>(State())

    private struct State {
        var fd: Int32 = -1
        var buffer: [UInt8] = []
        /// Where each buffered line ends in `buffer`.
        var lineEnds: [Int] = []
        /// The file's size after the last whole line written.
        var fileEnd: Int64 = 0
        var count = 0
        var written = 0
        var lost = 0
        var error: String?
        /// Set by ``close()``: a message handed over later (a run aborted while generators were
        /// still sending) cannot be written any more and counts as lost.
        var closed = false
    }

    /// A device this many bytes large (nil: the real one): a test rehearses a disk filling up
    /// in the middle of a line without limiting the whole process's file sizes.
    private let simulatedCapacity: Int64?

    /// A dead-letter file at `path` (not created until the first message is written).
    public init(path: String) {
        self.path = path
        simulatedCapacity = nil
    }

    /// A dead-letter file on a simulated device of `capacity` bytes (tests).
    init(path: String, simulatedCapacity capacity: Int64) {
        self.path = path
        simulatedCapacity = capacity
    }

    /// Checks, without creating or touching anything, that dead letters can be written at
    /// `path`: its directory exists and is writable, and the path is not a directory.
    /// - Throws: ``InputError`` for `setting` (e.g. `--dead-letter`) saying what is wrong.
    public static func checkWritable(_ path: String, setting: String) throws(InputError) {
        try OutputPath.check(path, setting: setting, what: "dead-letter file")
    }

    /// Messages handed to the file so far (written or lost).
    public var count: Int { state.withLock { $0.count } }
    /// Messages whose whole line is in the file.
    public var written: Int { state.withLock { $0.written } }
    /// Messages that could not be written (after a write error), so are in no file.
    public var lost: Int { state.withLock { $0.lost } }
    /// Why the file could not be written, if it could not.
    public var writeError: String? { state.withLock { $0.error } }

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
        text(",\"attempts\":\(attempts),\"possibly_persisted\":\(possiblyPersisted),\"time\":\"\(ISOTime.string(timeMillis))\",\"order\":\(order)}\n")
        state.withLock { s in
            s.count += 1
            guard s.error == nil, !s.closed else { s.lost += 1; return }
            s.buffer.append(contentsOf: line)
            s.lineEnds.append(s.buffer.count)
            if s.buffer.count >= 1 << 16 { Self.writeOut(&s, path: path, capacity: simulatedCapacity) }
        }
    }

    /// Writes buffered lines to the file.
    public func flush() { state.withLock { Self.writeOut(&$0, path: path, capacity: simulatedCapacity) } }

    /// Writes buffered lines, syncs the file to disk and closes it.
    public func close() {
        state.withLock { s in
            Self.writeOut(&s, path: path, capacity: simulatedCapacity)
            s.closed = true
            guard s.fd >= 0 else { return }
            if fsync(s.fd) != 0 && errno != EINVAL && errno != EROFS {  // EINVAL: a device or pipe
                s.error = s.error ?? "cannot sync \(path) to disk: \(String(cString: strerror(errno)))"
                s.lost += s.written
                s.written = 0
            }
            _ = closeDescriptor(s.fd)
            s.fd = -1
        }
    }

    private static func writeOut(_ s: inout State, path: String, capacity: Int64?) {
        guard !s.buffer.isEmpty else { return }
        defer { s.buffer.removeAll(keepingCapacity: true); s.lineEnds.removeAll(keepingCapacity: true) }
        guard s.error == nil else { s.lost += s.lineEnds.count; return }
        if s.fd < 0 {
            s.fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)  // read: to find a torn last line
            if s.fd < 0 && errno == EACCES { s.fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644) }
            guard s.fd >= 0 else {
                s.error = "cannot open \(path): \(String(cString: strerror(errno)))"
                s.lost += s.lineEnds.count
                return
            }
            s.fileEnd = Self.wholeLinesEnd(s.fd)
        }
        var room = s.buffer.count
        if let capacity { room = Int(min(Int64(room), max(0, capacity - s.fileEnd))) }
        var (done, failure) = s.buffer.withUnsafeBytes { raw in FileDescriptorWriter.writeAll(s.fd, UnsafeRawBufferPointer(rebasing: raw[0..<room])) }
        if failure == nil && room < s.buffer.count { failure = String(cString: strerror(ENOSPC)) }
        guard let failure else {
            s.written += s.lineEnds.count
            s.fileEnd += Int64(done)
            return
        }
        // Keep whole lines only: cut a torn last line off (if the file lets us).
        let whole = s.lineEnds.lastIndex(where: { $0 <= done }).map { $0 + 1 } ?? 0
        let wholeBytes = whole == 0 ? 0 : s.lineEnds[whole - 1]
        if done > wholeBytes { _ = ftruncate(s.fd, off_t(s.fileEnd + Int64(wholeBytes))) }
        s.written += whole
        s.fileEnd += Int64(wholeBytes)
        s.lost += s.lineEnds.count - whole
        s.error = "cannot write \(path): \(failure)"
    }

    /// The end of an existing file's last whole line: a torn last line (a crash mid-write, an
    /// earlier full disk) is cut off, so the next line does not glue onto it.
    private static func wholeLinesEnd(_ fd: Int32) -> Int64 {
        let end = Int64(lseek(fd, 0, SEEK_END))
        guard end > 0 else { return max(0, end) }
        let window = Int(min(end, 1 << 20))
        var tail = [UInt8](repeating: 0, count: window)
        let read = tail.withUnsafeMutableBytes { pread(fd, $0.baseAddress, window, off_t(end - Int64(window))) }
        guard read == window, tail.last != UInt8(ascii: "\n") else { return end }
        let keep = tail.lastIndex(of: UInt8(ascii: "\n")).map { end - Int64(window) + Int64($0) + 1 } ?? (window == end ? 0 : end)
        if keep < end, ftruncate(fd, off_t(keep)) == 0 { return keep }
        return end
    }
}
