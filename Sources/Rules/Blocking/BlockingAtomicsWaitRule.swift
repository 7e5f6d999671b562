// blocking/atomics-wait (page: rules/blocking/atomics-wait.md): an API of the page's `## Blocking APIs` table called on the path of a request
// handler. Every call blocks (the default `blocks` of BlockingRequestPathRule, with its message and
// fix); the shared search is in BlockingRequestPathRule.swift.

import Diagnostics
import LintEngine

struct BlockingAtomicsWaitRule: BlockingRequestPathRule {
    static let id: RuleID = "blocking/atomics-wait"
}
