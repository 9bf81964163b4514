import Commerce
import Foundation
@testable import LoadGen
import LoadGenTesting
import Testing

/// Event time: the schedule is a function of the profile, not of the machine; a simulated
/// window holds exactly its curve's integral; backfill hands over to live without a gap; the
/// start line says what the rate is; live permits are released in time slices.
@Suite("Event-time schedule")
struct ScheduleTests {
    /// Monday 2026-11-16, 00:00 UTC.
    let monday = utc(2026, 11, 16, 0)

    @Test func aSimulatedWindowHoldsItsCurvesIntegralPerDay() async throws {
        let clock = SimulatedClock(startMillis: monday, speed: 1)
        let curve = RateCurve(base: .perSecond(1000.0 / 3600), multipliers: Multiplier.documentedDefaults, clock: clock)
        let governor = RateGovernor(
            curve: curve, arrivals: .poisson, pace: .unthrottled, clock: ManualClock(), start: 0,
            duration: .seconds(14 * 86_400), seed: 7, window: true)
        var perDay = [Int](repeating: 0, count: 14)
        var last = Int64.min
        while let batch = await governor.next(max: 4096) {
            for p in batch.permits {
                #expect(p.eventMillis >= last)
                last = p.eventMillis
                perDay[Int((p.eventMillis - monday) / 86_400_000)] += 1
            }
        }
        // 10 weekdays of 25,400 and 4 weekend days of 38,100 at 1000/h: 406,400, exactly (a schedule, not a sample).
        for (day, n) in perDay.enumerated() {
            let a = Int64(day) * 86_400_000_000_000, b = a + 86_400_000_000_000
            let integral = curve.integral(fromElapsed: a, to: b)
            #expect(Double(n) == integral.rounded(), "day \(day): \(n) vs \(integral)")
        }
        #expect(perDay.reduce(0, +) == 406_400)
        #expect(await governor.perDay.values.reduce(0, +) == perDay.reduce(0, +))
    }

    @Test func theSameScheduleWhateverTheNumberOfGeneratorsAndShards() async throws {
        var commerce = CommerceConfiguration()
        commerce.users = 5000
        let clock = SimulatedClock(startMillis: monday + 9 * 3_600_000, speed: 1)
        let curve = RateCurve(base: .perSecond(50), multipliers: Multiplier.documentedDefaults, clock: clock)
        func permits(generators: Int, shards: Int) async -> [Permit] {
            var all: [Permit] = []
            for shard in 0..<shards {
                let governor = RateGovernor(
                    curve: curve, arrivals: .poisson, pace: .unthrottled, clock: ManualClock(), start: 0, count: 3000,
                    seed: 3, footfall: Footfall(configuration: commerce), shard: (shard, shards), generators: generators)
                var open = Set(0..<generators)
                while !open.isEmpty {
                    for g in open.sorted() {
                        guard let batch = await governor.next(for: g, max: 100) else { open.remove(g); continue }
                        for p in batch.permits {
                            #expect(Int(p.user % UInt64(shards)) == shard)
                            #expect(Int((p.user / UInt64(shards)) % UInt64(generators)) == g)
                        }
                        all += batch.permits.map { var p = $0; p.due = 0; return p }
                    }
                }
            }
            return all.sorted { $0.number < $1.number }
        }
        let reference = await permits(generators: 1, shards: 1)
        #expect(reference.count == 3000)
        #expect(reference.map(\.number) == Array(0..<3000))
        for (g, n) in [(2, 1), (3, 1), (8, 1), (1, 3), (2, 4)] {
            #expect(await permits(generators: g, shards: n) == reference, "\(g) generator(s), \(n) shard(s)")
        }
    }

    /// Takes every permit of a 2-generator governor, batches of up to 1,000 in turn: how many,
    /// and the latest any was taken after its due time.
    private func drain(_ governor: RateGovernor, clock: ManualClock) async -> (handed: Int, worstLag: Int64) {
        var open: Set<Int> = [0, 1]
        var handed = 0, worstLag: Int64 = 0
        while !open.isEmpty {
            for g in open.sorted() {
                guard let batch = await governor.next(for: g, max: 1000) else { open.remove(g); continue }
                handed += batch.permits.count
                for p in batch.permits { worstLag = max(worstLag, clock.now() - p.due) }
            }
        }
        return (handed, worstLag)
    }

    @Test func liveRunsWakeAtMostAThousandTimesASecondAndStayWithinASlice() async throws {
        // Wake-ups in 10 s with 2 generators: slices of 1 ms per generator at least (1,000 a
        // second in all) and, at lower rates, long enough for ~32 of a generator's permits but
        // at most 10 ms (each generator wakes 100 times a second at 1,000/s, not 500).
        for perSecond in [100.0, 1000, 20_000, 100_000] {
            let clock = ManualClock()
            let curve = RateCurve(base: .perSecond(perSecond), multipliers: [], clock: SimulatedClock(startMillis: monday))
            let governor = RateGovernor(curve: curve, clock: clock, start: 0, duration: .seconds(10), generators: 2)
            let (handed, worstLag) = await drain(governor, clock: clock)
            let wakeUps = await governor.wakeUps
            // The slice for this rate: 32 permits of one generator's half, within 2 ... 10 ms.
            let slice = min(max(Int64(32 * 2 / perSecond * 1e9), governor.sliceNanos), governor.maximumSliceNanos)
            #expect(governor.sliceNanos == 2_000_000 && governor.maximumSliceNanos == 10_000_000)
            #expect(abs(Double(handed) - perSecond * 10) <= 1)
            #expect(wakeUps <= 2 * Int(10_000_000_000 / slice) + 250, "\(perSecond)/s: \(wakeUps) wake-ups in 10 s")
            #expect(worstLag <= slice, "\(perSecond)/s: a permit \(worstLag) ns late")
        }
    }

    /// A producer that lingers 100 ms makes slices of 50 ms (half of it): at 20,000/s with 2
    /// generators, about 400 wake-ups in 10 s where 3.2 ms slices make about 6,250, and no
    /// permit more than one slice late; a linger of 5 ms (the default) changes nothing, and no
    /// linger makes slices longer than 50 ms.
    @Test func aLingeringProducerGetsLongerSlices() async throws {
        let cases: [(Duration, Int64)] = [
            (.milliseconds(100), 50_000_000), (.milliseconds(20), 10_000_000), (.milliseconds(5), 3_200_000),
            (.seconds(5), 50_000_000),
        ]
        for (linger, slice) in cases {
            let clock = ManualClock()
            let curve = RateCurve(base: .perSecond(20_000), multipliers: [], clock: SimulatedClock(startMillis: monday))
            let governor = RateGovernor(curve: curve, clock: clock, start: 0, duration: .seconds(10), generators: 2, sinkBatching: linger)
            #expect(governor.sliceFloorNanos == min(RateGovernor.nanos(linger) / 2, 50_000_000))
            #expect(governor.maximumSliceNanos == max(10_000_000, governor.sliceFloorNanos))
            let (handed, worstLag) = await drain(governor, clock: clock)
            let wakeUps = await governor.wakeUps
            #expect(handed == 200_000)
            #expect(wakeUps <= 2 * Int(10_000_000_000 / slice) + 250, "linger \(linger): \(wakeUps) wake-ups in 10 s")
            #expect(wakeUps >= 2 * Int(10_000_000_000 / slice) / 2, "linger \(linger): \(wakeUps) wake-ups in 10 s")
            #expect(worstLag <= slice, "linger \(linger): a permit \(worstLag) ns late")
        }
    }

    @Test func backfillHandsOverToLiveWithoutAGapOrAnOverlap() async throws {
        let dir = try TemporaryDirectory()
        var p = LoadProfile()
        p.rate = .perSecond(20)
        p.multipliers = []
        p.clockStart = .instant(millis: monday)
        p.duration = .seconds(2)
        p.commerce.users = 10_000
        var c = RunConfiguration(profile: p)
        let path = dir.url.appendingPathComponent("out.jsonl").path
        c.output = .file(path)
        c.simulate = .seconds(600)
        c.thenLive = true
        c.monitor = nil
        let started = ContinuousClock.now
        let report = try await LoadRun(configuration: c, logger: quietLogger).run()
        #expect(ContinuousClock.now - started >= .milliseconds(1900), "the live part runs in real time")
        let windowEnd = monday + 600_000
        let stamps = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap { line -> Int64? in
            // "2026-11-16T00:10:00.123Z": the day is the test's Monday, so h, m, s and ms are enough.
            guard let r = line.range(of: "\"timestamp\":\"2026-11-16T") else { return nil }
            let t = Array(line[r.upperBound...].prefix(12)).map(String.init).joined()
            let parts = t.split(whereSeparator: { $0 == ":" || $0 == "." }).compactMap { Int64($0) }
            guard parts.count == 4 else { return nil }
            return monday + ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * 1000 + parts[3]
        }
        #expect(stamps.count == report.produced)
        let backfill = stamps.filter { $0 < windowEnd }, live = stamps.filter { $0 >= windowEnd }
        // The backfill's 12,000 places, the live part's 40 (the live clock's start may round);
        // the later lines of the last backfilled order carry its time (an order's lines share
        // the first line's), though their places come after the window.
        #expect((12_000 - 1)...(12_000 + Footfall.maximumOrderLines - 1) ~= backfill.count, "\(backfill.count) backfilled")
        #expect(abs(backfill.count + live.count - 12_040) <= 2, "\(backfill.count) + \(live.count)")
        let lastBackfill = try #require(backfill.max()), firstLive = try #require(live.min())
        #expect(lastBackfill < firstLive && firstLive <= lastBackfill + 1000)
        #expect(report.schedule?.pace == "simulated+live")
    }

    /// A run's new customers sign up as its days bring shoppers: the commerce model it builds
    /// weighs each day of the year from its first by the curve's traffic that day, so Black
    /// Friday in `blackfriday.json` brings more newcomers than the Tuesday before it, a flat
    /// profile spreads them evenly, and every shard weighs the days alike.
    @Test func newcomersFollowTheRunsDays() throws {
        let blackFriday = try LoadProfile.parse(Array(try String(contentsOfFile: "loadprofiles/blackfriday.json", encoding: .utf8).utf8), file: "blackfriday.json")
        var c = RunConfiguration(profile: blackFriday)
        let now = utc(2026, 11, 24, 9)
        c.profile.clockStart = .instant(millis: now)
        let all = LoadRun.commerce(c, nowMillis: now).signupDayWeights
        #expect(all.count == SignupCurve.days)
        let weights = Array(all[SignupCurve.historyDays...])
        // Past years' weekends weigh more too: Saturday 22 November 2025 against the Tuesday before.
        #expect(all[SignupCurve.historyDays - 367] > 1.15 * all[SignupCurve.historyDays - 371], "2025: \(all[(SignupCurve.historyDays - 371)...(SignupCurve.historyDays - 367)])")
        // From Tuesday 24 November: Black Friday is day 3, Cyber Monday day 6.
        #expect(weights[3] > 1.6 * weights[0] && weights[6] > 1.8 * weights[0], "\(weights.prefix(7))")
        #expect(weights[4] > 1.15 * weights[0], "a Saturday: \(weights.prefix(7))")
        // A past day a dated window names weighs by that window (last year's Black Friday, a
        // Friday, against the Friday before it); other past days weigh as their weekday.
        var past = c
        past.profile.multipliers.append(Multiplier(name: "black_friday_2025", dates: [20251128], factor: 3))
        let pastWeights = LoadRun.commerce(past, nowMillis: now).signupDayWeights
        let friday2025 = SignupCurve.historyDays - 361
        #expect(pastWeights[friday2025] > 2 * pastWeights[friday2025 - 7], "\(pastWeights[(friday2025 - 7)...friday2025])")
        #expect(all[friday2025] == all[friday2025 - 7] && all[friday2025 - 700] == all[friday2025 - 7])
        var shard = c
        shard.shard = .init(index: 1, count: 3)
        #expect(LoadRun.commerce(shard, nowMillis: now).signupDayWeights == all)
        var flat = c
        flat.profile.multipliers = []
        #expect(LoadRun.commerce(flat, nowMillis: now).signupDayWeights.isEmpty)
    }

    /// The rate the start line says is the rate the governor's curve has at the start, for
    /// shoppers on their own clocks and on one zone, on a flat day and on Black Friday, at
    /// several hours.
    @Test func theStartLinesRateIsTheCurvesRate() throws {
        let blackFriday = try LoadProfile.parse(Array(try String(contentsOfFile: "loadprofiles/blackfriday.json", encoding: .utf8).utf8), file: "blackfriday.json")
        for base in [LoadProfile(), blackFriday] {
            for local in [true, false] {
                for hour in [0, 5, 12, 20] {
                    var c = RunConfiguration(profile: base)
                    c.profile.rate = .perSecond(5000)
                    c.profile.shoppersLocalTime = local
                    let now = utc(2026, 11, 27, hour)
                    c.profile.clockStart = .instant(millis: now)
                    let schedule = LoadRun.Schedule(c, nowMillis: now)
                    let text = RateExplanation.line(c, nowMillis: now)
                    let said = try #require(text.split(separator: " = ").last?.split(separator: "/s now").first)
                    let expected = try #require(schedule.curve.rate(atSimulated: schedule.clock.startMillis))
                    let value = try #require(Double(said.replacingOccurrences(of: ",", with: "")))
                    #expect(abs(value - expected) <= max(0.5, expected * 1e-4), "\(text): the curve says \(expected)")
                }
            }
        }
    }

    @Test func theStartLineSaysWhatTheRateIsAndWhy() {
        func line(_ configure: (inout RunConfiguration) -> Void) -> String {
            var c = RunConfiguration(profile: LoadProfile())
            configure(&c)
            return RateExplanation.line(c, nowMillis: utc(2026, 11, 28, 20))
        }
        // Shoppers on their own clocks (the default): Saturday 20:00 UTC is 15:00 in New York,
        // 12:00 in Los Angeles, 20:00 in London; the mixture's factor, and the day's noise.
        #expect(line { c in
            c.profile.rate = .perSecond(5000); c.rateSource = "--rate"; c.curveSource = "profile default"
        } == "rate 5,000/s (--rate) × 2.60 in shoppers' local time (business_hours, peak_hours, weekend) × 0.88 noise = 11,450/s now; day curve from profile default")
        // One zone for everyone (the old behaviour): the windows on its clock, each named.
        #expect(line { c in
            c.profile.rate = .perSecond(5000); c.profile.shoppersLocalTime = false; c.rateSource = "--rate"; c.curveSource = "profile default"
        } == "rate 5,000/s (--rate) × 1.5 weekend × 0.88 noise = 6,613/s now; day curve from profile default")
        #expect(line { c in
            c.profile.rate = .perSecond(5000); c.profile.multipliers = []; c.rateSource = "--rate"; c.curveSource = "--flat"
        } == "rate 5,000/s (--rate) = 5,000/s now; flat (--flat): no multipliers")
        #expect(line { c in
            c.profile.clockStart = .instant(millis: monday); c.simulate = .seconds(14 * 86_400); c.curveSource = "profile default"
        } == "rate 1,000/h (default) per simulated hour; day curve from profile default; simulating 2026-11-16T00:00:00Z -> 2026-11-30T00:00:00Z: 399,979 transactions scheduled")
        // (406,400 without the profile's seeded day and hour noise, seed 42: see the test above.)
        #expect(line { c in
            c.unthrottled = true; c.curveSource = "profile default"
        } == "sending as fast as the sink takes it; event times follow rate 1,000/h (default); day curve from profile default")
    }

    /// A population too small for its rate is named at the start, with a size that fixes it
    /// (the analyst's finding: Black Friday's 10,000,000 customers ordered 5.6 times each in a
    /// three-day --simulate); a population that fits, an unthrottled run and a live run at the
    /// clock's speed say nothing.
    @Test func aPopulationTooSmallForItsRateIsNamedWithASizeThatFitsIt() throws {
        let blackFriday = try LoadProfile.parse(Array(try String(contentsOfFile: "loadprofiles/blackfriday.json", encoding: .utf8).utf8), file: "blackfriday.json")
        let defaultJSON = try LoadProfile.parse(Array(try String(contentsOfFile: "loadprofiles/default.json", encoding: .utf8).utf8), file: "default.json")
        let now = utc(2026, 11, 20, 0)
        func note(_ profile: LoadProfile, _ configure: (inout RunConfiguration) -> Void = { _ in }) -> String? {
            var c = RunConfiguration(profile: profile)
            configure(&c)
            return RateExplanation.populationNote(c, schedule: LoadRun.Schedule(c, nowMillis: now))
        }
        let window = { (c: inout RunConfiguration) in c.simulate = .seconds(3 * 86_400) }
        let crowded = try #require(note(blackFriday, window))
        #expect(crowded.hasPrefix("population: 10,000,000 customers for about "), "\(crowded)")
        #expect(crowded.contains("so an occasional buyer orders every 3.") && crowded.contains("set population.users to about "), "\(crowded)")
        // The size it suggests fits: the same window says nothing with it.
        let suggestedText = try #require(crowded.split(separator: "population.users to about ").last?.split(separator: " ").first)
        let suggested = try #require(Int(suggestedText.replacingOccurrences(of: ",", with: "")))
        var bigger = blackFriday
        bigger.commerce.users = suggested
        #expect(note(bigger, window) == nil)
        #expect((150_000_000...350_000_000).contains(suggested), "\(suggested)")
        // Each shard of a split run says the same: its share of the rate meets its share of the
        // customers, so the crowding is the whole run's.
        for count in [2, 3, 8] {
            #expect(note(blackFriday) { c in window(&c); c.shard = .init(index: count - 1, count: count) } == crowded, "shard of \(count)")
        }
        // The built-in profile and every shipped one fit their own rates live, at the clock's
        // speed (Black Friday: a day an hour), and those made for real time (speed 1) over a
        // simulated week from any day (Black Friday's and the soak's rates are for their fast
        // clocks: a week of either at its rate per simulated hour is crowded, and says so).
        var profiles = [LoadProfile(), blackFriday, defaultJSON]
        for name in ["shop", "soak", "stress"] {
            profiles.append(try LoadProfile.parse(Array(try String(contentsOfFile: "loadprofiles/\(name).json", encoding: .utf8).utf8), file: "\(name).json"))
        }
        for profile in profiles {
            #expect(note(profile) == nil, "\(profile.name) live")
            for day in 0..<7 where profile.speed == 1 {
                let week = note(profile) { c in
                    c.profile.clockStart = .instant(millis: now + Int64(day) * 86_400_000)
                    c.simulate = .seconds(7 * 86_400)
                }
                #expect(week == nil, "\(profile.name) from day \(day): \(week ?? "")")
            }
        }
        // shop.json, the profile for data an analyst charts, gives an occasional buyer an order
        // about a quarter, as the notice advises (an analyst found 2,000,000 customers at its
        // 12,000/h too few: 2.5 orders a buyer in a week, half of the buyers more than once).
        let shop = try LoadProfile.parse(Array(try String(contentsOfFile: "loadprofiles/shop.json", encoding: .utf8).utf8), file: "shop.json")
        for day in 0..<7 {
            var c = RunConfiguration(profile: shop)
            c.profile.clockStart = .instant(millis: now + Int64(day) * 86_400_000)
            c.simulate = .seconds(7 * 86_400)
            let interval = try #require(RateExplanation.occasionalInterval(c, schedule: LoadRun.Schedule(c, nowMillis: now))).days
            #expect((75...120).contains(interval), "shop.json from day \(day): every \(interval) days")
        }
        // A run of a few transactions shows no customer twice, whatever its rate.
        #expect(note(LoadProfile()) { $0.profile.rate = .perSecond(5000); $0.profile.count = 5 } == nil)
        // No rate, no estimate.
        #expect(note(LoadProfile()) { $0.unthrottled = true } == nil)
        // Beyond the most customers there are, it says so.
        let flooded = try #require(note(LoadProfile()) { $0.profile.rate = .perSecond(5000) })
        #expect(flooded.hasSuffix("even the most customers (population.users 900,000,000) leave it crowded: a lower rate"), "\(flooded)")
        #expect(flooded.contains("times a day and a heavy one"), "\(flooded)")
    }
}
