/// Where the Java client (and librdkafka's `murmur2_random` partitioner) puts a keyed message:
/// `toPositive(murmur2(key)) % partitions`. Written from Kafka's `Utils.murmur2`, independently
/// of librdkafka, so `loadgen verify` and the tests check librdkafka's placement against Java's.
public enum KafkaPartitioner {
    /// The partition of `key` among `partitions` partitions.
    public static func partition(forKey key: some Collection<UInt8>, partitions: Int) -> Int32 {
        partition(ofHash: murmur2(key), partitions: partitions)
    }

    /// The partition of `key` among `partitions` partitions.
    @inline(__always)
    public static func partition(forKey key: UnsafeRawBufferPointer, partitions: Int) -> Int32 {
        partition(ofHash: murmur2(key), partitions: partitions)
    }

    /// Java's `toPositive(hash) % partitions`.
    @inline(__always)
    private static func partition(ofHash hash: UInt32, partitions: Int) -> Int32 {
        Int32(Int(hash & 0x7fff_ffff) % partitions)
    }

    /// Kafka's `Utils.murmur2` (seed 0x9747b28c).
    public static func murmur2(_ bytes: some Collection<UInt8>) -> UInt32 {
        Array(bytes).withUnsafeBytes { murmur2($0) }
    }

    /// Kafka's `Utils.murmur2` (seed 0x9747b28c) of raw bytes, without copying them.
    public static func murmur2(_ data: UnsafeRawBufferPointer) -> UInt32 {
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
