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

    @Test func generatedBlockingAPIsAreFresh() throws {
        let rendered = try RuleCatalogLoader.renderBlockingAPIs(try Self.pages())
        let problem = Snapshot.check(rendered, against: RepoPaths.path("Sources/Rules/Generated/BlockingAPIs+Generated.swift"))
        #expect(problem == nil, "\(problem ?? "")")
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

    @Test func codeScanningMetadata() throws {
        let byID = Dictionary(uniqueKeysWithValues: RuleCatalog.descriptors.map { ($0.id.rawValue, $0) })
        // ReDoS findings are vulnerabilities: code-scanning UIs show them as security alerts.
        #expect(byID["redos/exponential"]?.securitySeverity == "7.5")
        #expect(byID["redos/polynomial"]?.securitySeverity == "5.3")
        #expect(byID["redos/exponential"]?.tags == ["redos", "security"])
        #expect(byID["blocking/fs-sync"]?.tags == ["blocking"])
        for d in RuleCatalog.descriptors where d.category != "redos" {
            #expect(d.securitySeverity == nil, "\(d.id) is not a security rule")
        }
        let levels: Set<String> = ["very-high", "high", "medium", "low"]
        for d in RuleCatalog.descriptors {
            #expect(levels.contains(d.precision ?? ""), "\(d.id): precision \(d.precision ?? "nil")")
            #expect(!d.helpMarkdown.isEmpty)
        }
        // The precision table names only rules of the catalog.
        #expect(!RulePrecision.auditedRules.isEmpty)
        for id in RulePrecision.auditedRules {
            #expect(RuleCatalog.entry(for: id) != nil, "\(id) is in the precision table but not in the catalog")
        }
        // Each rule's precision is the ledger's figure when it has one, medium when it has none.
        for d in RuleCatalog.descriptors {
            #expect(d.precision == RulePrecision.figure(for: d.id).map(RulePrecision.level(of:)) ?? "medium", "\(d.id)")
        }
    }

    @Test func precisionLevels() {
        func level(_ tp: Int, _ fp: Int) -> String { RulePrecision.level(of: LedgerFigure(truePositives: tp, falsePositives: fp)) }
        #expect(level(10, 0) == "very-high")
        #expect(level(9, 1) == "very-high")
        #expect(level(7, 3) == "high")
        #expect(level(4, 3) == "medium")
        #expect(level(1, 9) == "low")
        #expect(level(4, 0) == "medium", "fewer than \(RulePrecision.minimumAudited) audited: unsure")
    }

    @Test func securitySeverityMustBeAScore() throws {
        func page(_ score: String) throws -> RulePage {
            try RulePage.parse("---\nid: redos/x\nseverity: error\nsummary: s\nfix: f\nsecurity-severity: \(score)\n---\n# x\n",
                               path: "rules/redos/x.md")
        }
        #expect(try page("\"7.5\"").securitySeverity == "7.5")
        #expect(throws: RuleDocsError.self) { try page("high") }
        #expect(throws: RuleDocsError.self) { try page("11") }
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
