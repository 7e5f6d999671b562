// blocking/child-process-sync: a catalog API of this rule called on the path of a request handler (the APIs are the
// rows of rules/blocking/child-process-sync.md; the shared search is in BlockingRequestPathRule.swift).

import Diagnostics
import LintEngine

struct BlockingChildProcessSyncRule: BlockingRequestPathRule {
    static let id: RuleID = "blocking/child-process-sync"
}
