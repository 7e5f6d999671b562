// redos/polynomial: a regex whose backtracking grows as a power (n², n³, ...) of the input length.

import Diagnostics
import LintEngine

struct RedosPolynomialRule: Rule {
    static let id: RuleID = "redos/polynomial"

    func checkFile(_ ctx: FileContext) { RegexSites.report(ctx, want: .polynomial) }
}
