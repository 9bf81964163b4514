import ServiceLifecycle
import Synchronization

/// A ``LoadRun`` as a `Service` in a swift-service-lifecycle `ServiceGroup`: it runs to the
/// end of the profile (duration, count) and stops gracefully — finishing batches, flushing,
/// writing its report — when the group shuts down (SIGINT or SIGTERM in the command line).
/// Its ``report()`` is the run's report once ``run()`` has returned.
public final class RunService: Service {
    /// The run it drives.
    public let loadRun: LoadRun
    private let statusInterval: Duration
    private let onStatus: (@Sendable (RunStatus) -> Void)?
    private let outcome = Mutex<Result<RunReport, any Error>?>(nil)

    /// A service for `loadRun`, calling `onStatus` every `statusInterval`.
    public init(_ loadRun: LoadRun, statusInterval: Duration = .seconds(1), onStatus: (@Sendable (RunStatus) -> Void)? = nil) {
        self.loadRun = loadRun
        self.statusInterval = statusInterval
        self.onStatus = onStatus
    }

    public func run() async throws {
        let loadRun = self.loadRun
        do {
            let report = try await withGracefulShutdownHandler {
                if Task.isShuttingDownGracefully { loadRun.stop() }
                return try await loadRun.run(statusInterval: statusInterval, onStatus: onStatus)
            } onGracefulShutdown: {
                loadRun.stop()
            }
            outcome.withLock { $0 = .success(report) }
        } catch {
            outcome.withLock { $0 = .failure(error) }
            throw error
        }
    }

    /// The run's report, or the error it failed with; nil while it has not ended.
    public func report() throws -> RunReport? {
        guard let outcome = outcome.withLock({ $0 }) else { return nil }
        return try outcome.get()
    }
}
