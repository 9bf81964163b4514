// A custom producer on BaseProducer: a clickstream of page views keyed by session, with the
// whole engine (rate and day curve, generator actors, Kafka, retries, metrics, report).
//
//   .build/release/loadgen broker --topic pageviews --bootstrap-file /tmp/loadgen-bootstrap &
//   KAFKA_BOOTSTRAP_SERVERS=$(cat /tmp/loadgen-bootstrap) swift run ClickstreamExample 10
//
// Arguments: seconds to run (default 60), page views per second (default 500).
import Foundation
import LoadGen

/// Visitors browsing a shop: each session walks from the home page through search and product
/// pages, sometimes to the cart. Keyed by session, so a session's views stay in order on one
/// partition.
struct PageViews: BaseProducer {
    struct PageView: Encodable {
        let sessionId: String
        let page: String
        let referrer: String
        let timestamp: Int64
    }

    static let pages = ["/", "/search?q=headphones", "/search?q=running+shoes", "/product/1042", "/product/2210",
                        "/product/3307", "/cart", "/checkout"]
    static let referrers = ["google.com", "direct", "facebook.com", "email", "bing.com"]
    /// Open sessions of this generator: (id, step), replaced as they finish.
    var sessions: [(id: UInt64, step: Int)] = []

    mutating func generateMessage(_ context: inout MessageContext) -> PageView {
        if sessions.count < 200 || context.random.below(10) == 0 {
            // A new visitor: ids are unique per generator (generator + n × generators).
            let id = UInt64(context.generator) + context.sequence * UInt64(context.generators)
            if sessions.count >= 200 { sessions.remove(at: Int(context.random.below(UInt64(sessions.count)))) }
            sessions.append((id, 0))
        }
        let i = Int(context.random.below(UInt64(sessions.count)))
        sessions[i].step += 1
        let depth = min(sessions[i].step - 1, Self.pages.count - 1)
        let page = depth == 0 ? "/" : Self.pages[Int(context.random.below(UInt64(depth + 1)))]
        return PageView(
            sessionId: "sess_\(sessions[i].id)", page: page,
            referrer: Self.referrers[Int(sessions[i].id % UInt64(Self.referrers.count))], timestamp: context.timestampMillis)
    }

    func messageKey(for view: PageView) -> String { view.sessionId }
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count <= 2, arguments.first.map({ Int($0) != nil }) ?? true, arguments.dropFirst().first.map({ Double($0) != nil }) ?? true else {
    FileHandle.standardError.write(Data("usage: ClickstreamExample [SECONDS=60] [PAGE_VIEWS_PER_SECOND=500] (cluster: $KAFKA_BOOTSTRAP_SERVERS)\n".utf8))
    exit(2)
}
let seconds = arguments.first.flatMap(Int.init) ?? 60
let perSecond = arguments.dropFirst().first.flatMap(Double.init) ?? 500
let bootstrapServers = ProcessInfo.processInfo.environment["KAFKA_BOOTSTRAP_SERVERS"] ?? "localhost:9092"

do {
    let producer = try await CustomProducer(
        PageViews(), bootstrapServers: bootstrapServers, topic: "pageviews",
        generationRate: perSecond * 3600, producerConfig: ["linger.ms": "10"], name: "clickstream")
    let report = try await producer.runContinuous(duration: .seconds(seconds))
    let m = await producer.metrics()
    await producer.close()
    print("page views sent \(m.messagesSent), delivered \(m.messagesDelivered), failed \(m.messagesFailed), p99 \(m.latencyMillis.p99) ms")
    print(report.summary)
    exit(report.exitCode)
} catch {
    // An unreachable cluster or a bad setting is one line and exit 1, not a crash report.
    FileHandle.standardError.write(Data("ClickstreamExample: \(error)\n".utf8))
    exit(1)
}
