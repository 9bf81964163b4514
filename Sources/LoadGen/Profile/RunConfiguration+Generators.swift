extension RunConfiguration {
    /// The live rate one generator is given by default: a fifth of what one generator makes on
    /// one core of a slow machine, so a generator keeps up with a peak with room to spare.
    public static let liveRatePerGenerator = 100_000.0

    /// The generators a run gets unless told: one per core for a run sent as fast as the sink
    /// takes it (`--rate max`, `--count` without a rate, `--simulate`), where they are what
    /// makes it fast; for a live run, one per ``liveRatePerGenerator`` of the most this shard's
    /// curve can ask for (every multiplier above 1 overlapped, times the seeded noise's largest
    /// factor), at most one per core. Why: a live run's generators sleep between slices, and
    /// each one's wake-ups and cold caches cost CPU whatever the rate (at 20,000/s one generator
    /// costs 8–14 % less CPU than two, with the same data and schedule lag).
    /// Never more than this shard's customers: each generator owns at least one (a tiny
    /// population runs on any machine, whatever its cores).
    public func automaticGenerators(cores: Int) -> Int {
        let customers = profile.commerce.users / Swift.max(1, shard.count)
        let cores = Swift.max(1, Swift.min(cores, customers))
        guard !unthrottled, simulate == nil, let peak = profile.peakPerSecond else { return cores }
        let noise = profile.multipliers.isEmpty ? 1 : RateNoise(seed: profile.commerce.seed).largestFactor
        let share = peak * noise / Double(Swift.max(1, shard.count))
        // Compared as a double: a rate too large for an Int (a library caller's) means every core.
        let wanted = (share / Self.liveRatePerGenerator).rounded(.up)
        guard wanted < Double(cores) else { return cores }
        return Swift.max(1, Int(wanted))
    }
}
