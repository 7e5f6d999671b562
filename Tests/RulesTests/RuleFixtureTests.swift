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
    /// Every rule and project fixture folder, relative to the repository. A missing or empty root
    /// throws, so a wrong fixtures path fails the tests instead of giving them zero cases.
    static func folders() throws -> [String] {
        let fm = FileManager.default
        func subfolders(_ relative: String) throws -> [String] {
            let abs = RepoPaths.path(relative)
            let names = try fm.contentsOfDirectory(atPath: abs).sorted()
            return names.filter { name in
                var isDir: ObjCBool = false
                return fm.fileExists(atPath: abs + "/" + name, isDirectory: &isDir) && isDir.boolValue
            }.map { relative + "/" + $0 }
        }
        let rules = try subfolders("fixtures/rules").flatMap(subfolders)
        let projects = try subfolders("fixtures/projects")
        guard !rules.isEmpty, !projects.isEmpty else {
            throw FixtureSetError("no fixture folders under \(RepoPaths.path("fixtures")) (rules: \(rules.count), projects: \(projects.count))")
        }
        return rules + projects
    }

    @Test func fixtureSetsAreFound() throws {
        let all = try Self.folders()
        #expect(all.filter { $0.hasPrefix("fixtures/rules/") }.count >= 13, "\(all)")
        #expect(all.filter { $0.hasPrefix("fixtures/projects/") }.count >= 11, "\(all)")
    }

    @Test(arguments: try folders())
    func fixtureFolder(_ folder: String) throws {
        let abs = RepoPaths.path(folder)
        let result = try RuleHarness.lint(folder: abs)
        var expected: [String] = []
        let files = try RuleHarness.lintedFiles(folder: abs)
        #expect(!files.isEmpty, "\(folder) has no source file")
        for file in files {
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

/// A fixture set that should have cases has none.
struct FixtureSetError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
