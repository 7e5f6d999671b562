// `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.
//
// Rules carry what code-scanning UIs show and sort by: the rule page as `help.markdown`, a default
// level, and `properties.tags` (the category, `security` for ReDoS), `properties.precision` (from the
// ecosystem triage ledger) and `properties.security-severity` (ReDoS rules, so GitHub lists them as
// security alerts). Results carry `partialFingerprints` (the same code fingerprint baselines use),
// `artifactLocation.uri`s relative to the repository root with `uriBaseId: %SRCROOT%` (and
// `originalUriBaseIds` saying where that root is, when the caller knows), and the trace as a `codeFlow`.
// Files that could not be scanned become tool execution notifications.

import Diagnostics

public enum SARIFReporter {
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    public static let fingerprintKey = "looplint/v1"
    public static let uriBaseId = "%SRCROOT%"

    /// `sourceRoot`: where `%SRCROOT%` is (the repository root); paths are made relative to it. Without
    /// it, relative paths are written as they are and `originalUriBaseIds` is left out.
    public static func render(_ report: LintReport, rules: [RuleDescriptor], sourceRoot: SourceRoot? = nil) -> String {
        var descriptors = rules.sorted { $0.id < $1.id }
        var known = Set(descriptors.map(\.id))
        for f in report.findings where !known.contains(f.ruleId) {
            known.insert(f.ruleId)
            descriptors.append(RuleDescriptor(id: f.ruleId, category: f.category, defaultSeverity: f.severity,
                                              summary: f.ruleId.rawValue, fixDescription: "", helpMarkdown: ""))
        }
        var index: [RuleID: Int] = [:]
        for (i, d) in descriptors.enumerated() { index[d.id] = i }

        let sarifRules = descriptors.map { d -> JSONValue in
            let help = d.helpMarkdown.isEmpty ? d.summary : d.helpMarkdown
            var properties: [(String, JSONValue)] = [
                ("category", .string(d.category)),
                ("tags", .array(d.tags.map { .string($0) })),
                ("precision", .string(d.precision ?? "medium")),
            ]
            if let score = d.securitySeverity { properties.append(("security-severity", .string(score))) }
            return .object([
                ("id", .string(d.id.rawValue)),
                ("name", .string(ruleName(d.id))),
                ("shortDescription", .object([("text", .string(d.summary))])),
                ("fullDescription", .object([("text", .string(d.summary))])),
                ("help", .object([("text", .string(help)), ("markdown", .string(help))])),
                ("defaultConfiguration", .object([("enabled", .bool(d.enabledByDefault)),
                                                  ("level", .string(level(d.defaultSeverity)))])),
                ("properties", .object(properties)),
            ])
        }

        let results = report.findings.map { f -> JSONValue in
            var fields: [(String, JSONValue)] = [
                ("ruleId", .string(f.ruleId.rawValue)),
                ("ruleIndex", .int(index[f.ruleId] ?? 0)),
                ("level", .string(level(f.severity))),
                ("message", .object([("text", .string(f.message))])),
                ("locations", .array([location(file: f.file, line: f.line, column: f.column,
                                               endLine: f.endLine, endColumn: f.endColumn, root: sourceRoot)])),
                ("partialFingerprints", .object([(fingerprintKey, .string(f.fingerprint))])),
            ]
            if !f.trace.isEmpty {
                let steps = f.trace.map { step -> JSONValue in
                    .object([("location", locationWithMessage(step, root: sourceRoot))])
                }
                fields.append(("codeFlows", .array([
                    .object([("threadFlows", .array([.object([("locations", .array(steps))])]))]),
                ])))
            }
            var properties: [(String, JSONValue)] = [("category", .string(f.category))]
            if let fix = f.fix { properties.append(("fix", .string(fix.description))) }
            if !f.evidence.isEmpty { properties.append(("evidence", JSONValue(f.evidence))) }
            fields.append(("properties", .object(properties)))
            return .object(fields)
        }

        let notifications = report.errors.map { e -> JSONValue in
            .object([
                ("level", .string("error")),
                ("message", .object([("text", .string(e.message))])),
                ("locations", .array([location(file: e.file, line: e.line, column: e.column,
                                               endLine: nil, endColumn: nil, root: sourceRoot)])),
            ])
        }
        var invocation: [(String, JSONValue)] = [("executionSuccessful", .bool(true))]
        if !notifications.isEmpty { invocation.append(("toolExecutionNotifications", .array(notifications))) }

        var run: [(String, JSONValue)] = [
            ("tool", .object([("driver", .object([
                ("name", .string(report.tool.name)),
                ("version", .string(report.tool.version)),
                ("semanticVersion", .string(report.tool.version)),
                ("informationUri", .string("https://github.com/looplint/looplint")),
                ("rules", .array(sarifRules)),
            ]))])),
            ("invocations", .array([.object(invocation)])),
        ]
        if let sourceRoot {
            run.append(("originalUriBaseIds", .object([
                (uriBaseId, .object([
                    ("uri", .string(sourceRoot.rootURI)),
                    ("description", .object([("text", .string("The root of the scanned repository"))])),
                ])),
            ])))
        }
        run += [("columnKind", .string("utf16CodeUnits")), ("results", .array(results))]
        let root: JSONValue = .object([
            ("$schema", .string(schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([.object(run)])),
        ])
        return root.rendered()
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .note: return "note"
        }
    }

    /// `blocking/fs-sync` -> `BlockingFsSync`, SARIF's readable rule name.
    static func ruleName(_ id: RuleID) -> String {
        id.rawValue.split(whereSeparator: { $0 == "/" || $0 == "-" })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func location(file: String, line: Int?, column: Int?, endLine: Int?, endColumn: Int?,
                         root: SourceRoot?) -> JSONValue
    {
        var physical: [(String, JSONValue)] = [("artifactLocation", artifactLocation(file, root: root))]
        if let line, line >= 1 {
            var region: [(String, JSONValue)] = [("startLine", .int(line))]
            if let column, column >= 1 { region.append(("startColumn", .int(column))) }
            if let endLine, endLine >= line { region.append(("endLine", .int(endLine))) }
            if let endColumn, endColumn >= 1 { region.append(("endColumn", .int(endColumn))) }
            physical.append(("region", .object(region)))
        }
        return .object([("physicalLocation", .object(physical))])
    }

    static func locationWithMessage(_ step: TraceStep, root: SourceRoot?) -> JSONValue {
        guard case .object(var fields) = location(file: step.file, line: step.line, column: step.column,
                                                  endLine: nil, endColumn: nil, root: root) else { return .null }
        fields.append(("message", .object([("text", .string(step.label))])))
        return .object(fields)
    }

    /// A path under the source root (or, without one, any relative path) becomes a relative URI under
    /// `%SRCROOT%`; any other a `file://` URI.
    static func artifactLocation(_ path: String, root: SourceRoot?) -> JSONValue {
        if let root {
            if let relative = root.relative(path) {
                return .object([("uri", .string(percentEncoded(relative))), ("uriBaseId", .string(uriBaseId))])
            }
            return .object([("uri", .string("file://" + percentEncoded(root.display(path))))])
        }
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        if p.hasPrefix("/") {
            return .object([("uri", .string("file://" + percentEncoded(String(p))))])
        }
        return .object([("uri", .string(percentEncoded(String(p)))), ("uriBaseId", .string(uriBaseId))])
    }

    static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"), UInt8(ascii: "/"), UInt8(ascii: "@"), UInt8(ascii: "+"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}
