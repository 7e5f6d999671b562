// blocking/custom-api: a catalog API of this rule called on the path of a request handler (the APIs are the
// rows of rules/blocking/custom-api.md; the shared search is in BlockingRequestPathRule.swift).

import Diagnostics
import LintEngine

struct BlockingCustomAPIRule: BlockingRequestPathRule {
    static let id: RuleID = "blocking/custom-api"
}
