// A self-contained SVG of event-loop delay distributions, before against after: one panel per
// compared route, delay (log scale) by percentile on a "nines" axis (50, 90, 99, 99.9, max), the
// way latency percentiles are usually plotted. No scripts, fonts or external references.

import Foundation

public enum SVGChart {
    static let panelWidth = 430.0
    static let panelHeight = 250.0
    static let columns = 2
    static let margin = (left: 58.0, right: 16.0, top: 40.0, bottom: 38.0)
    static let beforeColor = "#c0392b"
    static let afterColor = "#2471a3"
    /// Where "max" sits on the nines axis: a little right of 99.9.
    static let maxNines = 3.4

    public static func render(_ comparison: BenchComparison, title: String = "Event-loop delay before and after",
                              beforeLabel: String = "before", afterLabel: String = "after") -> String
    {
        let rows = comparison.rows.filter { $0.before.loopDelay != nil && $0.after.loopDelay != nil }
        let panelRows = max(1, (rows.count + columns - 1) / columns)
        let width = panelWidth * Double(columns) + 20
        let height = 70 + panelHeight * Double(panelRows) + 10
        // About 6 px per character at 11 px; the legend sits right-aligned in the header.
        let legendX = width - 40 - 6 * Double(max(beforeLabel.count, afterLabel.count))
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(fmt(width))" height="\(fmt(height))" viewBox="0 0 \(fmt(width)) \(fmt(height))" font-family="Helvetica, Arial, sans-serif" font-size="11">
        <rect x="0" y="0" width="\(fmt(width))" height="\(fmt(height))" fill="#ffffff"/>
        <text x="12" y="24" font-size="16" font-weight="bold">\(escape(title))</text>
        <text x="12" y="44" fill="#444">delay of the probe's 1 ms timer, by percentile of samples (log scale); lower is better</text>
        <line x1="\(fmt(legendX))" y1="20" x2="\(fmt(legendX + 25))" y2="20" stroke="\(beforeColor)" stroke-width="2.5"/>
        <text x="\(fmt(legendX + 30))" y="24">\(escape(beforeLabel))</text>
        <line x1="\(fmt(legendX))" y1="38" x2="\(fmt(legendX + 25))" y2="38" stroke="\(afterColor)" stroke-width="2.5"/>
        <text x="\(fmt(legendX + 30))" y="42">\(escape(afterLabel))</text>

        """
        if rows.isEmpty {
            svg += "<text x=\"12\" y=\"90\">no route has event-loop figures in both reports (was the probe attached?)</text>\n"
        }
        for (index, row) in rows.enumerated() {
            let x = 10 + Double(index % columns) * panelWidth
            let y = 60 + Double(index / columns) * panelHeight
            svg += panel(row, x: x, y: y)
        }
        svg += "</svg>\n"
        return svg
    }

    static func panel(_ row: BenchComparison.Row, x: Double, y: Double) -> String {
        guard let before = row.before.loopDelay, let after = row.after.loopDelay else { return "" }
        let plotLeft = x + margin.left
        let plotRight = x + panelWidth - margin.right
        let plotTop = y + margin.top
        let plotBottom = y + panelHeight - margin.bottom
        let highest = max(before.max, after.max, before.p99, after.p99, 0.1)
        let yMinExp = -2.0
        let yMaxExp = max(0, ceil(log10(highest)))
        func px(_ nines: Double) -> Double { plotLeft + (plotRight - plotLeft) * nines / maxNines }
        func py(_ ms: Double) -> Double {
            let v = log10(max(ms, 0.01))
            return plotBottom - (plotBottom - plotTop) * (v - yMinExp) / (yMaxExp - yMinExp)
        }
        var out = "<g>\n"
        out += "<text x=\"\(fmt(x + 8))\" y=\"\(fmt(y + 16))\" font-size=\"12\" font-weight=\"bold\">\(escape(row.label))</text>\n"
        out += "<text x=\"\(fmt(x + 8))\" y=\"\(fmt(y + 30))\" fill=\"#444\">p99 \(formatMs(before.p99)) → \(formatMs(after.p99)) ms, max \(formatMs(before.max)) → \(formatMs(after.max)) ms</text>\n"
        out += "<rect x=\"\(fmt(plotLeft))\" y=\"\(fmt(plotTop))\" width=\"\(fmt(plotRight - plotLeft))\" height=\"\(fmt(plotBottom - plotTop))\" fill=\"#fafafa\" stroke=\"#999\"/>\n"
        var exponent = yMinExp
        while exponent <= yMaxExp {
            let value = pow(10, exponent)
            let yy = py(value)
            out += "<line x1=\"\(fmt(plotLeft))\" y1=\"\(fmt(yy))\" x2=\"\(fmt(plotRight))\" y2=\"\(fmt(yy))\" stroke=\"#e3e3e3\"/>\n"
            out += "<text x=\"\(fmt(plotLeft - 6))\" y=\"\(fmt(yy + 4))\" text-anchor=\"end\">\(tickLabel(value))</text>\n"
            exponent += 1
        }
        for (nines, label) in [(0.0, "0"), (0.301, "50"), (1.0, "90"), (2.0, "99"), (3.0, "99.9"), (maxNines, "max")] {
            let xx = px(nines)
            out += "<line x1=\"\(fmt(xx))\" y1=\"\(fmt(plotTop))\" x2=\"\(fmt(xx))\" y2=\"\(fmt(plotBottom))\" stroke=\"#e3e3e3\"/>\n"
            out += "<text x=\"\(fmt(xx))\" y=\"\(fmt(plotBottom + 14))\" text-anchor=\"middle\">\(label)</text>\n"
        }
        out += "<text x=\"\(fmt((plotLeft + plotRight) / 2))\" y=\"\(fmt(plotBottom + 30))\" text-anchor=\"middle\" fill=\"#444\">percentile</text>\n"
        out += "<text x=\"\(fmt(x + 14))\" y=\"\(fmt((plotTop + plotBottom) / 2))\" text-anchor=\"middle\" fill=\"#444\" transform=\"rotate(-90 \(fmt(x + 14)) \(fmt((plotTop + plotBottom) / 2)))\">delay ms</text>\n"
        for (summary, color) in [(before, beforeColor), (after, afterColor)] {
            let points = curve(summary).map { "\(fmt(px($0.nines))),\(fmt(py($0.ms)))" }
            out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>\n"
        }
        out += "</g>\n"
        return out
    }

    /// The distribution as a step curve on the nines axis; percentile 100 is drawn at "max".
    static func curve(_ summary: LoopDelaySummary) -> [(nines: Double, ms: Double)] {
        var points: [(Double, Double)] = []
        let sorted = summary.distribution.sorted { $0.percentile < $1.percentile }
        let source = sorted.isEmpty
            ? [DistributionPoint(percentile: 50, value: summary.p50), DistributionPoint(percentile: 90, value: summary.p90),
               DistributionPoint(percentile: 99, value: summary.p99), DistributionPoint(percentile: 100, value: summary.max)]
            : sorted
        for point in source {
            let nines = point.percentile >= 100 ? maxNines : min(maxNines, -log10(1 - point.percentile / 100))
            if let last = points.last { points.append((nines, last.1)) }
            points.append((nines, point.value))
        }
        if let last = points.last, last.0 < maxNines { points.append((maxNines, last.1)) }
        return points
    }

    static func tickLabel(_ value: Double) -> String {
        value >= 1 ? String(Int(value)) : String(format: "%g", value)
    }

    static func fmt(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
