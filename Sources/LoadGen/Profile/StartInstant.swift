/// When a run starts, as `--start-at` gives it: the instant every shard of a run waits for, so
/// their schedules and simulated clocks line up.
public enum StartInstant {
    /// The latest start accepted: a week from now (a later one is taken for a typo).
    public static let furthest: Duration = .seconds(7 * 86_400)

    /// Milliseconds since 1970 (UTC) of `text`: an ISO-8601 instant with `Z` or an offset
    /// (`2026-11-30T10:00:00Z`, `2026-11-30T11:00:00+01:00`), or `+DURATION` from `nowMillis`
    /// (`+30s`, `+2m`: for processes started together on one machine; shards on many machines
    /// need the absolute form). An instant in the past is accepted (a shard restarted late starts
    /// at once); one more than ``furthest`` ahead is refused.
    ///
    /// - Throws: ``InputError`` at `field`.
    public static func parse(_ text: String, field: String, nowMillis: Int64) throws(InputError) -> Int64 {
        let millis: Int64
        if text.hasPrefix("+") {
            let wait = try DurationSpec.parse(String(text.dropFirst()), field: field)
            millis = nowMillis + wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000
        } else {
            let failure = InputError(
                field, "expected an instant with Z or an offset, e.g. 2026-11-30T10:00:00Z, or +DURATION from now, e.g. +30s; got \(InputError.quoted(text))")
            switch ProfileReader.parseClockStart(text) {
            case .success(.instant(let instant)): millis = instant
            // Its own words for an impossible date ("2026 February has 28 days"), ours otherwise.
            case .failure(.impossible(let message)): throw InputError(field, message)
            default: throw failure
            }
        }
        let furthestMillis = furthest.components.seconds * 1000
        guard millis - nowMillis <= furthestMillis else {
            throw InputError(field, "\(InputError.quoted(text)) is more than 7 days from now (\(ISOTime.string(nowMillis))); expected a start within a week")
        }
        return millis
    }
}
