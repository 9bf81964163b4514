import CPrefetch

/// Which visit a purchase belongs to. A user's purchases share a session until 30 simulated
/// minutes pass without one; a visit begins a few minutes of browsing before its first checkout.
///
/// Memory is fixed (a direct-mapped table of recent users), not proportional to the
/// population: if two active users collide in the table, the older one simply starts a new
/// visit on their next purchase, which at worst splits a visit in two.
struct SessionTracker {
    private struct Slot {
        var user: UInt64 = .max
        var visitStart: Int64 = 0
        var lastSeen: Int64 = 0
    }
    private var slots: [Slot]
    private let mask: Int
    private let timeoutMillis: Int64

    init(slotsPowerOfTwo: Int = 17, timeoutSeconds: Int64) {
        let n = 1 << slotsPowerOfTwo
        slots = [Slot](repeating: Slot(), count: n)
        mask = n - 1
        timeoutMillis = timeoutSeconds * 1000
    }

    /// Records a purchase by `user` at `now` (ms) and returns its visit's start (ms).
    @inline(__always)
    mutating func visit(user: UInt64, at now: Int64) -> Int64 {
        let slot = Int(truncatingIfNeeded: Mix.hash(user)) & mask
        let s = slots[slot]
        if s.user == user, now - s.lastSeen < timeoutMillis, now >= s.lastSeen {
            slots[slot].lastSeen = now
            return s.visitStart
        }
        var start = now - Self.browsingMillis(user: user, checkout: now)
        // A new visit of the same shopper begins after their last one ended (30 minutes idle):
        // a long browse must not reach back into it.
        if s.user == user, now >= s.lastSeen { start = Swift.max(start, s.lastSeen + timeoutMillis) }
        slots[slot] = Slot(user: user, visitStart: start, lastSeen: now)
        return start
    }

    /// How long a visit browsed before its first checkout, a function of the user and the
    /// checkout's time: at least 15 s, median about 7 minutes, and a long tail with no wall
    /// (a Lomax of shape 2 truncated at 3 hours: about one visit in 20 over an hour, one in 80
    /// over two). It was 1 to 26 minutes, and an analyst's time-to-purchase chart showed both
    /// walls.
    @inline(__always)
    static func browsingMillis(user: UInt64, checkout: Int64) -> Int64 {
        let u = Mix.unit(user, UInt64(bitPattern: checkout), 0xB0_5E)
        return 15_000 + Int64(browsingScaleMillis * (1 / (1 - u * browsingTruncation).squareRoot() - 1))
    }

    /// The browsing time's scale (ms): its median is about 0.41 of it.
    static let browsingScaleMillis = 16.9 * 60_000.0
    /// The share of the untruncated distribution below 3 hours: `u` is scaled by it, so the
    /// longest browse is 3 hours and the density has no spike there.
    static let browsingTruncation = 1 - 1 / ((1 + 180 * 60_000 / browsingScaleMillis) * (1 + 180 * 60_000 / browsingScaleMillis))

    /// Starts fetching `user`'s slot into the cache without waiting for it: the table is
    /// megabytes, so an unannounced lookup is a miss to memory on almost every purchase.
    @inline(__always)
    func prefetch(user: UInt64) {
        let slot = Int(truncatingIfNeeded: Mix.hash(user)) & mask
        slots.withUnsafeBufferPointer { loadgen_prefetch($0.baseAddress! + slot) }
    }

    /// Whether `user` has a visit still open at `now`.
    @inline(__always)
    func isOpen(user: UInt64, at now: Int64) -> Bool {
        let slot = Int(truncatingIfNeeded: Mix.hash(user)) & mask
        return slots[slot].user == user && now - slots[slot].lastSeen < timeoutMillis
    }
}
