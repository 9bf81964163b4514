import Kafka
import Testing

@Suite("KafkaConfiguration")
struct ConfigurationTests {
    @Test func producerDefaults() {
        let c = KafkaConfiguration.producer(bootstrapServers: "localhost:9092")
        #expect(c.properties["acks"] == "all")
        #expect(c.properties["enable.idempotence"] == "true")
        #expect(c.properties["compression.type"] == "snappy")
        #expect(c.properties["linger.ms"] == "5")
        #expect(c.properties["partitioner"] == "murmur2_random")
        #expect(c.bootstrapServers == "localhost:9092")
    }

    @Test func seedEraAliasesTranslate() throws {
        var c = KafkaConfiguration.producer(bootstrapServers: "localhost:9092")
        try c.merge([
            "batch_size": "32768", "linger_ms": "10", "compression_type": "lz4",
            "buffer_memory": "16777216", "retries": "3", "acks": "1",
        ])
        #expect(c.properties["batch.size"] == "32768")
        #expect(c.properties["linger.ms"] == "10")
        #expect(c.properties["compression.type"] == "lz4")
        #expect(c.properties["queue.buffering.max.kbytes"] == "16384")
        #expect(c.properties["message.send.max.retries"] == "3")
        #expect(c.properties["acks"] == "1")
        #expect(c.properties["batch_size"] == nil)
    }

    /// The linger the governor's slices follow: the defaults' 5 ms, an override by any of its
    /// names (one key, so the default never sits beside an override), librdkafka's own default
    /// without loadgen's.
    @Test func lingerIsReadUnderEveryName() throws {
        var c = KafkaConfiguration.producer(bootstrapServers: "localhost:9092")
        #expect(c.linger == .milliseconds(5))
        try c.set("linger.ms", "100")
        #expect(c.linger == .milliseconds(100))
        try c.set("linger_ms", "20")
        #expect(c.linger == .milliseconds(20))
        try c.set("queue.buffering.max.ms", "250")
        #expect(c.linger == .milliseconds(250))
        #expect(c.properties["queue.buffering.max.ms"] == nil && c.properties["linger.ms"] == "250")
        try c.set("linger.ms", "0.5")
        #expect(c.linger == .microseconds(500))
        #expect(KafkaConfiguration().linger == .milliseconds(5))
    }

    @Test func bufferMemoryRoundsUpToWholeKibibytes() throws {
        var c = KafkaConfiguration()
        try c.set("buffer_memory", "1025")
        #expect(c.properties["queue.buffering.max.kbytes"] == "2")
        #expect(throws: KafkaError.self) { try c.set("buffer_memory", "lots") }
    }

    @Test func unknownPropertyNamesTheKey() {
        var c = KafkaConfiguration()
        let error = #expect(throws: KafkaError.self) { try c.set("linger.msec", "5") }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("linger.msec") == true)
        #expect(error?.message.contains("unknown Kafka property") == true)
    }

    @Test func invalidValueCarriesLibrdkafkasExplanation() {
        var c = KafkaConfiguration()
        let error = #expect(throws: KafkaError.self) { try c.set("compression_type", "zip") }
        #expect(error?.message.contains("compression.type") == true)
        #expect(error?.message.contains("written as compression_type") == true)
        #expect(error?.message.contains("zip") == true)
    }

    @Test func secretsAreRedactedInDescriptions() throws {
        var c = KafkaConfiguration.producer(bootstrapServers: "localhost:9092")
        try c.set("security.protocol", "sasl_ssl")
        try c.set("sasl.mechanisms", "PLAIN")
        try c.set("sasl.username", "alice")
        try c.set("sasl.password", "hunter2-very-secret")
        try c.set("ssl.key.password", "keypass-123")
        let text = c.description + "\(c.redactedProperties)"
        #expect(!text.contains("hunter2-very-secret"))
        #expect(!text.contains("keypass-123"))
        #expect(KafkaConfiguration.isSecret("sasl.oauthbearer.client.secret"))
        #expect(KafkaConfiguration.isSecret("ssl.keystore.password"))
        #expect(!KafkaConfiguration.isSecret("sasl.username"))
        #expect(text.contains("sasl.password=***"))
        #expect(text.contains("sasl.username=alice"))
        #expect(c.properties["sasl.password"] == "hunter2-very-secret")
    }

    @Test func secretNeverEchoedInAnError() {
        var c = KafkaConfiguration()
        let unknown = #expect(throws: KafkaError.self) { try c.set("ssl.keystore.passwd", "topsecret") }
        #expect(unknown?.message.contains("topsecret") == false)
        #expect(unknown?.message.contains("ssl.keystore.passwd") == true)

    }
}
