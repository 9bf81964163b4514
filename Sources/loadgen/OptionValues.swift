import ArgumentParser
import Commerce
import Kafka
import LoadGen
import Logging

/// An option value that argument-parser takes as typed and the command checks when it starts
/// (``value(field:)``), with LoadGen's parser for that kind of value.
///
/// Why not refuse it in `init?(argument:)`: argument-parser would then print its own
/// "The value 'x' is invalid for '--rate <rate>'" instead of loadgen's `--rate: expected ...`,
/// and errors thrown from a command's `validate()` reach `main` wrapped (with "see loadgen
/// --help" appended). Checked at start-up, a bad flag is refused with exactly the line the
/// same text gets from its environment variable (`GENERATION_RATE: expected ...`), in the
/// order run's checks go (the profile first: a rate is checked against its multipliers).
protocol CheckedArgument: ExpressibleByArgument, ExpressibleByStringLiteral, Sendable {
    associatedtype Value
    /// What was typed.
    var text: String { get }
    init(text: String)
    /// `text` as a value, or an ``InputError`` at `field` (the flag, or the variable it came from).
    static func parse(_ text: String, field: String) throws(InputError) -> Value
}

extension CheckedArgument {
    init(argument: String) { self.init(text: argument) }
    init(stringLiteral value: String) { self.init(text: value) }

    /// The value, or an ``InputError`` at `field`.
    func value(field: String) throws(InputError) -> Value { try Self.parse(text, field: field) }

    /// What `--help` shows as the default: the text, as when these options were strings.
    var defaultValueDescription: String { text }
}

extension Optional where Wrapped: CheckedArgument {
    /// Flag > environment: the flag's value, else `variable`'s from `environment`, each
    /// refused under its own name; nil when neither is set.
    func value(flag: String, variable: String, environment: [String: String]) throws(InputError) -> Wrapped.Value? {
        if let self { return try self.value(field: flag) }
        if let text = environment[variable] { return try Wrapped.parse(text, field: variable) }
        return nil
    }
}

/// A rate, `--rate` or GENERATION_RATE: `1000` (per hour), `50/s`, `3000/min`, `2.5m/h` or `max`.
struct RateArgument: CheckedArgument {
    let text: String
    static func parse(_ text: String, field: String) throws(InputError) -> RateSpec { try RateSpec.parse(text, field: field) }
}

/// A duration (`--duration` or DURATION, the timeouts, `--stats-interval`): `90s`, `15m`,
/// `2h`, `1h30m` or seconds.
struct DurationArgument: CheckedArgument {
    let text: String
    static func parse(_ text: String, field: String) throws(InputError) -> Duration { try DurationSpec.parse(text, field: field) }
}

/// Where a run sends: `kafka`, `stdout` (or `-`), `file:PATH` or `null`.
struct OutputArgument: CheckedArgument {
    let text: String
    static func parse(_ text: String, field: String) throws(InputError) -> RunConfiguration.Output {
        switch text {
        case "kafka": return .kafka
        case "stdout", "-": return .stdout
        case "null": return .null
        default:
            if text.hasPrefix("file:"), text.count > 5 { return .file(String(text.dropFirst(5))) }
            throw InputError(field, "expected kafka, stdout, file:PATH or null, got \"\(text)\"")
        }
    }
}

/// This process's part of a run split over n processes: `i/n` with 0 <= i < n (`auto` is
/// resolved by ``ShardSelection``).
struct ShardArgument: CheckedArgument {
    let text: String
    static func parse(_ text: String, field: String) throws(InputError) -> CommerceConfiguration.Shard {
        let parts = text.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, i >= 0, i < n else {
            throw InputError(field, "expected i/n with 0 <= i < n, e.g. 2/8, or auto, got \"\(text)\"")
        }
        return .init(index: i, count: n)
    }
}

/// One `-X key=value` librdkafka property (a value `env:NAME` is read from the environment
/// later, when the configuration is built).
struct KafkaPropertyArgument: ExpressibleByArgument, Sendable {
    let text: String
    init(argument: String) { text = argument }
}

extension [KafkaPropertyArgument] {
    /// The `-X` properties of run, verify and replay (a later key wins), refused at `-X`.
    func properties() throws(InputError) -> [String: String] {
        try KafkaConfiguration.parseProperties(map(\.text))
    }
}

/// A `--log-level` value (any case; WARN and WARNING both work), refused by argument-parser
/// itself: broker's, which has no LOG_LEVEL.
struct LogLevelArgument: ExpressibleByArgument, Sendable {
    let level: Logger.Level
    init(_ level: Logger.Level) { self.level = level }
    init?(argument: String) {
        guard let level = LogLevelArgument.parse(argument) else { return nil }
        self.level = level
    }
    static func parse(_ text: String) -> Logger.Level? {
        let t = text.lowercased()
        return t == "warn" ? .warning : Logger.Level(rawValue: t)
    }
    var defaultValueDescription: String { level.rawValue }
    static var allValueStrings: [String] { Logger.Level.allCases.map(\.rawValue) }

    /// The log level of run, verify and replay: `--log-level` > LOG_LEVEL > `fallback`, a bad
    /// word refused under the name it came from.
    static func resolve(_ flag: LogLevelSetting?, environment: [String: String], default fallback: Logger.Level) throws(InputError) -> Logger.Level {
        try flag.value(flag: "--log-level", variable: "LOG_LEVEL", environment: environment) ?? fallback
    }
}

/// The `--log-level` of run, verify and replay: checked at start-up like LOG_LEVEL
/// (``LogLevelArgument/resolve(_:environment:default:)``), so both are refused with the same line.
struct LogLevelSetting: CheckedArgument {
    let text: String
    static func parse(_ text: String, field: String) throws(InputError) -> Logger.Level {
        guard let level = LogLevelArgument.parse(text) else {
            throw InputError(field, "expected one of trace, debug, info, notice, warning, error, critical, got \(InputError.quoted(text))")
        }
        return level
    }
}
