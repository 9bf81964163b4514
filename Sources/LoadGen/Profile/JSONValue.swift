/// A parsed JSON document that remembers where each value came from, so profile errors can
/// point at a line and column, and keeps object members in order.
package indirect enum JSONValue: Sendable, Equatable {
    case object([Member])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    /// One object member.
    package struct Member: Sendable, Equatable {
        /// The member's name.
        package let key: String
        /// The member's value.
        package let value: JSONValue
    }

    /// A short name of the value's kind, for messages ("an object", "a string \"x\"", ...).
    package var kindDescription: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string(let s): return "a string \"\(s.count > 40 ? String(s.prefix(40)) + "..." : s)\""
        case .number(let n): return "the number \(JSONValue.format(n))"
        case .bool(let b): return "\(b)"
        case .null: return "null"
        }
    }

    static func format(_ n: Double) -> String {
        n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
    }
}

/// Malformed JSON, with the 1-based line and column where reading stopped.
package struct JSONSyntaxError: Error, Sendable, Equatable {
    /// Line of the problem, from 1.
    package let line: Int
    /// Column of the problem, from 1.
    package let column: Int
    /// What is wrong and what was expected.
    package let message: String
}

/// A strict JSON (RFC 8259) parser: no comments, no trailing commas, no duplicate keys,
/// nesting limited to 64 levels so hostile input cannot exhaust the stack.
package struct JSONParser {
    private let bytes: [UInt8]
    private var i = 0
    private var depth = 0
    static let maxDepth = 64

    /// Parses a whole document.
    package static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipSpace()
        let value = try parser.value()
        parser.skipSpace()
        guard parser.i == bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func error(_ message: String) -> JSONSyntaxError {
        var line = 1, column = 1
        for b in bytes[0..<min(i, bytes.count)] {
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return JSONSyntaxError(line: line, column: column, message: message)
    }

    private var atEnd: Bool { i >= bytes.count }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONValue {
        guard !atEnd else { throw error("unexpected end of input: expected a value") }
        switch bytes[i] {
        case 0x7B: return try object()
        case 0x5B: return try array()
        case 0x22: return .string(try string())
        case 0x74: try literal("true"); return .bool(true)
        case 0x66: try literal("false"); return .bool(false)
        case 0x6E: try literal("null"); return .null
        case 0x2D, 0x30...0x39: return .number(try number())
        default: throw error("unexpected character '\(printable(bytes[i]))': expected a value")
        }
    }

    private func printable(_ b: UInt8) -> String {
        (0x20..<0x7F).contains(b) ? String(UnicodeScalar(b)) : "\\x" + String(b, radix: 16)
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let n = word.utf8CodeUnitCount
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: n)
        guard i + n <= bytes.count, bytes[i..<i + n].elementsEqual(expected) else {
            throw error("invalid literal: expected \(word)")
        }
        i += n
    }

    private mutating func nest() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONValue {
        try nest()
        i += 1
        var members: [JSONValue.Member] = []
        var keys = Set<String>()
        skipSpace()
        if !atEnd, bytes[i] == 0x7D { i += 1; depth -= 1; return .object(members) }
        while true {
            skipSpace()
            guard !atEnd else { throw error("unexpected end of input inside an object") }
            guard bytes[i] == 0x22 else { throw error("expected a member name in double quotes") }
            let keyStart = i
            let key = try string()
            guard keys.insert(key).inserted else {
                i = keyStart
                throw error("duplicate member \"\(key)\"")
            }
            skipSpace()
            guard !atEnd, bytes[i] == 0x3A else { throw error("expected ':' after member name \"\(key)\"") }
            i += 1
            skipSpace()
            members.append(.init(key: key, value: try value()))
            skipSpace()
            guard !atEnd else { throw error("unexpected end of input inside an object") }
            if bytes[i] == 0x2C { i += 1; continue }
            if bytes[i] == 0x7D { i += 1; depth -= 1; return .object(members) }
            throw error("expected ',' or '}' after an object member")
        }
    }

    private mutating func array() throws(JSONSyntaxError) -> JSONValue {
        try nest()
        i += 1
        var items: [JSONValue] = []
        skipSpace()
        if !atEnd, bytes[i] == 0x5D { i += 1; depth -= 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try value())
            skipSpace()
            guard !atEnd else { throw error("unexpected end of input inside an array") }
            if bytes[i] == 0x2C { i += 1; continue }
            if bytes[i] == 0x5D { i += 1; depth -= 1; return .array(items) }
            throw error("expected ',' or ']' after an array element")
        }
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        i += 1
        var out: [UInt8] = []
        while true {
            guard !atEnd else { throw error("unterminated string") }
            let b = bytes[i]
            switch b {
            case 0x22:
                i += 1
                return String(decoding: out, as: UTF8.self)
            case 0x5C:
                guard i + 1 < bytes.count else { throw error("unterminated escape") }
                let e = bytes[i + 1]
                i += 2
                switch e {
                case 0x22, 0x5C, 0x2F: out.append(e)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard i + 1 < bytes.count, bytes[i] == 0x5C, bytes[i + 1] == 0x75 else { throw error("unpaired surrogate in \\u escape") }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("invalid low surrogate in \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default:
                    i -= 1
                    throw error("invalid escape '\\\(printable(e))'")
                }
            case 0x00..<0x20:
                throw error("control character in string: write it as an escape")
            default:
                out.append(b)
                i += 1
            }
        }
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x37)
            case 0x61...0x66: d = UInt32(b - 0x57)
            default: throw error("invalid hex digit in \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    private mutating func number() throws(JSONSyntaxError) -> Double {
        let start = i
        if bytes[i] == 0x2D { i += 1 }
        guard !atEnd, (0x30...0x39).contains(bytes[i]) else { throw error("invalid number: expected a digit") }
        if bytes[i] == 0x30 {
            i += 1
            if !atEnd, (0x30...0x39).contains(bytes[i]) { throw error("invalid number: leading zero") }
        } else {
            while !atEnd, (0x30...0x39).contains(bytes[i]) { i += 1 }
        }
        if !atEnd, bytes[i] == 0x2E {
            i += 1
            guard !atEnd, (0x30...0x39).contains(bytes[i]) else { throw error("invalid number: expected a digit after '.'") }
            while !atEnd, (0x30...0x39).contains(bytes[i]) { i += 1 }
        }
        if !atEnd, bytes[i] == 0x65 || bytes[i] == 0x45 {
            i += 1
            if !atEnd, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
            guard !atEnd, (0x30...0x39).contains(bytes[i]) else { throw error("invalid number: expected an exponent") }
            while !atEnd, (0x30...0x39).contains(bytes[i]) { i += 1 }
        }
        guard let n = Double(String(decoding: bytes[start..<i], as: UTF8.self)), n.isFinite else {
            i = start
            throw error("number out of range")
        }
        return n
    }
}
