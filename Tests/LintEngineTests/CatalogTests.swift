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

    /// Fails while a file generated from the rule pages differs from its rendering, naming `make
    /// generate`; never rewrites it (UPDATE_SNAPSHOTS=1 is for snapshots only).
    static func expectFresh(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = try #require(GeneratedCode.files.first { $0.path == path }, "\(path) is not in GeneratedCode.files")
        let problem = GeneratedCode.staleness(of: path, root: RepoPaths.root, expected: try file.render(try pages()))
        #expect(problem == nil, "\(problem ?? "")", sourceLocation: sourceLocation)
    }

    @Test func generatedCatalogIsFresh() throws {
        try Self.expectFresh("Sources/Rules/Generated/Catalog+Generated.swift")
    }

    @Test func generatedBlockingAPIsAreFresh() throws {
        try Self.expectFresh("Sources/Rules/Generated/BlockingAPIs+Generated.swift")
    }

    @Test func rulesIndexIsFresh() throws {
        try Self.expectFresh("rules/README.md")
    }

    @Test func everyGeneratedFileIsChecked() {
        #expect(GeneratedCode.files.map(\.path).sorted()
            == ["Sources/Rules/Generated/BlockingAPIs+Generated.swift", "Sources/Rules/Generated/Catalog+Generated.swift",
                "rules/README.md"])
    }

    @Test func stalenessNamesMakeGenerate() throws {
        let problem = GeneratedCode.staleness(of: "rules/README.md", root: RepoPaths.root, expected: "something else\n")
        #expect(problem?.contains("rules/README.md is stale") == true)
        #expect(problem?.contains("run `make generate`") == true)
        #expect(GeneratedCode.staleness(of: "no/such/file.swift", root: RepoPaths.root, expected: "")
            == "no/such/file.swift is missing; run `make generate`")
    }

    @Test func blockingAPITablesAreWellFormed() throws {
        var seen: Set<String> = []
        for page in try Self.pages() {
            let rows = try page.apiTable()
            if page.category == "blocking", page.id != "blocking/custom-api" {
                #expect(!rows.isEmpty, "\(page.path) has no '## Blocking APIs' table")
            }
            for row in rows {
                let key = (row.module ?? "global") + " " + row.path.joined(separator: ".")
                #expect(!seen.contains(key), "\(page.path):\(row.pageLine): \(key) is listed twice")
                seen.insert(key)
            }
        }
    }

    @Test func apiTableRejectsMalformedRows() throws {
        let page = try RulePage.parse("""
        ---
        id: blocking/x
        severity: warning
        summary: s
        fix: f
        ---
        ## Blocking APIs
        | Module | Export | When | Why it blocks | Use instead |
        |---|---|---|---|---|
        | `fs` | `readFileSync` | sometimes | why | instead |
        """, path: "rules/blocking/x.md")
        #expect(throws: RuleDocsError.self) { try page.apiTable() }
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
