/// Writes bytes at a raw position in a buffer the caller sized: the serializer's inner loop,
/// with no bounds growth, no allocation and no per-byte array bookkeeping.
///
/// The caller guarantees room: ``TransactionGenerator/maximumMessageBytes`` for a whole message
/// (every string in a transaction is bounded).
struct ByteWriter {
    let base: UnsafeMutablePointer<UInt8>
    var position = 0
    /// ``powersOfTen``, read once per writer (a global's lazy initialization is checked at
    /// every access).
    private let powers = ByteWriter.powersOfTen

    init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }

    @inline(__always)
    mutating func write(_ literal: StaticString) {
        copy(literal.utf8Start, literal.utf8CodeUnitCount)
    }

    @inline(__always)
    mutating func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { (base + position).update(from: $0.baseAddress!, count: $0.count) }
        position += bytes.count
    }

    @inline(__always)
    mutating func write(_ text: JSONText) {
        copy(text.start, text.count)
    }

    /// Copies `count` bytes from `source`: a message is ~45 short pieces, and a `memmove` call
    /// per piece cost more than the copying; pieces of 8 to 64 bytes go as unaligned 8-byte
    /// words (the last word overlapping), shorter ones byte by byte, longer ones by `memmove`.
    @inline(__always)
    mutating func copy(_ source: UnsafePointer<UInt8>, _ count: Int) {
        let to = UnsafeMutableRawPointer(base + position), from = UnsafeRawPointer(source)
        if count >= 8 && count <= 64 {
            var i = 0
            while i + 8 <= count {
                to.storeBytes(of: from.loadUnaligned(fromByteOffset: i, as: UInt64.self), toByteOffset: i, as: UInt64.self)
                i += 8
            }
            if i < count {
                to.storeBytes(of: from.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self), toByteOffset: count - 8, as: UInt64.self)
            }
        } else if count < 8 {
            for i in 0..<count { to.storeBytes(of: from.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self) }
        } else {
            to.copyMemory(from: from, byteCount: count)
        }
        position += count
    }

    @inline(__always)
    mutating func byte(_ b: UInt8) {
        base[position] = b
        position += 1
    }

    /// How many decimal digits `value` has (1 for 0): from its bit length, which fixes the
    /// count to within one (log10(2) ~ 1233 / 4096), and one comparison with a power of ten.
    /// A loop dividing by ten was a quarter of the serializer's own time.
    @inline(__always)
    func digitCount(_ value: UInt64) -> Int {
        let v = value | 1
        let estimate = ((64 &- v.leadingZeroBitCount) &* 1233) >> 12
        return estimate &+ (v >= powers[estimate] ? 1 : 0)
    }

    /// 10^0 ... 10^19, allocated once and never freed: a plain pointer, so reading it costs no
    /// reference counting (a global array was retained and released at every read).
    nonisolated(unsafe) private static let powersOfTen: UnsafePointer<UInt64> = {
        let table = UnsafeMutablePointer<UInt64>.allocate(capacity: 20)
        var p: UInt64 = 1
        for i in 0..<20 {
            table[i] = p
            if i < 19 { p *= 10 }
        }
        return UnsafePointer(table)
    }()

    /// "00" to "99": two digits per table read, so a number takes half the divisions.
    private static let digitPairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """

    /// Writes the two digits of `pair` (below 100) at byte `at`.
    @inline(__always)
    private func pair(_ pair: UInt64, at: Int) {
        let from = UnsafeRawPointer(Self.digitPairs.utf8Start) + Int(truncatingIfNeeded: pair) &* 2
        UnsafeMutableRawPointer(base + at).storeBytes(of: from.loadUnaligned(as: UInt16.self), as: UInt16.self)
    }

    /// Writes `value` in decimal, zero-padded to at least `width` digits.
    /// The common shapes (a digit; two digits; nine, as in ids) go without counting digits:
    /// `width` is a constant at every call, so each call keeps only its own shape's test.
    @inline(__always)
    mutating func decimal(_ value: UInt64, width: Int = 1) {
        if width <= 1, value < 10 {
            base[position] = UInt8(truncatingIfNeeded: value) &+ 0x30
            position += 1
            return
        }
        if width == 2, value < 100 {
            pair(value, at: position)
            position += 2
            return
        }
        if width == 9, value < 1_000_000_000 {
            nineDigits(value)
            return
        }
        let count = max(digitCount(value), width)
        var v = value
        var i = position + count
        while v >= 100 {
            i -= 2
            pair(v % 100, at: i)
            v /= 100
        }
        if v >= 10 {
            i -= 2
            pair(v, at: i)
        } else {
            i -= 1
            base[i] = UInt8(truncatingIfNeeded: v) &+ 0x30
        }
        while i > position {
            i -= 1
            base[i] = 0x30
        }
        position += count
    }

    /// Writes `value` (below 10^9) as exactly nine digits: five stores, no loop.
    @inline(__always)
    private mutating func nineDigits(_ value: UInt64) {
        let high = value / 10_000_000, low = value % 10_000_000
        let a = low / 100_000, b = low % 100_000
        let c = b / 1_000, d = b % 1_000
        pair(high, at: position)
        pair(a, at: position &+ 2)
        pair(c, at: position &+ 4)
        pair(d / 10, at: position &+ 6)
        base[position &+ 8] = UInt8(truncatingIfNeeded: d % 10) &+ 0x30
        position += 9
    }

    /// Writes `value / 10^scale` with exactly `scale` decimals (e.g. cents as `19.99`).
    @inline(__always)
    mutating func fixed(_ value: Int64, scale: Int) {
        switch scale {
        case 2: money(value)
        case 4: degrees(value)
        default: fixed(value, anyScale: scale)
        }
    }

    /// Writes cents as `19.99`: the decimals as one digit pair. (Its own small function so the
    /// serializer's eight money and coordinate fields inline it: one general `fixed` was too
    /// big to inline and was called.)
    @inline(__always)
    mutating func money(_ cents: Int64) {
        let fraction = wholePart(cents, divisor: 100)
        pair(fraction, at: position)
        position += 2
    }

    /// Writes ten-thousandths of a degree as `-155.0901`: the decimals as two digit pairs.
    @inline(__always)
    mutating func degrees(_ e4: Int64) {
        let fraction = wholePart(e4, divisor: 10_000)
        pair(fraction / 100, at: position)
        pair(fraction % 100, at: position &+ 2)
        position += 4
    }

    private mutating func fixed(_ value: Int64, anyScale scale: Int) {
        var divisor: UInt64 = 1
        for _ in 0..<scale { divisor *= 10 }
        decimal(wholePart(value, divisor: divisor), width: scale)
    }

    /// Writes the sign and whole part of `value / divisor` and the decimal point; returns the
    /// magnitude's remainder, the decimals left to write.
    @inline(__always)
    private mutating func wholePart(_ value: Int64, divisor: UInt64) -> UInt64 {
        if value < 0 { byte(0x2D) }
        let magnitude = value.magnitude
        decimal(magnitude / divisor)
        byte(0x2E)
        return magnitude % divisor
    }
}
