import Diagnostics
import Foundation
import LintTestSupport
import Reporting
import Testing

/// Golden files for every format, from a hand-made report (no parser involved).
@Suite struct ReporterTests {
    static let report: LintReport = {
        let findings = [
            Finding(ruleId: "blocking/fs-sync", severity: .warning, file: "src/routes/users.js",
                    line: 14, column: 17, endLine: 14, endColumn: 48,
                    message: "fs.readFileSync blocks the event loop on the path of GET /users",
                    trace: [TraceStep(file: "src/app.js", line: 9, column: 1, label: "handler GET /users"),
                            TraceStep(file: "src/routes/users.js", line: 14, column: 17, label: "fs.readFileSync")],
                    fix: Fix(description: "use fs.promises.readFile"),
                    fingerprint: Fingerprint.make(ruleId: "blocking/fs-sync", file: "src/routes/users.js",
                                                  code: "const data = fs.readFileSync(path.join(dir, id))", occurrence: 0)),
            Finding(ruleId: "redos/exponential", severity: .error, file: "src/validate me.ts",
                    line: 3, column: 15, endLine: 3, endColumn: 25,
                    message: "regex /(a+)+$/ backtracks exponentially on \"aaaa…!\"",
                    evidence: ["complexity": "exponential",
                               "attack": .object(["prefix": "", "pump": "a", "suffix": "!"]),
                               "confirmed": true, "steps": .array([120, 2_400, 48_000])],
                    fix: Fix(description: "remove the nested quantifier",
                             edits: [TextEdit(line: 3, column: 16, endLine: 3, endColumn: 23, text: "a+$")]),
                    fingerprint: "00000000000000aa"),
            Finding(ruleId: "serial-await/sequential", severity: .note, file: "src/routes/users.js",
                    line: 20, column: 3, endLine: 21, endColumn: 5,
                    message: "await getFeed(id) waits for an unrelated earlier await",
                    fingerprint: "00000000000000bb"),
        ]
        let errors = [ScanError(file: "bad.js", line: 3, column: 7, message: "Unexpected token '}'"),
                      ScanError(file: "huge.min.js", message: "file is too large to analyse (20.0 MB, limit 4.0 MB)")]
        return LintReport(files: 12, findings: findings, errors: errors, durationMs: 0)
    }()

    static let excerpts: SourceExcerpts = {
        var e = SourceExcerpts()
        e.set(file: "src/routes/users.js", line: 14, text: "  const data = fs.readFileSync(path.join(dir, id))")
        e.set(file: "src/routes/users.js", line: 20, text: "\tconst feed = await getFeed(id)")
        e.set(file: "src/validate me.ts", line: 3, text: "const émoji = /(a+)+$/.test(s) // 😀")
        return e
    }()

    static let rules = [
        RuleDescriptor(id: "blocking/fs-sync", category: "blocking", defaultSeverity: .warning,
                       summary: "Synchronous fs call blocks the event loop", fixDescription: "use fs.promises",
                       helpMarkdown: "# blocking/fs-sync\n\nExplains why.\n", precision: "high"),
        RuleDescriptor(id: "redos/exponential", category: "redos", defaultSeverity: .error,
                       summary: "Regex with exponential backtracking", fixDescription: "rewrite",
                       helpMarkdown: "# redos/exponential\n", tags: ["redos", "security"], securitySeverity: "7.5"),
    ]

    static let root = SourceRoot(root: "/home/dev/project", workingDirectory: "/home/dev/project")

    func golden(_ name: String) -> String { RepoPaths.path("fixtures/reporting/\(name)") }

    @Test func text() {
        let out = TextReporter(color: false).render(Self.report, excerpts: Self.excerpts)
        let problem = Snapshot.check(out, against: golden("handmade.txt"))
        #expect(problem == nil, "\(problem ?? "")")
        #expect(!out.contains("\u{1B}["))
    }

    @Test func textInColourHasEscapesAndSameWords() {
        let plain = TextReporter(color: false).render(Self.report, excerpts: Self.excerpts)
        let coloured = TextReporter(color: true).render(Self.report, excerpts: Self.excerpts)
        #expect(coloured.contains("\u{1B}["))
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(stripped == plain)
    }

    @Test func json() throws {
        let out = JSONReporter.render(Self.report)
        let problem = Snapshot.check(out, against: golden("handmade.json"))
        #expect(problem == nil, "\(problem ?? "")")
        // It is the Codable report: decoding gives back the same value.
        let decoded = try JSONDecoder().decode(LintReport.self, from: Data(out.utf8))
        #expect(decoded == Self.report)
    }

    /// Strings that need escapes (quotes, backslashes, control characters, U+2028/U+2029, DEL) and strings
    /// that need none (ASCII, accents, emoji, the byte 0xE2 of other characters) come back unchanged.
    @Test func jsonEscapesOnlyWhatMustBe() throws {
        let messages = ["plain ascii", "quote \" and \\ backslash", "line\nbreak\ttab\r", "ctl \u{01}\u{1F} del \u{7F}",
                        "sep \u{2028} and \u{2029}", "é and 😀 and – dash (E2 80 93)", ""]
        var findings: [Finding] = []
        for (i, m) in messages.enumerated() {
            findings.append(Finding(ruleId: "blocking/fs-sync", severity: .warning, file: "f\(i).js", line: 1, column: 1,
                                    endLine: 1, endColumn: 2, message: m, trace: [], fix: nil,
                                    fingerprint: Fingerprint.make(ruleId: "blocking/fs-sync", file: "f\(i).js", code: m, occurrence: 0)))
        }
        let report = LintReport(files: messages.count, findings: findings, errors: [], durationMs: 1)
        let out = JSONReporter.render(report)
        let decoded = try JSONDecoder().decode(LintReport.self, from: Data(out.utf8))
        #expect(decoded.findings.sorted { $0.file < $1.file }.map(\.message) == messages)
        #expect(out.contains("sep \\u2028 and \\u2029"))
        #expect(out.contains("ctl \\u0001\\u001f del \\u007f"))
        #expect(out.contains("é and 😀 and – dash"))
    }

    @Test func sarif() throws {
        let out = SARIFReporter.render(Self.report, rules: Self.rules, sourceRoot: Self.root)
        let problem = Snapshot.check(out, against: golden("handmade.sarif"))
        #expect(problem == nil, "\(problem ?? "")")
        let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        #expect(object?["version"] as? String == "2.1.0")
        #expect(out.contains("\"uri\": \"src/validate%20me.ts\""))
        #expect(out.contains("\"uriBaseId\": \"%SRCROOT%\""))
        #expect(out.contains("\"codeFlows\""))
        let run = try #require((object?["runs"] as? [[String: Any]])?.first)
        let base = (run["originalUriBaseIds"] as? [String: Any])?["%SRCROOT%"] as? [String: Any]
        #expect(base?["uri"] as? String == "file:///home/dev/project/")
        let rules = ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]] ?? []
        let properties = rules.map { $0["properties"] as? [String: Any] ?? [:] }
        // The third rule is not in the catalog given: it gets a descriptor from its findings.
        #expect(properties.map { $0["precision"] as? String } == ["high", "medium", "medium"], "unknown precision is medium")
        #expect(properties.map { $0["tags"] as? [String] ?? [] } == [["blocking"], ["redos", "security"], ["serial-await"]])
        #expect(properties.map { $0["security-severity"] as? String } == [nil, "7.5", nil])
        #expect(rules.prefix(2).allSatisfy { (($0["help"] as? [String: Any])?["markdown"] as? String)?.hasPrefix("# ") == true })
    }

    @Test func sourceRootMapsPaths() {
        let r = SourceRoot(root: "/repo", workingDirectory: "/repo/services/api")
        #expect(r.relative("src/a.js") == "services/api/src/a.js")
        #expect(r.relative("./src/../b.js") == "services/api/b.js")
        #expect(r.relative("../web/b.js") == "services/web/b.js")
        #expect(r.relative("/repo/c.js") == "c.js")
        #expect(r.relative("/repository/c.js") == nil, "a sibling folder sharing the prefix is outside")
        #expect(r.relative("../../../elsewhere.js") == nil)
        #expect(r.display("../../../elsewhere.js") == "/elsewhere.js")
        #expect(r.rootURI == "file:///repo/")
        #expect(SourceRoot(root: "/my repo/", workingDirectory: "/my repo").rootURI == "file:///my%20repo/")
        let sarif = SARIFReporter.render(Self.report, rules: Self.rules, sourceRoot: r)
        #expect(sarif.contains("\"uri\": \"services/api/src/routes/users.js\""))
        let github = GitHubReporter.render(Self.report, sourceRoot: r)
        #expect(github.contains("file=services/api/src/routes/users.js,"))
    }

    @Test func github() {
        let out = GitHubReporter.render(Self.report, sourceRoot: Self.root)
        let problem = Snapshot.check(out, against: golden("handmade.github"))
        #expect(problem == nil, "\(problem ?? "")")
        #expect(out.split(separator: "\n").count == 5)
    }

    @Test func gitlab() throws {
        let out = GitLabReporter.render(Self.report, rules: Self.rules, sourceRoot: Self.root)
        let problem = Snapshot.check(out, against: golden("handmade.gitlab"))
        #expect(problem == nil, "\(problem ?? "")")
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]])
        #expect(issues.count == 5, "three findings and two files that could not be scanned")
        #expect(issues.map { $0["severity"] as? String } == ["minor", "info", "major", "info", "info"])
        #expect(issues.map { $0["check_name"] as? String }.prefix(3)
                == ["blocking/fs-sync", "serial-await/sequential", "redos/exponential"])
        #expect(issues.map { ($0["categories"] as? [String])?.first }.prefix(3) == ["Performance", "Performance", "Security"])
        let paths = issues.map { (($0["location"] as? [String: Any])?["path"] as? String) ?? "" }
        #expect(paths == ["src/routes/users.js", "src/routes/users.js", "src/validate me.ts", "bad.js", "huge.min.js"],
                "plain paths, not URIs")
        let lines = issues.map { (($0["location"] as? [String: Any])?["lines"] as? [String: Int]) ?? [:] }
        #expect(lines[1] == ["begin": 20, "end": 21])
        #expect(lines[4] == ["begin": 1], "an error without a line points at line 1")
        #expect(GitLabReporter.render(LintReport(files: 1, findings: [], errors: [], durationMs: 0)) == "[]\n")
    }

    @Test func ruleSummaryOnATerminal() {
        let out = TextReporter(color: false, ruleSummary: true).render(Self.report, excerpts: Self.excerpts)
        let plain = TextReporter(color: false).render(Self.report, excerpts: Self.excerpts)
        let summary = """
        Findings by rule
          redos/exponential        1 error    1 file
          blocking/fs-sync         1 warning  1 file
          serial-await/sequential  1 note     1 file

        """
        #expect(out == plain.replacingOccurrences(of: "3 findings (", with: summary + "\n3 findings ("), "\(out)")
        // More findings of a rule: counted, and files counted apart.
        var findings = Self.report.findings
        findings.append(Finding(ruleId: "blocking/fs-sync", severity: .warning, file: "src/other.js", line: 1, column: 1,
                                endLine: 1, endColumn: 2, message: "m", fingerprint: "00000000000000cc"))
        findings.append(Finding(ruleId: "blocking/fs-sync", severity: .error, file: "src/other.js", line: 2, column: 1,
                                endLine: 2, endColumn: 2, message: "m", fingerprint: "00000000000000dd"))
        let more = LintReport(files: 2, findings: findings, errors: [], durationMs: 0)
        let table = TextReporter(color: false).renderRuleSummary(more)
        #expect(table.split(separator: "\n")[1] == "  blocking/fs-sync         1 error, 2 warnings  2 files", "\(table)")
        // Without findings there is nothing to summarise.
        let empty = LintReport(files: 3, findings: [], errors: [], durationMs: 0)
        #expect(TextReporter(color: true, ruleSummary: true).render(empty, excerpts: SourceExcerpts()) == "No findings in 3 files\n")
        // In colour, the same words.
        let coloured = TextReporter(color: true, ruleSummary: true).render(Self.report, excerpts: Self.excerpts)
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(stripped == out)
    }

    @Test func summaryLineWithoutFindings() {
        let empty = LintReport(files: 3, findings: [], errors: [], durationMs: 0)
        #expect(TextReporter(color: false).render(empty, excerpts: SourceExcerpts()) == "No findings in 3 files\n")
    }

    @Test func longLinesAreWindowed() {
        let long = String(repeating: "a", count: 500) + "fs.readFileSync(x)" + String(repeating: "b", count: 500)
        var e = SourceExcerpts()
        e.set(file: "min.js", line: 1, text: long)
        let f = Finding(ruleId: "blocking/fs-sync", severity: .warning, file: "min.js", line: 1, column: 501,
                        endLine: 1, endColumn: 519, message: "m")
        let out = TextReporter(color: false).render(LintReport(files: 1, findings: [f], errors: [], durationMs: 0), excerpts: e)
        let lines = out.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count < 200 })
        let code = lines.first { $0.hasPrefix("1 |") }.map(String.init) ?? ""
        let caret = lines.first { $0.contains("^") }.map(String.init) ?? ""
        let at = code.firstRange(of: "fs.readFileSync").map { code.distance(from: code.startIndex, to: $0.lowerBound) }
        let caretAt = caret.firstIndex(of: "^").map { caret.distance(from: caret.startIndex, to: $0) }
        #expect(at != nil && at == caretAt)
        #expect(caret.filter { $0 == "^" }.count == 18)
    }
}

/// Skipped, with the missing prerequisite as the reason, where the schema, python3 or jsonschema is
/// missing (CI installs them and fails on any skip).
@Suite struct SARIFSchemaTests {
    static var canValidate: Bool { SARIFSchema.missingPrerequisite == nil }
    static var missing: Comment { Comment(rawValue: SARIFSchema.missingPrerequisite ?? "") }

    @Test(.enabled(if: canValidate, missing))
    func handmadeReportValidates() {
        let out = SARIFReporter.render(ReporterTests.report, rules: ReporterTests.rules, sourceRoot: ReporterTests.root)
        switch SARIFSchema.validate(out) {
        case .valid: break
        case .invalid(let why): Issue.record("SARIF does not validate: \(why)")
        case .unavailable(let reason): Issue.record("SARIF schema validation could not run: \(reason)")
        }
    }

    @Test(.enabled(if: canValidate, missing))
    func validatorRejectsBrokenSARIF() {
        // The validator must be able to fail: a result without a message is not SARIF.
        let broken = #"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "a"}]}]}"#
        switch SARIFSchema.validate(broken) {
        case .invalid: break
        case .valid: Issue.record("a result without message validated")
        case .unavailable(let reason): Issue.record("SARIF schema validation could not run: \(reason)")
        }
    }
}

/// GitLab Code Quality reports against fixtures/reporting/gitlab-codequality.schema.json; skipped, with the
/// missing prerequisite as the reason, where python3 or jsonschema is missing (CI installs them and fails
/// on any skip).
@Suite struct GitLabSchemaTests {
    static var canValidate: Bool { GitLabCodeQualitySchema.missingPrerequisite == nil }
    static var missing: Comment { Comment(rawValue: GitLabCodeQualitySchema.missingPrerequisite ?? "") }

    @Test(.enabled(if: canValidate, missing))
    func handmadeReportValidates() {
        let out = GitLabReporter.render(ReporterTests.report, rules: ReporterTests.rules, sourceRoot: ReporterTests.root)
        switch GitLabCodeQualitySchema.validate(out) {
        case .valid: break
        case .invalid(let why): Issue.record("GitLab report does not validate: \(why)")
        case .unavailable(let reason): Issue.record("GitLab schema validation could not run: \(reason)")
        }
        switch GitLabCodeQualitySchema.validate("[]\n") {
        case .valid: break
        case .invalid(let why): Issue.record("an empty GitLab report does not validate: \(why)")
        case .unavailable(let reason): Issue.record("GitLab schema validation could not run: \(reason)")
        }
    }

    @Test(.enabled(if: canValidate, missing))
    func validatorRejectsBrokenReports() {
        // The validator must be able to fail: a bad severity, an absolute path, no lines, a repeated fingerprint.
        let cases = [
            #"[{"description": "d", "check_name": "c", "fingerprint": "f", "severity": "warning", "location": {"path": "a.js", "lines": {"begin": 1}}}]"#,
            #"[{"description": "d", "check_name": "c", "fingerprint": "f", "severity": "minor", "location": {"path": "/abs/a.js", "lines": {"begin": 1}}}]"#,
            #"[{"description": "d", "check_name": "c", "fingerprint": "f", "severity": "minor", "location": {"path": "a.js"}}]"#,
            #"[{"description": "d", "check_name": "c", "fingerprint": "f", "severity": "minor", "location": {"path": "a.js", "lines": {"begin": 1}}},"#
                + #" {"description": "e", "check_name": "c", "fingerprint": "f", "severity": "minor", "location": {"path": "b.js", "lines": {"begin": 2}}}]"#,
        ]
        for broken in cases {
            switch GitLabCodeQualitySchema.validate(broken) {
            case .invalid: break
            case .valid: Issue.record("validated: \(broken)")
            case .unavailable(let reason): Issue.record("GitLab schema validation could not run: \(reason)")
            }
        }
    }
}
