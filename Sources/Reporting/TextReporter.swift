// `--format text`: one block per finding with a code frame and a caret line, then scan errors and a
// summary line. On a terminal the caller also asks for colour (ANSI, through Rainbow; the caller decides
// from --color, NO_COLOR and whether the output is a terminal) and for a closing summary per rule.
//
//   blocking/fs-sync: fs.readFileSync blocks the event loop
//    --> express.js:4:12
//     |
//   4 |   res.send(fs.readFileSync(`users/${req.params.id}.json`))
//     |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
//     = help: use fs.promises.readFile

import Diagnostics
import Rainbow

public struct TextReporter: Sendable {
    public var color: Bool
    /// A table of findings per rule before the summary line (on a terminal, where a long report scrolls by).
    public var ruleSummary: Bool
    /// Lines longer than this many characters are shown as a window around the finding.
    public var maxLineWidth: Int = 160

    public init(color: Bool, ruleSummary: Bool = false) {
        self.color = color
        self.ruleSummary = ruleSummary
    }

    public func render(_ report: LintReport, excerpts: SourceExcerpts) -> String {
        var out = ""
        for f in report.findings {
            out += renderFinding(f, excerpts: excerpts)
            out += "\n"
        }
        for e in report.errors {
            var place = e.file
            if let line = e.line { place += ":\(line)" + (e.column.map { ":\($0)" } ?? "") }
            out += paint("error", .red, bold: true) + ": " + place + ": " + e.message + "\n"
        }
        if !report.errors.isEmpty { out += "\n" }
        if ruleSummary && !report.findings.isEmpty { out += renderRuleSummary(report) + "\n" }
        out += summaryLine(report) + "\n"
        return out
    }

    /// Findings per rule, most severe first, then most frequent:
    ///
    ///   Findings by rule
    ///     redos/exponential          1 error     1 file
    ///     blocking/fs-sync           3 warnings  2 files
    public func renderRuleSummary(_ report: LintReport) -> String {
        struct Row {
            var id: RuleID
            var counts: [Severity: Int] = [:]
            var files: Set<String> = []
            var worst: Severity = .note
            var total: Int { counts.values.reduce(0, +) }
        }
        var rows: [RuleID: Row] = [:]
        for f in report.findings {
            var row = rows[f.ruleId] ?? Row(id: f.ruleId)
            row.counts[f.severity, default: 0] += 1
            row.files.insert(f.file)
            row.worst = max(row.worst, f.severity)
            rows[f.ruleId] = row
        }
        let sorted = rows.values.sorted {
            ($0.worst, $0.total, $1.id) > ($1.worst, $1.total, $0.id)
        }
        let idWidth = sorted.map(\.id.rawValue.count).max() ?? 0
        let countTexts = sorted.map { row in
            Severity.allCases.reversed().compactMap { s in
                row.counts[s].map { "\($0) \(s.rawValue)\($0 == 1 ? "" : "s")" }
            }.joined(separator: ", ")
        }
        let countWidth = countTexts.map(\.count).max() ?? 0
        var out = paint("Findings by rule", .default, bold: true) + "\n"
        for (row, counts) in zip(sorted, countTexts) {
            let pad = String(repeating: " ", count: idWidth - row.id.rawValue.count)
            let files = row.files.count == 1 ? "1 file" : "\(row.files.count) files"
            out += "  " + paint(row.id.rawValue, severityColor(row.worst)) + pad + "  "
                + counts + String(repeating: " ", count: countWidth - counts.count) + "  " + files + "\n"
        }
        return out
    }

    func renderFinding(_ f: Finding, excerpts: SourceExcerpts) -> String {
        let width = String(f.line).count
        let pad = String(repeating: " ", count: width)
        var out = paint(f.ruleId.rawValue, severityColor(f.severity), bold: true) + ": " + f.message + "\n"
        out += pad + paint("--> ", .blue, bold: true) + "\(f.file):\(f.line):\(f.column)\n"
        if let text = excerpts.line(f.line, of: f.file) {
            let (shown, caretStart, caretLength) = frame(text, column: f.column,
                                                          endColumn: f.endLine == f.line ? f.endColumn : nil)
            out += pad + " " + paint("|", .blue, bold: true) + "\n"
            out += paint(String(f.line), .blue, bold: true) + " " + paint("|", .blue, bold: true)
                + (shown.isEmpty ? "" : " " + shown) + "\n"
            out += pad + " " + paint("|", .blue, bold: true) + " " + caretStart
                + paint(String(repeating: "^", count: caretLength), severityColor(f.severity), bold: true) + "\n"
        }
        for step in f.trace {
            out += pad + " " + paint("=", .blue, bold: true) + " trace: \(step.file):\(step.line):\(step.column) \(step.label)\n"
        }
        if let fix = f.fix, !fix.description.isEmpty {
            out += pad + " " + paint("=", .blue, bold: true) + " " + paint("help", .cyan, bold: true) + ": "
                + fix.description + "\n"
        }
        return out
    }

    /// The shown line, the whitespace before the carets (tabs kept so they line up) and the caret count.
    func frame(_ line: String, column: Int, endColumn: Int?) -> (String, String, Int) {
        // Map UTF-16 columns to Character offsets.
        let chars = Array(line)
        var utf16 = 0
        var startChar = chars.count
        var endChar = chars.count
        let endUnit = endColumn.map { $0 - 1 }
        for (i, c) in chars.enumerated() {
            if utf16 >= column - 1 && startChar == chars.count { startChar = i }
            if let endUnit, utf16 >= endUnit && endChar == chars.count { endChar = i }
            utf16 += c.utf16.count
        }
        if startChar == chars.count && column - 1 < utf16 { startChar = chars.count }
        if endChar < startChar { endChar = startChar }
        var from = 0
        var to = chars.count
        if chars.count > maxLineWidth {
            from = max(0, min(startChar - maxLineWidth / 3, chars.count - maxLineWidth))
            to = min(chars.count, from + maxLineWidth)
        }
        var shown = String(chars[from..<to])
        var prefix = ""
        if from > 0 { shown = "…" + shown; prefix = " " }
        if to < chars.count { shown += "…" }
        let clampedStart = min(max(startChar, from), to)
        for c in chars[from..<clampedStart] { prefix += c == "\t" ? "\t" : " " }
        let clampedEnd = min(max(endChar, clampedStart), to)
        let length = max(1, clampedEnd - clampedStart)
        // Trailing whitespace of an otherwise shown line is noise in golden files.
        while shown.last == " " || shown.last == "\t" { shown.removeLast() }
        return (shown, prefix, length)
    }

    func summaryLine(_ report: LintReport) -> String {
        let files = report.summary.files == 1 ? "1 file" : "\(report.summary.files) files"
        var line: String
        if report.findings.isEmpty {
            line = "No findings in \(files)"
        } else {
            var parts: [String] = []
            for severity in Severity.allCases.reversed() {
                let n = report.findings.filter { $0.severity == severity }.count
                if n > 0 { parts.append("\(n) \(severity.rawValue)\(n == 1 ? "" : "s")") }
            }
            let n = report.findings.count
            line = "\(n) finding\(n == 1 ? "" : "s") (\(parts.joined(separator: ", "))) in \(files)"
        }
        if report.summary.durationMs > 0 { line += " in \(report.summary.durationMs) ms" }
        if !report.errors.isEmpty {
            let n = report.errors.count
            line += "; \(n) file\(n == 1 ? "" : "s") with errors (listed above)"
        }
        return line
    }

    func severityColor(_ s: Severity) -> NamedColor {
        switch s {
        case .error: return .red
        case .warning: return .yellow
        case .note: return .cyan
        }
    }

    func paint(_ text: String, _ c: NamedColor, bold: Bool = false) -> String {
        guard color, !text.isEmpty else { return text }
        TerminalColors.enable()
        var styled = c == .default ? text : text.applyingColor(c)
        if bold { styled = styled.applyingStyle(.bold) }
        return styled
    }
}

/// Rainbow colours a string only when its process-wide switches say the output is a colour terminal, which
/// it guesses from standard output alone. looplint decides itself, per stream (--color, NO_COLOR, the
/// stream a report or progress line goes to), and calls Rainbow only when colour is wanted; so the
/// switches are turned on once, before the first styled string, and never off.
public enum TerminalColors {
    private static let switchedOn: Void = {
        Rainbow.enabled = true
        Rainbow.outputTarget = .console
    }()

    public static func enable() { _ = switchedOn }
}
