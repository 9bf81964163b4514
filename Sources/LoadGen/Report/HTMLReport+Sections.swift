import Foundation

/// The HTML report's thresholds table and the run's provenance (command line and profile).
extension HTMLReport {
    /// Every threshold with its value and verdict; nothing when the run had none.
    static func thresholdsTable(_ r: RunReport) -> String {
        guard !r.thresholds.isEmpty else { return "" }
        var html = "<section class=\"table thresholds\"><h2>Thresholds</h2><table>\n"
        html += "<tr><th>threshold</th><th>value</th><th>verdict</th></tr>\n"
        for t in r.thresholds {
            let css = t.value == nil ? "nodata" : t.passed ? "pass" : "fail"
            let abort = t.threshold.abortOnFail ? " (abort_on_fail)" : ""
            html += "<tr data-threshold=\"\(HTMLText.escape(t.threshold.expression))\"><td>\(HTMLText.escape(t.threshold.expression + abort))</td>"
            html += "<td>\(HTMLText.escape(t.shownValue))</td><td class=\"\(css)\">\(HTMLText.escape(t.verdict))</td></tr>\n"
        }
        if let by = r.abortedByThreshold {
            html += "<tr><td colspan=\"3\">the run was stopped early: \(HTMLText.escape(by)) crossed (abort_on_fail)</td></tr>\n"
        }
        return html + "</table></section>\n"
    }

    /// The command line that ran and the profile's text, so the page says how to run it again.
    static func provenance(_ r: RunReport) -> String {
        var html = ""
        if !r.commandLine.isEmpty {
            let line = r.commandLine.map { arg in arg.contains(where: { " '\"$".contains($0) }) ? "'" + arg.replacingOccurrences(of: "'", with: "'\\''") + "'" : arg }
            html += "<div class=\"table\"><h2>Command line</h2><pre class=\"command-line\">\(HTMLText.escape(line.joined(separator: " ")))</pre></div>\n"
        }
        html += "<div class=\"table\"><h2>Profile</h2><pre class=\"profile\">\(HTMLText.escape(r.profileText ?? "(the built-in default profile)"))</pre></div>\n"
        return "<section class=\"tables provenance\">\n" + html + "</section>\n"
    }

    /// Delivered MB per second between consecutive samples (the last, partial interval left out).
    static func megabytesPerSecond(_ samples: [RunSample]) -> [(x: Double, y: Double)] {
        var points: [(x: Double, y: Double)] = []
        var previous: RunSample?
        for s in samples.dropLast(samples.count > 2 ? 1 : 0) {
            if s.elapsedSeconds > (previous?.elapsedSeconds ?? 0) { points.append((s.elapsedSeconds, s.rate(\.bytes, since: previous) / 1_048_576)) }
            previous = s
        }
        return points
    }
}
