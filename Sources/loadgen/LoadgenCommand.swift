import ArgumentParser
import Foundation
import Kafka
import LoadGen
import Logging

/// `loadgen`: realistic e-commerce transactions to Kafka.
struct LoadgenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loadgen",
        abstract: "Produce realistic e-commerce transactions to Apache Kafka.",
        discussion: """
            With no subcommand, `run` is assumed: `loadgen --profile loadprofiles/blackfriday.json`. \
            With no bootstrap servers anywhere (flag, KAFKA_BOOTSTRAP_SERVERS), loadgen starts an \
            embedded test broker and says so.
            """,
        version: LoadGenVersion.description,
        subcommands: [RunCommand.self, BrokerCommand.self, VerifyCommand.self, ReplayCommand.self, MergeCommand.self],
        defaultSubcommand: RunCommand.self
    )

    /// `loadgen --help`: the overview and subcommands, then the options of `run` (the default
    /// command, so the one a person asking for help most likely wants).
    static var rootHelp: String {
        let root = helpMessage()
        let run = helpMessage(for: RunCommand.self)
        guard let options = run.range(of: "OPTIONS:") else { return root }
        return root.trimmingCharacters(in: .whitespacesAndNewlines)
            + "\n\nRUN OPTIONS (loadgen [run] <options>; see also loadgen help SUBCOMMAND):\n"
            + run[options.upperBound...].drop { $0 == "\n" }
    }
}

/// The process entry point: rewrites the documented older command forms, runs the command, and
/// turns errors into one clear line and the documented exit codes (0 ok, 1 failed, 2 bad input).
@main
enum Main {
    static func main() async {
        do {
            var arguments = try CommandLineForms.rewrite(Array(CommandLine.arguments.dropFirst()))
            if arguments == ["-V"] { arguments = ["--version"] }
            if arguments == ["--help"] || arguments == ["-h"] {
                print(LoadgenCommand.rootHelp)
                return
            }
            var command = try LoadgenCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            switch outcome(of: error) {
            case .exit(let code): exit(code)
            case .print(let text):
                print(text)
                exit(0)
            case .fail(let line, let code): fail(line, code: code)
            }
        }
    }

    /// What an error thrown by parsing or running a command ends in.
    enum Outcome: Equatable {
        /// Exit with this status, printing nothing more.
        case exit(Int32)
        /// Print this (help) on stdout and exit 0.
        case print(String)
        /// Print this one line on stderr and exit with this status.
        case fail(String, Int32)
    }

    /// The flag that sets each of the library's settings: its errors name settings, ours name
    /// the flags a person typed.
    static let flags = [
        ConfigurationError.Setting.output: "--output", ConfigurationError.Setting.statsPath: "--stats-file",
        ConfigurationError.Setting.deadLetterPath: "--dead-letter", ConfigurationError.Setting.topic: "--topic",
        ConfigurationError.Setting.metricsPort: "--metrics-port", ConfigurationError.Setting.runReport: "--against",
        ConfigurationError.Setting.profilePath: "--profile",
    ]

    /// The one line (control characters escaped) and exit status for an error: 2 for bad input.
    static func outcome(of error: any Error) -> Outcome {
        switch error {
        case let error as ConfigurationError:
            return .fail("loadgen: error: \(error.naming { Self.flags[$0] })", 2)
        case let error as KafkaError:
            return .fail(InputError.printable("loadgen: error: \(error.message)"), error.code == .invalidConfiguration || error.code == .unknownTopic ? 2 : 1)
        case let code as ExitCode:
            return .exit(code.rawValue)
        default:
            let code = LoadgenCommand.exitCode(for: error)
            if code == .success { return .print(LoadgenCommand.fullMessage(for: error)) }
            // One line: a list the parser puts under "...one of the following:" joins it.
            let lines = LoadgenCommand.message(for: error).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            var message = lines.first ?? "\(error)"
            if message.hasSuffix(":"), lines.count > 1 {
                message += " " + lines.dropFirst().map { $0.hasPrefix("- ") ? String($0.dropFirst(2)) : $0 }.joined(separator: ", ")
            }
            // Argument parser messages quote what was typed: hide what may be a secret.
            return .fail(InputError.printable("loadgen: error: \(KafkaConfiguration.redactingSecrets(in: message)) (see loadgen --help)"), 2)
        }
    }

    static func fail(_ line: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data((line + "\n").utf8))
        exit(code)
    }
}

/// What argument-parser does not do itself: a command word after options
/// (`loadgen --log-level DEBUG transaction`, the documented older form) is moved first, since
/// the parser looks for a subcommand only at the front; and a word where a command goes that is
/// none is refused with the nearest command. `transaction` itself is `run`'s alias.
enum CommandLineForms {
    static let subcommands: Set = ["run", "transaction", "broker", "verify", "replay", "merge"]
    static let flagsWithoutValue: Set = ["--help", "-h", "--version", "-V", "--no-status", "--abort-on-fail", "--verify", "--then-live", "--flat"]

    /// The arguments with the subcommand first. A bare word where a command goes that is no
    /// command (`loadgen brokr --brokers 3`) is refused by name, with the nearest command.
    /// A negative number after a flag that takes a value (`--count -1`) is joined to it
    /// (`--count=-1`): the parser would take it for a flag and say the value is missing, where
    /// the flag's own check says what it expects.
    /// - Throws: ``InputError`` for an unknown command.
    static func rewrite(_ arguments: [String]) throws(InputError) -> [String] {
        let arguments = joiningNegativeValues(arguments)
        var i = 0
        while i < arguments.count {
            let token = arguments[i]
            if token == "--" { break }
            if token.hasPrefix("-") {
                i += takesValue(token) ? 2 : 1
                continue
            }
            if subcommands.contains(token) {
                var rest = arguments
                rest.remove(at: i)
                return [token] + rest
            }
            if token == "help" { return arguments }
            let names = ["run", "broker", "verify", "replay", "merge", "transaction"]
            let nearest = names.min { editDistance(token, $0) < editDistance(token, $1) }!
            let hint = editDistance(token, nearest) <= 2 ? "did you mean '\(nearest)'? " : ""
            let shown = KafkaConfiguration.redactingSecrets(in: token.count > 40 ? token.prefix(40) + "..." : token)
            throw InputError("", "unknown command '\(shown)' (\(hint)commands: run, broker, verify, replay, merge; see loadgen --help)")
        }
        return arguments
    }

    /// Whether the next argument is this flag's value (a flag token; `--flag=value` carries its own).
    static func takesValue(_ flag: String) -> Bool { !flagsWithoutValue.contains(flag) && !flag.contains("=") }

    /// `--flag -1` as `--flag=-1`, for every long flag that takes a value (up to `--`).
    static func joiningNegativeValues(_ arguments: [String]) -> [String] {
        var joined: [String] = []
        joined.reserveCapacity(arguments.count)
        var i = 0
        while i < arguments.count {
            let token = arguments[i]
            if token == "--" { return joined + arguments[i...] }
            if token.hasPrefix("--"), takesValue(token), i + 1 < arguments.count, looksNegative(arguments[i + 1]) {
                joined.append(token + "=" + arguments[i + 1])
                i += 2
            } else {
                joined.append(token)
                i += 1
            }
        }
        return joined
    }

    /// A minus sign then a digit or a point (`-1`, `-0.5`, `-5/s`, `-.5`): a value, never a flag.
    static func looksNegative(_ token: String) -> Bool {
        let bytes = Array(token.utf8.prefix(2))
        return bytes.count == 2 && bytes[0] == UInt8(ascii: "-") && (bytes[1] == UInt8(ascii: ".") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[1]))
    }

    /// Levenshtein distance, for did-you-mean (inputs cut to 64 characters).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased().prefix(64)), y = Array(b)
        var row = Array(0...y.count)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(y.count, 1) where !y.isEmpty {
                let old = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
                previous = old
            }
        }
        return row[y.count]
    }
}

/// Sets up swift-log once: human-readable lines on standard error, at `level`.
func bootstrapLogging(level: Logger.Level) {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
}
