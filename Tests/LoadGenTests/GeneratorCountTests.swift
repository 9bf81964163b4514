import Commerce
import Foundation
@testable import LoadGen
import LoadGenTesting
import Testing

/// How many generators a run gets when `--generators` is not given.
@Suite("Generator count")
struct GeneratorCountTests {
    func configuration(_ rate: RateSpec, multipliers: [Multiplier] = []) -> RunConfiguration {
        var p = steadyProfile(rate, duration: .seconds(10))
        p.multipliers = multipliers
        return RunConfiguration(profile: p)
    }

    /// A live run: one generator per 100,000/s of its peak (so a soak at 20,000/s or
    /// 100,000/s runs one), at most one per core.
    @Test func aLiveRunGetsOnePerHundredThousandOfItsPeak() {
        for (rate, cores, expected) in [(1.0, 8, 1), (20_000, 8, 1), (100_000, 8, 1), (100_001, 8, 2), (250_000, 8, 3),
                                        (250_000, 2, 2), (1_000_000, 4, 4), (20_000, 1, 1), (1e300, 4, 4)] {
            #expect(configuration(.perSecond(rate)).automaticGenerators(cores: cores) == expected, "\(rate)/s on \(cores) cores")
        }
    }

    /// The peak counts every multiplier above 1 as if their windows overlapped, and the
    /// seeded noise at its largest (multipliers below 1 never lower it).
    @Test func thePeakCountsEveryMultiplierAndTheNoise() {
        let windows = [
            Multiplier(name: "evening", hours: .init(18, 22), factor: 2.0),
            Multiplier(name: "weekend", days: [5, 6], factor: 1.5),
            Multiplier(name: "night", hours: .init(0, 6), factor: 0.2),
        ]
        // 30,000/s × 2 × 1.5 = 90,000/s, and the noise may add up to exp(2√3 × 0.10) ≈ 1.41.
        let c = configuration(.perSecond(30_000), multipliers: windows)
        let noise = RateNoise(seed: c.profile.commerce.seed).largestFactor
        #expect(abs(noise - exp(2 * 3.0.squareRoot() * 0.10)) < 1e-12)
        #expect(c.automaticGenerators(cores: 8) == 2)
        #expect(configuration(.perSecond(30_000), multipliers: [windows[2]]).automaticGenerators(cores: 8) == 1)
        // Never more than the noise's largest factor, over a year of days and hours.
        let n = RateNoise(seed: 7)
        var most = 0.0
        for day in 0..<365 { for hour in 0..<24 { most = max(most, n.factor(date: 20_260_101 + day, hourOfEpoch: Int64(day * 24 + hour))) } }
        #expect(most > 1 && most <= n.largestFactor, "\(most) against \(n.largestFactor)")
    }

    /// A shard's process counts its own share of the rate.
    @Test func aShardCountsItsShare() {
        var c = configuration(.perSecond(400_000))
        #expect(c.automaticGenerators(cores: 8) == 4)
        c.shard = .init(index: 0, count: 4)
        #expect(c.automaticGenerators(cores: 8) == 1)
    }

    /// Runs sent as fast as the sink takes them get one generator per core: that is what makes
    /// them fast.
    @Test func unthrottledAndSimulatedRunsGetOnePerCore() {
        #expect(configuration(.unlimited).automaticGenerators(cores: 6) == 6)
        var unthrottled = configuration(.perSecond(100))
        unthrottled.unthrottled = true
        #expect(unthrottled.automaticGenerators(cores: 6) == 6)
        var simulated = configuration(.perSecond(100))
        simulated.simulate = .seconds(86_400)
        #expect(simulated.automaticGenerators(cores: 6) == 6)
        simulated.thenLive = true
        #expect(simulated.automaticGenerators(cores: 6) == 6)
    }

    /// Never more generators than the shard has customers (each owns at least one), so a
    /// tiny population runs on any machine; a count set by hand beyond it is refused, by name.
    @Test func neverMoreThanTheShardsCustomers() throws {
        var c = configuration(.unlimited)
        c.profile.commerce.users = 1
        #expect(c.automaticGenerators(cores: 8) == 1)
        c.profile.commerce.users = 5
        c.shard = .init(index: 1, count: 2)
        #expect(c.automaticGenerators(cores: 8) == 2)
        c.profile.commerce.users = 3
        #expect(c.automaticGenerators(cores: 8) == 1)
        var one = CommerceConfiguration()
        one.users = 1
        #expect(throws: CommerceConfigurationError.self) { _ = try TransactionGenerator(configuration: one, generator: 1, of: 2) }
        do { _ = try TransactionGenerator(configuration: one, generator: 1, of: 2) } catch {
            #expect(error.description.hasPrefix("population.users: expected at least 2 users so each of the 1 shard(s) x 2 generator(s) owns one (or fewer --generators), got 1"))
        }
        _ = try TransactionGenerator(configuration: one, generator: 0, of: 1)
    }

    /// `generators` is the automatic count until set, then what was set; a run uses it.
    @Test(.timeLimit(.minutes(1))) func aSetCountWinsAndARunUsesTheCount() async throws {
        var c = configuration(.perSecond(2_000))
        c.profile.duration = .milliseconds(300)
        c.output = .null
        #expect(c.generators == c.automaticGenerators(cores: ProcessInfo.processInfo.activeProcessorCount))
        #expect(c.generators == 1)
        let automatic = try await LoadRun(configuration: c, logger: quietLogger).run()
        #expect(automatic.generators == 1)
        c.generators = 3
        #expect(c.generators == 3)
        let chosen = try await LoadRun(configuration: c, logger: quietLogger).run()
        #expect(chosen.generators == 3)
        // Each ran its schedule: made its permits, or (a machine starving the run past the burst
        // allowance, as parallel suites on two cores can) counted them dropped.
        #expect(chosen.produced + chosen.permitsDropped > 0 && automatic.produced + automatic.permitsDropped > 0)
    }
}
