import Diagnostics
import Foundation
import LintTestSupport
import RuleDocs
import Rules
import Testing

@Suite struct CatalogTests {
    static func pages() throws -> [RulePage] {
        try RuleCatalogLoader.loadPages(rulesDirectory: RepoPaths.rulesDirectory)
    }

    @Test func generatedCatalogIsFresh() throws {
        let rendered = RuleCatalogLoader.renderSwiftCatalog(try Self.pages())
        let problem = Snapshot.check(rendered, against: RepoPaths.path("Sources/Rules/Generated/Catalog+Generated.swift"))
        #expect(problem == nil, "\(problem ?? "")")
    }

    @Test func rulesIndexIsFresh() throws {
        let rendered = RuleCatalogLoader.renderIndex(try Self.pages())
        let problem = Snapshot.check(rendered, against: RepoPaths.path("rules/README.md"))
        #expect(problem == nil, "\(problem ?? "")")
    }

    @Test func compiledCatalogMatchesPages() throws {
        let pages = try Self.pages()
        #expect(RuleCatalog.entries.map(\.id.rawValue) == pages.map(\.id))
        for (entry, page) in zip(RuleCatalog.entries, pages) {
            #expect(entry.severity.rawValue == page.severity)
            #expect(entry.summary == page.summary)
            #expect(entry.markdown == page.explainText)
        }
    }

    @Test func everyPageIsWellFormed() throws {
        for page in try Self.pages() {
            #expect(RuleID(page.id).isWellFormed, "\(page.path): id '\(page.id)' is not category/kebab-name")
            #expect(page.examples.contains { $0.kind == .bad }, "\(page.path) has no ```js bad example")
            #expect(page.examples.contains { $0.kind == .good }, "\(page.path) has no ```js good example")
            for example in page.examples where example.kind == .bad {
                #expect(!example.expectations.isEmpty || !example.todoExpectations.isEmpty,
                        "\(page.path):\(example.pageLine): a bad example needs '// expect: RULE' lines")
            }
            for heading in ["## What it does", "## Why is this bad?", "## Example", "## Limitations"] {
                #expect(page.body.contains(heading), "\(page.path) lacks '\(heading)'")
            }
            #expect(!page.explainText.contains("// expect:"))
        }
    }
}
