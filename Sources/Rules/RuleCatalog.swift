// The rule catalog as compiled into the binary. Its entries are generated from the rule pages
// (Generated/Catalog+Generated.swift), so severities, summaries and docs live on the pages only and
// an installed binary never reads `rules/`.

import Diagnostics

/// Whether a rule's fixes may be applied without a person looking: the `Autofix:` line of its page.
public enum AutofixLevel: String, Hashable, Sendable {
    /// `looplint check --fix` applies the edits (after checking that the result parses and is clean).
    case safe
    /// The edits may change what the code does (the finding can be wrong in a way the fix would act on):
    /// `--fix` applies them only with `--unsafe-fixes`; editors offer them as a code action.
    case unsafe
    /// The fix is a description; there are no edits to apply.
    case unavailable = "none"
}

public struct RuleCatalogEntry: Hashable, Sendable {
    public var id: RuleID
    public var category: String
    /// The default severity, from the page's front matter.
    public var severity: Severity
    public var summary: String
    public var fixDescription: String
    public var autofix: AutofixLevel
    public var since: String
    /// The page's `security-severity` (a score from 0.0 to 10.0), for rules whose findings are vulnerabilities.
    public var securitySeverity: String?
    /// The page's `hot-only`: the rule reports only in code an entry point reaches unless `hotOnly: false`.
    public var hotOnly: Bool
    /// The page's `unreached`: the severity of findings in code no entry point reaches, when lower.
    public var unreachedSeverity: Severity?
    /// The page's `enabled`: false for a rule that runs only when a config or `--select` names it.
    public var enabledByDefault: Bool
    /// The page as `looplint explain` prints it.
    public var markdown: String

    public init(id: RuleID, category: String, severity: Severity, summary: String, fixDescription: String,
                autofix: AutofixLevel = .unavailable, since: String, securitySeverity: String? = nil,
                hotOnly: Bool = false, enabledByDefault: Bool = true, unreachedSeverity: Severity? = nil, markdown: String)
    {
        self.hotOnly = hotOnly
        self.enabledByDefault = enabledByDefault
        self.unreachedSeverity = unreachedSeverity
        self.autofix = autofix
        self.id = id
        self.category = category
        self.severity = severity
        self.summary = summary
        self.fixDescription = fixDescription
        self.since = since
        self.securitySeverity = securitySeverity
        self.markdown = markdown
    }

    /// Tags code-scanning UIs filter on: the category, and `security` when the rule has a security severity.
    public var tags: [String] { [category] + (securitySeverity == nil ? [] : ["security"]) }

    public var descriptor: RuleDescriptor {
        RuleDescriptor(id: id, category: category, defaultSeverity: severity, summary: summary,
                       fixDescription: fixDescription, helpMarkdown: markdown, tags: tags,
                       precision: RulePrecision.level(for: id), securitySeverity: securitySeverity,
                       enabledByDefault: enabledByDefault)
    }
}

public enum RuleCatalog {
    public static func entry(for id: RuleID) -> RuleCatalogEntry? {
        entries.first { $0.id == id }
    }

    public static var ids: [RuleID] { entries.map(\.id) }

    /// Whether `looplint check --fix` applies the rule's fixes (unsafe ones only when `unsafe` is set).
    public static func isAutomaticallyFixable(_ id: RuleID, unsafe: Bool = false) -> Bool {
        switch entry(for: id)?.autofix {
        case .safe: return true
        case .unsafe: return unsafe
        default: return false
        }
    }

    public static var categories: [String] {
        var seen: [String] = []
        for e in entries where !seen.contains(e.category) { seen.append(e.category) }
        return seen
    }

    public static var descriptors: [RuleDescriptor] { entries.map(\.descriptor) }
}
