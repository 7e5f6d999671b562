// blocking/zlib-sync (page: rules/blocking/zlib-sync.md): an API of the page's `## Blocking APIs` table called on the path of a request
// handler. Every call blocks (the default `blocks` of BlockingRequestPathRule, with its message and
// fix); the shared search is in BlockingRequestPathRule.swift.

import Diagnostics
import LintEngine

struct BlockingZlibSyncRule: BlockingRequestPathRule {
    static let id: RuleID = "blocking/zlib-sync"
}
