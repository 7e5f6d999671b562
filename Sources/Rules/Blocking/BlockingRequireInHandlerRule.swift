// blocking/require-in-handler (page: rules/blocking/require-in-handler.md): `require(...)` called on the
// path of a request handler with a specifier that can differ per call, so a request can load (read and
// compile, synchronously) a module never loaded before. A specifier that is the same on every call loads
// once and is a cache hit afterwards. Quiet under a library's API. The shared search is in
// BlockingRequestPathRule.swift.

import Diagnostics
import ExecutionContext
import ExecutionModel
import Foundation
import JSSemantic
import JSSyntax
import LintEngine

struct BlockingRequireInHandlerRule: BlockingRequestPathRule {
    static let id: RuleID = "blocking/require-in-handler"

    /// A path that serves only administrators does not run at request rate.
    static var quietWhenAdminOnly: Bool { true }

    /// Under a library's API a lazy `require` is a deliberate, once-per-process load (optional
    /// dependencies, import cycles), not a per-request cost of the applications calling it.
    static var quietUnderLibraryAPI: Bool { true }

    static func blocks(_ c: BlockingCall) -> Bool {
        guard !c.isNew, let first = c.args.first else { return false }
        return specifierVaries(first, c.sem)
    }

    static func message(_ api: BlockingAPIEntry, path: String) -> String {
        "\(api.displayName)() loads modules synchronously on the path of \(path)"
    }

    /// Whether the module named can differ from call to call: the specifier reads a parameter or a local
    /// variable (`require(path.join(dir, req.params.theme, 'theme.json'))`). A specifier that is the same on
    /// every call (a literal, a module-level constant, `process.env.X`) loads its module once: every later
    /// call is a cache hit, so the request path does not pay it.
    static func specifierVaries(_ specifier: NodeID, _ sem: FileSemantics) -> Bool {
        let tree = sem.tree
        var stack = [specifier]
        var budget = 512
        while let n = stack.popLast() {
            budget -= 1
            if budget < 0 { return false }
            switch tree[n] {
            case .identifier:
                if let b = sem.binding(for: n), !sem.isModuleLevel(b) { return true }
            case .thisExpression:
                return true
            case .member(let object, let property, let computed, _):
                stack.append(object)
                if computed { stack.append(property) }
            case .call(let callee, _, let args, _):
                // path.join(...), String(x): the arguments decide; a called local function could return anything
                stack.append(callee)
                stack.append(contentsOf: tree.list(args))
            default:
                if tree.kind(n).isFunction { continue }
                tree.forEachChild(of: n) { stack.append($0) }
            }
        }
        return false
    }
}
