// blocking/console-hot-path: a catalog API of this rule called on the path of a request handler (the APIs are the
// rows of rules/blocking/console-hot-path.md; the shared search is in BlockingRequestPathRule.swift).

import Diagnostics
import LintEngine

struct BlockingConsoleHotPathRule: BlockingRequestPathRule {
    static let id: RuleID = "blocking/console-hot-path"
}
