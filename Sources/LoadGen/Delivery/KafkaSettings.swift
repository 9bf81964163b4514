import Foundation
import Kafka

extension KafkaConfiguration {
    /// Replaces every value written `env:NAME` by the environment variable NAME, so passwords
    /// stay off command lines and out of profiles.
    /// - Throws: ``InputError`` naming `field` and the property when the variable is not set.
    public static func resolvingEnvironment(
        _ properties: [String: String], field: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(InputError) -> [String: String] {
        var resolved = properties
        for (key, value) in properties where value.hasPrefix("env:") {
            let name = String(value.dropFirst(4))
            guard !name.isEmpty else { throw InputError("\(field) \(key)", "expected env:NAME with a variable name, got \"env:\"") }
            guard let fromEnvironment = environment[name] else {
                throw InputError("\(field) \(key)", "environment variable \(name) is not set (the value says env:\(name))")
            }
            resolved[key] = fromEnvironment
        }
        return resolved
    }

    /// A client configuration for `bootstrap` with `-X key=value` properties (values may be
    /// `env:NAME`), each checked by librdkafka.
    /// - Throws: ``InputError`` naming the flag and property that is wrong.
    public static func client(
        bootstrapServers bootstrap: String, properties: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(InputError) -> KafkaConfiguration {
        let pairs = try parseProperties(properties)
        var configuration = KafkaConfiguration(bootstrapServers: bootstrap)
        try configuration.merge(pairs, field: "-X", environment: environment)
        return configuration
    }

    /// `-X key=value` texts as properties (a later key wins). The value is everything after the
    /// first `=`, but may not itself start with `=` (`key==value` is a typo far more often than
    /// a value; a value that really starts with `=` can come from the environment, `env:NAME`).
    /// In messages, the value of a secret-looking key (``isSecret(_:)``) is never shown, even
    /// when the text is malformed.
    /// - Throws: ``InputError`` at `field`.
    public static func parseProperties(_ texts: [String], field: String = "-X") throws(InputError) -> [String: String] {
        var pairs: [String: String] = [:]
        for text in texts {
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw InputError(field, "expected key=value, got \(shownMalformed(text))")
            }
            let key = String(text[..<equals]), value = String(text[text.index(after: equals)...])
            guard !key.contains(where: { $0.isWhitespace }) else {
                throw InputError(field, "expected key=value with no spaces in the key, got \(shownMalformed(text))")
            }
            if value.hasPrefix("=") {
                let shown = isSecret(key) ? "***" : InputError.quoted(value)
                throw InputError("\(field) \(key)", "the value \(shown) starts with \"=\" (key==value?): expected key=value; a value that starts with \"=\" can be passed as env:NAME")
            }
            pairs[key] = value
        }
        return pairs
    }

    /// Malformed `-X` text for a message: whole, or only its leading name when it looks like
    /// it carries a secret.
    static func shownMalformed(_ text: String) -> String {
        guard isSecret(text) else { return InputError.quoted(text) }
        let name = text.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
        return InputError.quoted(name + "...") + " (the rest is hidden: it looks like a secret)"
    }

    /// `text` (a message quoting what a user typed) with whatever follows a secret-looking
    /// property name, up to the next quote, replaced by `***`: `'sasl.password hunter2'`
    /// becomes `'sasl.password***'`.
    public static func redactingSecrets(in text: String) -> String {
        guard isSecret(text) else { return text }
        let lower = Array(text.lowercased()), chars = Array(text)
        guard lower.count == chars.count else { return "(hidden: the text looks like it holds a secret)" }
        var out = "", i = 0
        while i < chars.count {
            let marker = secretMarkers.first { m in i + m.count <= lower.count && String(lower[i..<i + m.count]) == m }
            guard let marker else { out.append(chars[i]); i += 1; continue }
            var end = i + marker.count
            while end < chars.count, chars[end].isASCII, chars[end].isLetter || chars[end].isNumber || ".-_".contains(chars[end]) { end += 1 }
            out += String(chars[i..<end])
            var rest = end
            while rest < chars.count, chars[rest] != "'", chars[rest] != "\"" { rest += 1 }
            if rest > end { out += "***" }
            i = rest
        }
        return out
    }

    /// Producer defaults, then the profile's `producer` section, then `-X` overrides, each
    /// `env:NAME` resolved in `environment` and every property checked by librdkafka.
    /// - Throws: ``InputError`` naming the profile section or `-X` and the property.
    public static func producer(
        bootstrapServers bootstrap: String, profile: LoadProfile, overrides: [String: String],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(InputError) -> KafkaConfiguration {
        var kafka = KafkaConfiguration.producer(bootstrapServers: bootstrap)
        try kafka.merge(profile.producer, field: "profile \(profile.name): $.producer", environment: environment)
        try kafka.merge(overrides, field: "-X", environment: environment)
        return kafka
    }

    /// Sets `properties` (``merge(_:)``) after resolving `env:NAME` values; a value read from
    /// the environment is never shown in an error, whatever its key.
    mutating func merge(_ properties: [String: String], field: String, environment: [String: String]) throws(InputError) {
        let resolved = try Self.resolvingEnvironment(properties, field: field, environment: environment)
        for key in resolved.keys.sorted() {
            do { try set(key, resolved[key]!) } catch {
                var message = "\(error)"
                if properties[key]!.hasPrefix("env:"), let value = resolved[key], !value.isEmpty {
                    message = message.replacing(value, with: "*** (from \(properties[key]!))")
                }
                throw InputError(field, message)
            }
        }
    }
}

extension RunConfiguration {
    /// Checks the profile's `producer` section and the `-X` properties (their `env:`
    /// references included) as a Kafka run would, whatever the output: a typo or a missing
    /// secret is an error even with `--output null`.
    /// - Throws: ``InputError`` naming the property.
    public func checkKafkaProperties(environment: [String: String] = ProcessInfo.processInfo.environment) throws(InputError) {
        _ = try KafkaConfiguration.producer(bootstrapServers: bootstrapServers ?? "localhost:9092", profile: profile, overrides: kafkaProperties, environment: environment)
    }
}

extension RunConfiguration {
    /// The brokers given as a Kafka property (`-X bootstrap.servers=…`, as kcat takes them, or
    /// a profile's `producer` section; `metadata.broker.list` and `bootstrap_servers` too):
    /// taken as ``bootstrapServers`` when no flag or environment variable named them, so such
    /// a run never falls back to the embedded broker; checked like `--bootstrap-servers`.
    /// - Parameter flag: where ``bootstrapServers`` came from, if it is set.
    /// - Throws: ``InputError`` at the property for a malformed list, or one that names other
    ///   brokers than `flag` does.
    public mutating func adoptBootstrapProperty(flag: String, environment: [String: String]) throws(InputError) {
        let sources = [("-X", kafkaProperties), ("profile \(profile.name): $.producer", profile.producer)]
        // librdkafka's two names for the list, then the seed-era aliases of the first.
        let keys = ["bootstrap.servers", "metadata.broker.list"]
            + KafkaConfiguration.aliases.filter { $0.value == "bootstrap.servers" }.keys.sorted()
        for (field, properties) in sources {
            for key in keys where properties[key] != nil {
                let at = "\(field) \(key)"
                let value = try KafkaConfiguration.resolvingEnvironment([key: properties[key]!], field: field, environment: environment)[key]!
                try BootstrapServers.check(value, field: at)
                if let named = bootstrapServers {
                    guard named == value else {
                        throw InputError(at, "names the brokers \(InputError.quoted(value)), but \(flag) names \(InputError.quoted(named)): give them once")
                    }
                } else {
                    bootstrapServers = value
                }
                return
            }
        }
    }
}
