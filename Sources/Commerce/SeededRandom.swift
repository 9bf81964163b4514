/// A fast, seedable random number generator (xoshiro256**), so the same seed gives the same
/// data on every machine. Not for cryptography.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64

    /// A generator whose whole sequence is fixed by `seed` and `stream` (use different streams
    /// for independent generators under one seed).
    public init(seed: UInt64, stream: UInt64 = 0) {
        var sm = SplitMix64(state: seed ^ Mix.hash(stream &+ 0x5851_f42d_4c95_7f2d))
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform Double in [0, 1).
    @inline(__always)
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in 0..<bound (bound > 0), by Lemire's multiply-shift.
    @inline(__always)
    public mutating func below(_ bound: UInt64) -> UInt64 {
        bound.multipliedFullWidth(by: next()).high
    }
}

/// SplitMix64: seeds other generators and hashes indexes into independent values.
struct SplitMix64 {
    var state: UInt64
    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return Mix.hash(state)
    }
}

/// Stateless mixing: turns (seed, index, purpose) into well-spread 64-bit values, so an
/// attribute of user #i is computed, never stored.
public enum Mix {
    /// The SplitMix64 finaliser: a bijection on 64-bit values with good avalanche.
    @inline(__always)
    public static func hash(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A value for (seed, index, purpose); different purposes give independent values.
    @inline(__always)
    public static func hash(_ seed: UInt64, _ index: UInt64, _ purpose: UInt64) -> UInt64 {
        hash(key(seed, purpose) &+ index)
    }

    /// The value of ``hash(_:_:_:)`` as a Double in [0, 1).
    @inline(__always)
    public static func unit(_ seed: UInt64, _ index: UInt64, _ purpose: UInt64) -> Double {
        Double(hash(seed, index, purpose) >> 11) * 0x1.0p-53
    }

    /// The key ``hash(_:_:_:)`` derives from (seed, purpose) before adding the index.
    @inline(__always)
    public static func key(_ seed: UInt64, _ purpose: UInt64) -> UInt64 {
        hash(seed ^ (purpose &* 0xd6e8_feb8_6659_fd93))
    }
}

/// One seed's keys for purposes 0 ..< `count`, derived once: `keys.hash(index, purpose)` is
/// `Mix.hash(seed, index, purpose)` with one finaliser instead of two (a customer's derivation
/// draws a dozen values, each paying for a key that never changes).
struct MixKeys: Sendable {
    private let keys: [UInt64]

    init(seed: UInt64, count: Int) {
        keys = (0..<UInt64(count)).map { Mix.key(seed, $0) }
    }

    /// `Mix.hash(seed, index, purpose)`.
    @inline(__always)
    func hash(_ index: UInt64, _ purpose: Int) -> UInt64 {
        Mix.hash(keys.withUnsafeBufferPointer { $0[purpose] } &+ index)
    }

    /// `Mix.unit(seed, index, purpose)`.
    @inline(__always)
    func unit(_ index: UInt64, _ purpose: Int) -> Double {
        Double(hash(index, purpose) >> 11) * 0x1.0p-53
    }
}
