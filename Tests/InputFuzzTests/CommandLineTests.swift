import Foundation
import Kafka
import LoadGen
import LoadGenTesting
import Testing

@testable import loadgen

/// What the binary does with a command line up to the point where it would start running:
/// the older-forms rewrite, argument parsing (with each command's `validate()`), and the
/// start-up checks of `run` (`resolve`) or of `verify`/`replay` (their cluster options).
/// nil: accepted; otherwise what `main` would print and exit with.
func startUp(_ arguments: [String], environment: [String: String] = [:]) -> Main.Outcome? {
    do {
        let command = try LoadgenCommand.parseAsRoot(try CommandLineForms.rewrite(arguments))
        switch command {
        case let run as RunCommand: _ = try run.resolve(environment)
        case let verify as VerifyCommand: _ = try verify.cluster.resolve(environment)
        case let replay as ReplayCommand: _ = try replay.cluster.resolve(environment)
        default: break
        }
        return nil
    } catch {
        return Main.outcome(of: error)
    }
}

/// The error line of a refused command line ("accepted" when it was not refused).
func errorLine(_ arguments: [String], environment: [String: String] = [:]) -> String {
    switch startUp(arguments, environment: environment) {
    case nil: return "accepted"
    case .fail(let line, let code)?: return code == 2 ? line : "exit \(code): \(line)"
    case .exit(let code)?: return "exit \(code)"
    case .print?: return "printed help"
    }
}

@Suite("Command-line refusals")
struct CommandLineTests {
    @Test(arguments: [
        (["brokr", "--brokers", "3"], "loadgen: error: unknown command 'brokr' (did you mean 'broker'? commands: run, broker, verify, replay, merge; see loadgen --help)"),
        (["--log-level", "debug", "verfy"], "loadgen: error: unknown command 'verfy' (did you mean 'verify'?"),
        (["--topic", "orders and returns!", "--output", "null"], "loadgen: error: --topic: expected a Kafka topic name (1-249 of a-z A-Z 0-9 . _ -), got \"orders and returns!\""),
        (["--topic", "..", "--output", "null"], "loadgen: error: --topic: expected a Kafka topic name"),
        (["--topic", String(repeating: "t", count: 300), "--output", "null"], "loadgen: error: --topic: expected a Kafka topic name"),
        (["broker", "--topic", "a b"], "loadgen: error: --topic: expected a Kafka topic name"),
        (["--partitions", "100000", "--output", "null"], "loadgen: error: --partitions: expected 1...10000, got 100000"),
        (["broker", "--partitions", "100000"], "loadgen: error: --partitions: expected 1...10000, got 100000"),
        (["-X", "no.such.property=1", "--output", "null"], "loadgen: error: -X: unknown Kafka property no.such.property"),
        (["-X", "sasl.password=env:LOADGEN_FUZZ_UNSET", "--output", "stdout"], "loadgen: error: -X sasl.password: environment variable LOADGEN_FUZZ_UNSET is not set"),
        (["-X", "sasl.password==x", "--output", "null"], "loadgen: error: -X sasl.password: the value *** starts with \"=\" (key==value?)"),
        (["-X", "linger.ms==5", "--output", "null"], "loadgen: error: -X linger.ms: the value \"=5\" starts with \"=\""),
        (["--bootstrap-servers", "a:b:c", "--count", "1"], "loadgen: error: --bootstrap-servers: expected HOST:PORT[,HOST:PORT...] with ports in 1...65535, got \"a:b:c\""),
        (["verify", "--bootstrap-servers", "host:70000"], "loadgen: error: --bootstrap-servers: expected HOST:PORT"),
        (["--rate", "1e19/s", "--output", "null"], "loadgen: error: --rate: expected a rate of at most 10m/s (10000000 per second), the most the engine can schedule"),
        (["--rate", "1e12/s", "--duration", "2", "--output", "null"], "loadgen: error: --rate: expected a rate of at most 10m/s"),
        (["--rate", "5m/s", "--output", "null"], "loadgen: error: --rate: the base rate 5000000/s times every multiplier factor above 1 reaches 22500000/s"),
        (["--duration", "1e16", "--output", "null"], "loadgen: error: --duration: expected a duration in 1ms...365d, got \"1e16\""),
        (["--stats-interval", "1e300", "--output", "null"], "loadgen: error: --stats-interval: expected a duration in 1ms...365d"),
        (["--stats-interval", "1500ms", "--output", "null"], "loadgen: error: --stats-interval: expected whole seconds (1s, 10s, 1m…): the run is sampled once a second, got \"1500ms\""),
        (["--metrics-port", "0", "--metrics-host", "999.1.1.1", "--output", "null"], "loadgen: error: --metrics-host: expected an IP address or a host name (127.0.0.1, 0.0.0.0, ::1, localhost), got \"999.1.1.1\""),
        (["--metrics-port", "0", "--metrics-host", "", "--output", "null"], "loadgen: error: --metrics-host: expected an IP address or a host name"),
        (["--metrics-port", "0", "--metrics-host", "a b", "--output", "null"], "loadgen: error: --metrics-host: expected an IP address or a host name"),
        (["--stats-interval", "100ms", "--output", "null"], "loadgen: error: --stats-interval: expected whole seconds (1s, 10s, 1m…): the run is sampled once a second, got \"100ms\""),
        (["--flush-timeout", "1e300", "--output", "null"], "loadgen: error: --flush-timeout: expected a duration in 1ms...365d"),
        (["--metrics-port", "70000", "--output", "null"], "loadgen: error: --metrics-port: expected a port in 0...65535"),
        (["--count", "9223372036854775807", "--output", "null"], "loadgen: error: --count: expected a number of transactions in 1...2147483647000"),
        // Found by a hostile user (2026-12-02): each was accepted and ran, or ran and lost data.
        (["--start", "1969-12-31", "--output", "null"], "loadgen: error: --start: expected a date from 1970 to 9999, got \"1969-12-31\""),
        (["--start", "0001-01-01T00:00:00Z", "--output", "null"], "loadgen: error: --start: expected a date from 1970 to 9999"),
        (["--start", "2026-11-27T00:00:00+99:99", "--output", "null"], "loadgen: error: --start: expected a UTC offset from -18:00 to +18:00, got \"+99:99\""),
        (["--start", "2026-11-27T00:00:00-00:60", "--output", "null"], "loadgen: error: --start: expected a UTC offset from -18:00 to +18:00"),
        (["--start-at", "1969-12-31T00:00:00Z", "--output", "null"], "loadgen: error: --start-at: expected a date from 1970 to 9999"),
        (["--bootstrap-servers", "x://127.0.0.1:1", "--count", "1"], "loadgen: error: --bootstrap-servers: expected HOST:PORT[,HOST:PORT...] with ports in 1...65535, got \"x://127.0.0.1:1\" (\"x\" is not a protocol"),
        (["--simulate", "1d", "--duration", "1s", "--output", "null"], "loadgen: error: --duration: a --simulate run lasts its window of simulated time"),
        (["--output", "null", "--threshold", "failed == -1"], "loadgen: error: --threshold: \"failed == -1\": expected a whole number such as 0 for failed (not negative)"),
        (["-X", "bootstrap.servers=host:99999", "--output", "null"], "loadgen: error: -X bootstrap.servers: expected HOST:PORT"),
        (["-X", "bootstrap.servers=127.0.0.1:1", "--bootstrap-servers", "127.0.0.1:2"], "loadgen: error: -X bootstrap.servers: names the brokers \"127.0.0.1:1\", but --bootstrap-servers names \"127.0.0.1:2\""),
        (["replay", "--bootstrap-servers", "127.0.0.1:1", "dead.jsonl", "--dead-letter", "/nonexistent/d.jsonl"], "loadgen: error: --dead-letter: cannot write /nonexistent/d.jsonl: the directory /nonexistent does not exist"),
        (["replay", "--bootstrap-servers", "127.0.0.1:1", "dead.jsonl", "--dead-letter", "/tmp"], "loadgen: error: --dead-letter: /tmp is a directory"),
        // A negative number after a flag is that flag's value, refused by its own check (the
        // parser took it for a flag and said "Missing value for '--count <count>'").
        (["--count", "-1", "--output", "null"], "loadgen: error: --count: expected a number of transactions in 1...2147483647000, got -1"),
        (["--metrics-port", "-1", "--output", "null"], "loadgen: error: --metrics-port: expected a port in 0...65535 (0: any free port), got -1"),
        (["--rate", "-5/s", "--output", "null"], "loadgen: error: --rate: expected a positive rate like 1000 (per hour), 50/s, 3000/min, 2.5m/h or max, got \"-5/s\""),
        (["--speed", "-.5", "--output", "null"], "loadgen: error: --speed: expected simulated seconds per real second in 0.001...1000000, got -0.5"),
        (["--output", "null", "--generators", "-2", "--count", "1"], "loadgen: error: --generators: expected 1...256, got -2"),
        (["broker", "--partitions", "-2"], "loadgen: error: --partitions: expected 1...10000, got -2"),
        (["--output", "null", "--", "--count", "-1"], "loadgen: error: 2 unexpected arguments: '--count', '-1'"),
    ])
    func refusedWithOneLine(_ arguments: [String], _ expected: String) {
        let line = errorLine(arguments)
        #expect(line.hasPrefix(expected), "\(arguments): \(line)")
    }

    @Test func environmentVariablesAreCheckedLikeTheirFlags() {
        #expect(errorLine(["--output", "null"], environment: ["KAFKA_TOPIC": "orders and returns!"]).hasPrefix("loadgen: error: KAFKA_TOPIC: expected a Kafka topic name"))
        #expect(errorLine(["--output", "null"], environment: ["KAFKA_BOOTSTRAP_SERVERS": "a:b:c"]).hasPrefix("loadgen: error: KAFKA_BOOTSTRAP_SERVERS: expected HOST:PORT"))
        #expect(errorLine(["--output", "null"], environment: ["DURATION": "1e16"]).hasPrefix("loadgen: error: DURATION: expected a duration in 1ms...365d"))
        #expect(errorLine(["-X", "sasl.password=env:P", "--output", "null"], environment: ["P": "x"]) == "accepted")
        #expect(errorLine(["--simulate", "1d", "--output", "null"], environment: ["DURATION": "1s"]).hasPrefix("loadgen: error: DURATION: a --simulate run lasts its window"))
    }

    /// `--flat` removes the multipliers before the peak-rate check, so the check judges the base
    /// rate alone (it judged the profile's windows and refused 3m/s).
    @Test func flatRatesAreJudgedWithoutMultipliers() {
        #expect(errorLine(["--flat", "--rate", "3m/s", "--output", "null"]) == "accepted")
        #expect(errorLine(["--flat", "--rate", "11m/s", "--output", "null"]).hasPrefix("loadgen: error: --rate: expected a rate of at most 10m/s"))
        #expect(errorLine(["--rate", "3m/s", "--output", "null"]).hasPrefix("loadgen: error: --rate: the base rate 3000000/s times every multiplier"))
    }

    /// Simulated time ends by the end of year 9999 (timestamps have four-digit years): a window,
    /// a window and its live part, or a live run's duration at the clock's speed that would pass
    /// it is one line at start-up (it was a run whose every later transaction failed its
    /// pre-send check, exit 0); one that ends on the last millisecond is accepted.
    @Test func simulatedTimeEndsBeforeYear10000() {
        let refusal = "simulated time would run from 9999-12-31T00:00:00Z to 10000-01-02T00:00:00Z; expected it to end by 9999-12-31T23:59:59Z"
        #expect(errorLine(["--simulate", "2d", "--start", "9999-12-31T00:00:00Z", "--output", "null"]) == "loadgen: error: --simulate: " + refusal + " (timestamps have four-digit years): an earlier start, a shorter window or a slower clock")
        #expect(errorLine(["--simulate", "1d", "--start", "9999-12-31T00:00:00Z", "--output", "null"]) == "accepted")
        // The window fits; its live part does not: the duration is named.
        #expect(errorLine(["--simulate", "1d", "--then-live", "--duration", "1s", "--start", "9999-12-31T00:00:00Z", "--output", "null"]).hasPrefix("loadgen: error: --duration: simulated time would run from 9999-12-31T00:00:00Z to 10000-01-01T00:00:01Z"))
        #expect(errorLine(["--start", "9999-12-31T00:00:00Z", "--speed", "24", "--duration", "1h", "--output", "null"]) == "accepted")
        #expect(errorLine(["--start", "9999-12-31T00:00:00Z", "--speed", "24", "--duration", "61m", "--output", "null"]).hasPrefix("loadgen: error: --duration: simulated time would run"))
        #expect(errorLine(["--speed", "1000000", "--output", "null"], environment: ["DURATION": "365d"]).hasPrefix("loadgen: error: DURATION: simulated time would run from "))
        #expect(errorLine(["--speed", "1000000", "--count", "10", "--output", "null"]) == "accepted")
        // A start already in year 10000 (an offset or a zone takes it there) is refused whatever
        // the run's length; one before 1970 too.
        #expect(errorLine(["--start", "9999-12-31T23:00:00-05:00", "--count", "10", "--output", "null"]).hasPrefix("loadgen: error: --start: the simulated clock would start at 10000-01-01T04:00:00Z; expected a start from 1970-01-01T00:00:00Z"))
        #expect(errorLine(["--start", "9999-12-31T23:00:00", "--timezone", "America/New_York", "--output", "null"]).hasPrefix("loadgen: error: --start: the simulated clock would start at 10000-01-01T04:00:00Z"))
        #expect(errorLine(["--start", "1970-01-01T00:00:00+01:00", "--count", "1", "--output", "null"]).hasPrefix("loadgen: error: --start: the simulated clock would start at "))
        // An unthrottled run's duration is real time, not simulated: not judged by it (its
        // event times follow the curve, a count at a time).
        #expect(errorLine(["--count", "10", "--duration", "2d", "--start", "9999-12-31T00:00:00Z", "--output", "null"]) == "accepted")
        #expect(errorLine(["--rate", "max", "--duration", "2d", "--start", "9999-12-31T00:00:00Z", "--output", "null"]) == "accepted")
    }

    @Test func aProfilesDurationPastYear9999IsNamedInTheProfile() throws {
        let temporary = try TemporaryDirectory(prefix: "loadgen-cli")
        defer { temporary.remove() }
        let path = temporary.url.appendingPathComponent("late.json").path
        try Data(#"{"duration": "2d", "clock": {"start": "9999-12-31T00:00:00Z", "speed": 1}}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(errorLine(["--profile", path, "--output", "null"]).hasPrefix("loadgen: error: \(path): $.duration: simulated time would run from 9999-12-31T00:00:00Z to 10000-01-02T00:00:00Z"))
        #expect(errorLine(["--profile", path, "--duration", "1d", "--output", "null"]) == "accepted")
        let early = temporary.url.appendingPathComponent("early.json").path
        try Data(#"{"clock": {"start": "1970-01-01T00:30:00+01:00"}}"#.utf8).write(to: URL(fileURLWithPath: early))
        #expect(errorLine(["--profile", early, "--output", "null"]).hasPrefix("loadgen: error: \(early): $.clock.start: the simulated clock would start at "))
    }

    /// Brokers given as a Kafka property are the run's brokers (never the embedded broker).
    @Test func brokersGivenAsAPropertyAreTheRunsBrokers() throws {
        func servers(_ arguments: [String], _ environment: [String: String] = [:]) throws -> String? {
            let command = try LoadgenCommand.parseAsRoot(try CommandLineForms.rewrite(arguments))
            return try #require(command as? RunCommand).resolve(environment).bootstrapServers
        }
        #expect(try servers(["-X", "bootstrap.servers=127.0.0.1:1"]) == "127.0.0.1:1")
        #expect(try servers(["-X", "metadata.broker.list=h:9"]) == "h:9")
        #expect(try servers(["-X", "bootstrap.servers=127.0.0.1:1", "--bootstrap-servers", "127.0.0.1:1"]) == "127.0.0.1:1")
        #expect(try servers(["-X", "bootstrap.servers=env:B"], ["B": "k:1"]) == "k:1")
        #expect(try servers(["--output", "null"]) == nil)
        #expect(try servers(["-X", "bootstrap_servers=env:B"], ["B": "k:2"]) == "k:2")
        #expect(errorLine(["-X", "bootstrap.servers=env:LOADGEN_NO_SUCH_VAR"]) == "loadgen: error: -X bootstrap.servers: environment variable LOADGEN_NO_SUCH_VAR is not set (the value says env:LOADGEN_NO_SUCH_VAR)")
        #expect(errorLine(["-X", "metadata.broker.list=env:"]).hasPrefix("loadgen: error: -X metadata.broker.list: expected env:NAME with a variable name"))
    }

    @Test(arguments: ["localhost:9092", "127.0.0.1:1,127.0.0.1:65535", "[::1]:9092", "SASL_SSL://b-1.example.com:9096", "kafka_1:9092"])
    func wellFormedBootstrapServersAreAccepted(_ servers: String) {
        #expect(errorLine(["--bootstrap-servers", servers, "--output", "null"]) == "accepted")
    }

    @Test(arguments: ["host", "host:0", "host:65536", ":9092", "a:b:c", "host:+1", "host:9092,", "h st:1", "[::1:9092", "://h:1"])
    func malformedBootstrapServersAreRefused(_ servers: String) {
        #expect(errorLine(["--bootstrap-servers", servers, "--output", "null"]).hasPrefix("loadgen: error: --bootstrap-servers: expected HOST:PORT[,HOST:PORT...] with ports in 1...65535"))
    }

    @Test(arguments: [
        "sasl.password hunter2", "sasl.password:hunter2", "sasl.password==hunter2", "ssl.key.password==hunter2",
        "sasl.jaas.config=hunter2", "sasl.oauthbearer.token:hunter2", "ssl.key.pem hunter2", "SASL.PASSWORD=\u{1B}hunter2",
        "ssl.keystore.password==hunter2",
    ])
    func aSecretIsNeverEchoed(_ property: String) {
        let line = errorLine(["-X", property, "--output", "null"])
        #expect(line.hasPrefix("loadgen: error: -X"), "\(line)")
        #expect(!line.contains("hunter2"), "\(line)")
    }

    @Test func aValueFromTheEnvironmentIsNeverEchoedWhateverItsKey() {
        let line = errorLine(["-X", "message.max.bytes=env:S", "--output", "null"], environment: ["S": "hunter2"])
        #expect(line.hasPrefix("loadgen: error: -X: invalid value for Kafka property message.max.bytes=*** (from env:S)"), "\(line)")
        #expect(!line.contains("hunter2"))
        #expect(errorLine(["--count", "sasl.password=hunter2"]).hasPrefix("loadgen: error: The value 'sasl.password***' is invalid"))
        #expect(errorLine(["sasl.password=hunter2"]).hasPrefix("loadgen: error: unknown command 'sasl.password***'"))
    }

    @Test func controlCharactersFromAProfileOrArgumentAreEscaped() throws {
        let temporary = try TemporaryDirectory(prefix: "loadgen-cli")
        defer { temporary.remove() }
        let directory = temporary.url
        let path = directory.appendingPathComponent("p.json").path
        try Data(#"{"clock": {"timezone": "\u001b]0;owned\u0007\r\n"}}"#.utf8).write(to: URL(fileURLWithPath: path))
        for arguments in [["--profile", path], ["--topic", "\u{1B}[2J"], ["--rate", "\u{9B}31m"], ["--no-such-\u{1B}[31m"], ["-X", "a\u{1B}=b"]] {
            let line = errorLine(arguments + ["--output", "null"])
            #expect(line.hasPrefix("loadgen: error: "), "\(line)")
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(arguments): \(line)")
        }
    }

    @Test func theDocumentedFormsStillWork() {
        #expect(errorLine(["transaction", "--topic", "my_transactions", "--rate", "500", "--output", "null"]) == "accepted")
        #expect(errorLine(["--log-level", "DEBUG", "transaction", "--count", "3", "--output", "null"]) == "accepted")
        #expect(errorLine(["--rate", "2m/s", "--duration", "365d", "--partitions", "10000", "--output", "null"]) == "accepted")
        #expect(errorLine(["help"]) != "loadgen: error: unknown command 'help'")
        #expect(errorLine(["--count", "3", "--timezone", "UTC", "--output", "null"]) == "accepted")
        #expect(CommandLineForms.joiningNegativeValues(["--count", "-1", "-X", "-1", "--no-status", "-5", "--rate=-1", "--", "--seed", "-2"])
            == ["--count=-1", "-X", "-1", "--no-status", "-5", "--rate=-1", "--", "--seed", "-2"])
        #expect(errorLine(["broker", "--log-level", "loud"]).hasPrefix(
            "loadgen: error: The value 'loud' is invalid for '--log-level <log-level>'. Please provide one of the following: trace, debug, info, notice, warning, error, critical"))
    }
}
