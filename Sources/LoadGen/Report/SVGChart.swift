/// A line chart drawn as inline SVG: no scripts, fonts or styles from outside, so the HTML
/// report is one self-contained file.
struct SVGChart {
    struct Series {
        var name: String
        /// A CSS colour.
        var color: String
        var points: [(x: Double, y: Double)]
        var dashed = false
    }

    /// Identifies the chart in the page (`data-chart`).
    var id: String
    var title: String
    var yLabel: String
    var xLabel: String
    var series: [Series]
    /// Writes a y value for a tick label.
    var formatY: (Double) -> String = SVGChart.compact
    /// Writes an x value (seconds since the start) for a tick label.
    var formatX: (Double) -> String = SVGChart.clock
    /// A second line under each x tick (e.g. the simulated time), or nil.
    var secondaryX: ((Double) -> String)?

    static let width = 640.0, height = 300.0
    private static let left = 64.0, right = 16.0, top = 40.0

    private var bottom: Double { secondaryX == nil ? 48 : 62 }

    /// The chart's `<svg>` element.
    func render() -> String {
        let w = Self.width, h = Self.height
        let plotW = w - Self.left - Self.right, plotH = h - Self.top - bottom
        let all = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        let xMax = max(all.map(\.x).max() ?? 1, 1e-9)
        let yTicks = Self.niceTicks(upTo: max(all.map(\.y).max() ?? 1, 1e-9))
        let yMax = yTicks.last ?? 1
        let xTicks = Self.timeTicks(upTo: xMax)
        func px(_ x: Double) -> Double { Self.left + x / xMax * plotW }
        func py(_ y: Double) -> Double { Self.top + plotH - y / yMax * plotH }

        var svg = "<svg class=\"chart\" data-chart=\"\(id)\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        svg += "<text class=\"chart-title\" x=\"\(Self.left)\" y=\"22\">\(HTMLText.escape(title))</text>\n"
        // Legend, right-aligned on the title line.
        var legendX = w - Self.right
        for s in series.reversed() {
            let label = HTMLText.escape(s.name)
            legendX -= Double(s.name.count) * 6.6 + 30
            svg += "<g class=\"legend\"><line x1=\"\(n(legendX))\" y1=\"18\" x2=\"\(n(legendX + 18))\" y2=\"18\" stroke=\"\(s.color)\" stroke-width=\"3\"\(s.dashed ? " stroke-dasharray=\"5 3\"" : "")/>"
            svg += "<text x=\"\(n(legendX + 23))\" y=\"22\">\(label)</text></g>\n"
        }
        // Grid and y axis.
        for t in yTicks {
            let y = py(t)
            svg += "<line class=\"grid\" x1=\"\(Self.left)\" y1=\"\(n(y))\" x2=\"\(n(w - Self.right))\" y2=\"\(n(y))\"/>"
            svg += "<text class=\"tick\" x=\"\(Self.left - 8)\" y=\"\(n(y + 4))\" text-anchor=\"end\">\(HTMLText.escape(formatY(t)))</text>\n"
        }
        // A label equal to the one before it (ticks closer than the label's precision) is left out.
        var lastLabel: String?, lastSecondary: String?
        for t in xTicks {
            let x = px(t), label = formatX(t)
            guard label != lastLabel else { continue }
            lastLabel = label
            svg += "<line class=\"tick-mark\" x1=\"\(n(x))\" y1=\"\(n(Self.top + plotH))\" x2=\"\(n(x))\" y2=\"\(n(Self.top + plotH + 5))\"/>"
            svg += "<text class=\"tick\" x=\"\(n(x))\" y=\"\(n(Self.top + plotH + 18))\" text-anchor=\"middle\">\(HTMLText.escape(label))</text>"
            if let secondary = secondaryX?(t), secondary != lastSecondary {
                lastSecondary = secondary
                svg += "<text class=\"tick secondary\" x=\"\(n(x))\" y=\"\(n(Self.top + plotH + 31))\" text-anchor=\"middle\">\(HTMLText.escape(secondary))</text>"
            }
            svg += "\n"
        }
        svg += "<line class=\"axis\" x1=\"\(Self.left)\" y1=\"\(Self.top)\" x2=\"\(Self.left)\" y2=\"\(n(Self.top + plotH))\"/>"
        svg += "<line class=\"axis\" x1=\"\(Self.left)\" y1=\"\(n(Self.top + plotH))\" x2=\"\(n(w - Self.right))\" y2=\"\(n(Self.top + plotH))\"/>\n"
        svg += "<text class=\"axis-label\" x=\"\(n(Self.left + plotW / 2))\" y=\"\(n(h - 6))\" text-anchor=\"middle\">\(HTMLText.escape(xLabel))</text>\n"
        svg += "<text class=\"axis-label\" transform=\"translate(14 \(n(Self.top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTMLText.escape(yLabel))</text>\n"
        if all.isEmpty {
            svg += "<text class=\"empty\" x=\"\(n(Self.left + plotW / 2))\" y=\"\(n(Self.top + plotH / 2))\" text-anchor=\"middle\">no data in this run</text>\n"
        }
        // The lines.
        for s in series {
            let points = s.points.filter { $0.x.isFinite && $0.y.isFinite }
            guard !points.isEmpty else { continue }
            var d = ""
            for (i, p) in points.enumerated() {
                d += (i == 0 ? "M" : "L") + n(px(p.x)) + " " + n(py(p.y))
            }
            if points.count == 1 { d += "h1" }
            svg += "<path class=\"series\" data-series=\"\(HTMLText.escape(s.name))\" d=\"\(d)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\" stroke-linejoin=\"round\"\(s.dashed ? " stroke-dasharray=\"6 4\"" : "")/>\n"
        }
        svg += "</svg>"
        return svg
    }

    /// A coordinate with one decimal.
    private func n(_ v: Double) -> String { RunReport.fixed(v, decimals: 1) }

    // MARK: - Ticks and labels

    /// 0 and round steps (1, 2, 2.5 or 5 × 10^k) up to at least `max`, about five of them.
    static func niceTicks(upTo max: Double) -> [Double] {
        let rough = max / 5
        var magnitude = 1.0
        while magnitude * 10 <= rough { magnitude *= 10 }
        while magnitude > rough { magnitude /= 10 }
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? magnitude * 10
        var ticks = [0.0]
        while ticks.last! < max - step * 1e-9 { ticks.append(ticks.last! + step) }
        if ticks.count == 1 { ticks.append(step) }
        return ticks
    }

    /// Round times (seconds) from 0 to `max`, about six of them.
    static func timeTicks(upTo max: Double) -> [Double] {
        let steps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400]
        let step = steps.first { max / $0 <= 7 } ?? (max / 6).rounded(.up)
        return stride(from: 0.0, through: max + 1e-9, by: step).map { $0 }
    }

    /// 950, 1.2k, 3.4M.
    static func compact(_ v: Double) -> String {
        let a = abs(v)
        if a >= 1e9 { return trimmed(v / 1e9) + "G" }
        if a >= 1e6 { return trimmed(v / 1e6) + "M" }
        if a >= 1e3 { return trimmed(v / 1e3) + "k" }
        return trimmed(v)
    }

    /// `m:ss` or `h:mm:ss` of seconds since the start.
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(s / 60):\(two(s % 60))"
    }

    /// Up to two decimals, without trailing zeros.
    static func trimmed(_ v: Double) -> String {
        var text = RunReport.fixed(v, decimals: abs(v) >= 100 ? 0 : abs(v) >= 10 ? 1 : 2)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}

/// Text made safe for HTML and SVG.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
