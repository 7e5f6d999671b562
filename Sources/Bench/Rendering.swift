// Text renderings of bench results: the per-route table, the before/after comparison and the
// verify table (Markdown, so it reads the same in a terminal and in a README).

import Foundation

struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// How many leading columns are left-aligned; the rest are right-aligned.
    var leftColumns = 1

    func render() -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                return i < leftColumns ? cell + pad : pad + cell
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}

struct MarkdownTable {
    var header: [String]
    var rows: [[String]] = []
    func render() -> String {
        var out = "| " + header.joined(separator: " | ") + " |\n"
        out += "|" + header.map { _ in "---|" }.joined() + "\n"
        for row in rows { out += "| " + row.joined(separator: " | ") + " |\n" }
        return out
    }
}

public enum BenchRendering {
    static func optionalMs(_ value: Double?) -> String { value.map(formatMs) ?? "-" }

    public static func text(_ report: BenchReport) -> String {
        var table = TextTable(header: ["route", "req/s", "lat p50", "lat p99", "lat max", "loop p50", "loop p99",
                                       "loop max", "util", "heap/10k req", "errors"])
        for r in report.routes {
            table.rows.append([
                r.route, String(format: "%.1f", r.requestsPerSecond), formatMs(r.latency.p50), formatMs(r.latency.p99),
                formatMs(r.latency.max), optionalMs(r.loopDelay?.p50), optionalMs(r.loopDelay?.p99),
                optionalMs(r.loopDelay?.max), r.utilization.map { String(format: "%.2f", $0) } ?? "-",
                r.heap.map { formatBytes($0.growthPer10kRequests) } ?? "-", String(r.errors),
            ])
        }
        var out = "looplint bench: \(report.target), \(describe(report.settings))\n"
        out += "times in ms; loop = event-loop delay measured by the probe; heap = growth after a full GC\n\n"
        out += table.render()
        let notes = report.routes.compactMap { r in r.probeNote.map { "  \(r.route): \($0)" } }
        if !notes.isEmpty { out += "\nnotes:\n" + notes.joined(separator: "\n") + "\n" }
        return out
    }

    public static func describeSettings(_ s: BenchSettings) -> String { describe(s) }

    static func describe(_ s: BenchSettings) -> String {
        var parts = ["\(s.connections) connection\(s.connections == 1 ? "" : "s")"]
        if let d = s.durationSeconds { parts.append("\(formatSeconds(d)) s per route") }
        if let n = s.requests { parts.append("\(n) requests per route") }
        parts.append("\(formatSeconds(s.warmupSeconds)) s warm-up")
        return parts.joined(separator: ", ")
    }

    static func formatSeconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%g", value)
    }

    public static func verifyTable(_ outcomes: [PairOutcome]) -> String {
        var table = MarkdownTable(header: ["pair", "lint", "req/s hazard / fixed", "latency p99 ms", "loop delay p99 ms",
                                           "loop delay max ms", "heap per 10k req", "effect", "verdict"])
        for o in outcomes {
            func pairOf(_ f: (RouteResult) -> String?) -> String {
                guard let h = o.hazard, let x = o.fixed, let a = f(h), let b = f(x) else { return "-" }
                return "\(a) → \(b)"
            }
            table.rows.append([
                "`\(o.pair.id)`", o.lint.name,
                pairOf { String(format: "%.0f", $0.requestsPerSecond) },
                pairOf { formatMs($0.latency.p99) },
                pairOf { $0.loopDelay.map { formatMs($0.p99) } },
                pairOf { $0.loopDelay.map { formatMs($0.max) } },
                pairOf { $0.heap.map { formatBytes($0.growthPer10kRequests) } },
                o.effect.factor.map { String(format: "%.1fx (need %.0fx %@)", $0, o.pair.effect.minFactor, metricName(o.pair.effect.metric)) }
                    ?? o.effect.summary,
                o.passes ? "pass" : "FAIL",
            ])
        }
        return table.render()
    }

    /// The text of `bench --verify`: settings, the linter's status, the table, then a line per pair
    /// with its lint verdict and effect (and probe notes when it fails) and the count.
    public static func verifyText(_ report: VerifyReport) -> String {
        var text = "looplint bench --verify\(report.quick ? " --quick" : ""): \(describe(report.settings))\n"
        if report.linter.ran {
            text += "linter: \(report.linter.findings ?? 0) findings in the bench server\n\n"
        } else {
            text += "linter: not run (\(report.linter.reason ?? "no reason given"))\n\n"
        }
        text += verifyTable(report.pairs)
        text += "\n"
        for outcome in report.pairs {
            let again = outcome.attempts > 1 ? " (second run)" : ""
            text += "\(outcome.passes ? "pass" : "FAIL")  \(outcome.pair.id) (\(outcome.pair.hazard.rule)): "
                + "lint \(outcome.lint.label); effect \(outcome.effect.passes ? "pass" : "FAIL"): \(outcome.effect.summary)\(again)\n"
            if !outcome.passes {
                for result in [outcome.hazard, outcome.fixed].compactMap({ $0 }) {
                    if let note = result.probeNote { text += "      \(result.route): \(note)\n" }
                }
            }
        }
        text += "\n\(report.passed) of \(report.pairs.count) pairs pass (\(String(format: "%.0f", report.seconds)) s)\n"
        return text
    }

    static func metricName(_ metric: BenchManifest.Effect.Metric) -> String {
        switch metric {
        case .loopDelayP99: return "loop p99"
        case .latencyP99: return "latency p99"
        case .heapGrowth: return "heap growth"
        }
    }
}

/// Routes of two reports put side by side: by name, or by position when no name is shared (a
/// hazardous route against its differently named fixed twin).
public struct BenchComparison: Sendable {
    public struct Row: Sendable {
        public var before: RouteResult
        public var after: RouteResult
        public var label: String
    }

    public var rows: [Row]
    public var unmatched: [String]

    public init(before: BenchReport, after: BenchReport) {
        let shared = before.routes.filter { b in after.routes.contains { $0.route == b.route } }
        var rows: [Row] = []
        var unmatched: [String] = []
        if shared.isEmpty {
            for (b, a) in zip(before.routes, after.routes) {
                let label = a.route.hasPrefix(b.route) && a.route != b.route
                    ? "\(b.route) → …\(a.route.dropFirst(b.route.count))" : "\(b.route) → \(a.route)"
                rows.append(Row(before: b, after: a, label: label))
            }
            unmatched = before.routes.dropFirst(rows.count).map(\.route) + after.routes.dropFirst(rows.count).map(\.route)
        } else {
            for b in before.routes {
                if let a = after.route(named: b.route) {
                    rows.append(Row(before: b, after: a, label: b.route))
                } else {
                    unmatched.append(b.route)
                }
            }
            unmatched += after.routes.filter { a in before.route(named: a.route) == nil }.map(\.route)
        }
        self.rows = rows
        self.unmatched = unmatched
    }

    public func text() -> String {
        var table = TextTable(header: ["route", "metric", "before", "after", "change"], leftColumns: 2)
        for row in rows {
            let b = row.before, a = row.after
            var metrics: [(String, String, String, String)] = [
                ("req/s", String(format: "%.1f", b.requestsPerSecond), String(format: "%.1f", a.requestsPerSecond),
                 ratio(a.requestsPerSecond, b.requestsPerSecond)),
                ("latency p50 ms", formatMs(b.latency.p50), formatMs(a.latency.p50), ratio(a.latency.p50, b.latency.p50)),
                ("latency p99 ms", formatMs(b.latency.p99), formatMs(a.latency.p99), ratio(a.latency.p99, b.latency.p99)),
            ]
            if let bl = b.loopDelay, let al = a.loopDelay {
                metrics.append(("loop delay p50 ms", formatMs(bl.p50), formatMs(al.p50), ratio(al.p50, bl.p50)))
                metrics.append(("loop delay p99 ms", formatMs(bl.p99), formatMs(al.p99), ratio(al.p99, bl.p99)))
                metrics.append(("loop delay max ms", formatMs(bl.max), formatMs(al.max), ratio(al.max, bl.max)))
            }
            if let bu = b.utilization, let au = a.utilization {
                metrics.append(("loop utilization", String(format: "%.2f", bu), String(format: "%.2f", au), ""))
            }
            if let bh = b.heap, let ah = a.heap {
                metrics.append(("heap per 10k req", formatBytes(bh.growthPer10kRequests), formatBytes(ah.growthPer10kRequests), ""))
            }
            metrics.append(("errors", String(b.errors), String(a.errors), ""))
            for (i, m) in metrics.enumerated() {
                table.rows.append([i == 0 ? row.label : "", m.0, m.1, m.2, m.3])
            }
        }
        var out = table.render()
        if !unmatched.isEmpty { out += "\nin one report only: " + unmatched.joined(separator: ", ") + "\n" }
        return out
    }

    /// "x0.25" style factor after/before; empty when before is zero.
    func ratio(_ after: Double, _ before: Double) -> String {
        guard before > 0 else { return "" }
        return String(format: "x%.2f", after / before)
    }
}
