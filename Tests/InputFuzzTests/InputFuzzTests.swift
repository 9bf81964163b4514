import Foundation
import LoadGen
import Synchronization
import LoadGenTesting
import Testing

@testable import loadgen

/// Generated profiles and command lines through the real parsers and start-up checks: each is
/// accepted, or refused with one clean line and exit 2 — never a crash, a hang, a raw control
/// character, a Swift type name or a secret. Deterministic (set LOADGEN_FUZZ_SEED to explore
/// other inputs); a failure prints the input.
@Suite("Input fuzzing", .serialized)
struct InputFuzzTests {
    static let seed = ProcessInfo.processInfo.environment["LOADGEN_FUZZ_SEED"].flatMap(UInt64.init) ?? 0x10AD_6E4F_0225
    static let environmentSecret = "hunter2-fuzz-secret"
    /// LOADGEN_FUZZ_VERBOSE=1 prints every outcome (to see which checks the inputs reach).
    static let verbose = ProcessInfo.processInfo.environment["LOADGEN_FUZZ_VERBOSE"] != nil

    /// The problems with an error line, if any.
    static func problems(_ line: String) -> [String] {
        var found: [String] = []
        if !line.hasPrefix("loadgen: error: ") { found.append("does not start with 'loadgen: error: '") }
        if line.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x2028 || $0.value == 0x202E }) {
            found.append("holds a raw control character")
        }
        for name in ["Optional(", "Swift.", "Error Domain", "InputError(", "CommandError", "ParserError", "KafkaError("] where line.contains(name) {
            found.append("shows a Swift type name (\(name))")
        }
        for secret in ["hunter2"] where line.contains(secret) { found.append("echoes a secret") }
        return found
    }

    /// Checks what main would do with an error; returns whether it was a refusal.
    static func expectClean(_ outcome: Main.Outcome?, input: @autoclosure () -> String) {
        if verbose { print("fuzz outcome: \(outcome.map { "\($0)" } ?? "accepted")") }
        switch outcome {
        case nil, .print?: return
        case .exit(let code)?: Issue.record("exit \(code) with no message for input: \(input())")
        case .fail(let line, let code)?:
            let found = problems(line)
            if code != 2 || !found.isEmpty {
                Issue.record("exit \(code), \(found.joined(separator: ", ")): \(InputError.printable(String(line.prefix(300))))\n  input: \(input())")
            }
        }
    }

    // A hang guard (each profile is held to 5 s below): the whole takes 67-87 s in CI, and
    // beside a build on the same two cores it once took over 120 s.
    @Test(.timeLimit(.minutes(5)))
    func generatedProfiles() async throws {
        var random = FuzzRandom(seed: Self.seed)
        let temporary = try TemporaryDirectory(prefix: "loadgen-fuzz")
        defer { temporary.remove() }
        let directory = temporary.url
        let path = directory.appendingPathComponent("profile.json").path
        let plain = try RunCommand.parse(["--profile", path, "--output", "null"])
        var outcome = (accepted: 0, refused: 0, slowest: Duration.zero)
        for i in 0..<5_000 {
            var bytes = Array(ProfileGenerator.document(&random).text.utf8)
            if random.chance(0.1) { ProfileGenerator.mutate(&bytes, &random) }
            let input = { "profile #\(i): \(InputError.printable(String(decoding: bytes.prefix(2000), as: UTF8.self)))" }
            let began = ContinuousClock.now
            // The parser alone, then the whole start-up of `loadgen --profile FILE`.
            let parsed: LoadProfile?
            do { parsed = try LoadProfile.parse(bytes, file: path) } catch {
                parsed = nil
                Self.expectClean(Main.outcome(of: error), input: input())
            }
            if let parsed { await Self.schedule(parsed, input: input()) }
            // The command line's start-up (argument parsing is the slow part in a debug build):
            // every profile the parser accepts, and a sample of the others.
            if parsed != nil || i % 8 == 0 {
                FileManager.default.createFile(atPath: path, contents: Data(bytes))
                let extra = random.chance(0.3) ? CommandLineGenerator.options(&random, count: random.count(1...3)) : []
                let environment = ["LOADGEN_FUZZ_SECRET": Self.environmentSecret]
                let result: Main.Outcome?
                if extra.isEmpty {
                    // The same command line each time (parsed once): only the file changes.
                    do { _ = try plain.resolve(environment); result = nil } catch { result = Main.outcome(of: error) }
                } else {
                    result = startUp(["--profile", path, "--output", "null"] + extra, environment: environment)
                }
                Self.expectClean(result, input: input() + " with " + extra.joined(separator: " "))
                if result == nil { outcome.accepted += 1 } else { outcome.refused += 1 }
            }
            let took = ContinuousClock.now - began
            outcome.slowest = max(outcome.slowest, took)
            #expect(took < .seconds(5), "profile #\(i) took \(took): \(input())")
        }
        print("fuzz: 5000 profiles, \(outcome.accepted) accepted, \(outcome.refused) refused, slowest \(outcome.slowest)")
        #expect(outcome.accepted > 250 && outcome.refused > 250, "accepted \(outcome.accepted), refused \(outcome.refused)")
    }

    /// Runs an accepted profile's schedule a little: the first permits, then a jump far past
    /// them (falling behind for a whole run), as the engine would.
    static func schedule(_ profile: LoadProfile, input: @autoclosure () -> String) async {
        let sim = profile.simulatedClock(realNowMillis: 1_764_000_000_000)
        let curve = profile.curve(on: sim)
        _ = curve.rate(atElapsed: 0)
        let span = profile.duration.map { Int64($0.seconds * 1e9) } ?? 86_400_000_000_000
        // The curve changes each simulated minute: keep the work to about a simulated day.
        let reach = Int64(min(1800, 86_400 / profile.speed) * 1e9)
        _ = curve.integral(fromElapsed: 0, to: min(span, reach))
        _ = curve.rate(atElapsed: span)
        _ = sim.local(atSimulated: sim.simulatedMillis(elapsedNanos: span))
        // At most that much schedule, so a rate with no permit in it ends on the virtual clock.
        let clock = JumpClock(step: reach / 20)
        let governor = RateGovernor(
            curve: curve, arrivals: profile.arrivals, clock: clock, start: 0, count: profile.count,
            duration: min(profile.duration ?? .nanoseconds(reach), .nanoseconds(reach)), burst: profile.burst)
        _ = await governor.next(max: 100)
        clock.jump(to: reach)
        _ = await governor.next(max: 100)
    }

    @Test(.timeLimit(.minutes(4)))
    func generatedCommandLines() throws {
        var random = FuzzRandom(seed: Self.seed ^ 0xC11)
        let temporary = try TemporaryDirectory(prefix: "loadgen-fuzz-cli")
        defer { temporary.remove() }
        let directory = temporary.url
        let good = directory.appendingPathComponent("good.json").path, bad = directory.appendingPathComponent("bad.json").path
        FileManager.default.createFile(atPath: good, contents: Data(#"{"rate": "50/s", "topic": "fuzz"}"#.utf8))
        FileManager.default.createFile(atPath: bad, contents: Data("{\"topic\": \"\\u001b[31m\", \"rate\": 1e300}".utf8))
        CommandLineGenerator.profilePaths = [good, bad, directory.path, "/dev/zero", "/dev/null", "", "/nonexistent/p.json",
                                             "a\u{0}b", "../../../../etc/passwd", String(repeating: "a", count: 5000), "/proc/self/status"]
        var outcome = (accepted: 0, refused: 0)
        for i in 0..<2_000 {
            let arguments = CommandLineGenerator.arguments(&random)
            let environment = CommandLineGenerator.environment(&random)
            let input = { "command line #\(i): \(arguments.map { InputError.quoted($0) }.joined(separator: " ")) environment \(environment.sorted { $0.key < $1.key })" }
            let began = ContinuousClock.now
            let result = startUp(arguments, environment: environment)
            Self.expectClean(result, input: input())
            if result == nil { outcome.accepted += 1 } else { outcome.refused += 1 }
            #expect(ContinuousClock.now - began < .seconds(5), "\(input())")
        }
        print("fuzz: 2000 command lines, \(outcome.accepted) accepted, \(outcome.refused) refused")
        #expect(outcome.accepted > 200 && outcome.refused > 200, "accepted \(outcome.accepted), refused \(outcome.refused)")
    }
}

/// A virtual monotonic clock: sleeping moves it to the deadline, or at least `step` ahead (so
/// waits for nothing end in few steps); the test jumps it ahead.
final class JumpClock: RunClock {
    private let nanos = Mutex<Int64>(0)
    let step: Int64
    init(step: Int64) { self.step = max(step, 1) }
    func now() -> Int64 { nanos.withLock { $0 } }
    func sleep(until deadline: Int64) async throws { nanos.withLock { $0 = max($0 + step, deadline) } }
    func jump(to instant: Int64) { nanos.withLock { $0 = max($0, instant) } }
}
