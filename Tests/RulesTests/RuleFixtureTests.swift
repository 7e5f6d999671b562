import Diagnostics
import Foundation
import LintTestSupport
import Rules
import Testing

/// Fixture folders: `fixtures/rules/<category>/<name>/` and `fixtures/projects/<app>/`. Each folder is
/// linted as one project; every `// expect: RULE` line must be reported and nothing else, and the text
/// report must equal the folder's `expected.snap` (UPDATE_SNAPSHOTS=1 rewrites it); project folders also
/// compare the JSON report, traces included, with `expected.json`.
@Suite struct RuleFixtureTests {
    static func folders() -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        let rulesRoot = RepoPaths.path("fixtures/rules")
        for category in ((try? fm.contentsOfDirectory(atPath: rulesRoot)) ?? []).sorted() {
            for name in ((try? fm.contentsOfDirectory(atPath: rulesRoot + "/" + category)) ?? []).sorted() {
                var isDir: ObjCBool = false
                let p = "fixtures/rules/\(category)/\(name)"
                if fm.fileExists(atPath: RepoPaths.path(p), isDirectory: &isDir), isDir.boolValue { out.append(p) }
            }
        }
        let projects = RepoPaths.path("fixtures/projects")
        for app in ((try? fm.contentsOfDirectory(atPath: projects)) ?? []).sorted() {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: projects + "/" + app, isDirectory: &isDir), isDir.boolValue {
                out.append("fixtures/projects/\(app)")
            }
        }
        return out
    }

    @Test(arguments: folders())
    func fixtureFolder(_ folder: String) throws {
        let abs = RepoPaths.path(folder)
        let result = try RuleHarness.lint(folder: abs)
        var expected: [String] = []
        for file in RuleHarness.sourceFiles(under: abs) {
            let content = try String(contentsOfFile: abs + "/" + file, encoding: .utf8)
            expected += RuleHarness.expectations(path: file, content: content)
        }
        let actual = RuleHarness.actual(result.report)
        let missing = expected.filter { !actual.contains($0) }
        let unexpected = actual.filter { !expected.contains($0) }
        #expect(missing.isEmpty, "\(folder): expected but not reported: \(missing)")
        #expect(unexpected.isEmpty, "\(folder): reported but not expected: \(unexpected)")
        let problem = Snapshot.check(RuleHarness.text(result), against: abs + "/expected.snap")
        #expect(problem == nil, "\(problem ?? "")")
        // Project fixtures also pin the JSON report, traces included.
        if folder.hasPrefix("fixtures/projects/") {
            let jsonProblem = Snapshot.check(RuleHarness.json(result), against: abs + "/expected.json")
            #expect(jsonProblem == nil, "\(jsonProblem ?? "")")
        }
    }
}
