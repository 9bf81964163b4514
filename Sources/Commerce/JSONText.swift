import Synchronization

/// A string already encoded as the bytes of a JSON string literal (quotes and escapes
/// included), so writing it on the hot path is one copy.
///
/// The bytes live in ``TextArena``, which is never freed: a `JSONText` is a plain pointer and
/// length, so reading one costs no reference counting. Texts are interned, so the arena grows
/// only with the number of distinct strings (catalog, cities, campaigns), not with use.
public struct JSONText: @unchecked Sendable, Hashable, CustomStringConvertible {
    let start: UnsafePointer<UInt8>
    let count: Int

    /// Encodes `string` as a JSON string literal.
    public init(_ string: String) {
        (start, count) = TextArena.shared.intern(JSONText.quote(string))
    }

    /// Raw bytes, not a JSON literal (for pieces such as postal-code prefixes).
    init(raw string: String) {
        (start, count) = TextArena.shared.intern(Array(string.utf8))
    }

    /// The encoded bytes.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: start, count: count)) }

    /// The plain string it encodes (for literals made by ``init(_:)``).
    public var string: String {
        let inner = bytes.dropFirst().dropLast()
        guard inner.contains(0x5C) else { return String(decoding: inner, as: UTF8.self) }
        return JSONText.unquote(Array(inner))
    }

    public var description: String { string }

    public static func == (a: JSONText, b: JSONText) -> Bool { a.start == b.start && a.count == b.count }
    public func hash(into hasher: inout Hasher) { hasher.combine(start); hasher.combine(count) }

    /// The JSON string literal for `string`: `"` and `\` escaped, control characters as
    /// `\n`, `\t`... or `\u00XX`, everything else (including non-ASCII) as UTF-8.
    public static func quote(_ string: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        out.reserveCapacity(string.utf8.count + 2)
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        for byte in string.utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0x08: out += [0x5C, 0x62]
            case 0x0C: out += [0x5C, 0x66]
            case 0x00..<0x20:
                out += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(0x22)
        return out
    }

    /// Reverses ``quote(_:)`` for the escapes it writes.
    static func unquote(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x5C, i + 1 < bytes.count {
                let e = bytes[i + 1]
                i += 2
                switch e {
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x75:
                    let hex = String(decoding: bytes[i..<min(i + 4, bytes.count)], as: UTF8.self)
                    out.append(UInt8(hex, radix: 16) ?? 0x3F)
                    i += 4
                default: out.append(e)
                }
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Append-only, never-freed storage for interned text bytes.
final class TextArena: Sendable {
    static let shared = TextArena()

    private struct State {
        var chunk: UnsafeMutablePointer<UInt8>? = nil
        var used = 0
        var capacity = 0
        var interned: [Bytes: (UnsafePointer<UInt8>, Int)] = [:]
    }
    /// A key hashed in one call over its bytes (an array of bytes hashes byte by byte: the
    /// arena's look-ups were a tenth of the start-up).
    private struct Bytes: Hashable {
        let bytes: [UInt8]
        func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
    }
    private let state = Mutex(State())

    func intern(_ bytes: [UInt8]) -> (UnsafePointer<UInt8>, Int) {
        state.withLock { s in
            if let known = s.interned[Bytes(bytes: bytes)] { return known }
            if s.chunk == nil || s.capacity - s.used < bytes.count {
                let size = max(64 * 1024, bytes.count)
                s.chunk = .allocate(capacity: size)
                s.used = 0
                s.capacity = size
            }
            let start = s.chunk! + s.used
            bytes.withUnsafeBufferPointer { start.update(from: $0.baseAddress ?? UnsafePointer(start), count: bytes.count) }
            s.used += bytes.count
            let entry = (UnsafePointer(start), bytes.count)
            s.interned[Bytes(bytes: bytes)] = entry
            return entry
        }
    }
}
