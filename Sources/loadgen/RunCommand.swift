import ArgumentParser
import Foundation
import LoadGen
import Logging
import ServiceLifecycle

/// `loadgen run` (the default): generate transactions at the profile's rate and send them.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Generate transactions at a profile's rate and send them to Kafka (the default command).",
        discussion: """
            Precedence: flags > environment (KAFKA_BOOTSTRAP_SERVERS, KAFKA_TOPIC, GENERATION_RATE, \
            DURATION, LOG_LEVEL) > profile > defaults. Exit codes: 0 all delivered, 1 something failed \
            or stayed undelivered, 2 bad input. Also accepted as `loadgen transaction ...`.
            """,
        aliases: ["transaction"]
    )

    @Option(help: "Load profile (JSON), e.g. loadprofiles/blackfriday.json. Default: 1000/hour with the documented day curve.")
    var profile: String?

    @Option(help: "Kafka bootstrap servers, HOST:PORT[,HOST:PORT...]. Default: $KAFKA_BOOTSTRAP_SERVERS, else an embedded test broker.")
    var bootstrapServers: String?

    @Option(help: "Topic to produce to. Default: $KAFKA_TOPIC, the profile's topic, else transactions.")
    var topic: String?

    @Option(help: "Base rate: 1000 (per hour), 50/s, 3000/min, 2.5m/h or max. Default: $GENERATION_RATE, the profile's rate, else 1000.")
    var rate: RateArgument?

    @Option(help: "How long to run: 90s, 15m, 2h, 1h30m or seconds. Default: $DURATION, the profile's, else until stopped.")
    var duration: DurationArgument?

    @Option(help: "Stop after this many transactions (with no rate given anywhere, as fast as possible).")
    var count: Int?

    @Option(help: "Random seed, or random (picked and printed): the same seed, profile, shard count and start give the same data, ids included.")
    var seed: SeedArgument?

    @OptionGroup(title: "Clock and schedule")
    var schedule: ScheduleOptions

    @Option(help: "Generator actors (default: one per core for --rate max, --count without a rate or --simulate; for a live run one per 100,000/s of its peak rate, at most one per core).")
    var generators: Int?

    @Option(help: "This process's part of a run split over n processes: i/n, e.g. 2/8 (0 <= i < n), or auto: i from $JOB_COMPLETION_INDEX (a Kubernetes Indexed Job), n from --shards.")
    var shard: ShardArgument?

    @Option(help: "With --shard auto: how many shards the run has. Default: $LOADGEN_SHARDS.")
    var shards: Int?

    @Option(help: "Wait until this instant before starting (shards given the same one line up): 2026-11-30T10:00:00Z (Z or an offset), or +DURATION from now, e.g. +30s.")
    var startAt: String?

    @Option(help: "Where to send: kafka, stdout (JSON lines), file:PATH (JSON lines) or null (generate and discard).")
    var output: OutputArgument = "kafka"

    @Option(help: "Write the run report (JSON) to this file.")
    var report: String?

    @Option(name: .customShort("X"), help: ArgumentHelp("A librdkafka property, key=value (repeatable), e.g. -X linger.ms=10.", valueName: "key=value"))
    var properties: [KafkaPropertyArgument] = []

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical. Default: $LOG_LEVEL, else info.")
    var logLevel: LogLevelSetting?

    @Option(help: "How long to wait for outstanding deliveries at the end.")
    var flushTimeout: DurationArgument = "30s"

    @Option(help: "How long the start-up check waits for the cluster.")
    var connectTimeout: DurationArgument = "10s"

    @Option(help: "Partitions of the topic when loadgen creates it (embedded broker). Default: the profile's, else 12.")
    var partitions: Int?

    @Option(help: "Where messages that fail for good are written (JSON lines; send them again with `loadgen replay FILE`). Default: loadgen-deadletter-<run id>.jsonl, created only if needed.")
    var deadLetter: String?

    @Option(help: "Sends per message at most (librdkafka's own retries happen inside each) before it is dead-lettered.")
    var maxAttempts: Int = 5

    @Option(help: "Give up when messages are outstanding and no delivery report arrives for this long (undelivered messages are dead-lettered, exit 1).")
    var stallTimeout: DurationArgument = "60s"

    @Option(help: "Append one JSON line of figures (rates, counters, latency percentiles, RSS) per --stats-interval to this file.")
    var statsFile: String?

    @Option(help: "How often --stats-file gets a line.")
    var statsInterval: DurationArgument = "10s"

    @Option(help: "Serve Prometheus metrics at http://HOST:PORT/metrics while running (0: any free port; the URL is logged).")
    var metricsPort: Int?

    @Option(help: "Address the metrics endpoint listens on (0.0.0.0 to be scraped from other machines).")
    var metricsHost: String = "127.0.0.1"

    @Option(help: "Write a self-contained HTML report with charts (target vs achieved rate, latency, deliveries, memory) to this file.")
    var htmlReport: String?

    @Flag(help: "No progress output while running (the report is still printed).")
    var noStatus = false

    @Option(name: .customLong("threshold"), help: ArgumentHelp("A pass/fail criterion (repeatable), e.g. 'latency_p99 < 50ms', 'failed == 0'; a crossed one exits 99 after the reports are written.", valueName: "expression"))
    var thresholdExpressions: [ThresholdArgument] = []

    @Flag(help: "Stop the run (gracefully, reports written, exit 99) as soon as a threshold on a live figure is crossed.")
    var abortOnFail = false

    @Flag(help: "After the run, read the topic back (as verify --against does): missing, duplicates, misplaced, out_of_order for thresholds and the report.")
    var verify = false

    @Option(help: "Write this shard's report, stats stream and HdrHistogram interval logs into this directory (for loadgen merge).")
    var artifacts: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        bootstrapLogging(level: try LogLevelArgument.resolve(logLevel, environment: environment, default: .info))
        let logger = Logger(label: "loadgen")
        let nowMillis = Int64(Date().timeIntervalSince1970 * 1000)
        var resolved = try resolve(environment, nowMillis: nowMillis)
        let startMillis = try startInstant(nowMillis: nowMillis)
        // Every path is checked before anything (the artifacts directory included) is created.
        try checkOutputPaths(resolved)
        let artifactFiles = try prepareArtifacts(&resolved)
        let configuration = resolved
        for notice in configuration.notices { logger.notice("\(notice)") }

        let run = LoadRun(configuration: configuration, logger: logger)
        var server: MetricsServer?
        if let metricsPort {
            let exporter = PrometheusExporter(shard: configuration.shard.index, runID: run.runID)
            server = try await MetricsServer.start(host: metricsHost, port: metricsPort, exporter: exporter)
            logger.notice("Prometheus metrics at \(server!.url)")
        }
        if let startMillis { try await Self.waitForStart(startMillis, logger: logger) }

        let recording = try artifactFiles.map { files throws(InputError) in try HistogramRecording(files, run: run, interval: configuration.statsInterval) }
        let abortWatch = AbortWatch(configuration, run: run, logger: logger)
        let progress = StatusLine(enabled: !noStatus, profile: configuration.profile.name, logger: logger)
        let signals = TerminationSignal.stream()
        let reports = (json: report, html: htmlReport)
        let signalTask = Task {
            var seen = 0
            for await signal in signals {
                seen += 1
                progress.breakLine()
                if seen == 1 {
                    // The service group stops the run gracefully on this signal; this only says so.
                    logger.notice("\(TerminationSignal.name(signal)): stopping (finishing batches, flushing); press Ctrl-C again to exit at once")
                } else {
                    // Exit at once, but say what is known first: within a second, whatever happens.
                    logger.critical("\(TerminationSignal.name(signal)) again: exiting at once")
                    TerminationSignal.exit(130, after: .seconds(1))
                    let aborted = described(await run.abortNow(within: .milliseconds(600), syncingDeadLetters: false), configuration: configuration, metrics: run.metrics.snapshot())
                    Self.publish(aborted, reports: reports, output: configuration.output, logger: logger)
                    run.syncDeadLetters()
                    TerminationSignal.exitNow(130)
                }
            }
        }
        defer { signalTask.cancel() }

        // The run and the metrics endpoint are services of one group: SIGINT and SIGTERM stop
        // the run gracefully; when the run ends, the endpoint closes.
        let service = RunService(run, statusInterval: progress.interval) { progress.show($0) }
        var services = [ServiceGroupConfiguration.ServiceConfiguration(
            service: service, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup)]
        if let server { services.append(.init(service: server)) }
        var groupConfiguration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = nil
        try? await ServiceGroup(configuration: groupConfiguration).run()
        progress.finish()
        let abortedBy = abortWatch.finish()
        await recording?.finish()

        var result: RunReport
        do {
            guard let report = try service.report() else { throw ExitCode(1) }
            result = report
        } catch let error as InputError {
            throw error
        } catch {
            // The run failed (unreachable cluster, say): its reports say so instead of nothing.
            let failed = described(RunReport.failed(configuration: configuration, runID: run.runID, error: "\(error)"), configuration: configuration, metrics: run.metrics.snapshot())
            Self.publish(failed, reports: reports, output: configuration.output, logger: logger, printSummary: false)
            throw error
        }

        // With data on stdout, the summary on stderr is noise for a quiet pipeline: it is printed
        // at log level info (the default) or more verbose, or when a --report was asked for.
        let quiet = configuration.output == .stdout && logger.logLevel > .info && report == nil
        let verified: VerifyReport?
        (result, verified) = await judged(result, configuration: configuration, metrics: run.metrics.snapshot(), abortedBy: abortedBy, logger: logger)
        if let verified { FileHandle.standardOutput.write(Data((verified.summary + "\n").utf8)) }
        var written = Self.publish(result, reports: reports, output: configuration.output, logger: logger, printSummary: !quiet)
        if let artifactFiles { written = Self.writeArtifacts(result, files: artifactFiles, statsFile: statsFile, logger: logger) && written }
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
        if verified.map({ !$0.passed }) == true || !written { throw ExitCode(1) }
    }

    /// Flags > environment > profile > defaults (`nowMillis`: when a relative `--start-at` counts from).
    func resolve(_ environment: [String: String], nowMillis: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) throws -> RunConfiguration {
        var p = LoadProfile()
        if let profile { p = try LoadProfile.load(path: profile) }
        // Shards that start together share a simulated clock: "now" is the start instant.
        if let start = try startInstant(nowMillis: nowMillis), p.clockStart == .now { p.clockStart = .instant(millis: start) }

        var topicNotice: String?
        if let value = topic ?? environment["KAFKA_TOPIC"] {
            try TopicName.check(value, field: topic != nil ? "--topic" : "KAFKA_TOPIC")
            if topic == nil, profile != nil, value != p.topic { topicNotice = "KAFKA_TOPIC=\(value) sets the topic (over the profile's \(p.topic))" }
            p.topic = value
        }
        // --flat first: the peak-rate check below reads the multipliers it removes.
        if schedule.flat { p.multipliers = [] }
        var origin = RateOrigin(profile: profile, rateIsExplicit: p.rateIsExplicit)
        if let topicNotice { origin.notices.append(topicNotice) }
        var unthrottled = false
        if let value = try rate.value(flag: "--rate", variable: "GENERATION_RATE", environment: environment) {
            let field = rate != nil ? "--rate" : "GENERATION_RATE"
            origin.note(field: field, text: rate?.text ?? environment["GENERATION_RATE"] ?? "", over: p.rateIsExplicit ? p.rate : nil)
            if value == .unlimited {
                unthrottled = true
            } else {
                p.rate = value
                p.rateIsExplicit = true
                origin.source = field
            }
            try p.checkPeakRate(field: field)
        }
        if let value = try duration.value(flag: "--duration", variable: "DURATION", environment: environment) {
            if duration == nil, profile != nil, let was = p.duration { origin.notices.append("DURATION=\(environment["DURATION"] ?? "") sets the duration (over the profile's \(was))") }
            p.duration = value
        }
        if let count {
            guard InputLimits.count.contains(count) else {
                throw InputError("--count", "expected a number of transactions in \(InputLimits.count.lowerBound)...\(InputLimits.count.upperBound), got \(count)")
            }
            p.count = count
            if !p.rateIsExplicit && rate == nil && environment["GENERATION_RATE"] == nil { unthrottled = true }
        }
        if let seed {
            p.commerce.seed = try seed.value(field: "--seed")
            if seed.text == "random" { origin.notices.append("seed \(p.commerce.seed) (--seed random): pass --seed \(p.commerce.seed) to make the same data again") }
        }
        if let partitions {
            guard InputLimits.partitions.contains(partitions) else { throw InputError("--partitions", "expected 1...10000, got \(partitions)") }
            p.partitions = partitions
        }
        try checkMetricsAddress()

        var c = RunConfiguration(profile: p)
        try schedule.apply(to: &c)
        // --simulate's window is the run's length; a --duration would be ignored, so it is refused.
        if c.simulate != nil, !c.thenLive, duration != nil || environment["DURATION"] != nil {
            throw InputError(duration != nil ? "--duration" : "DURATION", "a --simulate run lasts its window of simulated time: expected no duration (or --then-live, whose live part the duration bounds)")
        }
        c.unthrottled = unthrottled
        let durationField = duration != nil ? "--duration" : environment["DURATION"] != nil ? "DURATION" : "\(profile ?? "profile"): $.duration"
        let startField = schedule.start != nil ? "--start" : "\(profile ?? "profile"): $.clock.start"
        try c.checkSimulatedEnd(startField: startField, durationField: durationField, nowMillis: nowMillis)
        c.rateSource = origin.source
        c.curveSource = schedule.flat ? "--flat" : c.profile.multipliers == Multiplier.documentedDefaults ? "profile default" : "profile \(c.profile.name)"
        c.notices = origin.notices
        c.output = try output.value(field: "--output")
        let servers = bootstrapServers ?? environment["KAFKA_BOOTSTRAP_SERVERS"]
        if let servers {
            try BootstrapServers.check(servers, field: bootstrapServers != nil ? "--bootstrap-servers" : "KAFKA_BOOTSTRAP_SERVERS")
            c.bootstrapServers = servers
        }
        if let generators {
            guard (1...256).contains(generators) else { throw InputError("--generators", "expected 1...256, got \(generators)") }
            c.generators = generators
        }
        if let shard = try ShardSelection.resolve(shard: shard, shards: shards, environment: environment) { c.shard = shard }
        c.kafkaProperties = try properties.properties()
        try c.adoptBootstrapProperty(flag: bootstrapServers != nil ? "--bootstrap-servers" : "KAFKA_BOOTSTRAP_SERVERS", environment: environment)
        // Checked whatever the output, so a typo or a missing env: secret never passes silently.
        try c.checkKafkaProperties(environment: environment)
        c.flushTimeout = try flushTimeout.value(field: "--flush-timeout")
        c.connectTimeout = try connectTimeout.value(field: "--connect-timeout")
        c.stallTimeout = try stallTimeout.value(field: "--stall-timeout")
        c.statsInterval = try checkedStatsInterval()
        c.statsPath = statsFile
        guard (1...100).contains(maxAttempts) else { throw InputError("--max-attempts", "expected 1...100, got \(maxAttempts)") }
        c.maxAttempts = maxAttempts
        if let deadLetter {
            guard !deadLetter.isEmpty else { throw InputError("--dead-letter", "expected a file path, got an empty string") }
            c.deadLetterPath = deadLetter
        }
        try resolveThresholds(into: &c, environment: environment)
        return c
    }
}
