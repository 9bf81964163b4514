import Foundation

/// A fresh, uniquely named directory under the system's temporary directory, for files a test
/// writes. Remove it when done (`defer { dir.remove() }`).
public struct TemporaryDirectory: Sendable {
    /// The directory.
    public let url: URL

    /// Creates the directory, its name starting with `prefix`.
    public init(prefix: String = "loadgen-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The directory's path.
    public var path: String { url.path }

    /// The path of `name` in the directory (nothing is created).
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// The URL of `name` in the directory (nothing is created).
    public func url(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Removes the directory and everything in it; a directory already gone is no error.
    public func remove() { try? FileManager.default.removeItem(at: url) }
}
