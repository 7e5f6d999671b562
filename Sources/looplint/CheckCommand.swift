// `looplint check`: discover, lint, report, and exit 0 (clean), 1 (findings at or above --fail-on) or
// 2 (usage, configuration or internal error), as CLI-CONTRACT.md says.

import ArgumentParser
import Diagnostics
import Foundation
import LintEngine
import Reporting
import Rules

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Scan files and folders for event-loop hazards."
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif, github
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

    @Option(help: "text, json, sarif or github.")
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

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding is at or above: error, warning, note or never.")
    var failOn: FailOn = .warning

    @Option(help: "Threads to use (default: number of cores).")
    var jobs: Int?

    @Flag(help: "Scan only the content staged in git (for pre-commit hooks).")
    var staged = false

    @Flag(name: .customLong("no-timing"), help: "Report durationMs as 0, so reports of the same input are byte-identical.")
    var noTiming = false

    @Flag(name: .customLong("all-contexts"),
          help: "Report in every file: tests, tooling, examples, browser and generated code too (skipped by default).")
    var allContexts = false

    @Flag(help: "Print where the time goes (wall-clock stages, then time per phase and rule family summed over threads) to standard error; the JSON summary gets a timings object.")
    var timings = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
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
        let discoveryStart = DispatchTime.now().uptimeNanoseconds
        let discovery: Discovery
        if staged {
            discovery = try StagedFiles.discover(paths: paths, config: lintConfig)
        } else {
            discovery = try FileDiscovery(config: lintConfig).discover(scanPaths)
        }
        let discoveryMs = Double((DispatchTime.now().uptimeNanoseconds - discoveryStart) / 100_000) / 10
        let options = LintOptions(config: lintConfig, selection: selection,
                                  jobs: jobs ?? ParallelMap.defaultJobs, baseline: base, allContexts: allContexts,
                                  timings: timings)
        var result = RuleRegistry.linter(options).run(discovery)
        if noTiming { result.report.summary.durationMs = 0 }
        result.report.summary.timings?.stages.insert(PhaseTiming(name: "discovery", ms: discoveryMs), at: 0)
        let renderStart = DispatchTime.now().uptimeNanoseconds
        let text = render(result)
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
        if result.report.hasFindings(atOrAbove: failOn.threshold) { throw ExitCode(1) }
    }

    func loadConfig(firstPath: String) throws -> LintConfig {
        if let config { return try LintConfig.load(path: config) }
        let start = FileDiscovery.absolute(firstPath)
        if let found = LintConfig.find(from: start) { return try LintConfig.load(path: found) }
        return LintConfig()
    }

    func render(_ result: LintResult) -> String {
        let report = result.report
        switch format {
        case .json: return JSONReporter.render(report)
        case .sarif: return SARIFReporter.render(report, rules: RuleCatalog.descriptors)
        case .github: return GitHubReporter.render(report)
        case .text:
            return TextReporter(color: CheckCommand.useColor(writingToFile: output != nil)).render(report, excerpts: result.excerpts)
        }
    }

    static func useColor(writingToFile: Bool) -> Bool {
        if writingToFile { return false }
        if let v = ProcessInfo.processInfo.environment["NO_COLOR"], !v.isEmpty { return false }
        return isatty(STDOUT_FILENO) != 0
    }

    static func list(_ value: String?) -> [String] {
        guard let value else { return [] }
        return value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
