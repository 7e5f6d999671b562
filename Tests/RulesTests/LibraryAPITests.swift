// Library API entry points are opt-in (`libraryAPI: true`): measured on the ecosystem check's libraries,
// the first model added only false positives, so by default a library with no handler has no request path.

import Foundation
import Testing
import LintEngine
import LintTestSupport
import Rules

@Suite struct LibraryAPITests {
    let folder = RepoPaths.path("fixtures/projects/library-api")

    @Test func optedInLibraryIsAnalysedFromItsExports() throws {
        let result = try RuleHarness.lint(folder: folder)
        let labels = result.report.findings.map { $0.message }
        #expect(labels.contains { $0.contains("library API render") })
        #expect(labels.contains { $0.contains("library API Renderer.fill") })
        #expect(!result.report.findings.contains { $0.file.hasPrefix("test/") })
    }

    @Test func offByDefault() throws {
        var config = try LintConfig.load(path: folder + "/looplint.yml")
        config.libraryAPI = false
        let discovery = try FileDiscovery(config: config).discover(["."], cwd: folder)
        let result = RuleRegistry.linter(LintOptions(config: config, jobs: 1)).run(discovery)
        #expect(result.report.findings.isEmpty)
    }
}
