// `looplint check`: discover, lint, report, and exit 0 (clean), 1 (findings at or above --fail-on) or
// 2 (usage, configuration or internal error), as CLI-CONTRACT.md says.

import ArgumentParser
import Diagnostics
import Foundation
import LintEngine
import Reporting
import Rules

extension ColorMode: ExpressibleByArgument {}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Scan files and folders for event-loop hazards."
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif, github, gitlab
    }

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case error, warning, note, never
        var threshold: Severity? {
            switch self {
            case .error: return .error
            case .warning: return .warning
            case .note: return .note
            case .never: return nil
            }
        }
    }

    @Argument(help: "Files and folders to scan (default: .).")
    var paths: [String] = []

    @Option(help: "Report format (github: workflow annotations; gitlab: a Code Quality report).")
    var format: OutputFormat = .text

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(help: "looplint.yml to use (default: found upward from the first PATH).")
    var config: String?

    @Option(help: "Only these rules or categories (comma-separated).")
    var select: String?

    @Option(help: "All rules but these rules or categories (comma-separated).")
    var ignore: String?

    @Option(help: "Report only findings that are not in this earlier JSON report.")
    var baseline: String?

    @Option(name: .customLong("fail-on"),
            help: "Exit 1 when a finding is at or above: error, warning, note or never (default: warning).")
    var failOn: FailOn?

    @Option(name: .customLong("max-warnings"),
            help: ArgumentHelp("Exit 1 when there are more than N warnings, whatever --fail-on says.",
                               discussion: "Given without --fail-on, warnings fail only past N (--fail-on error for the rest).",
                               valueName: "n"))
    var maxWarnings: Int?

    @Option(help: "Threads to use (default: number of cores).")
    var jobs: Int?

    @Flag(help: "Scan only the content staged in git (for pre-commit hooks).")
    var staged = false

    @Option(help: ArgumentHelp("Colour in text output.", discussion: "auto: on a terminal, unless NO_COLOR is set.",
                               valueName: "when"))
    var color: ColorMode = .auto

    @Flag(name: .customLong("no-timing"), help: "Report durationMs as 0, so reports of the same input are byte-identical.")
    var noTiming = false

    @Option(name: .customLong("source-root"),
            help: ArgumentHelp("Folder that paths in sarif, github and gitlab reports are relative to.",
                               discussion: "Default: the git work tree holding the current folder, else the current folder.",
                               valueName: "dir"))
    var sourceRoot: String?

    @Flag(name: .customLong("all-contexts"),
          help: "Report in every file: tests, tooling, examples, browser and generated code too (skipped by default).")
    var allContexts = false

    @Flag(help: "Print where the time goes (wall-clock stages, then time per phase and rule family summed over threads) to standard error; the JSON summary gets a timings object.")
    var timings = false

    @Flag(help: ArgumentHelp("Apply the fixes of rules whose page says 'Autofix: safe', then report what remains.",
                             discussion: "A fix is kept only when the fixed file parses and the finding is gone; the others are listed on standard error."))
    var fix = false

    @Flag(name: .customLong("unsafe-fixes"),
          help: "With --fix or --fix-dry-run, also apply the fixes of rules whose page says 'Autofix: unsafe' (they may change what the code does).")
    var unsafeFixes = false

    @Flag(name: .customLong("fix-dry-run"),
          help: "Print the fixes --fix would apply as a unified diff, and change nothing.")
    var fixDryRun = false

    @Flag(name: .customLong("no-cache"),
          help: "Lint everything afresh, and neither read nor write the cache across runs.")
    var noCache = false

    @Option(name: .customLong("cache-dir"),
            help: ArgumentHelp("Folder of the cache across runs.",
                               discussion: "Default: node_modules/.cache/looplint at the project root (the folder of looplint.yml, else the first PATH) when it has node_modules, else .looplint-cache there. Never scanned.",
                               valueName: "dir"))
    var cacheDir: String?

    func validate() throws {
        if fix && fixDryRun { throw ValidationError("--fix and --fix-dry-run cannot be combined") }
        if unsafeFixes && !(fix || fixDryRun) { throw ValidationError("--unsafe-fixes goes with --fix or --fix-dry-run") }
        if (fix || fixDryRun) && staged { throw ValidationError("--fix cannot be combined with --staged (it fixes files on disk)") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let maxWarnings, maxWarnings < 0 { throw ValidationError("--max-warnings must be 0 or more") }
        if noCache && cacheDir != nil { throw ValidationError("--no-cache and --cache-dir cannot be combined") }
    }

    func run() throws {
        let scanPaths = paths.isEmpty ? ["."] : paths
        let lintConfig = try loadConfig(firstPath: scanPaths[0])
        let selection = RuleSelection(select: CheckCommand.list(select), ignore: CheckCommand.list(ignore))
        let unknown = selection.unknownSelectors(knownIDs: RuleRegistry.ids)
        if !unknown.isEmpty {
            throw ValidationError("unknown rule or category: \(unknown.joined(separator: ", ")) (see `looplint rules`)")
        }
        let base = try baseline.map { try Baseline.load(path: $0) }
        // A person at a terminal gets a progress line (after a second), colours and a summary per rule.
        let interactive = format == .text && output == nil && Terminal.isTerminal(STDOUT_FILENO)
        let progress = interactive && Terminal.isTerminal(STDERR_FILENO)
            ? ProgressLine(color: color.enabled(for: STDERR_FILENO)) : nil
        defer { progress?.finish() }
        let discoveryStart = DispatchTime.now().uptimeNanoseconds
        // Staged content and fixes are linted afresh: the first is not what is on disk, the second
        // re-lints the project it changes.
        let cache = noCache || staged || fix || fixDryRun ? nil : ScanCache(directory: cacheDirectory(lintConfig, scanPaths))
        let discovery: Discovery
        if staged {
            discovery = try StagedFiles.discover(paths: paths, config: lintConfig)
        } else {
            var walker = FileDiscovery(config: lintConfig, skippedPaths: cache.map { [$0.directory] } ?? [])
            walker.jobs = jobs ?? ParallelMap.defaultJobs
            discovery = try walker.discover(scanPaths)
        }
        let discoveryMs = Double((DispatchTime.now().uptimeNanoseconds - discoveryStart) / 100_000) / 10
        var options = LintOptions(config: lintConfig, selection: selection,
                                  jobs: jobs ?? ParallelMap.defaultJobs, baseline: base, allContexts: allContexts,
                                  timings: timings)
        // the result is kept until the process ends (`lastResult`), its analyses with it
        options.keepsAnalyses = true
        let linter = RuleRegistry.linter(options)
        var result = cache.map { $0.lint(linter, discovery: discovery, paths: scanPaths, progress: progress?.handler).result }
            ?? linter.run(discovery, progress: progress?.handler)
        progress?.finish()
        if fix || fixDryRun {
            let unsafe = unsafeFixes
            let outcome = Fixer(linter: linter, isAutomatic: { RuleCatalog.isAutomaticallyFixable($0, unsafe: unsafe) })
                .fix(discovery, first: result)
            if fixDryRun {
                let diff = outcome.changes.map { UnifiedDiff.render(path: $0.file, old: $0.original, new: $0.fixed) }
                FileHandle.standardOutput.write(Data(diff.joined().utf8))
                FileHandle.standardError.write(Data(CheckCommand.fixSummary(outcome, applied: "would apply", unsafe: unsafe).utf8))
                return
            }
            for change in outcome.changes { try AtomicWrite.save(change.fixed, to: change.absolutePath) }
            FileHandle.standardError.write(Data(CheckCommand.fixSummary(outcome, applied: "applied", unsafe: unsafe).utf8))
            result = outcome.result
        }
        if noTiming { result.report.summary.durationMs = 0 }
        result.report.summary.timings?.stages.insert(PhaseTiming(name: "discovery", ms: discoveryMs), at: 0)
        let renderStart = DispatchTime.now().uptimeNanoseconds
        let text = render(result, interactive: interactive)
        CheckCommand.lastResult = result
        if var t = result.report.summary.timings {
            t.stages.append(PhaseTiming(name: "render", ms: Double((DispatchTime.now().uptimeNanoseconds - renderStart) / 100_000) / 10))
            FileHandle.standardError.write(Data(TimingsReporter.render(t).utf8))
        }
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8)) else {
                throw InputError.output(path: output, reason: "cannot create the file")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if CheckCommand.fails(result.report, failOn: failOn, maxWarnings: maxWarnings) { throw ExitCode(1) }
    }

    /// The last scan's result, kept until the process ends: the exit reclaims its trees at once, where
    /// freeing them one by one on return took ~1% of a large scan's time, on one thread.
    nonisolated(unsafe) static var lastResult: LintResult?

    /// One line per fix kept or refused, for standard error.
    static func fixSummary(_ outcome: FixOutcome, applied verb: String, unsafe: Bool) -> String {
        var out = ""
        let done = verb == "applied" ? "fixed" : "would fix"
        for e in outcome.applied { out += "\(done): \(e.file):\(e.line):\(e.column) \(e.ruleId)\n" }
        for e in outcome.refused { out += "not fixed: \(e.file):\(e.line):\(e.column) \(e.ruleId): \(e.note)\n" }
        let files = outcome.changes.count
        out += "looplint: \(verb) \(outcome.applied.count) fix\(outcome.applied.count == 1 ? "" : "es") in \(files) "
            + "file\(files == 1 ? "" : "s")"
        if !outcome.refused.isEmpty { out += "; refused \(outcome.refused.count)" }
        out += "\n"
        // Ruff's habit: say how many fixes wait behind --unsafe-fixes.
        let waiting = outcome.result.report.findings.filter { f in
            !(f.fix?.edits.isEmpty ?? true) && RuleCatalog.entry(for: f.ruleId)?.autofix == .unsafe
        }.count
        if !unsafe && waiting > 0 {
            out += "looplint: \(waiting) more fix\(waiting == 1 ? " is" : "es are") unsafe (they may change what the code does); "
                + "review them with --fix-dry-run --unsafe-fixes, apply them with --fix --unsafe-fixes\n"
        }
        return out
    }

    /// Exit 1 for a finding at or above `--fail-on`, or for more than `--max-warnings` warnings. With
    /// `--max-warnings` and no `--fail-on`, warnings count against the budget instead of failing one by one
    /// (ESLint's meaning), so the threshold becomes `error`.
    static func fails(_ report: LintReport, failOn: FailOn?, maxWarnings: Int?) -> Bool {
        let threshold = (failOn ?? (maxWarnings == nil ? .warning : .error)).threshold
        if report.hasFindings(atOrAbove: threshold) { return true }
        guard let maxWarnings else { return false }
        return report.findings.lazy.filter { $0.severity == .warning }.count > maxWarnings
    }

    /// `--cache-dir`, else the default folder at the project root: looplint.yml's folder, else the first
    /// PATH (its folder when it is a file).
    func cacheDirectory(_ config: LintConfig, _ scanPaths: [String]) -> String {
        if let cacheDir { return FileDiscovery.absolute(cacheDir) }
        if let base = config.baseDirectory {
            return ScanCache.defaultDirectory(projectRoot: FileDiscovery.absolute(base.isEmpty ? "." : base))
        }
        var root = FileDiscovery.absolute(scanPaths[0])
        var isDir: ObjCBool = false
        if !(FileManager.default.fileExists(atPath: root, isDirectory: &isDir) && isDir.boolValue) {
            root = (root as NSString).deletingLastPathComponent
        }
        return ScanCache.defaultDirectory(projectRoot: root)
    }

    func loadConfig(firstPath: String) throws -> LintConfig {
        if let config { return try LintConfig.load(path: config) }
        let start = FileDiscovery.absolute(firstPath)
        if let found = LintConfig.find(from: start) { return try LintConfig.load(path: found) }
        return LintConfig()
    }

    func render(_ result: LintResult, interactive: Bool) -> String {
        let report = result.report
        switch format {
        case .json: return JSONReporter.render(report)
        case .sarif: return SARIFReporter.render(report, rules: RuleCatalog.descriptors, sourceRoot: resolvedSourceRoot())
        case .github: return GitHubReporter.render(report, sourceRoot: resolvedSourceRoot())
        case .gitlab:
            return GitLabReporter.render(report, rules: RuleCatalog.descriptors, sourceRoot: resolvedSourceRoot())
        case .text:
            let colored = output == nil ? color.enabled(for: STDOUT_FILENO) : color == .always
            return TextReporter(color: colored, ruleSummary: interactive).render(report, excerpts: result.excerpts)
        }
    }

    /// `--source-root`, else the git work tree holding the current folder, else the current folder.
    func resolvedSourceRoot() -> SourceRoot {
        let cwd = FileManager.default.currentDirectoryPath
        let given = sourceRoot.map { URL(fileURLWithPath: FileDiscovery.absolute($0)).resolvingSymlinksInPath().path }
        let root = given ?? CheckCommand.gitWorkTree(containing: cwd) ?? cwd
        return SourceRoot(root: root, workingDirectory: cwd)
    }

    /// The nearest folder at or above `dir` with a `.git` entry (a folder, or a file in worktrees and submodules).
    static func gitWorkTree(containing dir: String) -> String? {
        var url = URL(fileURLWithPath: dir).standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent(".git").path) { return url.path }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }

    static func list(_ value: String?) -> [String] {
        guard let value else { return [] }
        return value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
