// `looplint rules`: the catalog as an aligned table or as JSON.

import Diagnostics

public enum CatalogReporter {
    public static func renderText(_ rules: [RuleDescriptor]) -> String {
        let idWidth = rules.map(\.id.rawValue.count).max() ?? 0
        var out = ""
        for r in rules {
            let id = r.id.rawValue + String(repeating: " ", count: idWidth - r.id.rawValue.count)
            let severity = r.defaultSeverity.rawValue + String(repeating: " ", count: 7 - r.defaultSeverity.rawValue.count)
            out += "\(id)  \(severity)  \(r.summary)\(r.enabledByDefault ? "" : " (off by default)")\n"
        }
        out += "\(rules.count) rule\(rules.count == 1 ? "" : "s"); `looplint explain RULE` shows a rule's page\n"
        return out
    }

    public static func renderJSON(_ rules: [RuleDescriptor]) -> String {
        JSONValue.object([
            ("rules", .array(rules.map { r in
                .object([
                    ("id", .string(r.id.rawValue)),
                    ("category", .string(r.category)),
                    ("severity", .string(r.defaultSeverity.rawValue)),
                    ("summary", .string(r.summary)),
                    ("fix", .string(r.fixDescription)),
                    ("enabled", .bool(r.enabledByDefault)),
                ])
            })),
        ]).rendered()
    }
}
