// blocking/atomics-wait: a catalog API of this rule called on the path of a request handler (the APIs are the
// rows of rules/blocking/atomics-wait.md; the shared search is in BlockingRequestPathRule.swift).

import Diagnostics
import LintEngine

struct BlockingAtomicsWaitRule: BlockingRequestPathRule {
    static let id: RuleID = "blocking/atomics-wait"
}
