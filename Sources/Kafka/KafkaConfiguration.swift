import CRdKafka

/// librdkafka properties for a client, with loadgen's defaults and the seed-era aliases.
///
/// Keys are librdkafka's own names (`linger.ms`, `compression.type`, ...). The names people
/// paste from the Python producer (`batch_size`, `linger_ms`, `compression_type`,
/// `buffer_memory`, `retries`) are translated on the way in. Every `set` is checked by
/// librdkafka at once, so a typo fails where it was made, with librdkafka's explanation.
///
/// Secret-bearing values print as `***` in ``description`` and ``redactedProperties``.
public struct KafkaConfiguration: Sendable, CustomStringConvertible {
    /// The properties as librdkafka will receive them (after alias translation).
    public private(set) var properties: [String: String] = [:]

    /// The producer defaults: acks=all, idempotence, snappy, linger.ms=5, and the Java
    /// client's key placement (`murmur2_random`) so a key lands on the partition a Java
    /// consumer or Kafka Streams expects.
    public static let producerDefaults: [(String, String)] = [
        ("acks", "all"),
        ("enable.idempotence", "true"),
        ("compression.type", "snappy"),
        ("linger.ms", "5"),
        ("partitioner", "murmur2_random"),
    ]

    /// Seed-era (Python / Java client) names and the librdkafka names they stand for.
    public static let aliases: [String: String] = [
        "batch_size": "batch.size",
        "linger_ms": "linger.ms",
        "compression_type": "compression.type",
        "buffer_memory": "queue.buffering.max.kbytes",
        "retries": "message.send.max.retries",
        "acks": "acks",
        "bootstrap_servers": "bootstrap.servers",
        "client_id": "client.id",
        "max_request_size": "message.max.bytes",
        // librdkafka's own older name for linger.ms: one key, so a default and an override
        // never sit side by side with librdkafka taking whichever it is given last.
        "queue.buffering.max.ms": "linger.ms",
    ]

    /// An empty configuration (librdkafka's own defaults) with the given bootstrap servers.
    public init(bootstrapServers: String? = nil) {
        if let bootstrapServers { properties["bootstrap.servers"] = bootstrapServers }
        properties["client.id"] = "loadgen"
    }

    /// A producer configuration: ``producerDefaults`` plus the bootstrap servers.
    public static func producer(bootstrapServers: String) -> KafkaConfiguration {
        var configuration = KafkaConfiguration(bootstrapServers: bootstrapServers)
        for (key, value) in producerDefaults { configuration.properties[key] = value }
        return configuration
    }

    /// The bootstrap servers, if set.
    public var bootstrapServers: String? { properties["bootstrap.servers"] }

    /// How long the producer waits to fill a batch before sending it: `linger.ms` (its alias
    /// `queue.buffering.max.ms` is stored under it), librdkafka's default of 5 ms when it is
    /// not set. Values librdkafka accepted are numbers of ms (fractions allowed).
    public var linger: Duration {
        let millis = properties["linger.ms"].flatMap(Double.init) ?? Self.librdkafkaDefaultLingerMillis
        return .nanoseconds(Int64((millis.isFinite ? Swift.min(Swift.max(millis, 0), 900_000) : 0) * 1e6))
    }

    /// librdkafka's `linger.ms` when none is set.
    private static let librdkafkaDefaultLingerMillis = 5.0

    /// Sets one property, translating aliases and checking it with librdkafka.
    ///
    /// - Throws: ``KafkaError`` with code `invalidConfiguration` naming the key and carrying
    ///   librdkafka's explanation when the key is unknown or the value invalid.
    public mutating func set(_ key: String, _ value: String) throws {
        let (name, translated) = try Self.translate(key, value)
        try Self.check(name, translated, as: key)
        properties[name] = translated
    }

    /// Sets every property of `overrides` (see ``set(_:_:)``), in key order so errors are stable.
    public mutating func merge(_ overrides: [String: String]) throws {
        for key in overrides.keys.sorted() { try set(key, overrides[key]!) }
    }

    /// Removes a property, so librdkafka's own default applies.
    public mutating func remove(_ key: String) {
        properties[Self.aliases[key] ?? key] = nil
    }

    // MARK: - Secrets

    /// Words that make a property name secret-looking: passwords, secrets, tokens, JAAS
    /// configurations, credentials and private key material.
    public static let secretMarkers = ["password", "passwd", "secret", "token", "jaas", "credential", "private", "ssl.key", "ssl_key", "keytab", ".pem", "oauthbearer.config"]

    /// Whether a property's value must never be printed (its name contains one of
    /// ``secretMarkers``; also used on malformed `key=value` text, where it hides the rest).
    public static func isSecret(_ key: String) -> Bool {
        let k = key.lowercased()
        return secretMarkers.contains { k.contains($0) }
    }

    /// The properties with secret values replaced by `***`.
    public var redactedProperties: [String: String] {
        var copy = properties
        for key in copy.keys where Self.isSecret(key) { copy[key] = "***" }
        return copy
    }

    public var description: String {
        let body = redactedProperties.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return "KafkaConfiguration(\(body.joined(separator: ", ")))"
    }

    // MARK: - librdkafka

    /// A fresh `rd_kafka_conf_t` holding every property; the caller owns it.
    func makeNativeConfiguration() throws -> OpaquePointer {
        let conf = rd_kafka_conf_new()!
        for key in properties.keys.sorted() {
            if let message = Self.apply(conf, key, properties[key]!) {
                rd_kafka_conf_destroy(conf)
                throw KafkaError(.invalidConfiguration, message)
            }
        }
        return conf
    }

    private static func translate(_ key: String, _ value: String) throws -> (String, String) {
        let name = aliases[key] ?? key
        guard key == "buffer_memory" else { return (name, value) }
        guard let bytes = Int(value.trimmingCharacters(in: [" "])), bytes > 0 else {
            throw KafkaError(
                .invalidConfiguration,
                "invalid value for buffer_memory: expected a positive number of bytes, got \"\(value)\"")
        }
        return (name, String((bytes + 1023) / 1024))
    }

    private static func check(_ name: String, _ value: String, as written: String) throws {
        let conf = rd_kafka_conf_new()!
        defer { rd_kafka_conf_destroy(conf) }
        if let message = apply(conf, name, value) {
            let via = written == name ? "" : " (written as \(written))"
            throw KafkaError(.invalidConfiguration, message + via)
        }
    }

    /// Sets one property on a native configuration; returns librdkafka's complaint, if any.
    private static func apply(_ conf: OpaquePointer, _ key: String, _ value: String) -> String? {
        var errstr = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(conf, key, value, &errstr, errstr.count)
        guard result != RD_KAFKA_CONF_OK else { return nil }
        var reason = String(errorBuffer: errstr)
        if isSecret(key), !value.isEmpty { reason = reason.replacing(value, with: "***") }
        if result == RD_KAFKA_CONF_UNKNOWN { return "unknown Kafka property \(key): \(reason)" }
        let shown = isSecret(key) ? "***" : value
        return "invalid value for Kafka property \(key)=\(shown): \(reason)"
    }
}

private extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
