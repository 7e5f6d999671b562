// blocking/fs-sync: a catalog API of this rule called on the path of a request handler (the APIs are the
// rows of rules/blocking/fs-sync.md; the shared search is in BlockingRequestPathRule.swift).

import Diagnostics
import LintEngine

struct BlockingFsSyncRule: BlockingRequestPathRule {
    static let id: RuleID = "blocking/fs-sync"
}
