import Kafka

/// Which loadgen this is: printed by `loadgen --version`, written into every report (JSON
/// `loadgen_version`, the HTML footer) and served as `loadgen_build_info` on `/metrics`, so a
/// benchmark figure can always be traced to the build that made it.
public enum LoadGenVersion {
    /// loadgen's version.
    public static let current = "0.5.0"
    /// `loadgen 0.5.0 (librdkafka 2.0.2)`: loadgen's version and the librdkafka it runs on.
    public static var description: String { "loadgen \(current) (librdkafka \(Kafka.librdkafkaVersion))" }
}
