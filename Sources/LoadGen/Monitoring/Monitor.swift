import Synchronization

/// The registry of every producer in the process: the CLI's run, ``TransactionProducer``s and
/// custom producers all register here, and the Prometheus endpoint reads from it.
public final class Monitor: Sendable {
    /// The process-wide registry.
    public static let shared = Monitor()

    /// One registered producer.
    public struct Entry: Sendable {
        /// The `producer` label (unique in the registry).
        public let name: String
        /// The `topic` label.
        public let topic: String
        /// Its figures now.
        public let snapshot: @Sendable () -> ProducerMetrics
        /// The metrics it records into, when it registered ``RunMetrics``.
        public let metrics: RunMetrics?
        let owner: ObjectIdentifier
    }

    private let entries = Mutex<[Entry]>([])

    /// An empty registry (tests use their own; the process has ``shared``).
    public init() {}

    /// Registers a producer under `name` and returns the metrics it should record into. A name
    /// already registered with metrics returns those metrics.
    @discardableResult
    public func registerProducer(named name: String, topic: String = "") -> RunMetrics {
        if let existing = entries.withLock({ $0.first { $0.name == name }?.metrics }) { return existing }
        let metrics = RunMetrics()
        register(metrics, named: name, topic: topic)
        return metrics
    }

    /// Registers existing metrics (a run's) under `name`; when that name is taken, under
    /// `name-2`, `name-3`, ... Returns the name used.
    @discardableResult
    public func register(_ metrics: RunMetrics, named name: String, topic: String) -> String {
        register(owner: ObjectIdentifier(metrics), named: name, topic: topic, metrics: metrics) { metrics.snapshot() }
    }

    /// Registers a producer whose figures `snapshot` gives (a library producer adding up its runs).
    @discardableResult
    func register(
        owner: ObjectIdentifier, named name: String, topic: String, metrics: RunMetrics? = nil,
        snapshot: @escaping @Sendable () -> ProducerMetrics
    ) -> String {
        entries.withLock { list in
            if let existing = list.first(where: { $0.owner == owner }) { return existing.name }
            var unique = name
            var n = 1
            while list.contains(where: { $0.name == unique }) {
                n += 1
                unique = "\(name)-\(n)"
            }
            list.append(Entry(name: unique, topic: topic, snapshot: snapshot, metrics: metrics, owner: owner))
            return unique
        }
    }

    /// Forgets the producer named `name`.
    public func unregisterProducer(named name: String) {
        entries.withLock { $0.removeAll { $0.name == name } }
    }

    /// Forgets the producer recording into `metrics`.
    public func unregister(_ metrics: RunMetrics) {
        unregister(owner: ObjectIdentifier(metrics))
    }

    func unregister(owner: ObjectIdentifier) {
        entries.withLock { $0.removeAll { $0.owner == owner } }
    }

    /// Every registered producer, in registration order.
    public var producers: [Entry] { entries.withLock { $0 } }

    /// The figures of the producer named `name`.
    public func metrics(named name: String) -> ProducerMetrics? {
        producers.first { $0.name == name }?.snapshot()
    }

    /// All producers' figures together: counters summed, histograms merged.
    public func aggregateMetrics() -> ProducerMetrics {
        producers.reduce(ProducerMetrics()) { $0 + $1.snapshot() }
    }
}
