/// ISO-8601 UTC timestamps with milliseconds (`2024-07-16T14:30:45.123Z`) and compact dates
/// (`20240716`), written straight into the output without a formatter. The calendar date is
/// computed once per day and reused.
struct TimestampWriter {
    private var cachedDay = Int64.min
    /// The cached day as text: `YYYYMMDD` and `YYYY-MM-` + `DD` (written as words, not digits).
    private var compact: UInt64 = 0, dashedHead: UInt64 = 0, dashedDay: UInt16 = 0

    /// Year, month, day of a day count since 1970-01-01 (proleptic Gregorian).
    static func civil(fromDays z0: Int64) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    @inline(__always)
    private mutating func load(_ millis: Int64) {
        let days = CivilCalendar.day(ofMillis: millis)
        if days != cachedDay { cache(days) }
    }

    /// Renders day `days` once: the texts every later message of the day copies.
    private mutating func cache(_ days: Int64) {
        cachedDay = days
        (dashedHead, dashedDay) = DateTexts.words(days)
        // YYYY + MM + DD without the dashes (`YYYY-MM-` holds MM at bytes 5-6).
        compact = (dashedHead & 0xFFFF_FFFF) | (dashedHead >> 40 & 0xFFFF) << 32 | UInt64(dashedDay) << 48
    }

    /// Writes `20240716`.
    @inline(__always)
    mutating func writeCompactDate(_ millis: Int64, into w: inout ByteWriter) {
        load(millis)
        UnsafeMutableRawPointer(w.base + w.position).storeBytes(of: compact, as: UInt64.self)
        w.position += 8
    }

    /// Writes `2024-07-16T14:30:45.123Z`.
    @inline(__always)
    mutating func writeISO(_ millis: Int64, into w: inout ByteWriter) {
        load(millis)
        let inDay = UInt64(millis - cachedDay * 86_400_000)
        let at = UnsafeMutableRawPointer(w.base + w.position)
        at.storeBytes(of: dashedHead, as: UInt64.self)
        at.storeBytes(of: dashedDay, toByteOffset: 8, as: UInt16.self)
        w.position += 10
        w.byte(0x54)
        w.decimal(inDay / 3_600_000, width: 2)
        w.byte(0x3A)
        w.decimal(inDay / 60_000 % 60, width: 2)
        w.byte(0x3A)
        w.decimal(inDay / 1000 % 60, width: 2)
        w.byte(0x2E)
        w.decimal(inDay % 1000, width: 3)
        w.byte(0x5A)
    }
}

/// Dates as text (`YYYY-MM-DD`, ten bytes) rendered once for a range of days, for fields such as
/// `customer_since` whose day changes from message to message: a table read instead of the
/// calendar arithmetic and three zero-padded decimals. Days outside the range are rendered.
final class DateTexts: @unchecked Sendable {
    let firstDay: Int64
    let count: Int
    /// Two words per day: bytes 0-7 and 8-9 of its text.
    private let words: UnsafeMutablePointer<UInt64>

    init(firstDay: Int64, count: Int) {
        self.firstDay = firstDay
        self.count = max(0, count)
        words = .allocate(capacity: max(1, 2 * self.count))
        for i in 0..<self.count {
            let (head, tail) = Self.words(firstDay + Int64(i))
            words[2 * i] = head
            words[2 * i + 1] = UInt64(tail)
        }
    }

    /// Day `day`'s text as words: bytes 0-7 (`YYYY-MM-`) and 8-9 (`DD`).
    static func words(_ day: Int64) -> (head: UInt64, tail: UInt16) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { room in
            var w = ByteWriter(room.baseAddress!)
            render(day, into: &w)
            let raw = UnsafeRawPointer(room.baseAddress!)
            return (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
        }
    }

    deinit { words.deallocate() }

    /// Writes `YYYY-MM-DD` of the zero-padded year (years 0 ... 9999).
    static func render(_ day: Int64, into w: inout ByteWriter) {
        let (year, month, dayOfMonth) = TimestampWriter.civil(fromDays: day)
        w.decimal(UInt64(max(0, year)) % 10_000, width: 4)
        w.byte(0x2D)
        w.decimal(UInt64(month), width: 2)
        w.byte(0x2D)
        w.decimal(UInt64(dayOfMonth), width: 2)
    }

    /// Writes day `day`'s text.
    @inline(__always)
    func write(_ day: Int64, into w: inout ByteWriter) {
        let i = day &- firstDay
        guard i >= 0, i < Int64(count) else { return Self.render(day, into: &w) }
        let at = UnsafeMutableRawPointer(w.base + w.position)
        at.storeBytes(of: words[2 * Int(i)], as: UInt64.self)
        at.storeBytes(of: UInt16(truncatingIfNeeded: words[2 * Int(i) + 1]), toByteOffset: 8, as: UInt16.self)
        w.position += 10
    }
}

/// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), without
/// Foundation.
public enum CivilCalendar {
    /// The first instant a transaction's timestamp cannot carry, ms since 1970 UTC: year 10000
    /// (timestamps are written with four-digit years).
    public static let endOfTimestamps: Int64 = 253_402_300_800_000

    /// The date of a day number.
    public static func date(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        TimestampWriter.civil(fromDays: days)
    }

    /// The date of a day number as the number yyyymmdd (how profiles' date windows name days).
    public static func yyyymmdd(ofDay days: Int64) -> Int {
        let civil = date(fromDays: days)
        return civil.year * 10_000 + civil.month * 100 + civil.day
    }

    /// The day number (days since 1970-01-01) of an instant in milliseconds since 1970, UTC
    /// (rounded down, also before 1970).
    @inline(__always)
    public static func day(ofMillis millis: Int64) -> Int64 {
        floorDivision(millis, 86_400_000)
    }

    /// `a / b` rounded down (toward minus infinity, also for negative `a`), for `b > 0`.
    @inline(__always)
    public static func floorDivision(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }

    /// Appends `2026-11-27T14:30:45.123Z` (ISO-8601 UTC with milliseconds) for `millis`, without a
    /// formatter or an allocation beyond `out`'s growth.
    public static func appendISO8601(_ millis: Int64, to out: inout [UInt8]) {
        var writer = TimestampWriter()
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { room in
            var w = ByteWriter(room.baseAddress!)
            writer.writeISO(millis, into: &w)
            out.append(contentsOf: UnsafeBufferPointer(start: room.baseAddress!, count: w.position))
        }
    }

    /// The day number of a date.
    public static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
