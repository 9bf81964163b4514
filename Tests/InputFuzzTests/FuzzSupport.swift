import Foundation

/// SplitMix64: a small seeded generator, so every run of the fuzz tests feeds the same inputs.
struct FuzzRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ items: [T]) -> T { items.randomElement(using: &self)! }
    mutating func count(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
}

/// A JSON document under construction; `raw` is written as is (numbers, or deliberately
/// malformed text such as NaN).
indirect enum FuzzJSON {
    case object([(String, FuzzJSON)])
    case array([FuzzJSON])
    case string(String)
    case raw(String)

    var text: String {
        switch self {
        case .object(let members): return "{" + members.map { FuzzJSON.quote($0.0) + ": " + $0.1.text }.joined(separator: ", ") + "}"
        case .array(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .string(let s): return FuzzJSON.quote(s)
        case .raw(let r): return r
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// The values inputs are drawn from: edges of every documented range, spellings of NaN and
/// infinity, impossible dates, DST gaps and repeats, odd zones, path tricks, control
/// characters, long strings and non-ASCII text.
enum FuzzPools {
    static let numbers = [
        "0", "-0", "1", "-1", "0.5", "2", "24", "23.99", "25", "1e-300", "5e-324", "1e300", "-1e300", "1.7976931348623157e308",
        "1e19", "1e200", "1e12", "3600", "86400", "31536000", "31536001", "0.001", "0.0009", "1000", "1001", "10000", "10001",
        "900000000", "900000001", "2147483647000", "2147483647001", "4503599627370495", "4503599627370496", "9007199254740993",
        "9223372036854775807", "9223372036854775808", "36000000000", "36000000001", "10000000", "10000001", "1e6", "1000001", "0.3",
    ]
    static let badNumbers = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "01", ".5", "+1", "0x10", "1_000", "1.", "--1", "1e"]
    static let long = String(repeating: "t", count: 300)
    static let huge = String(repeating: "Ω\u{1B}x", count: 20_000)
    static let text = [
        "", " ", "now", "max", "unlimited", "50/s", "1e19/s", "1e12/s", "10m/s", "10.1m/s", "2.5m/h", "20k/s", "3000/min", "1200/day",
        "5/week", "nan", "NaN", "inf", "-inf", "Infinity", "nan/s", "inf/s", "-5", "0", "90s", "1e16", "1e300", "365d", "366d", "0.0001",
        "1h30m", "500ms", "1.5.5s", "٣٠s", "2026-02-29", "2024-02-29", "2026-02-30", "1900-02-29", "2000-02-29", "2026-13-01",
        "2026-00-10", "0000-01-01", "9999-12-31", "9999-12-31T23:59:59+14:00", "0000-01-01T00:00:00-14:00", "2026-03-08T02:30:00",
        "2026-11-01T01:30:00", "2026-03-29T01:30:00", "2026-10-25T01:30", "2026-11-27T00:00:00Z", "2026-11-27T00:00:60",
        "2026-11-27T24:00:00", "2026-11-27 12:00", "2026-11-27T12:00:00+99:99", "America/New_York", "Europe/London",
        "Australia/Lord_Howe", "Pacific/Apia", "Asia/Kathmandu", "Pacific/Kiritimati", "UTC", "GMT+5", "Mars/Olympus",
        "../../etc/passwd", "/etc/localtime", "transactions", "orders and returns!", "..", ".", "a.b-c_d", long, huge,
        "\u{1B}[31mred", "\u{0}", "\u{7}\r\n", "\u{202E}evil", "\u{2028}", "\u{9B}2J", "💳", "é", "Ünïcödé", "中文",
        "sat", "SUN", "funday", "mon", "uniform", "poisson", "credit_card", "paypal", "Electronics", "Gadgets", "US", "XX",
        "email", "google_ads", "affiliate", "env:NOPE", "env:", "env:LOADGEN_FUZZ_SECRET", "=x",
    ]
    static let zones = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Kathmandu", "UTC", "Mars/Olympus", "", "\u{1B}", long]
    static let producerKeys = [
        "linger.ms", "batch_size", "buffer_memory", "acks", "compression.type", "sasl.password", "ssl.key.password",
        "no.such.property", "message.max.bytes", "retries", "", "k\u{1B}", "sasl.jaas.config",
    ]
}
