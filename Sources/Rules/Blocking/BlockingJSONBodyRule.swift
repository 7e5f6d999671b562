// blocking/json-body: a catalog API of this rule called on the path of a request handler (the APIs are the
// rows of rules/blocking/json-body.md; the shared search is in BlockingRequestPathRule.swift).

import Diagnostics
import LintEngine

struct BlockingJSONBodyRule: BlockingRequestPathRule {
    static let id: RuleID = "blocking/json-body"
}
