// redos/exponential: a regex whose backtracking doubles with each repetition of some input.

import Diagnostics
import LintEngine

struct RedosExponentialRule: Rule {
    static let id: RuleID = "redos/exponential"

    func checkFile(_ ctx: FileContext) { RegexSites.report(ctx, want: .exponential) }
}
