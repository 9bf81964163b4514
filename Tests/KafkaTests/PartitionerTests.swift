import Kafka
import Testing

@Suite struct PartitionerTests {
    /// Values from Kafka's own UtilsTest.testMurmur2.
    @Test func matchesKafkasPublishedVectors() {
        let vectors: [(String, Int32)] = [
            ("21", -973_932_308), ("foobar", -790_332_482),
            ("a-little-bit-long-string", -985_981_536), ("a-little-bit-longer-string", -1_486_304_829),
            ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971), ("abc", 479_470_107),
        ]
        for (key, expected) in vectors {
            #expect(Int32(bitPattern: KafkaPartitioner.murmur2(Array(key.utf8))) == expected, "\(key)")
        }
    }
}
