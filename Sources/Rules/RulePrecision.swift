// How often a rule's findings are right, as SARIF's `precision` says it (very-high, high, medium, low), so
// code-scanning UIs can rank findings. The figures are the ecosystem triage ledger's: audited findings on
// 40 real projects that the last ecosystem run still reports, as true and false positives
// (Generated/Precision+Generated.swift, written by `ecosystem.py precision --write-swift`).
//
// Fewer than `minimumAudited` audited findings say little, so such a rule, and a rule the ledger has not
// audited, is `medium`: unsure.

import Diagnostics

public struct LedgerFigure: Hashable, Sendable {
    public var truePositives: Int
    public var falsePositives: Int

    public init(truePositives: Int, falsePositives: Int) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
    }
}

public enum RulePrecision {
    public static let minimumAudited = 5

    /// The rules the ledger has figures for.
    public static var auditedRules: [RuleID] { ledger.keys.sorted().map { RuleID($0) } }

    /// The ledger's figure for a rule, when it has one.
    public static func figure(for id: RuleID) -> LedgerFigure? { ledger[id.rawValue] }

    /// SARIF's precision for a rule: from the ledger when it has audited enough of the rule's findings.
    public static func level(for id: RuleID) -> String {
        figure(for: id).map(level(of:)) ?? "medium"
    }

    public static func level(of figure: LedgerFigure) -> String {
        let audited = figure.truePositives + figure.falsePositives
        guard audited >= minimumAudited else { return "medium" }
        let precision = Double(figure.truePositives) / Double(audited)
        switch precision {
        case 0.9...: return "very-high"
        case 0.7..<0.9: return "high"
        case 0.4..<0.7: return "medium"
        default: return "low"
        }
    }
}
