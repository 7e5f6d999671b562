// redos/polynomial (page: rules/redos/polynomial.md): a regex whose backtracking grows as a power (n², n³,
// ...) of the input length, applied to input that may come from outside. Where the regexes are and what
// reaches them is RegexSites.swift; this rule keeps the polynomial ones, names the degree and suggests
// anchoring or disjoint adjacent quantifiers.

import Diagnostics
import LintEngine

struct RedosPolynomialRule: Rule {
    static let id: RuleID = "redos/polynomial"

    func checkFile(_ ctx: FileContext) {
        for c in RegexSites.candidates(ctx, want: .polynomial) { ctx.report(RegexSites.reportNode(c, ctx.tree), report(c)) }
    }

    /// What only the project shows (`RegexSites.projectCandidates`): tables a module exports for another to
    /// merge (ua-parser-js's extensions), regexes applied to parameters of exported functions.
    func checkProject(_ ctx: ProjectContext) {
        for c in RegexSites.projectCandidates(ctx, want: .polynomial) {
            ctx.report(ctx.units[c.unit], RegexSites.reportNode(c.candidate, ctx.units[c.unit].tree), report(c.candidate))
        }
    }

    /// The finding as the static analysis has it; PCRE2 confirms it (`finish`) only if the report keeps it.
    private func report(_ c: RegexSites.Candidate) -> Report {
        Report("\(c.written) may backtrack in polynomial time (PCRE2 to confirm)", onlyWhenHot: c.scope, deferred: c.deferred)
    }

    func finish(_ finding: Finding, _ deferred: Evidence) -> Report? {
        guard let c = RegexSites.finish(deferred) else { return nil }
        let message = "\(c.written) backtracks in polynomial time (degree \(c.result.degree ?? 2)): \(c.explanation)"
        let fix = "anchor the pattern or make adjacent quantifiers match disjoint characters, or bound the input length before matching"
        return Report(message, fix: Fix(description: fix), evidence: c.evidence)
    }
}
