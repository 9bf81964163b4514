import ArgumentParser
import Foundation
import Kafka
import LoadGen

/// `loadgen merge DIR...`: the shards of one run (`--artifacts DIR`) as one run.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the artifacts of a run's shards (--artifacts DIR) into one report, stats stream and HTML report.",
        discussion: """
            Histograms are added bucket by bucket (the merged p99 is the p99 of every shard's \
            samples), counters summed, the stats streams aligned by time; the shards' thresholds \
            (and --threshold) are judged on the merged figures. Exit codes: 0 merged and every \
            threshold held, 99 a threshold crossed, 1 the merged run failed (failed or undelivered \
            messages), 2 inputs that are not the shards of one run (different profiles or seeds, a \
            missing or repeated shard: named).
            """
    )

    @Argument(help: "Directories written by loadgen --artifacts (all shards may share one).")
    var directories: [String] = []

    @Option(help: "Write the merged run report (JSON) to this file.")
    var report: String?

    @Option(help: "Write the merged stats stream (JSON lines, one per interval) to this file.")
    var statsFile: String?

    @Option(help: "Write the merged HTML report to this file.")
    var htmlReport: String?

    @Option(name: .customLong("threshold"), help: ArgumentHelp("Another criterion to judge on the merged figures (repeatable), e.g. 'latency_p99 < 50ms'.", valueName: "expression"))
    var thresholdExpressions: [ThresholdArgument] = []

    func run() throws {
        guard !directories.isEmpty else { throw InputError("merge", "expected one or more directories written by loadgen --artifacts") }
        let extra = try thresholdExpressions.map { try $0.value(field: "--threshold") }
        // The topic is read back per shard (run --verify): the merged figures have none, and a
        // threshold on them would pass as "no data" without checking anything.
        if let t = extra.first(where: { $0.metric.needsVerify }) {
            throw InputError("--threshold", "\(InputError.quoted(t.expression)): \(t.metric.rawValue) is judged per shard only (each shard's run with --verify): the merged run has no topic read back")
        }
        var outputs: [OutputPath.Destination] = []
        if let report { outputs.append(.init("--report", report, "merged report")) }
        if let statsFile { outputs.append(.init("--stats-file", statsFile, "merged stats stream")) }
        if let htmlReport { outputs.append(.init("--html-report", htmlReport, "merged HTML report")) }

        // Loading writes nothing; the outputs are checked against every shard file it read.
        let shards = try ShardMerge.load(directories: directories)
        let inputs = shards.flatMap(\.artifacts.files)
        try OutputPath.checkAll(outputs, inputs: inputs)
        let commandLine = ["loadgen"] + CommandLine.arguments.dropFirst().map { KafkaConfiguration.redactingSecrets(in: $0) }
        let merged = ShardMerge.merge(shards, extra: extra, commandLine: commandLine)
        var ok = true
        func write(_ bytes: [UInt8], _ path: String?, _ flag: String) {
            guard let path else { return }
            do { try OutputPath.write(bytes, to: path, setting: flag) } catch {
                FileHandle.standardError.write(Data("loadgen: error: \(error)\n".utf8))
                ok = false
            }
        }
        write(Array((try? merged.report.jsonData()) ?? Data()), report, "--report")
        write(Array(merged.stats.map(\.jsonLine).joined().utf8), statsFile, "--stats-file")
        write(Array(HTMLReport.render(merged.report).utf8), htmlReport, "--html-report")
        let names = shards.map { "\($0.artifacts.index)/\($0.artifacts.count) \($0.report.runID)" }.joined(separator: ", ")
        print("merged \(shards.count) shard(s): \(names)\n" + merged.report.summary)
        if merged.report.exitCode != 0 { throw ExitCode(merged.report.exitCode) }
        if !ok { throw ExitCode(1) }
    }
}
