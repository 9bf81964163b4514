import Foundation
import LoadGen
import Testing

@testable import loadgen

/// `--shard auto`, `--shards`, LOADGEN_SHARDS, JOB_COMPLETION_INDEX and `--start-at`, as a
/// Kubernetes Indexed Job's pod sets them, and their one-line refusals.
@Suite("Shards that start together")
struct ShardCommandLineTests {
    func configuration(_ arguments: [String], environment: [String: String] = [:], nowMillis: Int64 = 1_796_000_000_000) throws -> RunConfiguration {
        let command = try #require(try LoadgenCommand.parseAsRoot(arguments + ["--output", "null"]) as? RunCommand)
        return try command.resolve(environment, nowMillis: nowMillis)
    }

    @Test func autoTakesTheIndexFromTheJobAndTheCountFromTheFlagOrTheEnvironment() throws {
        let flag = try configuration(["--shard", "auto", "--shards", "4"], environment: ["JOB_COMPLETION_INDEX": "3"])
        #expect(flag.shard.index == 3 && flag.shard.count == 4)
        let variable = try configuration(["--shard", "auto"], environment: ["JOB_COMPLETION_INDEX": "0", "LOADGEN_SHARDS": "2"])
        #expect(variable.shard.index == 0 && variable.shard.count == 2)
        let both = try configuration(["--shard", "auto", "--shards", "8"], environment: ["JOB_COMPLETION_INDEX": "5", "LOADGEN_SHARDS": "2"])
        #expect(both.shard.count == 8, "the flag wins")
        let plain = try configuration(["--shard", "1/2"], environment: ["JOB_COMPLETION_INDEX": "0", "LOADGEN_SHARDS": "9"])
        #expect(plain.shard.index == 1 && plain.shard.count == 2, "i/n ignores the Job's variables")
    }

    @Test(arguments: [
        (["--shard", "auto"], ["JOB_COMPLETION_INDEX": "0"], "loadgen: error: --shards: --shard auto needs the number of shards: give --shards N or set LOADGEN_SHARDS"),
        (["--shard", "auto", "--shards", "4"], [:], "loadgen: error: JOB_COMPLETION_INDEX: not set;"),
        (["--shard", "auto", "--shards", "4"], ["JOB_COMPLETION_INDEX": "4"], "loadgen: error: JOB_COMPLETION_INDEX: 4 is out of range for 4 shards: expected 0...3"),
        (["--shard", "auto", "--shards", "4"], ["JOB_COMPLETION_INDEX": "-1"], "loadgen: error: JOB_COMPLETION_INDEX: expected a shard index 0...3, got \"-1\""),
        (["--shard", "auto", "--shards", "4"], ["JOB_COMPLETION_INDEX": ""], "loadgen: error: JOB_COMPLETION_INDEX: expected a shard index 0...3, got \"\""),
        (["--shard", "auto", "--shards", "0"], ["JOB_COMPLETION_INDEX": "0"], "loadgen: error: --shards: expected a number of shards in 1...100000, got 0"),
        (["--shard", "auto"], ["JOB_COMPLETION_INDEX": "0", "LOADGEN_SHARDS": "many"], "loadgen: error: LOADGEN_SHARDS: expected a number of shards in 1...100000, got \"many\""),
        (["--shard", "2/4", "--shards", "4"], [:], "loadgen: error: --shards: only counts shards with --shard auto"),
        (["--shard", "automatic"], [:], "loadgen: error: --shard: expected i/n with 0 <= i < n, e.g. 2/8, or auto, got \"automatic\""),
        (["--start-at", "2026-11-30T10:00:00"], [:], "loadgen: error: --start-at: expected an instant with Z or an offset, e.g. 2026-11-30T10:00:00Z, or +DURATION from now"),
        (["--start-at", "2026-02-29T10:00:00Z"], [:], "loadgen: error: --start-at: \"2026-02-29\" is not a date: 2026 February has 28 days"),
        (["--start-at", "+8d"], [:], "loadgen: error: --start-at: \"+8d\" is more than 7 days from now"),
        (["--start-at", "+soon"], [:], "loadgen: error: --start-at: expected a duration like 90s"),
    ] as [([String], [String: String], String)])
    func refusedWithOneLineNamingTheFlagOrVariable(_ arguments: [String], _ environment: [String: String], _ expected: String) {
        let line = errorLine(arguments + ["--output", "null"], environment: environment)
        #expect(line.hasPrefix(expected), "\(arguments) \(environment): \(line)")
    }

    @Test func theStartInstantIsTheSimulatedClocksStartUnlessTheProfilePinsOne() throws {
        let now: Int64 = 1_796_000_000_000
        let absolute = try configuration(["--start-at", "2026-11-30T11:00:00+01:00"], nowMillis: now)
        #expect(absolute.profile.clockStart == .instant(millis: try #require(ISOTime.millis("2026-11-30T10:00:00Z"))))
        let relative = try configuration(["--start-at", "+30s"], nowMillis: now)
        #expect(relative.profile.clockStart == .instant(millis: now + 30_000))
        let past = try configuration(["--start-at", "2020-01-01T00:00:00Z"], nowMillis: now)
        #expect(past.profile.clockStart == .instant(millis: try #require(ISOTime.millis("2020-01-01T00:00:00Z"))), "a late shard is accepted")
        let pinned = try configuration(["--start-at", "+30s", "--profile", Self.blackFriday], nowMillis: now)
        #expect(pinned.profile.clockStart != .instant(millis: now + 30_000), "a profile's own clock.start stays")
    }

    static let blackFriday = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../loadprofiles/blackfriday.json").standardized.path
}
