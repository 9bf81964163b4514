import Synchronization

/// The registry of every producer in the process: the CLI's run, ``TransactionProducer``s and
/// custom producers all register here, and the Prometheus endpoint reads from it.
public final class Monitor: Sendable {
    /// The process-wide registry.
    public static let shared = Monitor()

    /// One registered producer.
    public struct Entry: Sendable {
        public let name: String
        public let topic: String
        public let metrics: RunMetrics
    }

    private let entries = Mutex<[Entry]>([])

    /// An empty registry (tests use their own; the process has ``shared``).
    public init() {}

    /// Registers a producer under `name` and returns the metrics it should record into. A name
    /// already registered returns that producer's metrics.
    @discardableResult
    public func registerProducer(named name: String, topic: String = "") -> RunMetrics {
        entries.withLock { list in
            if let existing = list.first(where: { $0.name == name }) { return existing.metrics }
            let metrics = RunMetrics()
            list.append(Entry(name: name, topic: topic, metrics: metrics))
            return metrics
        }
    }

    /// Registers existing metrics (a run's) under `name`; when that name is taken, under
    /// `name-2`, `name-3`, ... Returns the name used.
    @discardableResult
    public func register(_ metrics: RunMetrics, named name: String, topic: String) -> String {
        entries.withLock { list in
            guard !list.contains(where: { $0.metrics === metrics }) else { return list.first { $0.metrics === metrics }!.name }
            var unique = name
            var n = 1
            while list.contains(where: { $0.name == unique }) {
                n += 1
                unique = "\(name)-\(n)"
            }
            list.append(Entry(name: unique, topic: topic, metrics: metrics))
            return unique
        }
    }

    /// Forgets the producer named `name`.
    public func unregisterProducer(named name: String) {
        entries.withLock { $0.removeAll { $0.name == name } }
    }

    /// Forgets the producer recording into `metrics`.
    public func unregister(_ metrics: RunMetrics) {
        entries.withLock { $0.removeAll { $0.metrics === metrics } }
    }

    /// Every registered producer, in registration order.
    public var producers: [Entry] { entries.withLock { $0 } }

    /// The figures of the producer named `name`.
    public func metrics(named name: String) -> ProducerMetrics? {
        producers.first { $0.name == name }?.metrics.snapshot()
    }

    /// All producers' figures together: counters summed, histograms merged.
    public func aggregateMetrics() -> ProducerMetrics {
        producers.reduce(ProducerMetrics()) { $0 + $1.metrics.snapshot() }
    }
}
