// blocking/zlib-sync: a catalog API of this rule called on the path of a request handler (the APIs are the
// rows of rules/blocking/zlib-sync.md; the shared search is in BlockingRequestPathRule.swift).

import Diagnostics
import LintEngine

struct BlockingZlibSyncRule: BlockingRequestPathRule {
    static let id: RuleID = "blocking/zlib-sync"
}
