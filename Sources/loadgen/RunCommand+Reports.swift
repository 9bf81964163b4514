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
        var outputs: [(flag: String, path: String, what: String)] = []
        if let report { outputs.append(("--report", report, "report")) }
        if let htmlReport { outputs.append(("--html-report", htmlReport, "report")) }
        if let statsFile { outputs.append(("--stats-file", statsFile, "stats file")) }
        if let path = configuration.deadLetterPath { outputs.append(("--dead-letter", path, "dead-letter file")) }
        if case .file(let path) = configuration.output { outputs.append(("--output", path, "output file")) }
        for output in outputs {
            try OutputPath.check(output.path, setting: output.flag, what: output.what, inputs: [profile].compactMap { $0 })
        }
        // Two outputs on one file would write over each other (a device such as /dev/null may be shared).
        for (i, a) in outputs.enumerated() {
            for b in outputs[(i + 1)...] where OutputPath.sameFile(a.path, b.path) && !a.path.hasPrefix("/dev/") {
                throw InputError(b.flag, "\(b.path) is the same file as \(a.flag) \(a.path): choose another path for the \(b.what)")
            }
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
