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

/// The monitoring options, checked where they are parsed.
extension RunCommand {
    /// `--stats-interval`: whole seconds, as the run is sampled once a second (100ms gave a line
    /// a second, 1500ms lines at 2, 3, 5, 6 s).
    func checkedStatsInterval() throws(InputError) -> Duration {
        let interval = try statsInterval.value(field: "--stats-interval")
        guard interval.components.attoseconds == 0 else {
            throw InputError("--stats-interval", "expected whole seconds (1s, 10s, 1m…): the run is sampled once a second, got \(InputError.quoted(statsInterval.text))")
        }
        return interval
    }

    /// `--metrics-port` in 0...65535 and, with it, `--metrics-host` an address or a host name
    /// (a bad host was named as `--metrics-port` when the listen failed).
    func checkMetricsAddress() throws(InputError) {
        guard let metricsPort else { return }
        guard (0...65_535).contains(metricsPort) else {
            throw InputError("--metrics-port", "expected a port in 0...65535 (0: any free port), got \(metricsPort)")
        }
        guard Self.isHostAddress(metricsHost) else {
            throw InputError("--metrics-host", "expected an IP address or a host name (127.0.0.1, 0.0.0.0, ::1, localhost), got \(InputError.quoted(metricsHost))")
        }
    }

    /// An IPv4 or IPv6 address, or a host name of letters, digits, `-` and `.` (not all digits
    /// and dots: `999.1.1.1` is no address).
    static func isHostAddress(_ host: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1 { return true }
        let bytes = Array(host.utf8)
        guard !bytes.isEmpty, bytes.count <= 253, bytes.first != UInt8(ascii: "."), bytes.first != UInt8(ascii: "-") else { return false }
        let allowed = bytes.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
        }
        let numeric = bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") }
        return allowed && !numeric
    }
}
