// blocking/require-in-handler: a catalog API of this rule called on the path of a request handler (the APIs are the
// rows of rules/blocking/require-in-handler.md; the shared search is in BlockingRequestPathRule.swift).

import Diagnostics
import LintEngine

struct BlockingRequireInHandlerRule: BlockingRequestPathRule {
    static let id: RuleID = "blocking/require-in-handler"
}
