import Diagnostics
import Foundation
import LintEngine
import LintTestSupport
import RuleDocs
import Rules
import Testing

/// Every rule page's examples run: a `bad` block reports on each `// expect:` line and nowhere else;
/// a `good` block stays clean.
@Suite struct RuleExampleTests {
    static let pages: [RulePage] = (try? RuleCatalogLoader.loadPages(rulesDirectory: RepoPaths.rulesDirectory)) ?? []

    @Test func everyRegisteredRuleHasAPageAndEveryPageARule() {
        #expect(!Self.pages.isEmpty)
        #expect(Set(RuleRegistry.ids.map(\.rawValue)) == Set(Self.pages.map(\.id)))
    }

    @Test(arguments: pages.map(\.id))
    func examplesBehaveAsDocumented(_ id: String) throws {
        let page = try #require(Self.pages.first { $0.id == id })
        // A page may give its examples a looplint.yml in front matter (`example-config: "{ ... }"`).
        let config = try page.frontMatter["example-config"].map { try LintConfig.parse($0, path: page.path) } ?? LintConfig()
        for (n, example) in page.examples.enumerated() {
            let path = "example\(n).\(example.language)"
            let result = RuleHarness.lint([(path, example.code)], config: config)
            let got = RuleHarness.actual(result.report).filter { $0.hasSuffix(" " + id) || example.kind == .good }
            let expected = example.expectations.map { "\(path):\($0.line) \($0.ruleId)" }.sorted()
            switch example.kind {
            case .bad:
                #expect(!expected.isEmpty, "\(page.path):\(example.pageLine): bad example without // expect:")
                #expect(got.sorted() == expected, "\(page.path):\(example.pageLine)")
            case .good:
                #expect(got.isEmpty, "\(page.path):\(example.pageLine): good example reported \(got)")
            }
            #expect(result.report.errors.isEmpty, "\(page.path):\(example.pageLine): \(result.report.errors)")
        }
    }
}
