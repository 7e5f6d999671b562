// The blocking-API catalog as data on the rule pages: a page of the `blocking` category may carry a
// table under `## Blocking APIs`, one row per API the rule reports:
//
//   | Module | Export | When | Why it blocks | Use instead |
//   |--------|--------|------|---------------|-------------|
//   | `fs` | `readFileSync` | always | reads the whole file on the main thread | `fs.promises.readFile` |
//
// `Module` is a module specifier in backticks, or `global` for names every script sees (`JSON.parse`,
// `Atomics.wait`). `Export` is the property path inside it. `When` narrows the call: `always`,
// `without callback` (the last argument is not a function), `request body` (the argument is the body
// of the request being handled), `new` (a construction), `call` (a plain call of a global function).
// A page may also carry `## Modules that re-export` (`| Module | Same as |`): packages such as
// `graceful-fs` that export `fs`'s functions under the same names, so `fs`'s rows hold for them.
// The rows are rendered into `Sources/Rules/Generated/BlockingAPIs+Generated.swift`, so the binary
// never reads the pages.

public struct APITableRow: Hashable, Sendable {
    public var ruleId: String
    /// The module specifier, or nil for a global.
    public var module: String?
    public var path: [String]
    public var when: String
    public var why: String
    public var instead: String
    /// 1-based line of the row in the page, for messages.
    public var pageLine: Int
}

extension RulePage {
    static let apiTableHeading = "## Blocking APIs"
    public static let apiTableConditions = ["always", "without callback", "request body", "new", "call"]

    /// The body rows of the first table under `heading` (1-based page line, cells), after checking its
    /// header row against `columns` (lower case); empty when the page has no such section.
    func tableRows(under heading: String, columns: [String]) throws -> [(line: Int, cells: [String])] {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: heading) else { return [] }
        var rows: [(line: Int, cells: [String])] = []
        var sawHeader = false
        var i = start + 1
        while i < lines.count, !lines[i].hasPrefix("## ") {
            let line = lines[i].trimmingLeadingSpaces().trimmingTrailingSpaces()
            defer { i += 1 }
            guard line.hasPrefix("|") else {
                if sawHeader && !rows.isEmpty && line.isEmpty { break }
                continue
            }
            let cells = RulePage.tableCells(line)
            if !sawHeader {
                sawHeader = true
                guard cells.map({ $0.lowercased() }) == columns else {
                    throw RuleDocsError.invalid(path: path, line: i + 1,
                                                message: "the table's columns are " + columns.joined(separator: " | "))
                }
                continue
            }
            if cells.allSatisfy({ $0.allSatisfy { $0 == "-" || $0 == ":" } }) { continue }
            rows.append((i + 1, cells))
        }
        return rows
    }

    /// The rows of the page's `## Blocking APIs` table (empty when it has none).
    public func apiTable() throws -> [APITableRow] {
        var rows: [APITableRow] = []
        for (line, cells) in try tableRows(under: RulePage.apiTableHeading,
                                            columns: ["module", "export", "when", "why it blocks", "use instead"]) {
            guard cells.count == 5 else {
                throw RuleDocsError.invalid(path: path, line: line, message: "an API row has 5 cells, not \(cells.count)")
            }
            let module: String?
            if cells[0] == "global" {
                module = nil
            } else if let m = RulePage.code(cells[0]), !m.isEmpty {
                module = m
            } else {
                throw RuleDocsError.invalid(path: path, line: line, message: "the module is `name` in backticks or global")
            }
            guard let export = RulePage.code(cells[1]), !export.isEmpty else {
                throw RuleDocsError.invalid(path: path, line: line, message: "the export is a `name.path` in backticks")
            }
            guard RulePage.apiTableConditions.contains(cells[2]) else {
                throw RuleDocsError.invalid(path: path, line: line,
                                            message: "'When' is one of \(RulePage.apiTableConditions.joined(separator: ", "))")
            }
            guard !cells[3].isEmpty, !cells[4].isEmpty else {
                throw RuleDocsError.invalid(path: path, line: line, message: "an API row needs 'Why it blocks' and 'Use instead'")
            }
            rows.append(APITableRow(ruleId: id, module: module, path: export.split(separator: ".").map(String.init),
                                    when: cells[2], why: cells[3], instead: cells[4], pageLine: line))
        }
        return rows
    }

    static let aliasTableHeading = "## Modules that re-export"

    /// The rows of the page's `## Modules that re-export` table: a package that exports another
    /// module's functions under the same names (`graceful-fs` is `fs`), so the `## Blocking APIs` rows
    /// of the second module hold for it too. Columns: `Module | Same as`.
    public func moduleAliases() throws -> [(module: String, sameAs: String)] {
        try tableRows(under: RulePage.aliasTableHeading, columns: ["module", "same as"]).map { line, cells in
            guard cells.count == 2, let module = RulePage.code(cells[0]), let target = RulePage.code(cells[1]),
                  !module.isEmpty, !target.isEmpty else {
                throw RuleDocsError.invalid(path: path, line: line, message: "a re-export row is | `module` | `module` |")
            }
            return (module, target)
        }
    }

    /// `| a | b |` -> ["a", "b"].
    static func tableCells(_ line: String) -> [String] {
        var inner = Substring(line)
        if inner.first == "|" { inner = inner.dropFirst() }
        if inner.last == "|" { inner = inner.dropLast() }
        return inner.split(separator: "|", omittingEmptySubsequences: false)
            .map { $0.trimmingLeadingSpaces().trimmingTrailingSpaces() }
    }

    /// The text of a cell written as one code span: "`fs`" -> "fs".
    static func code(_ cell: String) -> String? {
        guard cell.count >= 2, cell.first == "`", cell.last == "`" else { return nil }
        let inner = cell.dropFirst().dropLast()
        return inner.contains("`") ? nil : String(inner)
    }
}

extension RuleCatalogLoader {
    /// The Swift source of `Sources/Rules/Generated/BlockingAPIs+Generated.swift`.
    public static func renderBlockingAPIs(_ pages: [RulePage]) throws -> String {
        var out = """
        // GENERATED from the `## Blocking APIs` tables of rules/blocking/*.md by
        // RuleCatalogLoader.renderBlockingAPIs. Do not edit by hand: edit the pages and run
        // `make generate` (a test fails while this is stale).

        extension BlockingAPICatalog {
            static let builtIn: [BlockingAPIEntry] = [

        """
        for page in pages {
            for row in try page.apiTable() {
                let module = row.module.map(swiftString) ?? "nil"
                let path = "[" + row.path.map(swiftString).joined(separator: ", ") + "]"
                out += "        BlockingAPIEntry(ruleId: \(swiftString(row.ruleId)), module: \(module), path: \(path), "
                out += "when: \(swiftString(row.when)),\n"
                out += "                         why: \(swiftString(row.why)),\n"
                out += "                         instead: \(swiftString(row.instead))),\n"
            }
        }
        out += "    ]\n\n"
        out += "    /// Packages that export another module's functions under the same names (`## Modules that re-export`).\n"
        out += "    static let moduleAliases: [String: String] = [\n"
        var aliases: [(String, String)] = []
        for page in pages { aliases += try page.moduleAliases() }
        if aliases.isEmpty { out += "        :\n" }
        for (module, target) in aliases {
            out += "        \(swiftString(module)): \(swiftString(target)),\n"
        }
        out += "    ]\n}\n"
        return out
    }
}
