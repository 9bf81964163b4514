@testable import Commerce
import Foundation
import Testing

/// The serializer's number writing, against Swift's own formatting: every digit count, the
/// boundaries where the count changes, zero padding, and the fixed-point money and coordinates.
@Suite("Byte writer")
struct ByteWriterTests {
    private func written(_ body: (inout ByteWriter) -> Void) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { room in
            var w = ByteWriter(room.baseAddress!)
            body(&w)
            return String(decoding: UnsafeBufferPointer(start: room.baseAddress!, count: w.position), as: UTF8.self)
        }
    }

    private func padded(_ value: UInt64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    @Test func decimalsMatchSwiftsFormattingAtEveryDigitCountAndWidth() {
        var values: [UInt64] = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, UInt64.max, UInt64.max - 1]
        var p: UInt64 = 1
        for _ in 0..<19 {
            p *= 10
            values += [p - 1, p, p + 1, p / 2 + 7]
        }
        // Every bit length's ends: the digit count is estimated from the bit length.
        for bits in 1..<64 { values += [(UInt64(1) << bits) - 1, UInt64(1) << bits] }
        var random = SeededRandom(seed: 42)
        for _ in 0..<2000 { values.append(random.next() >> (random.next() % 64)) }
        for v in values {
            var digits = 0
            _ = written { digits = $0.digitCount(v) }
            #expect(digits == String(v).count, "\(v)")
            for width in [1, 2, 3, 4, 9, 12, 21] {
                #expect(written { $0.decimal(v, width: width) } == padded(v, width), "\(v) width \(width)")
            }
        }
    }

    @Test func fixedPointMatchesSwiftsFormatting() {
        var random = SeededRandom(seed: 7)
        let cases: [Int64] = [0, 1, 5, 99, 100, 101, 1999, -1, -100, -12_345, 1_000_000_000, Int64.max, Int64.min + 1]
            + (0..<1000).map { _ in Int64(bitPattern: random.next()) >> Int64(random.next() % 63) }
        for v in cases {
            for scale in [1, 2, 3, 4, 6] {
                var divisor: UInt64 = 1
                for _ in 0..<scale { divisor *= 10 }
                let expected = (v < 0 ? "-" : "") + String(v.magnitude / divisor) + "." + padded(v.magnitude % divisor, scale)
                #expect(written { $0.fixed(v, scale: scale) } == expected, "\(v) scale \(scale)")
            }
        }
    }

    @Test func timestampsAndCompactDatesMatchFoundationAcrossDaysAndCenturies() {
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        iso.timeZone = TimeZone(identifier: "UTC")
        var writer = TimestampWriter()
        var random = SeededRandom(seed: 11)
        // Random instants 1970 ... 9999 (the check's bounds), then runs within one day and across
        // midnight, so the day's cached texts are both reused and replaced.
        var instants = (0..<3000).map { _ in Int64(random.next() % 253_402_300_800_000) }
        let midnight: Int64 = 1_795_824_000_000  // 2026-11-28T00:00:00Z
        instants += (-5...5).map { midnight + $0 * 999 } + [0, 86_399_999, 86_400_000, 253_402_300_799_999]
        for millis in instants {
            let date = Date(timeIntervalSince1970: Double(millis) / 1000)
            var expected = iso.string(from: date)
            // Foundation rounds the milliseconds; the writer truncates (they are whole already).
            expected = String(expected.prefix(20)) + String(format: "%03dZ", Int(millis % 1000))
            #expect(written { writer.writeISO(millis, into: &$0) } == expected, "\(millis)")
            #expect(written { writer.writeCompactDate(millis, into: &$0) } == expected.prefix(10).replacingOccurrences(of: "-", with: ""), "\(millis)")
        }
    }

    @Test func dateTextsFromTheTableMatchTheCalendarInsideAndOutsideTheirRange() {
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withFullDate]
        iso.timeZone = TimeZone(identifier: "UTC")
        let texts = DateTexts(firstDay: 20_000, count: 500)
        for day in Array(19_990...20_510) + [0, -1, 2_932_896] {
            let expected = iso.string(from: Date(timeIntervalSince1970: Double(day) * 86_400))
            #expect(written { texts.write(Int64(day), into: &$0) } == expected, "day \(day)")
        }
    }

    @Test func piecesOfEveryLengthAreCopiedExactly() {
        // Short pieces byte by byte, 8 to 64 bytes as words, longer ones by memmove.
        let source = (0..<200).map { UInt8(0x41 + $0 % 26) }
        for count in 0...200 {
            let text = written { w in source.withUnsafeBufferPointer { w.copy($0.baseAddress!, count) } }
            #expect(text == String(decoding: source.prefix(count), as: UTF8.self), "\(count) bytes")
        }
    }
}
