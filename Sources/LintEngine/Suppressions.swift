// Suppression comments, read from the lexer's comment list (never by scanning source text):
//
//   // looplint-disable-next-line blocking/fs-sync, redos -- startup only
//   /* looplint-disable blocking */ ... /* looplint-enable blocking */
//
// A selector is a rule id or a category; none means every rule. The reason after `--` is kept
// for reviewers. A `disable` without an `enable` lasts to the end of the file.

import Diagnostics

public struct SuppressionComment: Sendable {
    public var text: String
    public var startLine: Int
    public var endLine: Int

    public init(text: String, startLine: Int, endLine: Int) {
        self.text = text
        self.startLine = startLine
        self.endLine = endLine
    }
}

public struct Suppressions: Sendable {
    struct Span {
        var selectors: [String]  // empty: all rules
        var from: Int
        var to: Int
        var reason: String?
    }

    var spans: [Span] = []

    public init(comments: [SuppressionComment]) {
        var open: [(selectors: [String], from: Int, reason: String?)] = []
        for c in comments {
            guard let directive = Suppressions.parseDirective(c.text) else { continue }
            switch directive.kind {
            case "looplint-disable-next-line":
                spans.append(Span(selectors: directive.selectors, from: c.endLine + 1, to: c.endLine + 1, reason: directive.reason))
            case "looplint-disable-line":
                spans.append(Span(selectors: directive.selectors, from: c.startLine, to: c.endLine, reason: directive.reason))
            case "looplint-disable":
                open.append((directive.selectors, c.startLine, directive.reason))
            case "looplint-enable":
                // Close the matching open spans (all of them for a bare enable).
                open.removeAll { entry in
                    let closes = directive.selectors.isEmpty || entry.selectors == directive.selectors
                        || (!entry.selectors.isEmpty && entry.selectors.allSatisfy(directive.selectors.contains))
                    if closes { spans.append(Span(selectors: entry.selectors, from: entry.from, to: c.endLine, reason: entry.reason)) }
                    return closes
                }
            default: break
            }
        }
        for entry in open { spans.append(Span(selectors: entry.selectors, from: entry.from, to: Int.max, reason: entry.reason)) }
    }

    /// (directive, selectors, reason) when the comment starts with a looplint directive.
    static func parseDirective(_ raw: String) -> (kind: String, selectors: [String], reason: String?)? {
        var text = Substring(raw)
        if text.hasPrefix("//") { text = text.dropFirst(2) }
        else if text.hasPrefix("/*") {
            text = text.dropFirst(2)
            if text.hasSuffix("*/") { text = text.dropLast(2) }
        }
        text = text.drop(while: { $0 == " " || $0 == "\t" || $0 == "*" || $0 == "\n" || $0 == "\r" })
        guard text.hasPrefix("looplint-") else { return nil }
        var reason: String?
        if let r = text.firstRange(of: "--") {
            reason = String(text[r.upperBound...]).trimmingCharacters(in: " \t\n\r*")
            text = text[..<r.lowerBound]
        }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "," })
        guard let kind = words.first.map(String.init),
              ["looplint-disable-next-line", "looplint-disable-line", "looplint-disable", "looplint-enable"].contains(kind)
        else { return nil }
        let selectors = words.dropFirst().map(String.init).filter { $0 != "*" && $0 != "*/" }
        return (kind, selectors, reason)
    }

    public var isEmpty: Bool { spans.isEmpty }

    /// Whether a finding of `ruleId` on `line` is suppressed.
    public func suppresses(_ ruleId: RuleID, line: Int) -> Bool {
        spans.contains { span in
            line >= span.from && line <= span.to
                && (span.selectors.isEmpty || span.selectors.contains { RuleSelection.selector($0, matches: ruleId) })
        }
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var s = Substring(self)
        while let f = s.first, chars.contains(f) { s = s.dropFirst() }
        while let l = s.last, chars.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

/// `--select` / `--ignore`: rule ids or categories.
public struct RuleSelection: Hashable, Sendable {
    public var select: [String]
    public var ignore: [String]

    public init(select: [String] = [], ignore: [String] = []) {
        self.select = select
        self.ignore = ignore
    }

    public static func selector(_ selector: String, matches id: RuleID) -> Bool {
        selector == id.rawValue || selector == id.category
    }

    public func includes(_ id: RuleID) -> Bool {
        if !select.isEmpty && !select.contains(where: { RuleSelection.selector($0, matches: id) }) { return false }
        return !ignore.contains { RuleSelection.selector($0, matches: id) }
    }

    /// Selectors that name neither a known rule nor a known category.
    public func unknownSelectors(knownIDs: [RuleID]) -> [String] {
        let names = Set(knownIDs.map(\.rawValue)).union(knownIDs.map(\.category))
        return (select + ignore).filter { !names.contains($0) }
    }
}
