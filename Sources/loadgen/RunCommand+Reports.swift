import Foundation
import LoadGen
import Logging

/// Where a run's reports, stats and dead letters go: checked before the run, written after it.
extension RunCommand {
    /// Checks the report, stats and dead-letter paths without touching them (the reports are
    /// written once, at the end): each must be writable and none may be one of the run's inputs
    /// or another output.
    /// - Throws: ``InputError`` naming the flag.
    func checkOutputPaths(_ configuration: RunConfiguration) throws {
        let inputs = [profile, statsFile, configuration.deadLetterPath, { if case .file(let p) = configuration.output { return p }; return nil }()]
            .compactMap { $0 }
        for (flag, path) in [("--report", report), ("--html-report", htmlReport)] {
            if let path { try OutputPath.check(path, setting: flag, what: "report", inputs: inputs + [report, htmlReport].compactMap { $0 }.filter { $0 != path }) }
        }
        for (flag, path) in [("--stats-file", statsFile), ("--dead-letter", configuration.deadLetterPath)] {
            if let path { try OutputPath.check(path, setting: flag, what: flag == "--stats-file" ? "stats file" : "dead-letter file", inputs: [profile].compactMap { $0 }) }
        }
    }

    /// Writes the JSON and HTML reports (each in one piece) and prints the summary. Returns
    /// false when a report could not be written.
    @discardableResult
    static func publish(
        _ result: RunReport, reports: (json: String?, html: String?), output: RunConfiguration.Output, logger: Logger,
        printSummary: Bool = true
    ) -> Bool {
        var ok = true
        if let path = reports.json {
            do { try OutputPath.write(Array((try result.jsonData())), to: path, setting: "--report") } catch {
                logger.error("cannot write the report: \(error)")
                ok = false
            }
        }
        if let path = reports.html {
            do { try OutputPath.write(Array(HTMLReport.render(result).utf8), to: path, setting: "--html-report") } catch {
                logger.error("cannot write the HTML report: \(error)")
                ok = false
            }
        }
        guard printSummary else { return ok }
        let summary = result.summary + (reports.json.map { "\n  report        \($0)" } ?? "") + (reports.html.map { "\n  html report   \($0)" } ?? "") + "\n"
        let handle = output == .stdout ? FileHandle.standardError : FileHandle.standardOutput
        handle.write(Data(summary.utf8))
        return ok
    }
}
