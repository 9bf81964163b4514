/// A keyed bijection of 0..<domain onto itself (a Feistel network with cycle walking): turns
/// sequential indexes into numbers that look random yet can never collide.
public struct IndexPermutation: Sendable {
    /// The size of the permuted range: indexes and results are in 0 ..< domain.
    public let domain: UInt64
    private let halfBits: UInt64
    private let mask: UInt64
    private let keys: (UInt64, UInt64, UInt64, UInt64)

    /// A permutation of 0..<domain keyed by `key`.
    public init(domain: UInt64, key: UInt64) {
        precondition(domain > 1)
        self.domain = domain
        var bits: UInt64 = 2
        while (UInt64(1) << bits) < domain { bits += 2 }
        halfBits = bits / 2
        mask = (UInt64(1) << halfBits) - 1
        keys = (Mix.hash(key, 1, 77), Mix.hash(key, 2, 77), Mix.hash(key, 3, 77), Mix.hash(key, 4, 77))
    }

    /// The image of `index` (which must be below `domain`).
    @inline(__always)
    public func apply(_ index: UInt64) -> UInt64 {
        var x = index
        repeat { x = round(x) } while x >= domain
        return x
    }

    @inline(__always)
    private func round(_ x: UInt64) -> UInt64 {
        var left = x >> halfBits
        var right = x & mask
        (left, right) = (right, left ^ (Mix.hash(right ^ keys.0) & mask))
        (left, right) = (right, left ^ (Mix.hash(right ^ keys.1) & mask))
        (left, right) = (right, left ^ (Mix.hash(right ^ keys.2) & mask))
        (left, right) = (right, left ^ (Mix.hash(right ^ keys.3) & mask))
        return left << halfBits | right
    }
}
