import Foundation

/// The one way loadgen writes its figures as JSON (run report, stats line, verify report):
/// `Codable` types with snake_case keys, sorted, through one encoder configuration.
package enum FigureJSON {
    /// A report: pretty-printed, keys sorted.
    package static func document(_ value: some Encodable) throws -> Data {
        try encoder(pretty: true).encode(value)
    }

    /// One line of a JSON-lines stream (no newline inside; the caller adds the `\n`).
    package static func line(_ value: some Encodable) throws -> Data {
        try encoder(pretty: false).encode(value)
    }

    /// Reads a figure set back (a report written by ``document(_:)``).
    package static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONDecoder().decode(type, from: data)
    }

    /// The two encoders, made once (they keep no state between calls): a sample line is
    /// written every second of a run.
    private static let compact = makeEncoder(pretty: false), pretty = makeEncoder(pretty: true)

    private static func encoder(pretty: Bool) -> JSONEncoder { pretty ? Self.pretty : compact }

    private static func makeEncoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// `v` rounded to `places` decimal places (a JSON figure, not a computation).
    package static func rounded(_ v: Double, _ places: Double = 1000) -> Double {
        guard v.isFinite else { return v }
        return (v * places).rounded() / places
    }
}
