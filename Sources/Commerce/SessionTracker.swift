import CPrefetch

/// Which visit a purchase belongs to. A user's purchases share a session until 30 simulated
/// minutes pass without one.
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
        slots[slot] = Slot(user: user, visitStart: now, lastSeen: now)
        return now
    }

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
