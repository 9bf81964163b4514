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
        subcommands: [RunCommand.self, BrokerCommand.self, VerifyCommand.self, ReplayCommand.self],
        defaultSubcommand: RunCommand.self
    )
}

/// The process entry point: rewrites the documented older command forms, runs the command, and
/// turns errors into one clear line and the documented exit codes (0 ok, 1 failed, 2 bad input).
@main
enum Main {
    static func main() async {
        let arguments = CommandLineForms.rewrite(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try LoadgenCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as InputError {
            fail("loadgen: error: \(error)", code: 2)
        } catch let error as KafkaError {
            fail("loadgen: error: \(error.message)", code: error.code == .invalidConfiguration || error.code == .unknownTopic ? 2 : 1)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            let code = LoadgenCommand.exitCode(for: error)
            if code == .success {
                print(LoadgenCommand.fullMessage(for: error))
                exit(0)
            }
            let message = LoadgenCommand.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            fail("loadgen: error: \(message) (see loadgen --help)", code: 2)
        }
    }

    static func fail(_ line: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data((line + "\n").utf8))
        exit(code)
    }
}

/// The documented older forms: `loadgen transaction --topic t --rate 500` and
/// `loadgen --log-level DEBUG transaction` mean `loadgen run ...`.
enum CommandLineForms {
    static let subcommands = ["run": "run", "transaction": "run", "broker": "broker", "verify": "verify", "replay": "replay"]
    static let flagsWithoutValue: Set = ["--help", "-h", "--version", "--no-status"]

    static func rewrite(_ arguments: [String]) -> [String] {
        var i = 0
        while i < arguments.count {
            let token = arguments[i]
            if token == "--" { break }
            if token.hasPrefix("-") {
                let takesValue = !flagsWithoutValue.contains(token) && !token.contains("=")
                i += takesValue ? 2 : 1
                continue
            }
            if let command = subcommands[token] {
                var rest = arguments
                rest.remove(at: i)
                return [command] + rest
            }
            return arguments
        }
        return arguments
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

/// A `--log-level` value (any case; WARN and WARNING both work).
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
}
