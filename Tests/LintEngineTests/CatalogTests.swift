import Diagnostics
import Foundation
import LintEngine
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

    /// Every file in Sources/Rules/Generated has a freshness test: those rendered from the rule pages
    /// through GeneratedCode.files (`make generate`), and the SARIF precision table, which
    /// `ecosystem.py precision --write-swift` writes from the triage ledger (precisionTableMatchesTheLedger).
    @Test func everyGeneratedSwiftFileHasAGenerator() throws {
        let folder = "Sources/Rules/Generated"
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: RepoPaths.path(folder))
            .filter { $0.hasSuffix(".swift") }.map { folder + "/" + $0 }.sorted()
        let fromPages = Set(GeneratedCode.files.map(\.path))
        let fromLedger: Set<String> = [folder + "/Precision+Generated.swift"]
        #expect(fromPages.isDisjoint(with: fromLedger))
        for path in onDisk {
            #expect(fromPages.contains(path) || fromLedger.contains(path), "\(path) has no generator that a test checks")
        }
        for path in fromLedger { #expect(onDisk.contains(path), "\(path) is missing") }
    }

    /// The precision table is the ledger's figures on the committed snapshot of the last ecosystem run, as
    /// `ecosystem.py precision --write-swift` computes them (ledger_counts: an audited finding counts when
    /// the run still reports it, by fingerprint or by line), so a triage round that forgets to rewrite it fails.
    @Test func precisionTableMatchesTheLedger() throws {
        func rows(_ path: String) throws -> [[String: String]] {
            let lines = try String(contentsOfFile: RepoPaths.path(path), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: true)
                .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") }
            guard let head = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) else {
                return []
            }
            return lines.dropFirst().map { line in
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                return Dictionary(zip(head, fields), uniquingKeysWith: { first, _ in first })
            }
        }
        let snapshot = try rows("ecosystem/snapshot.tsv")
        let ledger = try rows("ecosystem/triage.tsv")
        try #require(!snapshot.isEmpty && !ledger.isEmpty)
        func key(_ r: [String: String], _ path: String, _ last: String) -> String {
            [r["project"], r["rule"], r[path], r[last]].map { $0 ?? "" }.joined(separator: "\u{1}")
        }
        let byFingerprint = Set(snapshot.map { key($0, "file", "fingerprint") })
        let byLine = Set(snapshot.map { key($0, "file", "line") })
        var expected: [String: LedgerFigure] = [:]
        for row in ledger {
            let rule = row["rule"] ?? ""
            var figure = expected[rule] ?? LedgerFigure(truePositives: 0, falsePositives: 0)
            let present = byFingerprint.contains(key(row, "path", "fingerprint")) || byLine.contains(key(row, "path", "line"))
            switch (present, row["verdict"]?.uppercased()) {
            case (true, "TP"): figure.truePositives += 1
            case (true, "FP"): figure.falsePositives += 1
            default: break
            }
            expected[rule] = figure
        }
        // the held-out sets' verdicts of what their last run still reported (`holdout.py run` writes current.tsv)
        let sets = try FileManager.default.contentsOfDirectory(atPath: RepoPaths.path("ecosystem"))
            .filter { $0.hasPrefix("holdout") }.sorted()
        var heldOut = 0
        for set in sets where FileManager.default.fileExists(atPath: RepoPaths.path("ecosystem/\(set)/verdicts.tsv")) {
            let now = try rows("ecosystem/\(set)/current.tsv")
            let nowByFingerprint = Set(now.map { key($0, "file", "fingerprint") })
            let nowByLine = Set(now.map { key($0, "file", "line") })
            for row in try rows("ecosystem/\(set)/verdicts.tsv") {
                guard nowByFingerprint.contains(key(row, "path", "fingerprint")) || nowByLine.contains(key(row, "path", "line"))
                else { continue }
                let rule = row["rule"] ?? ""
                var figure = expected[rule] ?? LedgerFigure(truePositives: 0, falsePositives: 0)
                switch row["verdict"]?.uppercased() {
                case "TP": figure.truePositives += 1
                case "FP": figure.falsePositives += 1
                default: continue
                }
                expected[rule] = figure
                heldOut += 1
            }
        }
        #expect(sets.isEmpty || heldOut > 0, "held-out sets \(sets) count no verdict: is current.tsv written?")
        let fix = "run `python3 ecosystem/ecosystem.py precision --write-swift` and commit "
            + "Sources/Rules/Generated/Precision+Generated.swift"
        #expect(RulePrecision.auditedRules.map(\.rawValue) == expected.keys.sorted(), "the ledger's rules differ; \(fix)")
        for (rule, figure) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(RulePrecision.figure(for: RuleID(rule)) == figure, "\(rule): the ledger gives \(figure); \(fix)")
        }
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

    /// A minimal blocking rule page holding `body` after its front matter.
    static func blockingPage(_ body: String) throws -> RulePage {
        try RulePage.parse("---\nid: blocking/x\nseverity: warning\nsummary: s\nfix: f\n---\n" + body, path: "rules/blocking/x.md")
    }

    @Test func apiTableRejectsMalformedRows() throws {
        let page = try Self.blockingPage("""
        ## Blocking APIs
        | Module | Export | When | Why it blocks | Use instead |
        |---|---|---|---|---|
        | `fs` | `readFileSync` | sometimes | why | instead |
        """)
        #expect(throws: RuleDocsError.self) { try page.apiTable() }
    }

    @Test func reExportTablesNameModulesOfTheCatalog() throws {
        var modules: Set<String> = []
        var aliases: [(module: String, sameAs: String)] = []
        for page in try Self.pages() {
            for row in try page.apiTable() { if let m = row.module { modules.insert(m) } }
            aliases += try page.moduleAliases()
        }
        #expect(aliases.contains { $0.module == "graceful-fs" && $0.sameAs == "fs" })
        for a in aliases {
            #expect(modules.contains(a.sameAs), "\(a.module) re-exports \(a.sameAs), which no Blocking APIs row names")
        }
        let page = try Self.blockingPage("""
        ## Modules that re-export
        | Module | Same as |
        |---|---|
        | `graceful-fs` | fs |
        """)
        #expect(throws: RuleDocsError.self) { try page.moduleAliases() }
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

    @Test func compiledCatalogMatchesPages() throws {
        let pages = try Self.pages()
        #expect(RuleCatalog.entries.map(\.id.rawValue) == pages.map(\.id))
        for (entry, page) in zip(RuleCatalog.entries, pages) {
            #expect(entry.severity.rawValue == page.severity)
            #expect(entry.summary == page.summary)
            #expect(entry.markdown == page.explainText)
            #expect(entry.securitySeverity == page.securitySeverity, "\(page.path): security-severity")
            #expect(entry.autofix.rawValue == page.autofix, "\(page.path): Autofix")
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
            #expect(page.autofix != nil, "\(page.path) has no 'Autofix: safe|unsafe|none' line (what --fix does)")
        }
    }
}

/// Every rule id owns a page, a Swift file named from the id and a fixture folder whose files expect it:
/// adding a rule without any of the three fails here.
@Suite struct RuleOwnershipTests {
    static func camel(_ s: Substring) -> String {
        s.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    @Test(arguments: RuleRegistry.all.map { type(of: $0).id.rawValue })
    func ruleHasPageSwiftFileAndFixtures(_ id: String) throws {
        let parts = id.split(separator: "/")
        try #require(parts.count == 2)
        let page = RepoPaths.path("rules/\(id).md")
        #expect(FileManager.default.fileExists(atPath: page), "no page \(page)")
        let category = Self.camel(parts[0]).replacingOccurrences(of: "SerialAwait", with: "SerialAwait")
        let swift = RepoPaths.path("Sources/Rules/\(category)/\(category)\(Self.camel(parts[1]))Rule.swift")
            .replacingOccurrences(of: "JsonBody", with: "JSONBody").replacingOccurrences(of: "CustomApi", with: "CustomAPI")
        #expect(FileManager.default.fileExists(atPath: swift), "no Swift file \(swift)")
        let folder = RepoPaths.path("fixtures/rules/\(id)")
        let files = (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []
        let sources = files.filter { FileDiscovery.isSourceName(($0 as NSString).lastPathComponent) && !$0.contains(".fixed.") }
        #expect(!sources.isEmpty, "no fixture folder with sources at \(folder)")
        let expects = sources.contains { f in
            ((try? String(contentsOfFile: folder + "/" + f, encoding: .utf8)) ?? "").contains("// expect: \(id)")
        }
        #expect(expects, "no fixture in \(folder) expects \(id)")
    }

    /// The rule's own file names its page in its header, so a reader finds the page from the code.
    @Test(arguments: RuleRegistry.all.map { type(of: $0).id.rawValue })
    func ruleFileNamesItsPage(_ id: String) throws {
        let parts = id.split(separator: "/")
        try #require(parts.count == 2)
        let category = Self.camel(parts[0])
        let swift = RepoPaths.path("Sources/Rules/\(category)/\(category)\(Self.camel(parts[1]))Rule.swift")
            .replacingOccurrences(of: "JsonBody", with: "JSONBody").replacingOccurrences(of: "CustomApi", with: "CustomAPI")
        let text = try String(contentsOfFile: swift, encoding: .utf8)
        let header = text.split(separator: "\n", omittingEmptySubsequences: false).prefix { $0.hasPrefix("//") }.joined(separator: "\n")
        #expect(header.contains("rules/\(id).md"), "\(swift) does not name rules/\(id).md in its header")
    }

    @Test func everyRuleIsEnumerated() { #expect(RuleRegistry.all.count >= 21) }
}
