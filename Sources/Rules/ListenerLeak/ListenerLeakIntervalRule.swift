// listener-leak/interval (page: rules/listener-leak/interval.md): `setInterval` started on a request path whose handle is never cleared.

import Diagnostics
import ExecutionModel
import JSSemantic
import JSSyntax
import LintEngine

struct ListenerLeakIntervalRule: Rule {
    static let id: RuleID = "listener-leak/interval"

    static let clearing: Set<String> = ["clearInterval", "clearTimeout"]
    /// Methods of a timer handle that neither clear it nor hand it out.
    static let handleMethods: Set<String> = ["unref", "ref", "refresh", "hasRef"]

    func checkProject(_ ctx: ProjectContext) {
        let paths = LeakRequestPaths.shared(ctx)
        paths.forEachReachedUnit(ctx) { unit, scopes, ctx in
            let tree = unit.tree
            var intervals: [NodeID] = []
            var clearedTexts: Set<String> = []
            for n in 0..<tree.count {
                let id = NodeID(Int32(n))
                guard tree.kind(id) == .call, case .call(let callee, _, let args, _) = tree[id] else { continue }
                if scopes.isTimerFunction(callee, "setInterval") { intervals.append(id) }
                if ListenerLeakIntervalRule.clearing.contains(where: { scopes.isTimerFunction(callee, $0) }),
                   let first = tree.list(args).first {
                    clearedTexts.insert(scopes.normalizedText(first))
                }
            }
            for call in intervals.sorted(by: { tree.range($0).start < tree.range($1).start }) {
                guard let entry = paths.entry(of: call, in: unit), isLeaking(call, scopes, clearedTexts) else { continue }
                var trace = entry.trace
                trace.append(unit.step(call, "setInterval(...) starts a timer per request"))
                ctx.report(unit, call, Report(
                    "setInterval started on every request in \(entry.label) and never cleared; each request leaves a timer running that keeps its callback and everything it holds alive",
                    fix: Fix(description: "keep the handle and call clearInterval(handle) when the request ends (on res 'close' or in a finally block), or start one interval at module level"),
                    trace: trace, evidence: ["handler": .string(entry.label), "context": .string(entry.context)]))
            }
        }
    }

    /// Whether the interval's handle is dropped, or kept where nothing clears it.
    func isLeaking(_ call: NodeID, _ scopes: LeakScopes, _ clearedTexts: Set<String>) -> Bool {
        let tree = scopes.tree
        // `setInterval(...).unref()` keeps the same timer.
        var value = call
        while let p = tree.parent(value), case .member(_, let property, false, _) = tree[p],
              ListenerLeakIntervalRule.handleMethods.contains(tree.name(of: property)),
              let c = tree.parent(p), tree.kind(c) == .call {
            value = c
        }
        guard let parent = tree.parent(value) else { return false }
        switch tree[parent] {
        case .expressionStatement:
            return true
        case .variableDeclarator(let target, _, _):
            guard tree.kind(target) == .identifier, let b = scopes.semantic.binding(for: target) else { return false }
            return !handleIsClearedOrShared(b, scopes)
        case .assignment(.assign, let left, let right) where right == value:
            if tree.kind(left) == .identifier, let b = scopes.semantic.binding(for: left) {
                return !handleIsClearedOrShared(b, scopes)
            }
            return !clearedTexts.contains(scopes.normalizedText(left))
        default:
            return false
        }
    }

    /// Whether a handle variable reaches clearInterval, or goes somewhere we cannot follow.
    func handleIsClearedOrShared(_ b: BindingID, _ scopes: LeakScopes) -> Bool {
        let tree = scopes.tree
        for r in scopes.semantic.references(of: b) where r.flags.contains(.read) {
            guard let p = tree.parent(r.node) else { return true }
            switch tree[p] {
            case .call(let callee, _, _, _) where callee != r.node:
                if ListenerLeakIntervalRule.clearing.contains(where: { scopes.isTimerFunction(callee, $0) }) { return true }
                return true
            case .member(_, let property, false, _) where ListenerLeakIntervalRule.handleMethods.contains(tree.name(of: property)):
                continue
            default:
                return true
            }
        }
        return false
    }
}
