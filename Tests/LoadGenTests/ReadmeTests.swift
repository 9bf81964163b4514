import Foundation
import Testing

/// The README's Swift is compiled code, not text: every ```swift block in it must appear
/// verbatim in a file that is built — the test target's ReadmeSnippets.swift (which
/// LibraryTests also runs) or an example under Examples/ (built by `swift build`, run by
/// Tests/e2e/examples.sh).
@Suite("README")
struct ReadmeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func swiftBlocks(in markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```swift" {
                current = []
            } else if current != nil, line == "```" {
                blocks.append(current!.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test func everySwiftBlockIsCompiledSomewhere() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let blocks = Self.swiftBlocks(in: readme)
        #expect(blocks.count >= 4, "the Swift API, the profile API, the monitor and a custom producer")
        var compiled = [try String(contentsOf: Self.root.appendingPathComponent("Tests/LoadGenTests/ReadmeSnippets.swift"), encoding: .utf8)]
        let examples = Self.root.appendingPathComponent("Examples")
        for name in try FileManager.default.contentsOfDirectory(atPath: examples.path) {
            compiled.append(try String(contentsOf: examples.appendingPathComponent(name).appendingPathComponent("main.swift"), encoding: .utf8))
        }
        for block in blocks {
            #expect(compiled.contains { $0.contains(block) }, "README Swift block not found in compiled code:\n\(block)")
        }
    }

    @Test func blockExtractionFindsFencedSwiftOnly() {
        let text = "intro\n```swift\nlet a = 1\n```\n```bash\nls\n```\n```swift\nlet b = 2\nlet c = 3\n```\n"
        #expect(Self.swiftBlocks(in: text) == ["let a = 1", "let b = 2\nlet c = 3"])
    }
}
