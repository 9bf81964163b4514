/// Writes bytes at a raw position in a buffer the caller sized: the serializer's inner loop,
/// with no bounds growth, no allocation and no per-byte array bookkeeping.
///
/// The caller guarantees room: ``TransactionGenerator/maximumMessageBytes`` for a whole message
/// (every string in a transaction is bounded).
struct ByteWriter {
    let base: UnsafeMutablePointer<UInt8>
    var position = 0

    init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }

    @inline(__always)
    mutating func write(_ literal: StaticString) {
        (base + position).update(from: literal.utf8Start, count: literal.utf8CodeUnitCount)
        position += literal.utf8CodeUnitCount
    }

    @inline(__always)
    mutating func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { (base + position).update(from: $0.baseAddress!, count: $0.count) }
        position += bytes.count
    }

    @inline(__always)
    mutating func write(_ text: JSONText) {
        (base + position).update(from: text.start, count: text.count)
        position += text.count
    }

    @inline(__always)
    mutating func byte(_ b: UInt8) {
        base[position] = b
        position += 1
    }

    /// Writes `value` in decimal, zero-padded to at least `width` digits.
    @inline(__always)
    mutating func decimal(_ value: UInt64, width: Int = 1) {
        var digits = 1
        var probe = value
        while probe >= 10 { probe /= 10; digits += 1 }
        let count = max(digits, width)
        var v = value
        var i = position + count - 1
        while i >= position {
            base[i] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
            v /= 10
            i -= 1
        }
        position += count
    }

    /// Writes `value / 10^scale` with exactly `scale` decimals (e.g. cents as `19.99`).
    @inline(__always)
    mutating func fixed(_ value: Int64, scale: Int) {
        if value < 0 { byte(0x2D) }
        let magnitude = value.magnitude
        var divisor: UInt64 = 1
        for _ in 0..<scale { divisor *= 10 }
        decimal(magnitude / divisor)
        byte(0x2E)
        decimal(magnitude % divisor, width: scale)
    }
}
