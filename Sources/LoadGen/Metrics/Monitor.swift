import Synchronization

/// The registry of every producer in the process: the CLI's run, ``TransactionProducer``s and
/// custom producers all register here, and the Prometheus endpoint reads from it.
public final class Monitor: Sendable {
    /// The process-wide registry.
    public static let shared = Monitor()

    /// One producer in the registry, and the token that removes it: ``cancel()`` when the
    /// producer is done (the CLI's runs and library producers do this themselves).
    public struct Registration: Sendable {
        /// The `producer` label: the name asked for, or `name-2`, `name-3`, ... when it was taken.
        public let name: String
        /// The `topic` label.
        public let topic: String
        /// Its figures now.
        public let snapshot: @Sendable () -> ProducerMetrics
        let id: Int
        let monitor: Monitor

        /// Removes the producer from the registry (again: nothing happens).
        public func cancel() {
            monitor.entries.withLock { $0.list.removeAll { $0.id == id } }
        }
    }

    /// A producer as the registry keeps it (without the monitor, which a registration holds).
    private struct Entry: Sendable {
        let name: String
        let topic: String
        let snapshot: @Sendable () -> ProducerMetrics
        /// The figures it records into, when it came from ``Monitor/registerProducer(named:topic:)``.
        let recorder: RunMetrics?
        let id: Int
    }

    private let entries = Mutex<(list: [Entry], nextID: Int)>(([], 0))

    /// An empty registry (tests use their own; the process has ``shared``).
    public init() {}

    /// Registers a producer whose figures `snapshot` gives, under `name` (when taken, under
    /// `name-2`, `name-3`, ...), labelled with `topic`. The registration's ``Registration/name``
    /// is the name used; ``Registration/cancel()`` removes it.
    public func register(named name: String, topic: String = "", snapshot: @escaping @Sendable () -> ProducerMetrics) -> Registration {
        add(named: name, topic: topic, recorder: nil, snapshot: snapshot)
    }

    /// Registers a producer under `name` and returns the ``RunMetrics`` to record its figures
    /// into. A name this method registered before returns the same metrics. It leaves the
    /// registry when its entry in ``producers`` is cancelled.
    @discardableResult
    public func registerProducer(named name: String, topic: String = "") -> RunMetrics {
        if let existing = entries.withLock({ $0.list.first { $0.name == name }?.recorder }) { return existing }
        let recorder = RunMetrics()
        _ = add(named: name, topic: topic, recorder: recorder) { recorder.snapshot() }
        return recorder
    }

    private func add(
        named name: String, topic: String, recorder: RunMetrics?, snapshot: @escaping @Sendable () -> ProducerMetrics
    ) -> Registration {
        entries.withLock { state in
            var unique = name
            var n = 1
            while state.list.contains(where: { $0.name == unique }) {
                n += 1
                unique = "\(name)-\(n)"
            }
            state.nextID += 1
            let entry = Entry(name: unique, topic: topic, snapshot: snapshot, recorder: recorder, id: state.nextID)
            state.list.append(entry)
            return registration(entry)
        }
    }

    private func registration(_ entry: Entry) -> Registration {
        Registration(name: entry.name, topic: entry.topic, snapshot: entry.snapshot, id: entry.id, monitor: self)
    }

    /// Every registered producer, in registration order.
    public var producers: [Registration] { entries.withLock { $0.list }.map(registration) }

    /// The figures of the producer named `name`.
    public func metrics(named name: String) -> ProducerMetrics? {
        producers.first { $0.name == name }?.snapshot()
    }

    /// All producers' figures together: counters summed, histograms merged.
    public func aggregateMetrics() -> ProducerMetrics {
        producers.reduce(ProducerMetrics()) { $0 + $1.snapshot() }
    }
}
