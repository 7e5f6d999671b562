// The redos rules' project pass decides the candidates of tables modules export and of regexes applied to
// exported functions' parameters (`RegexSites.projectCandidates`). It reads them as the file pass kept them
// (`FileContext.keepForProjectPass`); a file whose file pass the scan cache skipped kept nothing, and the
// project pass finds its candidates again. Both ways must give the same report: here every file but a new
// one is reused from the cache, and the report is the cold run's.

import Foundation
@testable import LintEngine
import LintTestSupport
import Reporting
import Rules
import Testing

@Suite struct ProjectPassCandidatesTests {
    static func copy(_ folder: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-kept-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: folder, toPath: dir)
        return dir
    }

    static func json(_ result: LintResult) -> String {
        var report = result.report
        report.summary.durationMs = 0
        return JSONReporter.render(report)
    }

    @Test(arguments: ["advisories", "exponential", "extension-tables", "polynomial", "unreached"])
    func filesReusedFromTheCacheGiveTheColdReport(_ name: String) throws {
        let dir = try Self.copy(RepoPaths.path("fixtures/rules/redos/" + name))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = try RuleHarness.folderConfig(dir)
        let cache = ScanCache(directory: dir + "/.looplint-cache")
        func discover() throws -> Discovery {
            try FileDiscovery(config: config, skippedPaths: [cache.directory]).discover(["."], cwd: dir)
        }
        for allContexts in [false, true] {
            let linter = RuleRegistry.linter(LintOptions(config: config, jobs: 2, allContexts: allContexts))
            _ = cache.lint(linter, discovery: try discover(), paths: ["."], cwd: dir)
            // a new file: the stored report no longer answers, every other file's file pass is skipped
            try Data("module.exports = \(allContexts ? 2 : 1)\n".utf8)
                .write(to: URL(fileURLWithPath: dir + "/zz-added-\(allContexts).js"))
            let warm = cache.lint(linter, discovery: try discover(), paths: ["."], cwd: dir)
            guard case .scanned(let reused, let files) = warm.outcome else {
                Issue.record("a changed tree must be scanned")
                continue
            }
            // under --all-contexts every file is linted, and every unchanged one is reused (by default a file
            // that serves no traffic keeps no file-pass findings to reuse)
            if allContexts { #expect(reused == files - 1, "\(name)") }
            let cold = linter.run(try discover())
            #expect(!cold.report.findings.isEmpty)
            #expect(Self.json(warm.result) == Self.json(cold), "\(name), allContexts: \(allContexts)")
        }
    }
}
