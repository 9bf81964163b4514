import CZlib
import Foundation
import Histogram

/// HdrHistogram's standard binary form, V2 with deflate compression: what the Java, C, Go,
/// Rust and Python implementations write into interval logs (base64 of it) and read back.
///
/// Layout (big-endian): the compressed cookie `0x1c849314`, the compressed length, then zlib
/// data holding the V2 encoding — cookie `0x1c849313`, payload length, normalizing index
/// offset (0), significant digits, lowest discernible value, highest trackable value, the
/// integer-to-double ratio (1.0) — and the counts array as ZigZag LEB128 varints, a run of N
/// empty buckets written as -N.
public enum HistogramCodec {
    static let cookie: UInt32 = 0x1c84_9313
    static let compressedCookie: UInt32 = 0x1c84_9314

    /// A histogram decoded from bytes that are not a V2 (compressed) histogram.
    public struct FormatError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The compressed V2 encoding of `h`.
    public static func encode(_ h: Histogram<UInt64>) -> [UInt8] {
        let layout = BucketLayout(lowest: h.lowestDiscernibleValue, digits: Int(h.numberOfSignificantValueDigits.rawValue))
        var counts: [Int: UInt64] = [:]
        var last = -1
        for v in h.recordedValues() where v.count > 0 {
            let i = layout.index(of: v.value)
            counts[i, default: 0] += v.count
            last = max(last, i)
        }
        var payload: [UInt8] = []
        var i = 0
        while i <= last {
            let count = counts[i] ?? 0
            i += 1
            if count == 0 {
                var zeros: Int64 = 1
                while i <= last, counts[i] == nil { zeros += 1; i += 1 }
                putZigZag(&payload, zeros > 1 ? -zeros : 0)
            } else {
                putZigZag(&payload, Int64(count))
            }
        }
        var plain: [UInt8] = []
        put32(&plain, cookie)
        put32(&plain, UInt32(payload.count))
        put32(&plain, 0)
        put32(&plain, UInt32(h.numberOfSignificantValueDigits.rawValue))
        put64(&plain, h.lowestDiscernibleValue)
        put64(&plain, h.highestTrackableValue)
        put64(&plain, (1.0).bitPattern)
        plain += payload

        var compressedLength = compressBound(uLong(plain.count))
        var deflated = [UInt8](repeating: 0, count: Int(compressedLength))
        let status = compress2(&deflated, &compressedLength, plain, uLong(plain.count), Z_DEFAULT_COMPRESSION)
        precondition(status == Z_OK, "zlib compress2 failed: \(status)")
        var out: [UInt8] = []
        put32(&out, compressedCookie)
        put32(&out, UInt32(compressedLength))
        return out + deflated.prefix(Int(compressedLength))
    }

    /// The histogram in `bytes` (compressed or plain V2), as microsecond histograms are kept.
    /// - Throws: ``FormatError`` when the bytes are not a V2 histogram.
    public static func decode(_ bytes: [UInt8]) throws(FormatError) -> Histogram<UInt64> {
        var plain = bytes
        if read32(bytes, 0) == compressedCookie {
            guard let length = read32(bytes, 4), bytes.count >= 8 + Int(length) else { throw FormatError(description: "truncated compressed histogram") }
            plain = try inflate(Array(bytes[8..<(8 + Int(length))]))
        }
        guard read32(plain, 0) == cookie, let payloadLength = read32(plain, 4), let digitsRaw = read32(plain, 12),
              let lowest = read64(plain, 16), let highest = read64(plain, 24), plain.count >= 40 + Int(payloadLength),
              let digits = SignificantDigits(rawValue: Int8(clamping: digitsRaw)), lowest >= 1, highest >= 2 * lowest
        else { throw FormatError(description: "not an HdrHistogram V2 encoding") }
        let layout = BucketLayout(lowest: lowest, digits: Int(digits.rawValue))
        var h = Histogram<UInt64>(lowestDiscernibleValue: lowest, highestTrackableValue: highest, numberOfSignificantValueDigits: digits)
        var at = 40, index = 0
        let end = 40 + Int(payloadLength)
        while at < end {
            let v = try getZigZag(plain, &at, end: end)
            if v < 0 {
                index += Int(-v)
            } else {
                if v > 0 {
                    guard h.record(layout.value(at: index), count: UInt64(v)) else { throw FormatError(description: "count at index \(index) outside the histogram's range") }
                }
                index += 1
            }
        }
        return h
    }

    // MARK: - Buckets (HdrHistogram's index arithmetic)

    struct BucketLayout {
        let unitMagnitude: Int, subBucketHalfCountMagnitude: Int, subBucketHalfCount: Int
        let subBucketMask: UInt64, leadingZeroCountBase: Int

        init(lowest: UInt64, digits: Int) {
            var largest: UInt64 = 2
            for _ in 0..<digits { largest *= 10 }
            unitMagnitude = 63 - lowest.leadingZeroBitCount
            let subBucketCountMagnitude = Int((log2(Double(largest))).rounded(.up))
            subBucketHalfCountMagnitude = max(subBucketCountMagnitude, 1) - 1
            subBucketHalfCount = 1 << subBucketHalfCountMagnitude
            subBucketMask = UInt64((1 << (subBucketHalfCountMagnitude + 1)) - 1) << UInt64(unitMagnitude)
            leadingZeroCountBase = 64 - unitMagnitude - subBucketHalfCountMagnitude - 1
        }

        func index(of value: UInt64) -> Int {
            let bucket = leadingZeroCountBase - (value | subBucketMask).leadingZeroBitCount
            let subBucket = Int(value >> UInt64(bucket + unitMagnitude))
            return ((bucket + 1) << subBucketHalfCountMagnitude) + subBucket - subBucketHalfCount
        }

        func value(at index: Int) -> UInt64 {
            var bucket = (index >> subBucketHalfCountMagnitude) - 1
            var subBucket = (index & (subBucketHalfCount - 1)) + subBucketHalfCount
            if bucket < 0 {
                subBucket -= subBucketHalfCount
                bucket = 0
            }
            return UInt64(subBucket) << UInt64(bucket + unitMagnitude)
        }
    }

    // MARK: - Bytes

    private static func inflate(_ data: [UInt8]) throws(FormatError) -> [UInt8] {
        var capacity = max(1 << 16, data.count * 8)
        while capacity <= 1 << 28 {
            var out = [UInt8](repeating: 0, count: capacity)
            var length = uLong(capacity)
            let status = uncompress(&out, &length, data, uLong(data.count))
            if status == Z_OK { return Array(out.prefix(Int(length))) }
            guard status == Z_BUF_ERROR else { throw FormatError(description: "bad deflate data (zlib status \(status))") }
            capacity *= 4
        }
        throw FormatError(description: "compressed histogram too large")
    }

    private static func put32(_ out: inout [UInt8], _ v: UInt32) { for s in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) } }
    private static func put64(_ out: inout [UInt8], _ v: UInt64) { for s in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: v >> UInt64(s))) } }

    private static func read32(_ b: [UInt8], _ at: Int) -> UInt32? {
        guard b.count >= at + 4 else { return nil }
        return b[at..<(at + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    private static func read64(_ b: [UInt8], _ at: Int) -> UInt64? {
        guard b.count >= at + 8 else { return nil }
        return b[at..<(at + 8)].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// ZigZag, then LEB128 with at most 9 bytes (the 9th holds 8 bits), as HdrHistogram writes.
    private static func putZigZag(_ out: inout [UInt8], _ signed: Int64) {
        var v = UInt64(bitPattern: (signed << 1) ^ (signed >> 63))
        for _ in 0..<8 {
            if v >> 7 == 0 { out.append(UInt8(v)); return }
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(truncatingIfNeeded: v))
    }

    private static func getZigZag(_ b: [UInt8], _ at: inout Int, end: Int) throws(FormatError) -> Int64 {
        var v: UInt64 = 0
        for shift in stride(from: 0, through: 56, by: 7) {
            guard at < end else { throw FormatError(description: "truncated counts") }
            let byte = b[at]
            at += 1
            if shift == 56 {
                v |= UInt64(byte) << 56
                break
            }
            v |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte & 0x80 == 0 { break }
        }
        return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }
}
