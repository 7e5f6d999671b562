// `--format github`: GitHub Actions workflow commands, one annotation per finding and per error. Paths
// are relative to the repository root when the caller gives it (annotations resolve from there).
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions

import Diagnostics
import Foundation

public enum GitHubReporter {
    public static func render(_ report: LintReport, sourceRoot: SourceRoot? = nil) -> String {
        let path = { (file: String) in sourceRoot?.display(file) ?? file }
        var out = ""
        for f in report.findings {
            let level: String
            switch f.severity {
            case .error: level = "error"
            case .warning: level = "warning"
            case .note: level = "notice"
            }
            var message = f.message
            if let fix = f.fix, !fix.description.isEmpty { message += "\nhelp: " + fix.description }
            out += "::\(level) file=\(property(path(f.file))),line=\(f.line),col=\(f.column)"
            out += ",endLine=\(f.endLine),endColumn=\(f.endColumn),title=\(property(f.ruleId.rawValue))"
            out += "::\(data(message))\n"
        }
        for e in report.errors {
            out += "::error file=\(property(path(e.file)))"
            if let line = e.line { out += ",line=\(line)" }
            if let column = e.column { out += ",col=\(column)" }
            out += ",title=looplint::\(data(e.message))\n"
        }
        return out
    }

    static func data(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    static func property(_ s: String) -> String {
        data(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

