import Foundation

extension LoadRun {
    /// The sink for the run's output (and, for Kafka, the producer and any embedded broker).
    func makeSink() async throws -> (any MessageSink, KafkaSink?) {
        switch configuration.output {
        case .kafka:
            let kafka = try await KafkaSink.start(
                configuration, deadLetterPath: deadLetterPath, metrics: metrics, logger: logger, checkMessageSize: checkMessageSize)
            return (kafka.producer, kafka)
        case .stdout:
            return (StreamSink(standardOutputWith: metrics) { [weak self] in self?.stop() }, nil)
        case .file(let path):
            return (try StreamSink(path: path, metrics: metrics) { [weak self] in self?.stop() }, nil)
        case .null:
            return (NullSink(metrics: metrics), nil)
        }
    }

    /// One look at the metrics a second, until cancelled: it feeds the status, the stats file,
    /// the Prometheus gauges, the HTML report's timeline and the falling-behind warning.
    func sample(
        _ sampler: RunSampler, governor: RateGovernor, statsFile: StatsFile?, statusInterval: Duration,
        onStatus: (@Sendable (RunStatus) -> Void)?
    ) async {
        let c = configuration
        var lastStatus: RunSample?
        var nextStatus = statusInterval, nextStats = c.statsInterval
        let start = ContinuousClock.now
        var shortfall = ShortfallWatch()
        while !Task.isCancelled {
            try? await Task.sleep(until: start + .seconds(Int64(sampler.ticks + 1)), clock: .continuous)
            if Task.isCancelled { break }
            metrics.permitsDropped.store(await governor.dropOverdue(), ordering: .relaxed)
            let sample = sampler.tick()
            if let warning = shortfall.observe(sample) { logger.warning("\(warning)") }
            let since = ContinuousClock.now - start
            if let statsFile, since >= nextStats {
                if let failure = statsFile.write(sampler.statsLine(sample)) { logger.warning("\(failure)") }
                nextStats += c.statsInterval
            }
            if let onStatus, since >= nextStatus {
                nextStatus += statusInterval
                onStatus(RunStatus(
                    elapsedSeconds: sample.elapsedSeconds, simulatedTime: ISOTime.string(sample.simulatedMillis),
                    targetRate: sample.targetRate, achievedRate: sample.rate(\.delivered, since: lastStatus),
                    produced: sample.produced, delivered: sample.delivered, failed: sample.failed,
                    permitsDropped: sample.permitsDropped, p99LatencyMillis: metrics.latencyMillis().p99, residentMB: sample.residentMB,
                    bytesPerSecond: sample.rate(\.bytes, since: lastStatus),
                    remainingSeconds: c.profile.duration.map { max(0, $0.seconds - sample.elapsedSeconds) },
                    multipliers: sampler.activeMultipliers(atSimulated: sample.simulatedMillis)))
                lastStatus = sample
            }
        }
    }
}
