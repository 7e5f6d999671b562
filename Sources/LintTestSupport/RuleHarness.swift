// Lints in-memory files or fixture folders with every registered rule, and compares findings with the
// `// expect: RULE` annotations in the sources (`// todo-expect:` marks a known gap and is not checked).

import Diagnostics
import Foundation
import LintEngine
import Reporting
import RuleDocs
import Rules

public enum RuleHarness {
    /// Lints files given as (path, content) without touching the disk.
    public static func lint(_ files: [(path: String, content: String)], config: LintConfig = LintConfig(),
                            select: [String] = [], jobs: Int = 1) -> LintResult
    {
        let candidates = files.map { Candidate(path: $0.path, origin: .staged(Array($0.content.utf8))) }
        let discovery = Discovery(candidates: candidates.sorted { $0.path < $1.path }, errors: [])
        let options = LintOptions(config: config, selection: RuleSelection(select: select), jobs: jobs)
        return RuleRegistry.linter(options).run(discovery)
    }

    /// Lints a folder on disk as `cd folder && looplint check .` would (paths relative to the folder;
    /// a looplint.yml in the folder applies).
    public static func lint(folder: String, jobs: Int = 1) throws -> LintResult {
        let config = try folderConfig(folder)
        let discovery = try FileDiscovery(config: config).discover(["."], cwd: folder)
        return RuleRegistry.linter(LintOptions(config: config, jobs: jobs)).run(discovery)
    }

    /// The files `lint(folder:)` lints, relative to the folder, sorted: looplint.yml's `ignore:` and
    /// .gitignore files applied (expected fixed files, `*.fixed.js`, are ignored that way).
    public static func lintedFiles(folder: String) throws -> [String] {
        try FileDiscovery(config: try folderConfig(folder)).discover(["."], cwd: folder).candidates.map(\.path).sorted()
    }

    /// The folder's looplint.yml, or the default config.
    public static func folderConfig(_ folder: String) throws -> LintConfig {
        let configPath = folder + "/" + LintConfig.fileName
        return FileManager.default.fileExists(atPath: configPath) ? try LintConfig.load(path: configPath) : LintConfig()
    }

    /// "file:line rule" for each `// expect:` annotation of the given sources.
    public static func expectations(path: String, content: String) -> [String] {
        var out: [String] = []
        for (i, line) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for rule in RulePage.annotations(in: String(line), marker: "// expect:") {
                out.append("\(path):\(i + 1) \(rule)")
            }
        }
        return out
    }

    /// "file:line rule" for each finding.
    public static func actual(_ report: LintReport) -> [String] {
        report.findings.map { "\($0.file):\($0.line) \($0.ruleId.rawValue)" }
    }

    /// Text report without colour, as the snapshots hold it (duration removed).
    public static func text(_ result: LintResult) -> String {
        var report = result.report
        report.summary.durationMs = 0
        return TextReporter(color: false).render(report, excerpts: result.excerpts)
    }

    /// JSON report (with traces), as `expected.json` snapshots hold it (duration removed).
    public static func json(_ result: LintResult) -> String {
        var report = result.report
        report.summary.durationMs = 0
        return JSONReporter.render(report)
    }
}
