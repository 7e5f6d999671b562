// Loads every page under a `rules/` folder and renders the generated Swift catalog from them.

import Foundation

public enum RuleCatalogLoader {
    /// All pages under `rulesDirectory`, sorted by id. Throws on the first malformed page.
    public static func loadPages(rulesDirectory: String) throws -> [RulePage] {
        let fm = FileManager.default
        guard let enumerator = fm.enumerator(atPath: rulesDirectory) else { return [] }
        var paths: [String] = []
        while let rel = enumerator.nextObject() as? String {
            // Pages live one level down: rules/<category>/<name>.md. README.md and other top-level
            // files are the index, not rules.
            let parts = rel.split(separator: "/")
            if parts.count == 2 && rel.hasSuffix(".md") && parts[1] != "README.md" { paths.append(rel) }
        }
        var pages: [RulePage] = []
        for rel in paths.sorted() {
            let full = rulesDirectory + "/" + rel
            guard let data = fm.contents(atPath: full), let text = String(data: data, encoding: .utf8) else {
                throw RuleDocsError.invalid(path: full, line: 1, message: "cannot read page as UTF-8")
            }
            let page = try RulePage.parse(text, path: "rules/" + rel)
            let expected = "rules/" + page.id + ".md"
            guard page.path == expected else {
                throw RuleDocsError.invalid(path: page.path, line: 2, message: "a page for '\(page.id)' must be \(expected)")
            }
            pages.append(page)
        }
        return pages.sorted { $0.id < $1.id }
    }

    /// The Swift source of `Sources/Rules/Generated/Catalog+Generated.swift`.
    public static func renderSwiftCatalog(_ pages: [RulePage]) -> String {
        var out = """
        // GENERATED from rules/**/*.md by RuleCatalogLoader.renderSwiftCatalog. Do not edit by hand:
        // edit the rule pages and run `make generate` (a test fails while this is stale).

        import Diagnostics

        extension RuleCatalog {
            public static let entries: [RuleCatalogEntry] = [

        """
        for page in pages {
            out += "        RuleCatalogEntry(\n"
            out += "            id: \(swiftString(page.id)),\n"
            out += "            category: \(swiftString(page.category)),\n"
            out += "            severity: .\(page.severity),\n"
            out += "            summary: \(swiftString(page.summary)),\n"
            out += "            fixDescription: \(swiftString(page.fix)),\n"
            if let autofix = page.autofix, autofix != "none" { out += "            autofix: .\(autofix),\n" }
            out += "            since: \(swiftString(page.since)),\n"
            if let score = page.securitySeverity { out += "            securitySeverity: \(swiftString(score)),\n" }
            if page.hotOnly { out += "            hotOnly: true,\n" }
            if !page.enabledByDefault { out += "            enabledByDefault: false,\n" }
            if let u = page.unreachedSeverity { out += "            unreachedSeverity: .\(u),\n" }
            out += "            markdown: \(multilineRawString(page.explainText, indent: "            "))\n"
            out += "        ),\n"
        }
        out += "    ]\n}\n"
        return out
    }

    /// `rules/README.md`: how the folder is laid out and the index of every rule.
    public static func renderIndex(_ pages: [RulePage]) -> String {
        var out = """
        # The looplint rule catalog

        <!-- GENERATED from the pages below by RuleCatalogLoader.renderIndex; `make generate` rewrites it. -->

        One page per rule: `rules/<category>/<name>.md`, named after the rule id. A page starts with front
        matter (`id`, `category`, `severity`, `summary`, `fix`, `since`, `security-severity` for rules
        whose findings are vulnerabilities, `hot-only: true` for rules that report only in code an entry point
        reaches, `unreached: note` for rules whose findings elsewhere are notes), then the sections *What it does*,
        *Why is this bad?*, *Example* (```js bad blocks with a `// expect: RULE` comment on every line that
        must be reported, ```js good blocks that must stay clean), an `Autofix: safe|unsafe|none` line
        (safe: `looplint check --fix` applies the fix's edits; unsafe: they may change what the code does,
        so `--fix` applies them only with `--unsafe-fixes`, and editors offer them as a code action; none:
        the fix is advice, with no edits), *Options*, *When not to use it*,
        *Limitations* and *References*. Tests run every example, and the binary embeds the pages through
        the generated `Sources/Rules/Generated/Catalog+Generated.swift`, so `looplint explain RULE` works
        without this folder.

        Adding a rule: write its page here, its logic in `Sources/Rules/<Category>/<Id>Rule.swift`, one line
        in `Sources/Rules/RuleRegistry.swift`, fixtures in `fixtures/rules/<category>/<name>/`, then run
        `make generate` to regenerate the catalog and this index (`UPDATE_SNAPSHOTS=1 make test` then
        rewrites the fixtures' expected output only).

        | Rule | Severity | Summary |
        |------|----------|---------|

        """
        for page in pages {
            let name = page.id.split(separator: "/").dropFirst().joined(separator: "/")
            out += "| [`\(page.id)`](\(page.category)/\(name).md) | \(page.severity) | \(page.summary) |\n"
        }
        return out
    }

    static func swiftString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 { out += "\\u{\(String(scalar.value, radix: 16))}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    /// A raw multi-line literal with enough `#`s that nothing in `s` can end or escape it.
    static func multilineRawString(_ s: String, indent: String) -> String {
        var hashes = "#"
        while s.contains("\"\"\"" + hashes) || s.contains("\\" + hashes) || s.contains("\"" + hashes) {
            hashes += "#"
        }
        // The newline before the closing delimiter is not part of the literal, so a trailing newline
        // of `s` shows up as one empty line.
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : indent + $0 }
        return hashes + "\"\"\"\n" + lines.joined(separator: "\n") + "\n" + indent + "\"\"\"" + hashes
    }
}
