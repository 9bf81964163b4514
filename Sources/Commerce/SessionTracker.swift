/// Which visit a purchase belongs to. A user's purchases share a session until 30 simulated
/// minutes pass without one.
///
/// Memory is fixed (a direct-mapped table of recent users), not proportional to the
/// population: if two active users collide in the table, the older one simply starts a new
/// visit on their next purchase, which at worst splits a visit in two.
struct SessionTracker {
    private var users: [UInt64]
    private var visitStart: [Int64]
    private var lastSeen: [Int64]
    private let mask: Int
    private let timeoutMillis: Int64

    init(slotsPowerOfTwo: Int = 17, timeoutSeconds: Int64) {
        let n = 1 << slotsPowerOfTwo
        users = [UInt64](repeating: .max, count: n)
        visitStart = [Int64](repeating: 0, count: n)
        lastSeen = [Int64](repeating: 0, count: n)
        mask = n - 1
        timeoutMillis = timeoutSeconds * 1000
    }

    /// Records a purchase by `user` at `now` (ms) and returns its visit's start (ms).
    @inline(__always)
    mutating func visit(user: UInt64, at now: Int64) -> Int64 {
        let slot = Int(truncatingIfNeeded: Mix.hash(user)) & mask
        if users[slot] == user, now - lastSeen[slot] < timeoutMillis, now >= lastSeen[slot] {
            lastSeen[slot] = now
            return visitStart[slot]
        }
        users[slot] = user
        visitStart[slot] = now
        lastSeen[slot] = now
        return now
    }

    /// Whether `user` has a visit still open at `now`.
    @inline(__always)
    func isOpen(user: UInt64, at now: Int64) -> Bool {
        let slot = Int(truncatingIfNeeded: Mix.hash(user)) & mask
        return users[slot] == user && now - lastSeen[slot] < timeoutMillis
    }
}
