// Regexes that only run in the browser (a name only browser code imports, an editor's input-rule pattern
// exported for the schema) take the context `browser` and are left out by default. Under `--all-contexts`
// the input-rule pattern is kept, labelled `browser`; file roles are off there, so a name imported by a React
// form is just unreached.

import Diagnostics
import Foundation
import LintEngine
import LintTestSupport
import Rules
import Testing

@Suite struct BrowserContextTests {
    let folder = RepoPaths.path("fixtures/projects/editor-schema")

    func contexts(allContexts: Bool) throws -> [String: String] {
        let config = try RuleHarness.folderConfig(folder)
        let discovery = try FileDiscovery(config: config).discover(["."], cwd: folder)
        let result = RuleRegistry.linter(LintOptions(config: config, jobs: 1, allContexts: allContexts)).run(discovery)
        var out: [String: String] = [:]
        for f in result.report.findings {
            if case .string(let c)? = f.evidence["context"] { out["\(f.file):\(f.line)"] = c }
        }
        return out
    }

    @Test func browserOnlyRegexesAreLabelledUnderAllContexts() throws {
        let all = try contexts(allContexts: true)
        // exported, and its importers only hand it to `new InputRule(...)`
        #expect(all["shared/editor/math.js:2"] == "browser")
        // exported, and only a React form imports it: `--all-contexts` treats every file as source, the form
        // included, so nothing makes the name browser code and no entry point reaches it
        #expect(all["shared/constants.js:5"] == "unreached")
        // applied by the server to request data
        #expect(all["shared/constants.js:8"] == "request")

        let byDefault = try contexts(allContexts: false)
        #expect(byDefault["shared/editor/math.js:2"] == nil)
        #expect(byDefault["shared/constants.js:5"] == nil)
        #expect(byDefault["shared/constants.js:8"] == "request")
    }
}
