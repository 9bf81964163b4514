#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Listens on a fixed loopback port and forwards each connection to one broker of the embedded
/// cluster, whose own ports are chosen by librdkafka's mock. Clients bootstrap through it
/// (`localhost:9092`), then talk to the brokers at the addresses the cluster advertises.
/// Threads and blocking sockets: a test broker serves a handful of connections.
final class BootstrapForwarder: @unchecked Sendable {
    /// The port listened on.
    let port: Int
    private let listener: Int32
    private let target: (host: String, port: Int)

    /// Binds 127.0.0.1:`port`.
    /// - Throws: a message naming the port when it cannot be bound.
    init(port: Int, forwardingTo target: (host: String, port: Int)) throws {
        self.port = port
        self.target = target
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ForwarderError("cannot open a socket: \(String(cString: strerror(errno)))") }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let reason = errno == EADDRINUSE ? "is already in use" : "cannot be listened on (\(String(cString: strerror(errno))))"
            close(fd)
            throw ForwarderError("127.0.0.1:\(port) \(reason): choose another --port")
        }
        listener = fd
    }

    /// Accepts connections until ``stop()``.
    func start() {
        let thread = Thread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 {
                    if errno == EBADF || errno == EINVAL { return }  // the listener was closed
                    if errno != EINTR { usleep(10_000) }  // out of descriptors, a connection aborted: go on
                    continue
                }
                guard let upstream = Self.connect(to: target) else { close(client); continue }
                let pair = SocketPair(client, upstream)
                Self.pump(from: client, to: upstream, pair: pair)
                Self.pump(from: upstream, to: client, pair: pair)
            }
        }
        thread.name = "loadgen-broker-forward-\(port)"
        thread.start()
    }

    /// Stops accepting (connections in progress end with their peers).
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private static func connect(to target: (host: String, port: Int)) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = loopback(port: target.port)
        address.sin_addr.s_addr = inet_addr(target.host)
        let done = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard done == 0 else { close(fd); return nil }
        return fd
    }

    /// Copies bytes from one socket to the other until either side closes, then closes both
    /// directions.
    private static func pump(from source: Int32, to sink: Int32, pair: SocketPair) {
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 64 << 10)
            loop: while true {
                let n = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                let failed = buffer.withUnsafeBytes { raw -> Bool in
                    var offset = 0
                    while offset < n {
                        let w = write(sink, raw.baseAddress! + offset, n - offset)
                        if w < 0 { if errno == EINTR { continue }; return true }
                        offset += w
                    }
                    return false
                }
                if failed { break loop }
            }
            shutdown(source, Int32(SHUT_RD))
            shutdown(sink, Int32(SHUT_WR))
            pair.directionDone()
        }
        thread.name = "loadgen-broker-pump"
        thread.start()
    }
}

/// A forwarded connection's two sockets, closed when both directions have ended.
private final class SocketPair: Sendable {
    let a: Int32, b: Int32
    private let open = Atomic<Int>(2)
    init(_ a: Int32, _ b: Int32) { self.a = a; self.b = b }
    func directionDone() {
        if open.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
            close(a)
            close(b)
        }
    }
}

/// Why the forwarder could not start.
struct ForwarderError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
