import Foundation

/// A tab-separated reference table shipped in the module's resources (`Resources/*.tsv`):
/// lines starting with `#` name the source and the columns; every other line is one row.
///
/// Read once, at start-up, by the `static let` tables that use it, never on the hot path.
enum ResourceTable {
    /// The rows of `Resources/<name>.tsv`, each split at tabs.
    static func rows(_ name: String) -> [[Substring]] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "tsv", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url)
        else {
            fatalError("Commerce: Resources/\(name).tsv not found; ship the loadgen_Commerce.resources bundle next to the binary")
        }
        // Split as bytes (tab and newline are ASCII, so every cut falls between characters):
        // splitting the text by `Character` cost a third of the start-up.
        let text = String(decoding: data, as: UTF8.self)
        return text.utf8.split(separator: 0x0A).compactMap { whole in
            let line = whole.last == 0x0D ? whole.dropLast() : whole  // a table saved with CRLF
            return line.isEmpty || line.first == 0x23 ? nil : line.split(separator: 0x09, omittingEmptySubsequences: false).map { Substring($0) }
        }
    }

    /// The header line that names the table's source and licence.
    static func source(_ name: String) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: "tsv", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url)
        else { return "" }
        return String(decoding: data.prefix { $0 != 0x0A }, as: UTF8.self)
    }
}

extension Substring {
    /// The field as a Double (0 when malformed: the tables are checked by tests).
    var number: Double { Double(self) ?? 0 }
}
