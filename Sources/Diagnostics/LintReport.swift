// The report of one `looplint check` run, as Codable structs shaped exactly like the contract's JSON.

public struct ToolInfo: Hashable, Sendable, Codable {
    public var name: String
    public var version: String

    public init(name: String = "looplint", version: String = ToolInfo.currentVersion) {
        self.name = name
        self.version = version
    }

    public static let currentVersion = "0.1.0"
}

public struct ReportSummary: Hashable, Sendable, Codable {
    public var files: Int
    public var findings: Int
    public var errors: Int
    public var durationMs: Int
    /// Where the time went (`check --timings`); nil otherwise, and then not in the JSON report.
    public var timings: ScanTimings?

    public init(files: Int, findings: Int, errors: Int, durationMs: Int, timings: ScanTimings? = nil) {
        self.files = files
        self.findings = findings
        self.errors = errors
        self.durationMs = durationMs
        self.timings = timings
    }
}

/// One named figure of `ScanTimings`, in milliseconds.
public struct PhaseTiming: Hashable, Sendable, Codable {
    public var name: String
    public var ms: Double

    public init(name: String, ms: Double) {
        self.name = name
        self.ms = ms
    }
}

/// Where a scan's time went. `stages` are wall-clock spans of the scan in the order they ran (discovery,
/// the file pass, the project pass, finishing); `phases` are the time of each phase summed over the
/// threads that worked on it (read, parse, semantic model, each family's per-file rules, each shared
/// project analysis, each family's project rules), each without the phases nested in it. `serial` is the
/// part of each phase's time spent on the scan's own thread (or a project-stage task's, which run side by
/// side) while no worker thread ran for it: what more threads cannot shorten within the phase (phases with
/// none are left out).
public struct ScanTimings: Hashable, Sendable, Codable {
    public var stages: [PhaseTiming]
    public var phases: [PhaseTiming]
    public var serial: [PhaseTiming]

    public init(stages: [PhaseTiming], phases: [PhaseTiming], serial: [PhaseTiming] = []) {
        self.stages = stages
        self.phases = phases
        self.serial = serial
    }
}

public struct LintReport: Hashable, Sendable, Codable {
    public var tool: ToolInfo
    public var summary: ReportSummary
    public var findings: [Finding]
    public var errors: [ScanError]

    /// Builds a report with findings and errors sorted into report order and the summary counted.
    public init(tool: ToolInfo = ToolInfo(), files: Int, findings: [Finding], errors: [ScanError], durationMs: Int) {
        self.tool = tool
        self.findings = findings.sorted(by: Finding.reportOrder)
        self.errors = errors.sorted(by: ScanError.reportOrder)
        self.summary = ReportSummary(files: files, findings: findings.count, errors: errors.count,
                                     durationMs: durationMs)
    }

    /// Whether any finding is at or above `threshold` (`nil` means never fail).
    public func hasFindings(atOrAbove threshold: Severity?) -> Bool {
        guard let threshold else { return false }
        return findings.contains { $0.severity >= threshold }
    }
}

/// What a reporter may say about a rule beyond its id (SARIF's `tool.driver.rules`, text hints).
public struct RuleDescriptor: Hashable, Sendable {
    public var id: RuleID
    public var category: String
    public var defaultSeverity: Severity
    public var summary: String
    public var fixDescription: String
    /// The rule page as markdown, annotations stripped.
    public var helpMarkdown: String
    /// Labels code-scanning UIs filter on: the category, and `security` for rules with a security severity.
    public var tags: [String]
    /// How often the rule's findings are right, in SARIF's words: `very-high`, `high`, `medium` or `low`.
    public var precision: String?
    /// A CVSS-like score from "0.0" to "10.0" that makes code-scanning UIs show findings as security alerts.
    public var securitySeverity: String?
    /// false for a rule that runs only when a config or `--select` names it.
    public var enabledByDefault: Bool

    public init(id: RuleID, category: String, defaultSeverity: Severity, summary: String,
                fixDescription: String, helpMarkdown: String, tags: [String]? = nil, precision: String? = nil,
                securitySeverity: String? = nil, enabledByDefault: Bool = true)
    {
        self.enabledByDefault = enabledByDefault
        self.id = id
        self.category = category
        self.defaultSeverity = defaultSeverity
        self.summary = summary
        self.fixDescription = fixDescription
        self.helpMarkdown = helpMarkdown
        self.tags = tags ?? [category]
        self.precision = precision
        self.securitySeverity = securitySeverity
    }
}

/// The source lines a text report shows under its findings, keyed by file then 1-based line.
public struct SourceExcerpts: Hashable, Sendable {
    public private(set) var lines: [String: [Int: String]] = [:]

    public init() {}

    public mutating func set(file: String, line: Int, text: String) {
        lines[file, default: [:]][line] = text
    }

    public func line(_ line: Int, of file: String) -> String? { lines[file]?[line] }
}
