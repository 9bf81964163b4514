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
        var outputs: [OutputPath.Destination] = []
        if let report { outputs.append(.init("--report", report, "report")) }
        if let htmlReport { outputs.append(.init("--html-report", htmlReport, "report")) }
        if let statsFile { outputs.append(.init("--stats-file", statsFile, "stats file")) }
        if let path = configuration.deadLetterPath { outputs.append(.init("--dead-letter", path, "dead-letter file")) }
        if case .file(let path) = configuration.output { outputs.append(.init("--output", path, "output file")) }
        try OutputPath.checkAll(outputs, inputs: [profile].compactMap { $0 }, dataOnStandardOutput: configuration.output == .stdout)
        // The artifacts directory is created before the run: it may not be one of the files.
        guard let artifacts else { return }
        if let same = outputs.first(where: { OutputPath.sameFile($0.path, artifacts) }) {
            throw InputError("--artifacts", "\(artifacts) is \(same.flag)'s \(same.what): expected a directory of its own")
        }
        // Nor may an output be one of this shard's files there (two writers, one file), but the
        // stats stream, which goes there anyway.
        let shard = ShardArtifacts(directory: artifacts, index: configuration.shard.index, count: configuration.shard.count)
        for d in outputs where !(d.flag == "--stats-file" && OutputPath.sameFile(d.path, shard.stats)) {
            if let file = shard.files.first(where: { OutputPath.sameFile(d.path, $0) }) {
                throw InputError(d.flag, "\(d.path) is the same file as \(file), which --artifacts writes: choose another path for the \(d.what)")
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
