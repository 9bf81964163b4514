/// A user agent with its versions left as slots, filled from the simulated date when it is
/// written: pieces of text between slots, written with the version digits straight into the
/// message (no string is built per message).
public struct UserAgentTemplate: Sendable {
    /// What goes after a piece of text.
    enum Slot: UInt8, Sendable {
        case none, chrome, crios, edge, firefox, safari, ios, samsung, samsungChromium
    }
    struct Piece: Sendable {
        /// Raw bytes (the first piece starts with the JSON quote, the last ends with it).
        let text: JSONText
        let slot: Slot
    }
    let pieces: [Piece]
    /// The template as written in DeviceData (`... Chrome/{chrome} Safari/537.36`).
    public let template: String

    /// Parses `{chrome}`, `{crios}`, `{edge}`, `{firefox}`, `{safari}`, `{ios}`, `{samsung}`
    /// and `{samsungchrome}` slots.
    init(_ template: String) {
        self.template = template
        precondition(!template.contains("\"") && !template.contains("\\"), "user agents need no JSON escapes")
        var pieces: [Piece] = []
        var text = "\""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            text += rest[..<open]
            let name = rest[rest.index(after: open)..<close]
            guard let slot = Self.slots[String(name)] else { preconditionFailure("unknown user agent slot {\(name)}") }
            pieces.append(Piece(text: JSONText(raw: text), slot: slot))
            text = ""
            rest = rest[rest.index(after: close)...]
        }
        pieces.append(Piece(text: JSONText(raw: text + rest + "\""), slot: .none))
        self.pieces = pieces
    }

    private static let slots: [String: Slot] = [
        "chrome": .chrome, "crios": .crios, "edge": .edge, "firefox": .firefox, "safari": .safari, "ios": .ios,
        "samsung": .samsung, "samsungchrome": .samsungChromium,
    ]

    /// The user agent (without quotes) on a day for a shopper `lag` releases behind.
    public func string(onDay day: Int64, lag: Int = 0, calendar: BrowserCalendar = .standard) -> String {
        let pieces = UnsafeMutablePointer<Piece>.allocate(capacity: self.pieces.count)
        defer { pieces.deallocate() }
        pieces.initialize(from: self.pieces, count: self.pieces.count)
        let room = UnsafeMutablePointer<UInt8>.allocate(capacity: 1024)
        defer { room.deallocate() }
        var w = ByteWriter(room)
        Self.write(UnsafePointer(pieces), count: self.pieces.count, versions: calendar.versions(onDay: day, lag: lag), into: &w)
        return String(decoding: UnsafeBufferPointer(start: room + 1, count: w.position - 2), as: UTF8.self)
    }

    /// Writes the quoted user agent with `versions` filled in.
    @inline(__always)
    static func write(_ pieces: UnsafePointer<Piece>, count: Int, versions v: BrowserCalendar.Versions, into w: inout ByteWriter) {
        for i in 0..<count {
            let piece = pieces[i]
            w.write(piece.text)
            switch piece.slot {
            case .none: break
            case .chrome, .edge, .samsungChromium:
                // Chromium's reduced form: the major, then zeros.
                w.decimal(UInt64(max(1, piece.slot == .chrome ? v.chrome : piece.slot == .edge ? v.edge : v.samsungChromium)))
                w.write(".0.0.0")
            case .crios:
                // Chrome on iOS reports its full version: build numbers advance ~55 a release.
                let major = max(1, v.chrome)
                w.decimal(UInt64(major))
                w.write(".0.")
                w.decimal(UInt64(max(1, 6778 + (major - 131) * 55)))
                w.byte(0x2E)
                w.decimal(UInt64(50 + (major &* 37) % 150))
            case .firefox, .samsung:
                w.decimal(UInt64(max(1, piece.slot == .firefox ? v.firefox : v.samsung)))
                w.write(".0")
            case .safari:
                w.decimal(UInt64(max(1, v.safariMajor)))
                w.byte(0x2E)
                w.decimal(UInt64(max(0, v.safariMinor)))
            case .ios:
                // From 26 on, Safari keeps the OS token at 18_6.
                if v.safariMajor >= 26 {
                    w.write("18_6")
                } else {
                    w.decimal(UInt64(max(1, v.safariMajor)))
                    w.byte(0x5F)
                    w.decimal(UInt64(max(0, v.safariMinor)))
                }
            }
        }
    }
}
