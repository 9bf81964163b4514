/// Kafka's Java `Utils.murmur2`, written out independently of librdkafka, so the test checks
/// librdkafka's placement against the Java client's rather than against itself.
enum JavaMurmur2 {
    static func hash(_ data: [UInt8]) -> UInt32 {
        let seed: UInt32 = 0x9747_b28c
        let m: UInt32 = 0x5bd1_e995
        let r: UInt32 = 24
        let length = data.count
        var h = seed ^ UInt32(truncatingIfNeeded: length)
        let fours = length / 4
        for i in 0..<fours {
            let o = i * 4
            var k = UInt32(data[o]) | UInt32(data[o + 1]) << 8 | UInt32(data[o + 2]) << 16 | UInt32(data[o + 3]) << 24
            k = k &* m
            k ^= k >> r
            k = k &* m
            h = h &* m
            h ^= k
        }
        let tail = fours * 4
        switch length % 4 {
        case 3:
            h ^= UInt32(data[tail + 2]) << 16
            fallthrough
        case 2:
            h ^= UInt32(data[tail + 1]) << 8
            fallthrough
        case 1:
            h ^= UInt32(data[tail])
            h = h &* m
        default: break
        }
        h ^= h >> 13
        h = h &* m
        h ^= h >> 15
        return h
    }
}

import Testing

@Suite struct JavaMurmur2Vectors {
    /// Values from Kafka's own UtilsTest.testMurmur2.
    @Test func matchesKafkasPublishedVectors() {
        let vectors: [(String, Int32)] = [
            ("21", -973_932_308), ("foobar", -790_332_482),
            ("a-little-bit-long-string", -985_981_536), ("a-little-bit-longer-string", -1_486_304_829),
            ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971), ("abc", 479_470_107),
        ]
        for (key, expected) in vectors {
            #expect(Int32(bitPattern: JavaMurmur2.hash(Array(key.utf8))) == expected, "\(key)")
        }
    }
}
