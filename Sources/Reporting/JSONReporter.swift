// `--format json`: the report exactly as CLI-CONTRACT.md shows it, keys in the contract's order.
// Each finding also carries `fingerprint`, which `--baseline` matches on.

import Diagnostics

public enum JSONReporter {
    public static func render(_ report: LintReport) -> String {
        let findings = report.findings.map { f -> JSONValue in
            var fields: [(String, JSONValue)] = [
                ("ruleId", .string(f.ruleId.rawValue)),
                ("category", .string(f.category)),
                ("severity", .string(f.severity.rawValue)),
                ("file", .string(f.file)),
                ("line", .int(f.line)),
                ("column", .int(f.column)),
                ("endLine", .int(f.endLine)),
                ("endColumn", .int(f.endColumn)),
                ("message", .string(f.message)),
                ("trace", .array(f.trace.map { step in
                    .object([("file", .string(step.file)), ("line", .int(step.line)),
                             ("column", .int(step.column)), ("label", .string(step.label))])
                })),
                ("evidence", JSONValue(f.evidence)),
            ]
            if let fix = f.fix {
                fields.append(("fix", .object([
                    ("description", .string(fix.description)),
                    ("edits", .array(fix.edits.map { e in
                        .object([("line", .int(e.line)), ("column", .int(e.column)),
                                 ("endLine", .int(e.endLine)), ("endColumn", .int(e.endColumn)),
                                 ("text", .string(e.text))])
                    })),
                ])))
            } else {
                fields.append(("fix", .null))
            }
            fields.append(("fingerprint", .string(f.fingerprint)))
            return .object(fields)
        }
        let errors = report.errors.map { e -> JSONValue in
            var fields: [(String, JSONValue)] = [("file", .string(e.file))]
            if let line = e.line { fields.append(("line", .int(line))) }
            if let column = e.column { fields.append(("column", .int(column))) }
            fields.append(("message", .string(e.message)))
            return .object(fields)
        }
        var summary: [(String, JSONValue)] = [
            ("files", .int(report.summary.files)),
            ("findings", .int(report.summary.findings)),
            ("errors", .int(report.summary.errors)),
            ("durationMs", .int(report.summary.durationMs)),
        ]
        if let t = report.summary.timings {
            // `check --timings`: wall-clock stages in the order they ran, then phases (summed over threads), then
            // the part of each phase that ran on the scan's thread alone.
            summary.append(("timings", .object([
                ("stagesMs", .object(t.stages.map { ($0.name, .double($0.ms)) })),
                ("phasesMs", .object(t.phases.map { ($0.name, .double($0.ms)) })),
                ("serialMs", .object(t.serial.map { ($0.name, .double($0.ms)) })),
            ])))
        }
        let root: JSONValue = .object([
            ("tool", .object([("name", .string(report.tool.name)), ("version", .string(report.tool.version))])),
            ("summary", .object(summary)),
            ("findings", .array(findings)),
            ("errors", .array(errors)),
        ])
        return root.rendered()
    }
}
