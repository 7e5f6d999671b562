// blocking/worker-per-request (page: rules/blocking/worker-per-request.md): `new Worker(...)` on the path
// of a request handler, starting a thread per request. This file decides that only a construction
// counts and that one kept in a pool (returned to the caller or stored in module state) does not.
// The shared search is in BlockingRequestPathRule.swift.

import Diagnostics
import ExecutionContext
import JSSemantic
import JSSyntax
import LintEngine

struct BlockingWorkerPerRequestRule: BlockingRequestPathRule {
    static let id: RuleID = "blocking/worker-per-request"

    static func blocks(_ c: BlockingCall) -> Bool {
        c.isNew && !isKeptInPool(c.call, sem: c.sem)
    }

    static func message(_ api: BlockingAPIEntry, path: String) -> String {
        "new \(api.displayName) starts a worker thread on every request on the path of \(path)"
    }

    /// A construction whose result outlives the request: returned to the caller (a pool's `startWorker()`),
    /// or stored in module-level state (`workers.push(new Worker(...))`, `pool = new Worker(...)`).
    static func isKeptInPool(_ construction: NodeID, sem: FileSemantics) -> Bool {
        let tree = sem.tree
        var uses = [construction]
        if let d = tree.parent(construction), case .variableDeclarator(let id, _, _) = tree[d], tree.kind(id) == .identifier,
           let b = sem.binding(for: id) {
            uses += sem.references(of: b).map(\.node)
        }
        func isModuleState(_ target: NodeID) -> Bool {
            var root = sem.tree.unwrap(target)
            while case .member(let object, _, _, _) = tree[root] { root = sem.tree.unwrap(object) }
            guard tree.kind(root) == .identifier, let b = sem.binding(for: root) else { return false }
            return sem.isModuleLevel(b)
        }
        for use in uses {
            guard let parent = tree.parent(use) else { continue }
            switch tree[parent] {
            case .returnStatement:
                return true
            case .arrowFunction(_, _, _, let body, _) where body == use:
                return true
            case .assignment(_, let left, let right) where right == use:
                if isModuleState(left) { return true }
            case .call(let callee, _, let args, _) where tree.list(args).contains(use):
                let c = sem.tree.unwrap(callee)
                if case .member(let object, _, _, _) = tree[c], ["push", "set", "add", "unshift"].contains(sem.memberName(c) ?? ""),
                   isModuleState(object) {
                    return true
                }
            default:
                break
            }
        }
        return false
    }
}
