// blocking/custom-api (page: rules/blocking/custom-api.md): a project function or package API that looplint.yml lists under `blockingAPIs:` called on the path of a request
// handler. Every call blocks (the default `blocks` of BlockingRequestPathRule, with its message and
// fix); the shared search is in BlockingRequestPathRule.swift.

import Diagnostics
import LintEngine

struct BlockingCustomAPIRule: BlockingRequestPathRule {
    static let id: RuleID = "blocking/custom-api"
}
