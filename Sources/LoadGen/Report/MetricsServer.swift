import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// A small HTTP server for Prometheus: `GET /metrics` answers with ``PrometheusExporter``'s
/// text; `GET /` says where the metrics are; anything else is 404.
///
/// It runs on SwiftNIO's shared event loops, never on the cooperative pool the engine uses, and
/// reads the metrics only when scraped.
public final class MetricsServer: Service {
    /// The address it listens on.
    public let host: String
    /// The port it listens on (the one the system picked when asked for port 0).
    public let port: Int
    private let channel: any Channel

    private init(host: String, port: Int, channel: any Channel) {
        self.host = host
        self.port = port
        self.channel = channel
    }

    /// As a `Service`: serves until the group shuts down, then closes.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Where Prometheus should scrape.
    public var url: String { "http://\(host.contains(":") ? "[\(host)]" : host):\(port)/metrics" }

    /// Starts listening on `host:port` (port 0: any free port).
    ///
    /// - Throws: ``ConfigurationError`` naming the `metricsPort` setting when the address cannot be bound.
    public static func start(host: String = "127.0.0.1", port: Int, exporter: PrometheusExporter) async throws -> MetricsServer {
        guard (0...65_535).contains(port) else {
            throw InputError(ConfigurationError.Setting.metricsPort, "expected a TCP port 0...65535, got \(port)")
        }
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(MetricsRequestHandler(exporter: exporter))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: host, port: port).get()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw InputError(ConfigurationError.Setting.metricsPort, "\(host):\(port) is already in use: choose a free port, or 0 for any")
        } catch let error as IOError where error.errnoCode == EACCES {
            throw InputError(ConfigurationError.Setting.metricsPort, "\(host):\(port) needs privileges to listen on: choose a port above 1023, or 0 for any")
        } catch let error as IOError {
            throw InputError(ConfigurationError.Setting.metricsPort, "cannot listen on \(host):\(port) (\(String(cString: strerror(error.errnoCode)))): choose a free port, or 0 for any")
        } catch {
            throw InputError(ConfigurationError.Setting.metricsPort, "cannot listen on \(host):\(port): check the host, or choose a free port, or 0 for any")
        }
        return MetricsServer(host: host, port: channel.localAddress?.port ?? port, channel: channel)
    }

    /// Stops listening.
    public func shutdown() async {
        try? await channel.close()
    }
}

/// Answers one request at a time on a connection (HTTP/1.1 keep-alive is honoured).
private final class MetricsRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let exporter: PrometheusExporter
    private var head: HTTPRequestHead?

    init(exporter: PrometheusExporter) {
        self.exporter = exporter
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            head = request
        case .body:
            break
        case .end:
            guard let request = head else { return }
            head = nil
            respond(to: request, context: context)
        }
    }

    private func respond(to request: HTTPRequestHead, context: ChannelHandlerContext) {
        let status: HTTPResponseStatus
        var contentType = "text/plain; charset=utf-8"
        let body: String
        let path = request.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.uri
        switch (request.method, path) {
        case (.GET, "/metrics"), (.HEAD, "/metrics"):
            status = .ok
            contentType = "text/plain; version=0.0.4; charset=utf-8"
            body = exporter.render()
        case (.GET, "/"), (.HEAD, "/"):
            status = .ok
            body = "loadgen: Prometheus metrics are at /metrics\n"
        case (.GET, _), (.HEAD, _):
            status = .notFound
            body = "not found: try /metrics\n"
        default:
            status = .methodNotAllowed
            body = "only GET and HEAD are served\n"
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        let keepAlive = request.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
        if request.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            written.whenComplete { _ in bound.value.close(promise: nil) }
        }
    }
}
