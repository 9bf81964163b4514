/// A string already encoded as the bytes of a JSON string literal (quotes and escapes
/// included), so writing it on the hot path is one copy.
public struct JSONText: Sendable, Hashable, CustomStringConvertible {
    /// The encoded literal, e.g. `"Levi's"` with its quotes.
    public let bytes: [UInt8]
    /// The plain string it encodes.
    public let string: String

    /// Encodes `string` as a JSON string literal.
    public init(_ string: String) {
        self.string = string
        bytes = JSONText.quote(string)
    }

    public var description: String { string }

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
}
