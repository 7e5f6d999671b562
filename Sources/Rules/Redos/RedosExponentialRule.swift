// redos/exponential (page: rules/redos/exponential.md): a regex whose backtracking doubles with each
// repetition of some input, applied to input that may come from outside. Where the regexes are and what
// reaches them is RegexSites.swift; this rule keeps the exponential ones, says so and suggests the fix for
// nested or overlapping quantifiers.

import Diagnostics
import LintEngine

struct RedosExponentialRule: Rule {
    static let id: RuleID = "redos/exponential"

    func checkFile(_ ctx: FileContext) {
        for c in RegexSites.candidates(ctx, want: .exponential) { ctx.report(RegexSites.reportNode(c, ctx.tree), report(c)) }
    }

    /// What only the project shows (`RegexSites.projectCandidates`): tables a module exports for another to
    /// merge (ua-parser-js's extensions), regexes applied to parameters of exported functions.
    func checkProject(_ ctx: ProjectContext) {
        for c in RegexSites.projectCandidates(ctx, want: .exponential) {
            ctx.report(ctx.units[c.unit], RegexSites.reportNode(c.candidate, ctx.units[c.unit].tree), report(c.candidate))
        }
    }

    /// The finding as the static analysis has it; PCRE2 confirms it (`finish`) only if the report keeps it.
    private func report(_ c: RegexSites.Candidate) -> Report {
        Report("\(c.written) may backtrack in exponential time (PCRE2 to confirm)", onlyWhenHot: c.scope, deferred: c.deferred)
    }

    func finish(_ finding: Finding, _ deferred: Evidence) -> Report? {
        guard let c = RegexSites.finish(deferred) else { return nil }
        let message = "\(c.written) backtracks in exponential time: \(c.explanation)"
        let fix = "make the repeated part unambiguous (no nested or overlapping quantifiers), or bound the input length before matching"
        return Report(message, fix: Fix(description: fix), evidence: c.evidence)
    }
}
