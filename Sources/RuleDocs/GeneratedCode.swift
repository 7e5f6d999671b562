// The files rendered from the rule pages, in one list: `make generate` writes them (the
// looplint-generate executable), and a test fails while one on disk differs from its rendering.
// Snapshots are separate: UPDATE_SNAPSHOTS=1 never touches these files. The SARIF precision table beside
// them (Sources/Rules/Generated/Precision+Generated.swift) comes from the triage ledger, not the pages:
// `ecosystem.py precision --write-swift` writes it, and its own test compares it with the ledger.

import Foundation

public enum GeneratedCode {
    public struct File: Sendable {
        /// Relative to the repository root.
        public let path: String
        public let render: @Sendable ([RulePage]) throws -> String
    }

    public static let files: [File] = [
        File(path: "Sources/Rules/Generated/Catalog+Generated.swift", render: { RuleCatalogLoader.renderSwiftCatalog($0) }),
        File(path: "Sources/Rules/Generated/BlockingAPIs+Generated.swift", render: { try RuleCatalogLoader.renderBlockingAPIs($0) }),
        File(path: "rules/README.md", render: { RuleCatalogLoader.renderIndex($0) }),
    ]

    /// The command that rewrites the generated files; stale-file messages name it.
    public static let command = "make generate"

    /// Every generated file rendered from the pages under `root/rules`: (path relative to root, text).
    public static func render(root: String) throws -> [(path: String, text: String)] {
        let pages = try RuleCatalogLoader.loadPages(rulesDirectory: root + "/rules")
        guard !pages.isEmpty else {
            throw RuleDocsError.invalid(path: root + "/rules", line: 1, message: "no rule pages found")
        }
        return try files.map { ($0.path, try $0.render(pages)) }
    }

    /// Writes the generated files that differ from their rendering; returns their paths.
    public static func write(root: String) throws -> [String] {
        var written: [String] = []
        for (path, text) in try render(root: root) {
            let full = root + "/" + path
            if (try? String(contentsOfFile: full, encoding: .utf8)) == text { continue }
            try text.write(toFile: full, atomically: true, encoding: .utf8)
            written.append(path)
        }
        return written
    }

    /// nil when `path` (relative to root) holds exactly `text`; otherwise what differs and how to fix it.
    public static func staleness(of path: String, root: String, expected text: String) -> String? {
        guard let existing = try? String(contentsOfFile: root + "/" + path, encoding: .utf8) else {
            return "\(path) is missing; run `\(command)`"
        }
        if existing == text { return nil }
        let old = existing.split(separator: "\n", omittingEmptySubsequences: false)
        let new = text.split(separator: "\n", omittingEmptySubsequences: false)
        var i = 0
        while i < min(old.count, new.count) && old[i] == new[i] { i += 1 }
        func line(_ lines: [Substring]) -> String { i < lines.count ? String(lines[i]) : "<end of file>" }
        return "\(path) is stale: the rule pages render it differently; run `\(command)` and review the diff\n"
            + "line \(i + 1):\n  on disk:  \(line(old))\n  rendered: \(line(new))"
    }
}
