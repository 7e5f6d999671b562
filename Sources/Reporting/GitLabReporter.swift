// `--format gitlab`: a GitLab Code Quality report, the subset of Code Climate's issue format that GitLab
// reads from a job's `artifacts: reports: codequality:` file and shows in merge requests.
// https://docs.gitlab.com/ci/testing/code_quality/ ("Implement a custom tool")
//
// A JSON array with one object per finding: `description` (the message), `check_name` (the rule id),
// `fingerprint` (the finding's code fingerprint, unique in a report, stable across unrelated edits so a
// merge request shows only what it introduced), `severity` (note -> info, warning -> minor, error ->
// major) and `location.path` (from the repository root) with `location.lines.begin` and `end`. Code
// Climate's `type` and `categories` (Security for rules tagged `security`, else Performance) come along
// for other readers of the format. A file that could not be
// scanned is an `info` issue named `looplint/scan-error`.

import Diagnostics

public enum GitLabReporter {
    public static let scanErrorCheck: RuleID = "looplint/scan-error"

    /// `rules` tells which rules are security rules (tag `security`); `sourceRoot` where paths start.
    public static func render(_ report: LintReport, rules: [RuleDescriptor] = [], sourceRoot: SourceRoot? = nil) -> String {
        let path = { (file: String) in sourceRoot?.display(file) ?? Fingerprint.normalizedPath(file) }
        let security = Set(rules.filter { $0.tags.contains("security") }.map(\.id))
        var issues: [JSONValue] = report.findings.map { f in
            var description = f.message
            if let fix = f.fix, !fix.description.isEmpty { description += " (help: \(fix.description))" }
            return issue(check: f.ruleId, description: description, fingerprint: f.fingerprint,
                         severity: severity(f.severity), categories: [security.contains(f.ruleId) ? "Security" : "Performance"],
                         path: path(f.file), begin: f.line, end: f.endLine)
        }
        var seen: [String: Int] = [:]
        for e in report.errors {
            let base = Fingerprint.make(ruleId: scanErrorCheck, file: e.file, code: e.message, occurrence: 0)
            let n = seen[base, default: 0]
            seen[base] = n + 1
            issues.append(issue(check: scanErrorCheck, description: "looplint could not scan this file: \(e.message)",
                                fingerprint: n == 0 ? base : Fingerprint.numbered(base, occurrence: n),
                                severity: "info", categories: ["Bug Risk"], path: path(e.file),
                                begin: max(1, e.line ?? 1), end: nil))
        }
        return JSONValue.array(issues).rendered()
    }

    static func issue(check: RuleID, description: String, fingerprint: String, severity: String,
                      categories: [String], path: String, begin: Int, end: Int?) -> JSONValue
    {
        var lines: [(String, JSONValue)] = [("begin", .int(begin))]
        if let end, end > begin { lines.append(("end", .int(end))) }
        return .object([
            ("type", .string("issue")),
            ("check_name", .string(check.rawValue)),
            ("description", .string(description)),
            ("categories", .array(categories.map { .string($0) })),
            ("severity", .string(severity)),
            ("fingerprint", .string(fingerprint)),
            ("location", .object([("path", .string(path)), ("lines", .object(lines))])),
        ])
    }

    /// GitLab's scale is info, minor, major, critical, blocker; looplint's three levels take the lower three,
    /// so a merge request widget never ranks a finding as blocking a release by itself.
    static func severity(_ s: Severity) -> String {
        switch s {
        case .note: return "info"
        case .warning: return "minor"
        case .error: return "major"
        }
    }
}
