// `--format text`: one block per finding with a code frame and a caret line, then scan errors and a
// summary line. Colour (ANSI) only when the caller says so: on a TTY and never with NO_COLOR.
//
//   blocking/fs-sync: fs.readFileSync blocks the event loop
//    --> express.js:4:12
//     |
//   4 |   res.send(fs.readFileSync(`users/${req.params.id}.json`))
//     |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
//     = help: use fs.promises.readFile

import Diagnostics

public struct TextReporter: Sendable {
    public var color: Bool
    /// Lines longer than this many characters are shown as a window around the finding.
    public var maxLineWidth: Int = 160

    public init(color: Bool) { self.color = color }

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
        out += summaryLine(report) + "\n"
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

    enum Color: Int { case red = 31, yellow = 33, blue = 34, cyan = 36 }

    func severityColor(_ s: Severity) -> Color {
        switch s {
        case .error: return .red
        case .warning: return .yellow
        case .note: return .cyan
        }
    }

    func paint(_ text: String, _ c: Color, bold: Bool = false) -> String {
        guard color else { return text }
        return "\u{1B}[\(bold ? "1;" : "")\(c.rawValue)m" + text + "\u{1B}[0m"
    }
}
