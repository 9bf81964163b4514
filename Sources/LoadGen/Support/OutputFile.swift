#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes whole buffers to a file descriptor.
enum FileDescriptorWriter {
    /// Writes all of `bytes`, retrying interrupted and partial writes.
    /// - Returns: the bytes written, and why the rest could not be (nil when all were).
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> (written: Int, error: String?) {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return (offset, String(cString: strerror(errno)))
            }
            if n == 0 { return (offset, "the device took no more bytes") }
            offset += n
        }
        return (offset, nil)
    }
}

/// Closes a descriptor (one name on every platform).
@discardableResult
func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }

/// Paths loadgen writes to at the end of a run (`--report`, `--html-report`, the dead-letter
/// file): checked at start-up without touching them, written once at the end.
public enum OutputPath {
    /// Checks that `path` can be written at the end of the run, without creating, opening or
    /// truncating anything: the path is not a directory, its directory exists and is writable
    /// (a device or FIFO that exists must itself be writable), and it is not the same file as
    /// any of `inputs` (the profile, say).
    /// - Throws: ``InputError`` for `setting`, one line saying what is wrong.
    public static func check(_ given: String, setting: String, what: String, inputs: [String] = []) throws(InputError) {
        guard !given.isEmpty else { throw InputError(setting, "expected a file path for the \(what), got an empty string") }
        // A symbolic link is judged by what it names (it is written through, see write(_:to:setting:)).
        var path = given
        if let resolved = realpath(given, nil) {
            path = String(cString: resolved)
            free(resolved)
        }
        var info = stat()
        if stat(path, &info) == 0 {
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR { throw InputError(setting, "\(path) is a directory: expected a file path for the \(what)") }
            for input in inputs {
                var other = stat()
                if stat(input, &other) == 0, other.st_dev == info.st_dev, other.st_ino == info.st_ino {
                    throw InputError(setting, "\(path) is the same file as \(input), which this run reads: choose another path for the \(what)")
                }
            }
            if type != S_IFREG {
                guard access(path, W_OK) == 0 else { throw InputError(setting, "cannot write \(path): \(String(cString: strerror(errno)))") }
                return
            }
        }
        let directory = parentDirectory(of: path)
        var dirInfo = stat()
        guard stat(directory, &dirInfo) == 0, dirInfo.st_mode & S_IFMT == S_IFDIR else {
            throw InputError(setting, "cannot write \(path): the directory \(directory) does not exist")
        }
        guard access(directory, W_OK | X_OK) == 0 else {
            throw InputError(setting, "cannot write \(path): the directory \(directory) is not writable (\(String(cString: strerror(errno))))")
        }
    }

    /// One file a command writes: the flag that names it, its path and what it holds.
    public struct Destination: Sendable {
        public var flag: String, path: String, what: String
        public init(_ flag: String, _ path: String, _ what: String) {
            self.flag = flag
            self.path = path
            self.what = what
        }
    }

    /// Checks every destination with ``check(_:setting:what:inputs:)`` against `inputs`, then
    /// that no two of them are one file, and (when `dataOnStandardOutput`) that none is the
    /// file this process's standard output writes to: either would write over the other.
    /// A character device (`/dev/null`, a terminal) may be shared.
    /// - Throws: ``InputError`` naming the later destination's flag.
    public static func checkAll(_ destinations: [Destination], inputs: [String], dataOnStandardOutput: Bool = false) throws(InputError) {
        for d in destinations { try check(d.path, setting: d.flag, what: d.what, inputs: inputs) }
        for (i, a) in destinations.enumerated() {
            for b in destinations[(i + 1)...] where sameFile(a.path, b.path) && !isCharacterDevice(b.path) {
                throw InputError(b.flag, "\(b.path) is the same file as \(a.flag) \(a.path): choose another path for the \(b.what)")
            }
        }
        guard dataOnStandardOutput else { return }
        var out = stat()
        guard fstat(1, &out) == 0, out.st_mode & S_IFMT != S_IFCHR else { return }
        for d in destinations {
            var info = stat()
            if stat(d.path, &info) == 0, info.st_dev == out.st_dev, info.st_ino == out.st_ino {
                throw InputError(d.flag, "\(d.path) is this run's standard output, where --output stdout writes the transactions: choose another path for the \(d.what)")
            }
        }
    }

    /// Whether `path` exists and is a character device (through symbolic links).
    static func isCharacterDevice(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFCHR
    }

    /// Whether two paths name the same file, existing or not: the same device and inode, or the
    /// same name in the same (resolved) directory.
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        var x = stat(), y = stat()
        if stat(a, &x) == 0, stat(b, &y) == 0 { return x.st_dev == y.st_dev && x.st_ino == y.st_ino }
        func key(_ path: String) -> String {
            let directory = parentDirectory(of: path)
            let name = path.split(separator: "/").last.map(String.init) ?? path
            guard let resolved = realpath(directory, nil) else { return path }
            defer { free(resolved) }
            return String(cString: resolved) + "/" + name
        }
        return key(a) == key(b)
    }

    /// The directory a path's file is in (`.` for a bare name).
    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    /// Writes `bytes` to `path` in one piece: a regular file (or a new one) is written to a
    /// temporary file in the same directory, synced and renamed into place, so the path holds
    /// either its old content or the whole new one; a device or FIFO is opened and written
    /// directly.
    /// - Throws: ``InputError`` for `setting` when anything fails (the old file is then untouched).
    public static func write(_ bytes: [UInt8], to given: String, setting: String) throws(InputError) {
        // Through a symbolic link to what it names: a link to a file keeps its link (the file it
        // names is replaced), a link to a device (/dev/stdout) is written directly.
        var path = given
        if let resolved = realpath(given, nil) {
            path = String(cString: resolved)
            free(resolved)
        }
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw InputError(setting, "cannot open \(path): \(String(cString: strerror(errno)))") }
            defer { closeDescriptor(fd) }
            let failure = bytes.withUnsafeBytes { FileDescriptorWriter.writeAll(fd, $0).error }
            if let failure { throw InputError(setting, "cannot write \(path): \(failure)") }
            return
        }
        let directory = parentDirectory(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = (directory == "." ? "" : directory + "/") + ".\(name).\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw InputError(setting, "cannot write \(path): \(String(cString: strerror(errno)))") }
        var failure = bytes.withUnsafeBytes { FileDescriptorWriter.writeAll(fd, $0).error }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        closeDescriptor(fd)
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw InputError(setting, "cannot write \(path): \(failure)")
        }
    }
}
