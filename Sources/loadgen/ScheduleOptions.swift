import ArgumentParser
import Foundation
import LoadGen

/// The run's clock and schedule flags: a simulated window, the clock's start, zone and speed,
/// and a flat rate.
struct ScheduleOptions: ParsableArguments {
    @Option(help: "Generate this window of simulated time as fast as the output takes it (the rate is read per simulated hour), e.g. 7d, 14d, 36h. Start: --start, the profile's clock, else the window ending now.")
    var simulate: DurationArgument?

    @Flag(help: "After --simulate's window, go on in real time from its end (backfill, then live), until --duration or Ctrl-C.")
    var thenLive = false

    @Option(help: "Simulated clock start: 2026-11-27T00:00:00 (local to the zone), 2026-11-27, with Z or +hh:mm, or now.")
    var start: String?

    @Option(help: "IANA time zone of the simulated clock (--start, the report's days; with clock.shoppers_local_time false, the multipliers' hours too), e.g. America/New_York.")
    var timezone: String?

    @Option(help: "Simulated seconds per real second (24: a day per hour), 0.001...1000000.")
    var speed: Double?

    @Flag(help: "No multipliers: the rate is the rate (no day curve, weekend or dates).")
    var flat = false

    /// Applies the flags over the profile (the zone first: a local `--start` is read in it).
    func apply(to c: inout RunConfiguration) throws {
        var p = c.profile
        defer { c.profile = p }
        if let timezone {
            guard let zone = TimeZone(identifier: timezone) else {
                throw InputError("--timezone", "expected an IANA time zone like America/New_York or UTC, got \"\(timezone)\"")
            }
            p.timeZone = zone
        }
        if let start { p.clockStart = try LoadProfile.ClockStart.parse(start, field: "--start", in: p.timeZone) }
        if let speed {
            guard speed.isFinite, (0.001...1_000_000).contains(speed) else {
                throw InputError("--speed", "expected simulated seconds per real second in 0.001...1000000, got \(speed)")
            }
            p.speed = speed
        }
        if flat { p.multipliers = [] }
        if let simulate { c.simulate = try simulate.value(field: "--simulate") }
        if thenLive {
            guard c.simulate != nil else { throw InputError("--then-live", "needs --simulate DURATION (the window to backfill before going live)") }
            c.thenLive = true
        }
    }
}

/// `--seed`: a number, or `random` (one is picked and printed, and the report keeps it).
struct SeedArgument: CheckedArgument {
    let text: String
    static func parse(_ text: String, field: String) throws(InputError) -> UInt64 {
        if text == "random" { return UInt64.random(in: InputLimits.seed) }
        guard let seed = UInt64(text), InputLimits.seed.contains(seed) else {
            throw InputError(field, "expected an integer in 0...\(InputLimits.seed.upperBound) or random, got \"\(text)\"")
        }
        return seed
    }
}

/// Where the run's base rate came from, and the notices a person should see about it: a bare
/// number read per hour, an environment variable over the profile's value.
struct RateOrigin {
    /// `--rate`, `GENERATION_RATE`, `profile` or `default`.
    var source: String
    var notices: [String] = []

    init(profile: String?, rateIsExplicit: Bool) { source = rateIsExplicit ? "profile" : "default" }

    /// Notes a rate given at `field` as `text`, over the profile's own rate when it had one.
    mutating func note(field: String, text: String, over profileRate: RateSpec?) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if !t.contains("/"), t.lowercased() != "max", let perSecond = try? RateSpec.parse(t, field: field).perSecond {
            let shown = field == "--rate" ? "--rate \(t)" : "\(field)=\(t)"
            notices.append("\(shown) means \(NumberText.grouped(perSecond * 3600)) per hour (\(NumberText.grouped(perSecond))/s); write \(t)/s for per second")
        }
        if field == "GENERATION_RATE", let profileRate {
            notices.append("GENERATION_RATE=\(t) sets the rate (over the profile's \(profileRate))")
        }
    }
}
