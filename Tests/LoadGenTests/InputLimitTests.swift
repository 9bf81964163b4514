import Commerce
import Foundation
import LoadGen
import Testing

/// Numbers, dates and paths at and past the edge: each is refused where it is parsed with the
/// range in the message (these crashed, hung or ran silently wrong before).
@Suite("Input limits")
struct InputLimitTests {
    @Test(arguments: [
        (#"{"rate": {"per_hour": 1e300}}"#, "$.rate.per_hour: expected a rate of at most 10m/s (10000000 per second), the most the engine can schedule, got 1e+300 per hour"),
        (#"{"rate": {"per_second": 1e12}}"#, "$.rate.per_second: expected a rate of at most 10m/s"),
        (#"{"rate": 1e300}"#, "$.rate: expected a rate of at most 10m/s"),
        (#"{"rate": "1e19/s"}"#, "$.rate: expected a rate of at most 10m/s (10000000 per second), the most the engine can schedule, got \"1e19/s\""),
        (#"{"rate": {"burst_seconds": 1e300}}"#, "$.rate.burst_seconds: expected a number of seconds in 0.001...3600, got 1e+300"),
        (#"{"rate": {"burst_seconds": 0}}"#, "$.rate.burst_seconds: expected a number of seconds in 0.001...3600, got 0"),
        (#"{"duration": 1e300}"#, "$.duration: expected a duration in 1ms...365d, got 1e+300"),
        (#"{"duration": 0.0001}"#, "$.duration: expected a duration in 1ms...365d, got 0.0001"),
        (#"{"duration": "1e16"}"#, "$.duration: expected a duration in 1ms...365d, got \"1e16\""),
        (#"{"duration": "400d"}"#, "$.duration: expected a duration in 1ms...365d, got \"400d\""),
        (#"{"multipliers": [{"factor": 1e200}, {"factor": 1e200}]}"#, "$.multipliers[0].factor: expected a positive factor of at most 1000, got 1e+200"),
        (#"{"rate": "50/s", "multipliers": [{"factor": 1000}, {"factor": 1000}]}"#,
         "$.multipliers: the base rate 50/s times every multiplier factor above 1 reaches 50000000/s where their windows overlap; expected at most 10m/s"),
        (#"{"partitions": 100000}"#, "$.partitions: expected an integer in 1...10000, got 100000"),
        (#"{"clock": {"start": "2026-02-30"}}"#, "$.clock.start: \"2026-02-30\" is not a date: 2026 February has 28 days"),
        (#"{"clock": {"start": "2026-04-31T10:00:00"}}"#, "$.clock.start: \"2026-04-31\" is not a date: 2026 April has 30 days"),
        (#"{"multipliers": [{"dates": ["2026-02-31"], "factor": 2}]}"#, "$.multipliers[0].dates[0]: \"2026-02-31\" is not a date: 2026 February has 28 days"),
        (#"{"clock": {"timezone": "America/New_York", "start": "2026-03-08T02:30:00"}}"#,
         "$.clock.start: \"2026-03-08T02:30:00\" does not exist in America/New_York: the clocks skip it that day (daylight saving time)"),
        (#"{"topic": "a\u001b[31mred\n"}"#, #"$.topic: expected a Kafka topic name (1-249 of a-z A-Z 0-9 . _ -), got "a\u{1B}[31mred\n""#),
    ])
    func refusedWithTheRange(_ text: String, _ expected: String) {
        let message = profileError(text)
        #expect(message.hasPrefix("loadprofiles/x.json: " + expected), "\(message)")
        #expect(!message.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func theEdgesThemselvesAreAccepted() throws {
        #expect(try parseProfile(#"{"rate": "10m/s", "multipliers": []}"#).rate == .perSecond(10_000_000))
        #expect(try parseProfile(#"{"duration": "365d"}"#).duration == .seconds(31_536_000))
        #expect(try parseProfile(#"{"duration": 0.001}"#).duration == .milliseconds(1))
        #expect(try parseProfile(#"{"clock": {"start": "2024-02-29"}}"#).clockStart == .local(year: 2024, month: 2, day: 29, seconds: 0))
        #expect(try parseProfile(#"{"multipliers": [{"dates": ["2000-02-29"], "factor": 1000}]}"#).multipliers[0].factor == 1000)
        #expect(profileError(#"{"clock": {"start": "1900-02-29"}}"#).contains("1900 February has 28 days"))
        // Transactions carry four-digit years from 1970 (epoch milliseconds, never negative).
        #expect(try parseProfile(#"{"clock": {"start": "1970-01-01T00:00:00Z"}}"#).clockStart == .instant(millis: 0))
        #expect(try parseProfile(#"{"clock": {"start": "9999-12-31"}}"#).clockStart == .local(year: 9999, month: 12, day: 31, seconds: 0))
        #expect(profileError(#"{"clock": {"start": "1969-12-31T23:59:59Z"}}"#) == #"loadprofiles/x.json: $.clock.start: expected a date from 1970 to 9999, got "1969-12-31T23:59:59Z""#)
        #expect(profileError(#"{"clock": {"start": "2026-11-27T00:00:00+18:00"}}"#) == "accepted")
        #expect(profileError(#"{"clock": {"start": "2026-11-27T00:00:00+18:01"}}"#).contains("expected a UTC offset from -18:00 to +18:00, got \"+18:01\""))
    }

    @Test func aRepeatedLocalTimeIsItsFirstOccurrence() throws {
        // 2026-11-01 01:30 happens twice in New York: first at EDT (UTC-4), then at EST.
        let p = try parseProfile(#"{"clock": {"timezone": "America/New_York", "start": "2026-11-01T01:30:00"}}"#)
        #expect(p.simulatedClock(realNowMillis: 0).startMillis == utc(2026, 11, 1, 5, 30))
        let ny = TimeZone(identifier: "America/New_York")!
        #expect(SimulatedClock.instants(year: 2026, month: 11, day: 1, seconds: 5400, in: ny) == [utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 6, 30)])
        #expect(SimulatedClock.instants(year: 2026, month: 3, day: 8, seconds: 9000, in: ny).isEmpty)
        // Outside the profile (the library), a skipped time moves forward, never back.
        #expect(SimulatedClock.utcMillis(year: 2026, month: 3, day: 8, seconds: 9000, in: ny) == utc(2026, 3, 8, 7, 30))
    }

    @Test func cliRatesAndDurationsHaveRanges() {
        for (text, expected) in [("1e19/s", "at most 10m/s"), ("1e12/s", "at most 10m/s"), ("20m/s", "at most 10m/s"), ("nan/s", "expected a positive rate"), ("inf", "expected a positive rate")] {
            let error = #expect(throws: InputError.self) { try RateSpec.parse(text, field: "--rate") }
            #expect(error?.description.contains(expected) == true, "\(text): \(String(describing: error))")
        }
        for text in ["1e16", "1e300", "0.0001", "366d", "99999999999999999999h"] {
            let error = #expect(throws: InputError.self) { try DurationSpec.parse(text, field: "--stats-interval") }
            #expect(error?.description == "--stats-interval: expected a duration in 1ms...365d, got \"\(text)\"")
        }
    }

    @Test func profilePathsThatAreNotFilesAreRefusedBeforeReading() {
        for (path, expected) in [("/dev/zero", "not a regular file"), ("/tmp", "a directory"), ("", "expected a file path"), ("a\u{0}b", "expected a file path"), ("/no/such/dir/p.json", "no such file")] {
            let error = #expect(throws: InputError.self) { try LoadProfile.load(path: path) }
            #expect(error?.description.contains(expected) == true, "\(path): \(String(describing: error))")
        }
    }

    @Test func aRunReportsCountsAreCheckedBeforeUse() throws {
        // `verify --against REPORT` converted the report's numbers to Int unchecked (a crash).
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("loadgen-report-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        for (body, expected) in [(#"{"delivered": 1e300}"#, "\"delivered\": expected a count in 0...2147483647000, got 1e+300"),
                                 (#"{"delivered": 5, "retried": -1}"#, "\"retried\": expected a count"),
                                 (#"{"delivered": 5, "possibly_persisted": 0.5}"#, "\"possibly_persisted\": expected a count")] {
            try Data(body.utf8).write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: InputError.self) { try VerifyExpectation.load(reportPath: path) }
            #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
        }
        try Data(#"{"delivered": 5, "retried": 2}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(try VerifyExpectation.load(reportPath: path).retried == 2)
    }

    @Test(.timeLimit(.minutes(1)), arguments: Arrivals.allCases)
    func fallingFarBehindAtTheHighestRateDropsInBulk(_ arrivals: Arrivals) async {
        // 10m/s for 600 s: 6e9 permits. The pipeline takes a batch and then stalls for 100 s; the
        // governor must drop what fell behind by arithmetic, not one permit at a time.
        let clock = ManualClock()
        let curve = RateCurve(base: .perSecond(InputLimits.maxPerSecond), multipliers: [], clock: SimulatedClock(startMillis: 0))
        let governor = RateGovernor(curve: curve, arrivals: arrivals, clock: clock, start: 0, duration: .seconds(600), burst: .seconds(1))
        let began = ContinuousClock.now
        var issued = 0
        while let permits = await governor.next(max: 1000) {
            issued += permits.due.count
            #expect(permits.due.allSatisfy { clock.now() - $0 <= 1_000_000_000 })
            clock.advance(by: 100_000_000_000)
        }
        #expect(ContinuousClock.now - began < .seconds(20))
        #expect(issued + (await governor.dropped) == 6_000_000_000)
        #expect(await governor.issued == issued)
    }

    @Test(.timeLimit(.minutes(1)))
    func aRateTooLowForAnyPermitStillHearsStop() async {
        // No bucket of this schedule ever holds a permit: the governor must scan ahead in
        // bounded steps and sleep between them, not search the empty future forever.
        let curve = RateCurve(base: .perSecond(1e-300), multipliers: [], clock: SimulatedClock(startMillis: 0))
        let governor = RateGovernor(curve: curve, clock: SystemClock(), start: SystemClock.nanos())
        let waiting = Task { await governor.next(max: 1) }
        try? await Task.sleep(for: .milliseconds(200))
        await governor.stop()
        #expect(await waiting.value == nil)
    }

    @Test func aCurveBuiltInCodeIsCappedNotCrashed() async {
        // The library does not parse: multipliers whose product overflows to infinity are capped.
        let clock = ManualClock()
        let huge = [Multiplier(name: "a", factor: 1e200), Multiplier(name: "b", factor: 1e200)]
        let curve = RateCurve(base: .perSecond(1e300), multipliers: huge, clock: SimulatedClock(startMillis: 0))
        #expect(curve.integral(fromElapsed: 0, to: 1_000_000_000) == InputLimits.maxPerSecond)
        let governor = RateGovernor(curve: curve, clock: clock, start: 0, duration: .seconds(Int64.max), burst: .seconds(Int64.max))
        #expect(await governor.next(max: 10) != nil)
        // Nor do a clock of any speed or a rate's description.
        let fast = SimulatedClock(startMillis: 0, speed: 1e300)
        #expect(fast.simulatedMillis(elapsedNanos: Int64.max) == 4_000_000_000_000_000_000)
        #expect(RateCurve(base: .perSecond(1), multipliers: [], clock: fast).integral(fromElapsed: 0, to: 1000) > 0)
        #expect(RateSpec.perSecond(1e300).description == "1e+300/s")
    }
}
