// blocking/fs-sync (page: rules/blocking/fs-sync.md): an API of the page's `## Blocking APIs` table called on the path of a request
// handler. Every call blocks (the default `blocks` of BlockingRequestPathRule, with its message and
// fix); the shared search is in BlockingRequestPathRule.swift.

import Diagnostics
import LintEngine

struct BlockingFsSyncRule: BlockingRequestPathRule {
    static let id: RuleID = "blocking/fs-sync"

    /// A path that serves only administrators does not run at request rate.
    static var quietWhenAdminOnly: Bool { true }
}
