// blocking/worker-per-request: a catalog API of this rule called on the path of a request handler (the APIs are the
// rows of rules/blocking/worker-per-request.md; the shared search is in BlockingRequestPathRule.swift).

import Diagnostics
import LintEngine

struct BlockingWorkerPerRequestRule: BlockingRequestPathRule {
    static let id: RuleID = "blocking/worker-per-request"
}
