// Rule pages: `rules/<category>/<name>.md`, the single source of truth for what users read.
//
// A page is front matter (`key: value` lines between `---` fences), markdown prose, and fenced
// examples. ```js bad / ```ts bad blocks must be reported on every `// expect: RULE` line and nowhere
// else; ```js good blocks must stay clean; `// todo-expect: RULE` records a known gap. The parser is
// line based and small on purpose; it only reads our own pages.

public struct RulePage: Hashable, Sendable {
    public enum ExampleKind: String, Hashable, Sendable { case bad, good }

    public struct Expectation: Hashable, Sendable, Comparable {
        /// 1-based line inside the example.
        public var line: Int
        public var ruleId: String

        public init(line: Int, ruleId: String) {
            self.line = line
            self.ruleId = ruleId
        }

        public static func < (a: Expectation, b: Expectation) -> Bool {
            a.line != b.line ? a.line < b.line : a.ruleId < b.ruleId
        }
    }

    public struct Example: Hashable, Sendable {
        public var kind: ExampleKind
        /// The fence language: `js`, `jsx`, `ts` or `tsx`.
        public var language: String
        public var code: String
        /// 1-based line of the opening fence in the page, for messages.
        public var pageLine: Int
        public var expectations: [Expectation]
        public var todoExpectations: [Expectation]

        /// A file name whose extension makes the parser read the example in its language.
        public var fileName: String { "example.\(language)" }
    }

    public var path: String
    public var id: String
    public var category: String
    public var severity: String
    public var summary: String
    public var fix: String
    /// The page's `Autofix:` line: `safe` (`check --fix` applies the fix's edits), `unsafe` (they may
    /// change what the code does: `--fix` applies them only with `--unsafe-fixes`) or `none` (the fix is a description).
    /// Nil when the page has no such line (a test fails for a page of the catalog without one).
    public var autofix: String?
    public var since: String
    public var frontMatter: [String: String]
    public var body: String
    public var examples: [Example]

    /// `security-severity` from the front matter: a score from 0.0 to 10.0 (as CVSS) that code-scanning UIs
    /// show as a security alert's severity; only rules whose findings are vulnerabilities have one.
    public var securitySeverity: String? { frontMatter["security-severity"] }

    /// `hot-only: true` in the front matter: the rule reports only in code an entry point reaches (request,
    /// message, job, library API) unless a config says `hotOnly: false`.
    public var hotOnly: Bool { frontMatter["hot-only"] == "true" }

    /// `unreached: note` in the front matter: findings in code no entry point reaches are reported with
    /// this lower severity (they stay in the report, and `--fail-on warning` does not fail on them).
    public var unreachedSeverity: String? { frontMatter["unreached"] }

    /// `enabled: false` in the front matter: the rule runs only when a config names it (a severity for the
    /// rule itself) or `--select` names it by its id; most of what it finds on real code is noise.
    public var enabledByDefault: Bool { frontMatter["enabled"] != "false" }

    /// The page as `looplint explain` prints it: front matter dropped, example annotations stripped.
    public var explainText: String {
        var out: [String] = []
        var inExample = false
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingLeadingSpaces()
            if trimmed.hasPrefix("```") {
                if inExample {
                    inExample = false
                    out.append(String(line))
                } else if let fence = RulePage.exampleFence(String(trimmed)) {
                    inExample = true
                    out.append(String(line.prefix(line.count - trimmed.count)) + "```" + fence.language)
                } else {
                    out.append(String(line))
                }
                continue
            }
            out.append(inExample ? RulePage.stripAnnotation(String(line)) : String(line))
        }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }
}

public enum RuleDocsError: Error, Hashable, CustomStringConvertible {
    case missingFrontMatter(path: String)
    case missingField(path: String, field: String)
    case invalid(path: String, line: Int, message: String)

    public var description: String {
        switch self {
        case .missingFrontMatter(let path): return "\(path): no front matter (a page starts with a --- line)"
        case .missingField(let path, let field): return "\(path): front matter has no '\(field)'"
        case .invalid(let path, let line, let message): return "\(path):\(line): \(message)"
        }
    }
}

extension RulePage {
    static let exampleLanguages: Set<String> = ["js", "jsx", "ts", "tsx", "mjs", "cjs", "mts", "cts"]

    /// `js bad` -> (js, bad); nil for other fences.
    static func exampleFence(_ fenceLine: String) -> (language: String, kind: ExampleKind)? {
        let info = fenceLine.dropFirst(3).split(separator: " ").map(String.init)
        guard info.count == 2, exampleLanguages.contains(info[0]), let kind = ExampleKind(rawValue: info[1]) else {
            return nil
        }
        return (info[0], kind)
    }

    /// Removes a trailing `// expect: ...` or `// todo-expect: ...` comment and the spaces before it.
    static func stripAnnotation(_ line: String) -> String {
        for marker in ["// expect:", "// todo-expect:"] {
            if let r = line.firstRange(of: marker) {
                var kept = String(line[..<r.lowerBound])
                while kept.last == " " || kept.last == "\t" { kept.removeLast() }
                return kept
            }
        }
        return line
    }

    public static func annotations(in line: String, marker: String) -> [String] {
        guard let r = line.firstRange(of: marker) else { return [] }
        return line[r.upperBound...].split(separator: ",")
            .map { $0.trimmingLeadingSpaces().trimmingTrailingSpaces() }
            .filter { !$0.isEmpty }
    }

    static let autofixPrefix = "Autofix: "

    /// Parses one page. `path` is used in messages and recorded on the page.
    public static func parse(_ text: String, path: String) throws -> RulePage {
        let lines = text.replacingCRLF().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first == "---" else { throw RuleDocsError.missingFrontMatter(path: path) }
        var front: [String: String] = [:]
        var i = 1
        while i < lines.count && lines[i] != "---" {
            let line = lines[i]
            if !line.trimmingLeadingSpaces().isEmpty && !line.hasPrefix("#") {
                guard let colon = line.firstIndex(of: ":") else {
                    throw RuleDocsError.invalid(path: path, line: i + 1, message: "expected 'key: value'")
                }
                let key = String(line[..<colon]).trimmingTrailingSpaces()
                var value = String(line[line.index(after: colon)...]).trimmingLeadingSpaces().trimmingTrailingSpaces()
                if value.count >= 2, (value.first == "\"" && value.last == "\"") || (value.first == "'" && value.last == "'") {
                    value = String(value.dropFirst().dropLast())
                }
                front[key] = value
            }
            i += 1
        }
        guard i < lines.count else { throw RuleDocsError.invalid(path: path, line: 1, message: "front matter is not closed") }
        let bodyStart = i + 1
        for field in ["id", "severity", "summary", "fix"] where (front[field] ?? "").isEmpty {
            throw RuleDocsError.missingField(path: path, field: field)
        }
        let id = front["id"] ?? ""
        let category = front["category"] ?? String(id.split(separator: "/").first ?? "")
        guard id.hasPrefix(category + "/") else {
            throw RuleDocsError.invalid(path: path, line: 2, message: "category '\(category)' does not match id '\(id)'")
        }
        guard ["error", "warning", "note"].contains(front["severity"] ?? "") else {
            throw RuleDocsError.invalid(path: path, line: 2,
                                        message: "severity must be error, warning or note, not '\(front["severity"] ?? "")'")
        }
        if let h = front["hot-only"], h != "true", h != "false" {
            throw RuleDocsError.invalid(path: path, line: 2, message: "hot-only must be true or false, not '\(h)'")
        }
        if let e = front["enabled"], !["true", "false"].contains(e) {
            throw RuleDocsError.invalid(path: path, line: 2, message: "enabled must be true or false, not '\(e)'")
        }
        if let u = front["unreached"], !["warning", "note"].contains(u) {
            throw RuleDocsError.invalid(path: path, line: 2, message: "unreached must be warning or note, not '\(u)'")
        }
        if let score = front["security-severity"] {
            guard let value = Double(score), value >= 0, value <= 10 else {
                throw RuleDocsError.invalid(path: path, line: 2,
                                            message: "security-severity must be a number from 0.0 to 10.0, not '\(score)'")
            }
        }

        var examples: [Example] = []
        var current: Example?
        var code: [String] = []
        var inOtherFence = false
        for j in bodyStart..<lines.count {
            let line = lines[j]
            let trimmed = line.trimmingLeadingSpaces()
            if var example = current {
                if trimmed.hasPrefix("```") {
                    example.code = code.joined(separator: "\n") + "\n"
                    examples.append(example)
                    current = nil
                    code = []
                } else {
                    code.append(line)
                    let n = code.count
                    for rule in annotations(in: line, marker: "// expect:") {
                        example.expectations.append(Expectation(line: n, ruleId: rule))
                    }
                    for rule in annotations(in: line, marker: "// todo-expect:") {
                        example.todoExpectations.append(Expectation(line: n, ruleId: rule))
                    }
                    current = example
                }
                continue
            }
            guard trimmed.hasPrefix("```") else { continue }
            if inOtherFence { inOtherFence = false; continue }
            if let fence = exampleFence(trimmed) {
                current = Example(kind: fence.kind, language: fence.language, code: "", pageLine: j + 1,
                                  expectations: [], todoExpectations: [])
            } else {
                inOtherFence = true
            }
        }
        if current != nil {
            throw RuleDocsError.invalid(path: path, line: lines.count, message: "example fence is not closed")
        }
        for example in examples where example.kind == .good && !example.expectations.isEmpty {
            throw RuleDocsError.invalid(path: path, line: example.pageLine,
                                        message: "a 'good' example must not carry '// expect:' annotations")
        }
        let body = lines[bodyStart...].joined(separator: "\n")
        let autofixLines = lines.indices.filter { $0 >= bodyStart && lines[$0].hasPrefix(autofixPrefix) }
        if autofixLines.count > 1 {
            throw RuleDocsError.invalid(path: path, line: autofixLines[1] + 1,
                                        message: "a page has one 'Autofix: safe|unsafe|none' line, not several")
        }
        let autofix = autofixLines.first.map { String(lines[$0].dropFirst(autofixPrefix.count).prefix { $0.isLetter }) }
        if let autofix, let at = autofixLines.first, !["safe", "unsafe", "none"].contains(autofix) {
            throw RuleDocsError.invalid(path: path, line: at + 1,
                                        message: "Autofix must be safe, unsafe or none, not '\(autofix)'")
        }
        return RulePage(path: path, id: id, category: category, severity: front["severity"] ?? "",
                        summary: front["summary"] ?? "", fix: front["fix"] ?? "", autofix: autofix,
                        since: front["since"] ?? "",
                        frontMatter: front, body: body.trimmingLeadingNewlines(), examples: examples)
    }
}

extension StringProtocol {
    func trimmingLeadingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }))
    }

    func trimmingTrailingSpaces() -> String {
        var s = String(self)
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }

    func trimmingLeadingNewlines() -> String {
        String(drop(while: { $0 == "\n" }))
    }

    func replacingCRLF() -> String {
        String(self).split(separator: "\r\n", omittingEmptySubsequences: false).joined(separator: "\n")
    }
}
