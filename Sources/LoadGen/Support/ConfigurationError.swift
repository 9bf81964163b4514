/// A setting that is wrong, and what was expected: one line, never a crash.
///
/// The library names *settings* — a profile path (`profile default: $.rate.per_hour`), a Kafka
/// property key (`message.max.bytes`), a file (`run.json:3:1`), or one of
/// ``RunConfiguration``'s settings by its name (``Setting``) — never a command-line flag; the
/// command line names its own flags for them (`--output`, `--stats-file`, ...) before it prints
/// the error and exits 2.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The setting: a ``Setting`` name, a profile path, a property key or a file position
    /// (the command line's flag or variable when it made the error itself).
    public let setting: String
    /// What is wrong and what was expected.
    public let message: String

    /// The names of ``RunConfiguration``'s settings, as errors name them.
    public enum Setting {
        /// ``RunConfiguration/output`` (a file output that cannot be opened).
        public static let output = "output"
        /// ``RunConfiguration/statsPath``.
        public static let statsPath = "statsPath"
        /// ``RunConfiguration/deadLetterPath`` (or the default dead-letter file).
        public static let deadLetterPath = "deadLetterPath"
        /// The profile's topic (``LoadProfile/topic``) on the cluster.
        public static let topic = "topic"
        /// A metrics server's port (``MetricsServer/start(host:port:exporter:)``).
        public static let metricsPort = "metricsPort"
        /// The profile file (``LoadProfile/load(path:)``).
        public static let profilePath = "profilePath"
        /// A run report read back (``VerifyExpectation/load(reportPath:)``).
        public static let runReport = "runReport"
    }

    /// An error about `setting`. Control characters in either part (from a file name, a
    /// profile, an argument) are escaped: the error is one line and never writes to the terminal.
    public init(_ setting: String, _ message: String) {
        self.setting = ConfigurationError.printable(setting)
        self.message = ConfigurationError.printable(message)
    }

    /// The same error with its setting named otherwise (the command line's flag for it).
    public func naming(_ name: (String) -> String?) -> ConfigurationError {
        let head = setting.prefix { $0 != " " && $0 != ":" }
        guard let renamed = name(String(head)) else { return self }
        return ConfigurationError(renamed + setting.dropFirst(head.count), message)
    }

    /// Where: the name ``setting`` gives (kept for callers of the earlier name).
    public var location: String { setting }

    public var description: String { setting.isEmpty ? message : "\(setting): \(message)" }
}

/// The earlier name of ``ConfigurationError``.
public typealias InputError = ConfigurationError
