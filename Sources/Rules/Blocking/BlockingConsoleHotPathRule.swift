// blocking/console-hot-path (page: rules/blocking/console-hot-path.md): `console` calls on the path of a
// request handler, which write synchronously to a file or a pipe. This file decides that logging on an
// error path (a catch clause, a `.catch` callback) passes and that a library's API is not judged (its
// `console` calls are misuse warnings). The shared search is in BlockingRequestPathRule.swift.

import Diagnostics
import ExecutionContext
import JSSemantic
import JSSyntax
import LintEngine

struct BlockingConsoleHotPathRule: BlockingRequestPathRule {
    static let id: RuleID = "blocking/console-hot-path"

    /// A path that serves only administrators does not run at request rate.
    static var quietWhenAdminOnly: Bool { true }

    /// A library's `console` calls warn about misuse; they do not run per request of its callers.
    static var quietUnderLibraryAPI: Bool { true }

    static func blocks(_ c: BlockingCall) -> Bool {
        if ExecutionGuards.isErrorPath(c.call, in: c.tree) { return false }
        return !(c.isNew && c.api.module != nil)
    }
}
