import Foundation
import Kafka

/// The run report as one self-contained HTML page (`--html-report FILE`): inline SVG charts of
/// the run's timeline — target vs achieved rate (the day curve), delivery latency p50/p99,
/// delivered and failed, RSS — and the summary table. No scripts, fonts or stylesheets are
/// loaded from anywhere: the file opens the same offline, attached to a ticket or years later.
public enum HTMLReport {
    /// The page for `report` (its ``RunReport/timeline`` gives the charts).
    public static func render(_ report: RunReport) -> String {
        let samples = report.timeline
        let simulated = SimulatedAxis(samples, timeZone: report.timeZone)
        let x: (RunSample) -> Double = { $0.elapsedSeconds }

        var achieved: [(x: Double, y: Double)] = []
        var previous: RunSample?
        // The last sample closes the run after the flush: a partial interval, left out here.
        for s in samples.dropLast(samples.count > 2 ? 1 : 0) {
            if s.elapsedSeconds > (previous?.elapsedSeconds ?? 0) { achieved.append((x(s), s.rate(\.delivered, since: previous))) }
            previous = s
        }
        var rateSeries = [SVGChart.Series(name: "achieved", color: "#2563eb", points: achieved)]
        let targets = samples.compactMap { s in s.targetRate.map { (x: x(s), y: $0) } }
        // The target is drawn last, on top: a flat target would otherwise hide under the achieved line.
        if !targets.isEmpty {
            rateSeries.append(SVGChart.Series(name: "target", color: "#475569", points: targets, dashed: true))
        }
        let withLatency = samples.filter { $0.latency.count > 0 }
        let charts = [
            SVGChart(id: "rate", title: "Rate: target vs achieved", yLabel: "messages / s", xLabel: "run time (below: simulated time, \(report.timeZone.identifier))",
                     series: rateSeries, secondaryX: simulated.label),
            SVGChart(id: "latency", title: "Delivery latency", yLabel: "milliseconds", xLabel: "run time",
                     series: [
                        SVGChart.Series(name: "p50", color: "#0d9488", points: withLatency.map { (x($0), $0.latency.p50) }),
                        SVGChart.Series(name: "p90", color: "#ca8a04", points: withLatency.map { (x($0), $0.latency.p90) }),
                        SVGChart.Series(name: "p99", color: "#ea580c", points: withLatency.map { (x($0), $0.latency.p99) }),
                        SVGChart.Series(name: "p99.9", color: "#b91c1c", points: withLatency.map { (x($0), $0.latency.p999) }),
                     ]),
            SVGChart(id: "throughput", title: "Throughput delivered", yLabel: "MB / s", xLabel: "run time",
                     series: [SVGChart.Series(name: "MB/s", color: "#0891b2", points: megabytesPerSecond(samples))]),
            SVGChart(id: "inflight", title: "In flight (handed over, not yet reported)", yLabel: "messages", xLabel: "run time",
                     series: [SVGChart.Series(name: "in flight", color: "#9333ea", points: samples.map { (x($0), Double($0.inFlight)) })]),
            SVGChart(id: "delivery", title: "Delivered and failed (cumulative)", yLabel: "messages", xLabel: "run time",
                     series: [
                        SVGChart.Series(name: "delivered", color: "#16a34a", points: samples.map { (x($0), Double($0.delivered)) }),
                        SVGChart.Series(name: "failed", color: "#dc2626", points: samples.map { (x($0), Double($0.failed)) }),
                     ]),
            SVGChart(id: "memory", title: "Resident memory (RSS)", yLabel: "MB", xLabel: "run time",
                     series: [SVGChart.Series(name: "RSS", color: "#7c3aed", points: samples.map { (x($0), $0.residentMB) })]),
        ]

        let ok = report.exitCode == 0
        let crossed = report.thresholds.filter { !$0.passed }.count
        let verdict = ok
            ? "all \(report.delivered) delivered" + (report.thresholds.isEmpty ? "" : ", thresholds passed")
            : crossed > 0 ? "\(crossed) threshold(s) crossed"
            : "\(report.failed) failed, \(report.undelivered) undelivered" + (report.stalled ? ", stalled" : "")
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>loadgen report: \(HTMLText.escape(report.profile)) \(HTMLText.escape(report.runID))</title>
            <style>\(style)</style>
            </head>
            <body>
            <header>
            <div><h1>loadgen run report <span class="profile">\(HTMLText.escape(report.profile))</span></h1>
            <p class="meta">run \(HTMLText.escape(report.runID)) · started \(HTMLText.escape(ISOTime.string(Int64(report.startedAt.timeIntervalSince1970 * 1000)))) · \(HTMLText.escape(report.output)) · topic \(HTMLText.escape(report.topic)) · simulated \(HTMLText.escape(report.simulatedStart)) → \(HTMLText.escape(report.simulatedEnd))</p></div>
            <div class="verdict \(ok ? "ok" : "bad")">\(HTMLText.escape(verdict))</div>
            </header>
            <section class="tiles">\(tiles(report))</section>
            <section class="charts">

            """
        for chart in charts { html += "<figure>\(chart.render())</figure>\n" }
        html += "</section>\n" + thresholdsTable(report)
        html += "<section class=\"tables\">\n" + summaryTable(report) + configTable(report) + "</section>\n" + provenance(report)
        html += "<footer>loadgen \(HTMLText.escape(LoadGenVersion.current)) · librdkafka \(HTMLText.escape(Kafka.librdkafkaVersion)) · \(samples.count) samples</footer>\n</body>\n</html>\n"
        return html
    }

    // MARK: - Parts

    private static func tiles(_ r: RunReport) -> String {
        let items: [(String, String)] = [
            ("delivered", SVGChart.compact(Double(r.delivered))),
            ("msg/s", SVGChart.compact(r.achievedRatePerSecond)),
            ("rate error", r.rateErrorPercent.map { ($0 >= 0 ? "+" : "") + RunReport.fixed($0, decimals: 2) + "%" } ?? "n/a"),
            ("p99 latency", SVGChart.trimmed(r.latency.p99) + " ms"),
            ("failed", String(r.failed)),
            ("max RSS", SVGChart.trimmed(r.rssMaxMB) + " MB"),
        ]
        return items.map { "<div class=\"tile\"><div class=\"value\">\(HTMLText.escape($0.1))</div><div class=\"label\">\($0.0)</div></div>" }.joined()
    }

    private static func summaryTable(_ r: RunReport) -> String {
        func f(_ v: Double) -> String { RunReport.fixed(v, decimals: 1) }
        var rows: [(String, String)] = [
            ("profile", r.profile), ("seed", String(r.seed)), ("output", r.output), ("topic", r.topic),
            ("generators / shard", "\(r.generators) / \(r.shard)"),
            ("duration", "\(f(r.durationSeconds)) s (flush \(RunReport.fixed(r.flushSeconds, decimals: 2)) s)"),
            ("simulated time", "\(r.simulatedStart) → \(r.simulatedEnd)"),
            ("target", r.targetCount.map { String(Int($0.rounded())) } ?? "unlimited"),
            ("produced", String(r.produced)), ("delivered", String(r.delivered)), ("failed", String(r.failed)),
            ("undelivered", String(r.undelivered)), ("invalid", String(r.invalid)), ("dropped permits", String(r.permitsDropped)),
            ("retried / dead-lettered", "\(r.retried) / \(r.deadLettered)"),
            ("throughput", "\(f(r.achievedRatePerSecond)) msg/s, \(f(Double(r.bytes) / 1_048_576 / max(r.durationSeconds, 0.001))) MB/s"),
            ("latency ms", "p50 \(r.latency.p50) · p90 \(r.latency.p90) · p99 \(r.latency.p99) · p99.9 \(r.latency.p999) · max \(r.latency.max)"),
            ("schedule lag ms", "p50 \(r.scheduleLag.p50) · p99 \(r.scheduleLag.p99) · max \(r.scheduleLag.max)"),
            ("max RSS", "\(f(r.rssMaxMB)) MB"),
        ]
        if let file = r.deadLetterFile { rows.append(("dead-letter file", file)) }
        if !r.errors.isEmpty { rows.append(("errors", r.errors.joined(separator: "; "))) }
        return table("Summary", rows)
    }

    private static func configTable(_ r: RunReport) -> String {
        guard !r.producerConfig.isEmpty else { return "" }
        return table("Producer configuration", r.producerConfig.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    static func table(_ title: String, _ rows: [(String, String)]) -> String {
        var html = "<div class=\"table\"><h2>\(HTMLText.escape(title))</h2><table>\n"
        for (key, value) in rows {
            html += "<tr><th>\(HTMLText.escape(key))</th><td>\(HTMLText.escape(value))</td></tr>\n"
        }
        return html + "</table></div>\n"
    }

    /// Simulated time along the x axis: the simulated clock runs at a fixed speed, so it is a
    /// straight line through the first and last samples.
    private struct SimulatedAxis {
        let start: (elapsed: Double, millis: Int64)
        let msPerSecond: Double
        let spansDays: Bool
        /// Under ten simulated minutes, labels to the minute would repeat: to the second then.
        let showsSeconds: Bool
        let timeZone: TimeZone

        init(_ samples: [RunSample], timeZone: TimeZone) {
            self.timeZone = timeZone
            let first = samples.first, last = samples.last
            start = (first?.elapsedSeconds ?? 0, first?.simulatedMillis ?? 0)
            let span = (last?.elapsedSeconds ?? 0) - start.elapsed
            msPerSecond = span > 0 ? Double((last?.simulatedMillis ?? 0) - start.millis) / span : 1000
            spansDays = msPerSecond * span > 86_400_000
            showsSeconds = msPerSecond * span < 600_000
        }

        /// Local `14:30`, or `11-27 14:30` when the run covers more than a simulated day.
        func label(_ elapsed: Double) -> String {
            // To the nearest minute: the fit through the samples is off by milliseconds.
            let unit: Int64 = showsSeconds ? 1000 : 60_000
            let utc = ((start.millis + Int64((elapsed - start.elapsed) * msPerSecond)) + unit / 2) / unit * unit
            let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utc) / 1000))
            let iso = ISOTime.string(utc + Int64(offset) * 1000)  // 2026-11-27T14:30:00Z, local
            let time = String(iso.dropFirst(11).prefix(showsSeconds ? 8 : 5))
            return spansDays ? String(iso.dropFirst(5).prefix(5)) + " " + time : time
        }
    }

    private static let style = """
        :root{--fg:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f8fafc;--card:#fff}
        *{box-sizing:border-box}
        body{margin:0;padding:28px 32px;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
        header{display:flex;justify-content:space-between;align-items:flex-start;gap:24px;margin-bottom:18px}
        h1{margin:0;font-size:22px;font-weight:650}
        h1 .profile{color:#2563eb}
        h2{margin:0 0 10px;font-size:15px}
        .meta{margin:4px 0 0;color:var(--muted)}
        .verdict{padding:8px 14px;border-radius:999px;font-weight:600;white-space:nowrap}
        .verdict.ok{background:#dcfce7;color:#166534}
        .verdict.bad{background:#fee2e2;color:#991b1b}
        .tiles{display:grid;grid-template-columns:repeat(6,1fr);gap:12px;margin-bottom:16px}
        .tile,.charts figure,.table{background:var(--card);border:1px solid var(--line);border-radius:10px}
        .tile{padding:12px 14px}
        .tile .value{font-size:22px;font-weight:650}
        .tile .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
        .charts{display:grid;grid-template-columns:repeat(2,1fr);gap:16px;margin-bottom:16px}
        .charts figure{margin:0;padding:8px}
        svg.chart{width:100%;height:auto;display:block}
        .chart-title{font-size:14px;font-weight:600;fill:var(--fg)}
        .legend text{font-size:11px;fill:var(--muted)}
        .grid{stroke:var(--line);stroke-width:1}
        .axis,.tick-mark{stroke:#94a3b8;stroke-width:1}
        .tick{font-size:11px;fill:var(--muted)}
        .tick.secondary{fill:#2563eb;font-size:10px}
        .axis-label{font-size:11px;fill:var(--fg)}
        .empty{font-size:13px;fill:var(--muted)}
        .tables{display:grid;grid-template-columns:3fr 2fr;gap:16px}
        .table{padding:14px 16px}
        table{border-collapse:collapse;width:100%}
        th,td{text-align:left;padding:5px 8px;border-top:1px solid var(--line);vertical-align:top}
        th{color:var(--muted);font-weight:500;width:34%}
        td{font-variant-numeric:tabular-nums;word-break:break-word}
        footer{margin-top:18px;color:var(--muted);font-size:12px}
        .thresholds{margin-bottom:16px}
        .pass{color:#166534;font-weight:600}.fail{color:#991b1b;font-weight:700}.nodata{color:var(--muted)}
        pre{margin:0;white-space:pre-wrap;word-break:break-word;font:12px/1.4 ui-monospace,"DejaVu Sans Mono",monospace}
        .provenance{margin-top:16px}
        @media (max-width:900px){.charts,.tables{grid-template-columns:1fr}.tiles{grid-template-columns:repeat(3,1fr)}}
        """
}
