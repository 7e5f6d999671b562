// Findings, traces, fixes and scan errors: the records a lint run produces.
//
// Field names and meaning follow CLI-CONTRACT.md's JSON report; lines are 1-based, columns count
// UTF-16 code units and are 1-based; end positions are exclusive of the last column + 1, as editors do.

/// One step of the path that makes a finding a hazard (for example handler → call → blocking API).
public struct TraceStep: Hashable, Sendable, Codable {
    public var file: String
    public var line: Int
    public var column: Int
    public var label: String

    public init(file: String, line: Int, column: Int, label: String) {
        self.file = file
        self.line = line
        self.column = column
        self.label = label
    }
}

/// A replacement of the text between two positions.
public struct TextEdit: Hashable, Sendable, Codable {
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int
    public var text: String

    public init(line: Int, column: Int, endLine: Int, endColumn: Int, text: String) {
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
        self.text = text
    }
}

/// How to repair a finding: always a description, sometimes concrete edits.
public struct Fix: Hashable, Sendable, Codable {
    public var description: String
    public var edits: [TextEdit]

    public init(description: String, edits: [TextEdit] = []) {
        self.description = description
        self.edits = edits
    }
}

/// One reported hazard.
public struct Finding: Hashable, Sendable, Codable {
    public var ruleId: RuleID
    public var category: String
    public var severity: Severity
    public var file: String
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int
    public var message: String
    public var trace: [TraceStep]
    public var evidence: Evidence
    public var fix: Fix?
    /// A hash of the rule and the code at the finding (not its line number); baselines match on it.
    public var fingerprint: String

    public init(ruleId: RuleID, category: String? = nil, severity: Severity, file: String,
                line: Int, column: Int, endLine: Int, endColumn: Int, message: String,
                trace: [TraceStep] = [], evidence: Evidence = Evidence(), fix: Fix? = nil,
                fingerprint: String = "")
    {
        self.ruleId = ruleId
        self.category = category ?? ruleId.category
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
        self.message = message
        self.trace = trace
        self.evidence = evidence
        self.fix = fix
        self.fingerprint = fingerprint
    }

    private enum CodingKeys: String, CodingKey {
        case ruleId, category, severity, file, line, column, endLine, endColumn, message, trace, evidence, fix,
            fingerprint
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ruleId = try c.decode(RuleID.self, forKey: .ruleId)
        category = try c.decodeIfPresent(String.self, forKey: .category) ?? ruleId.category
        severity = try c.decode(Severity.self, forKey: .severity)
        file = try c.decode(String.self, forKey: .file)
        line = try c.decode(Int.self, forKey: .line)
        column = try c.decode(Int.self, forKey: .column)
        endLine = try c.decodeIfPresent(Int.self, forKey: .endLine) ?? line
        endColumn = try c.decodeIfPresent(Int.self, forKey: .endColumn) ?? column
        message = try c.decode(String.self, forKey: .message)
        trace = try c.decodeIfPresent([TraceStep].self, forKey: .trace) ?? []
        evidence = try c.decodeIfPresent(Evidence.self, forKey: .evidence) ?? Evidence()
        fix = try c.decodeIfPresent(Fix.self, forKey: .fix)
        fingerprint = try c.decodeIfPresent(String.self, forKey: .fingerprint) ?? ""
    }

    /// The order of findings in every report: file, line, column, rule id, then the rest for stability.
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.file != b.file { return a.file < b.file }
        if a.line != b.line { return a.line < b.line }
        if a.column != b.column { return a.column < b.column }
        if a.ruleId != b.ruleId { return a.ruleId < b.ruleId }
        if a.endLine != b.endLine { return a.endLine < b.endLine }
        if a.endColumn != b.endColumn { return a.endColumn < b.endColumn }
        return a.message < b.message
    }
}

/// A file that could not be read, decoded or parsed (or a folder that could not be walked).
public struct ScanError: Error, Hashable, Sendable, Codable {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public static func reportOrder(_ a: ScanError, _ b: ScanError) -> Bool {
        if a.file != b.file { return a.file < b.file }
        if (a.line ?? 0) != (b.line ?? 0) { return (a.line ?? 0) < (b.line ?? 0) }
        if (a.column ?? 0) != (b.column ?? 0) { return (a.column ?? 0) < (b.column ?? 0) }
        return a.message < b.message
    }
}
