/// The ranges loadgen accepts for the numbers and names a user gives, shared by the profile
/// reader and the command line so both refuse the same things with the same words.
public enum InputLimits {
    /// The highest rate the engine schedules, in transactions per second (10m/s). The rate
    /// governor hands out one-second buckets of permits; above this a bucket outgrows what the
    /// generators can take and the schedule would only be dropped.
    public static let maxPerSecond = 10_000_000.0
    /// The rate limit as written in messages.
    public static let maxRateText = "10m/s (10000000 per second)"
    /// The shortest duration (1 ms) and the longest (365 days), in seconds: durations and
    /// timeouts are kept in milliseconds and nanoseconds, which must not overflow.
    public static let durationSeconds: ClosedRange<Double> = 0.001...31_536_000
    /// The duration range as written in messages.
    public static let durationText = "1ms...365d"
    /// The largest factor a single multiplier may have.
    public static let maxFactor = 1000.0
    /// Partitions of a topic loadgen creates.
    public static let partitions = 1...10_000
    /// Transactions a run may be asked for.
    public static let count = 1...(Int(Int32.max) * 1000)
    /// Seeds: integers a JSON report can hold exactly (below 2^52).
    public static let seed: ClosedRange<UInt64> = 0...(UInt64(Int64.max) >> 11)
    /// How far the schedule may run ahead of the pipeline, in seconds.
    public static let burstSeconds: ClosedRange<Double> = 0.001...3600
    /// A TCP port of a bootstrap server or the metrics endpoint (0: any free port, metrics only).
    public static let port = 1...65_535

    /// A duration from a number of seconds, refused outside ``durationSeconds``.
    public static func duration(seconds: Double, field: String, shown: String) throws(InputError) -> Duration {
        guard seconds.isFinite, durationSeconds.contains(seconds) else {
            throw InputError(field, "expected a duration in \(durationText), got \(shown)")
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// Refuses a rate (per second) above ``maxPerSecond``.
    public static func checkRate(perSecond: Double, field: String, shown: String) throws(InputError) {
        guard perSecond.isFinite, perSecond <= maxPerSecond else {
            throw InputError(field, "expected a rate of at most \(maxRateText), the most the engine can schedule, got \(shown)")
        }
    }
}

/// Kafka topic names: 1-249 of `a-z A-Z 0-9 . _ -`, not `.` or `..` (Kafka's own rule).
public enum TopicName {
    /// Whether Kafka accepts `name` as a topic name.
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 249 && name != "." && name != ".."
            && name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
    }

    /// - Throws: ``InputError`` at `field` when `name` is not a valid topic name.
    public static func check(_ name: String, field: String) throws(InputError) {
        guard isValid(name) else {
            throw InputError(field, "expected a Kafka topic name (1-249 of a-z A-Z 0-9 . _ -), got \(InputError.quoted(name))")
        }
    }
}

/// `HOST:PORT[,HOST:PORT...]`, each optionally with a `protocol://` prefix; a host is a name,
/// an IPv4 address or a bracketed IPv6 address; every port is 1-65535.
public enum BootstrapServers {
    /// - Throws: ``InputError`` at `field` naming the first malformed address.
    public static func check(_ text: String, field: String) throws(InputError) {
        let expected = "expected HOST:PORT[,HOST:PORT...] with ports in 1...65535"
        guard !text.isEmpty else { throw InputError(field, "\(expected), got an empty string") }
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            if let scheme = entry.range(of: "://"), !securityProtocols.contains(entry[..<scheme.lowerBound].lowercased()) {
                throw InputError(field, "\(expected), got \(InputError.quoted(text)) (\(InputError.quoted(String(entry[..<scheme.lowerBound]))) is not a protocol: expected plaintext, ssl, sasl_plaintext or sasl_ssl)")
            }
            guard isAddress(entry) else {
                throw InputError(field, "\(expected), got \(InputError.quoted(text)) (\(InputError.quoted(String(entry))) is not HOST:PORT)")
            }
        }
    }

    /// The prefixes an address may carry (`SASL_SSL://host:9093`).
    static let securityProtocols: Set<String> = ["plaintext", "ssl", "sasl_plaintext", "sasl_ssl"]

    static func isAddress(_ entry: Substring) -> Bool {
        var rest = entry
        if let scheme = rest.range(of: "://") {
            // librdkafka's security protocols, in any case.
            guard securityProtocols.contains(rest[..<scheme.lowerBound].lowercased()) else { return false }
            rest = rest[scheme.upperBound...]
        }
        guard let colon = rest.lastIndex(of: ":") else { return false }
        let host = rest[..<colon], port = rest[rest.index(after: colon)...]
        guard port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(port),
              InputLimits.port.contains(number) else { return false }
        if host.hasPrefix("[") {
            guard host.count > 2, host.hasSuffix("]") else { return false }
            return host.dropFirst().dropLast().allSatisfy { $0.isASCII && ($0.isHexDigit || $0 == ":" || $0 == ".") }
        }
        return !host.isEmpty && host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }
    }
}

extension InputError {
    /// `text` in double quotes for a message: control characters escaped, at most 80
    /// characters (the length said when cut).
    public static func quoted(_ text: String) -> String {
        let cut = text.count > 80 ? String(text.prefix(80)) + "...\" (\(text.count) characters)" : text + "\""
        return "\"" + printable(cut)
    }

    /// `text` fit for one line on a terminal: control characters (C0, DEL, C1), line and
    /// paragraph separators and bidirectional overrides written as escapes (`\n`, `\u{1B}`).
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where needsEscape(scalar): out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
            || (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
    }
}
