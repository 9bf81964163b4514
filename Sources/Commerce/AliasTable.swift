/// Weighted choice in constant time (Walker's alias method): one random number, one
/// comparison, whatever the number of outcomes.
public struct AliasTable: Sendable {
    /// Per slot: the chance of the slot's own outcome, else its alias (read by flattened
    /// copies such as ``PopulationLayout``'s area picks).
    let probability: [Double]
    let alias: [Int32]
    /// The weights normalised to sum to 1, in the order given.
    public let weights: [Double]

    /// Builds a table for `weights` (non-negative, not all zero).
    public init(_ weights: [Double]) {
        precondition(!weights.isEmpty && weights.allSatisfy { $0 >= 0 && $0.isFinite }, "weights must be non-negative")
        let total = weights.reduce(0, +)
        precondition(total > 0, "weights must not all be zero")
        let n = weights.count
        self.weights = weights.map { $0 / total }
        var scaled = self.weights.map { $0 * Double(n) }
        var probability = [Double](repeating: 1, count: n)
        var alias = [Int32](repeating: 0, count: n)
        var small: [Int] = []
        var large: [Int] = []
        for (i, p) in scaled.enumerated() { if p < 1 { small.append(i) } else { large.append(i) } }
        while let s = small.popLast(), let l = large.last {
            probability[s] = scaled[s]
            alias[s] = Int32(l)
            scaled[l] -= 1 - scaled[s]
            if scaled[l] < 1 {
                large.removeLast()
                small.append(l)
            }
        }
        for i in large + small { probability[i] = 1; alias[i] = Int32(i) }
        self.probability = probability
        self.alias = alias
    }

    /// Number of outcomes.
    public var count: Int { probability.count }

    /// An outcome index drawn from the weights.
    @inline(__always)
    public func pick(_ random: inout SeededRandom) -> Int {
        pick(random.next())
    }

    /// An outcome index for a given 64-bit random value (for stateless, per-user choices).
    @inline(__always)
    public func pick(_ bits: UInt64) -> Int {
        let n = UInt64(probability.count)
        let slot = Int(n.multipliedFullWidth(by: bits).high)
        let fraction = Double(bits & 0xFFFF_FFFF) * 0x1.0p-32
        return fraction < probability[slot] ? slot : Int(alias[slot])
    }
}
