import Foundation
@testable import LoadGen
import Testing

/// The stats stream's rate: over the interval since the previous line, and never over a few
/// milliseconds (a hostile user's 100/s run ended with a totals line 1 ms after an interval's
/// line, saying 4,443/s).
@Suite("Stats lines")
struct StatsLineTests {
    func sample(at seconds: Double, delivered: Int) -> RunSample {
        RunSample(
            wallMillis: Int64(seconds * 1000), elapsedSeconds: seconds, simulatedMillis: 0, targetRate: 100, achievedRate: 0,
            produced: delivered, delivered: delivered, failed: 0, invalid: 0, retried: 0, deadLettered: 0, inFlight: 0,
            bytes: 0, latency: RunMetrics.Percentiles(RunMetrics.histogram()), residentMB: 40)
    }

    @Test func aLineRightAfterAnotherTakesItsRateOverBoth() {
        let c = RunConfiguration(profile: LoadProfile())
        let sampler = RunSampler(metrics: RunMetrics(), runStart: 0, schedule: LoadRun.Schedule(c, nowMillis: 1_795_996_800_000), shards: 1)
        #expect(sampler.statsLine(sample(at: 2, delivered: 200)).achievedRate == 100)
        #expect(sampler.statsLine(sample(at: 4, delivered: 400)).achievedRate == 100)
        // The final totals, 3 ms after the last interval's line: over 2.003 s, not 3 ms.
        let last = sampler.statsLine(sample(at: 4.003, delivered: 401)).achievedRate
        #expect(abs(last - 201 / 2.003) < 1e-9, "\(last)")
        // A line a whole interval later measures from the short one, as before.
        #expect(abs(sampler.statsLine(sample(at: 6.003, delivered: 601)).achievedRate - 100) < 1e-9)
    }
}
