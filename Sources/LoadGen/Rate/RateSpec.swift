/// A target rate as people write it: `1000` (per hour, the documented unit), `50/s`,
/// `3000/min`, `2.5m/h`, `20k/s`, `1200/day`, or `max` (no limit: stress mode).
public enum RateSpec: Sendable, Equatable, CustomStringConvertible {
    /// Transactions per (real) second.
    case perSecond(Double)
    /// As fast as the pipeline goes.
    case unlimited

    /// Parses a rate; a bare number is per hour.
    /// - Throws: ``InputError`` naming what was expected.
    public static func parse(_ text: String, field: String) throws(InputError) -> RateSpec {
        let s = text.trimmingSpaces.lowercased()
        if s == "max" || s == "unlimited" { return .unlimited }
        let parts = s.split(separator: "/", maxSplits: 1).map(String.init)
        let amountText = parts.first ?? ""
        let unit = parts.count == 2 ? parts[1] : "h"
        let seconds: Double
        switch unit {
        case "s", "sec", "second": seconds = 1
        case "m", "min", "minute": seconds = 60
        case "h", "hr", "hour": seconds = 3600
        case "d", "day": seconds = 86_400
        default: throw InputError(field, "expected a rate like 1000 (per hour), 50/s, 3000/min, 2.5m/h or max, got \(InputError.quoted(text))")
        }
        guard let amount = parseScaled(amountText), amount > 0, amount.isFinite else {
            throw InputError(field, "expected a positive rate like 1000 (per hour), 50/s, 3000/min, 2.5m/h or max, got \(InputError.quoted(text))")
        }
        try InputLimits.checkRate(perSecond: amount / seconds, field: field, shown: InputError.quoted(text))
        return .perSecond(amount / seconds)
    }

    /// `2.5m` -> 2,500,000; `20k` -> 20,000.
    static func parseScaled(_ text: String) -> Double? {
        var t = Substring(text)
        var scale = 1.0
        if let last = t.last, last == "k" || last == "m" {
            scale = last == "k" ? 1_000 : 1_000_000
            t = t.dropLast()
        }
        guard let v = Double(t) else { return nil }
        return v * scale
    }

    /// Transactions per second, or nil when unlimited.
    public var perSecond: Double? {
        if case .perSecond(let r) = self { return r }
        return nil
    }

    /// The documented default: 1000 per hour (the original tool's).
    public static let documentedDefault = RateSpec.perSecond(1000.0 / 3600)

    /// This rate divided among `n` shards.
    public func divided(by n: Int) -> RateSpec {
        if case .perSecond(let r) = self { return .perSecond(r / Double(n)) }
        return self
    }

    public var description: String {
        switch self {
        case .unlimited: return "max"
        case .perSecond(let r): return r >= 1 ? "\(Self.trim(r))/s" : "\(Self.trim(r * 3600))/h"
        }
    }

    static func trim(_ v: Double) -> String {
        guard abs(v) < 1e15 else { return String(v) }
        return v == v.rounded() ? String(Int64(v)) : String((v * 100).rounded() / 100)
    }
}

/// Durations as people write them: `90s`, `2h`, `1h30m`, `500ms`, `1d`, or bare seconds `3600`.
public enum DurationSpec {
    /// - Throws: ``InputError`` naming what was expected.
    public static func parse(_ text: String, field: String) throws(InputError) -> Duration {
        let s = text.trimmingSpaces.lowercased()
        let failure = InputError(field, "expected a duration like 90s, 15m, 2h, 1h30m or a number of seconds, got \(InputError.quoted(text))")
        if let seconds = Double(s) {
            guard seconds > 0, seconds.isFinite else { throw failure }
            return try InputLimits.duration(seconds: seconds, field: field, shown: InputError.quoted(text))
        }
        var total = 0.0
        var number = ""
        var index = s.startIndex
        var sawUnit = false
        while index < s.endIndex {
            let c = s[index]
            if c.isNumber || c == "." {
                number.append(c)
                index = s.index(after: index)
                continue
            }
            var unit = ""
            while index < s.endIndex, s[index].isLetter { unit.append(s[index]); index = s.index(after: index) }
            guard let value = Double(number) else { throw failure }
            let factor: Double
            switch unit {
            case "ms": factor = 0.001
            case "s", "sec": factor = 1
            case "m", "min": factor = 60
            case "h", "hr": factor = 3600
            case "d", "day": factor = 86_400
            default: throw failure
            }
            total += value * factor
            number = ""
            sawUnit = true
        }
        guard sawUnit, number.isEmpty, total > 0 else { throw failure }
        return try InputLimits.duration(seconds: total, field: field, shown: InputError.quoted(text))
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\n" }.reversed())
    }
}

