// listener-leak/max-listeners (page: rules/listener-leak/max-listeners.md): `setMaxListeners(0)` / `Infinity`, or `defaultMaxListeners` set to them,
// which silences Node's MaxListenersExceededWarning, the one signal that listeners are leaking.

import Diagnostics
import JSSemantic
import JSSyntax
import LintEngine

struct ListenerLeakMaxListenersRule: Rule {
    static let id: RuleID = "listener-leak/max-listeners"

    func checkProject(_ ctx: ProjectContext) {
        let paths = LeakRequestPaths.shared(ctx)
        LeakScopes.forEachUnit(ctx) { unit, scopes, ctx in
            let tree = unit.tree
            for n in 0..<tree.count {
                let id = NodeID(Int32(n))
                let kind = tree.kind(id)
                guard kind == .call || kind == .assignment else { continue }
                switch tree[id] {
                case .call(let callee, _, let argList, _):
                    let c = scopes.tree.unwrap(callee)
                    // the callee's shape first (a name compared on its bytes): most calls are no setMaxListeners
                    // (a name written shorter than `setMaxListeners` is another; escapes only make one longer)
                    if case .member(_, let property, false, _) = tree[c],
                       tree.range(property).length < 15 || !tree.nameIs(property, "setMaxListeners") { continue }
                    guard let first = tree.list(argList).first, isUnlimited(first, scopes) else { continue }
                    if tree.kind(c) == .identifier, let d = scopes.declaration(of: c),
                       case .import("events", "setMaxListeners") = d.kind {
                        report(ctx, unit, id, "setMaxListeners(\(tree.text(first))) removes the listener limit of the emitters it is given")
                        continue
                    }
                    guard case .member(let receiver, let property, false, _) = tree[c],
                          tree.nameIs(property, "setMaxListeners") else { continue }
                    if isEventsModule(receiver, scopes) {
                        report(ctx, unit, id, "events.setMaxListeners(\(tree.text(first))) removes the listener limit of the emitters it is given")
                    } else if !isPerCall(receiver, scopes), let add = listenerAddedPerRequest(to: receiver, unit, scopes, paths) {
                        let line = unit.file.location(of: Int(tree.range(add.call).start)).line
                        report(ctx, unit, id, "\(tree.text(scopes.tree.unwrap(receiver))).setMaxListeners(\(tree.text(first))) turns off the warning that its listeners are leaking, and \(add.label) adds one to it (line \(line))")
                    }
                case .assignment(.assign, let left, let right):
                    guard case .member(let object, let property, false, _) = tree[scopes.tree.unwrap(left)],
                          tree.range(property).length >= 19, tree.nameIs(property, "defaultMaxListeners"), isUnlimited(right, scopes),
                          isEventsModule(object, scopes) else { continue }
                    report(ctx, unit, id, "EventEmitter.defaultMaxListeners = \(tree.text(right)) turns off the listener-leak warning for every emitter")
                default:
                    continue
                }
            }
        }
    }

    func report(_ ctx: ProjectContext, _ unit: SourceUnit, _ node: NodeID, _ message: String) {
        ctx.report(unit, node, Report(message, fix: Fix(
            description: "set a real limit (the number of listeners you expect) and remove the listeners added per request instead of hiding the warning")))
    }

    /// `0`, `Infinity`, `Number.POSITIVE_INFINITY`.
    func isUnlimited(_ expr: NodeID, _ scopes: LeakScopes) -> Bool {
        let tree = scopes.tree
        let e = scopes.tree.unwrap(expr)
        switch tree[e] {
        case .numericLiteral: return Double(tree.text(e)) == 0
        case .identifier: return scopes.isGlobal(e, "Infinity")
        case .member(let o, let p, false, _): return scopes.isGlobal(o, "Number") && tree.nameIs(p, "POSITIVE_INFINITY")
        default: return false
        }
    }

    /// The `events` module, its `EventEmitter` class, or `require('events')`.
    func isEventsModule(_ expr: NodeID, _ scopes: LeakScopes) -> Bool {
        let tree = scopes.tree
        let e = scopes.tree.unwrap(expr)
        if scopes.requiredModule(e) == "events" { return true }
        switch tree[e] {
        case .identifier:
            guard let d = scopes.declaration(of: e), case .import("events", let export) = d.kind else { return false }
            return export == nil || export == "EventEmitter" || export == "default"
        case .member(let o, let p, false, _):
            return tree.nameIs(p, "EventEmitter") && isEventsModule(o, scopes)
        default:
            return false
        }
    }

    /// A listener added to the same emitter (same receiver text in this file) by code a request, message or
    /// job runs: without one, a raised limit is a deliberate setting for a fixed set of subscribers (measured
    /// on real code: 0 of 8 audited findings of a bare raised limit were real).
    func listenerAddedPerRequest(to receiver: NodeID, _ unit: SourceUnit, _ scopes: LeakScopes,
                                 _ paths: LeakRequestPaths) -> (call: NodeID, label: String)? {
        let tree = scopes.tree
        let target = scopes.normalizedText(receiver)
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            guard tree.kind(id) == .call, case .call(let callee, _, _, _) = tree[id], case .member(let object, let property, false, _) = tree[callee],
                  tree.kind(property) == .identifier,
                  EmitterMethods.addingListener.contains(tree.name(of: property)),
                  scopes.normalizedText(object) == target, let entry = paths.entry(of: id, in: unit) else { continue }
            return (id, entry.label)
        }
        return nil
    }

    /// An emitter made inside the current function (`const s = new PassThrough()`): it dies with the call.
    func isPerCall(_ receiver: NodeID, _ scopes: LeakScopes) -> Bool {
        let r = scopes.tree.unwrap(receiver)
        guard scopes.tree.kind(r) == .identifier, let b = scopes.semantic.binding(for: r),
              !scopes.semantic.isModuleLevel(b), let initial = scopes.semantic.binding(b).initializer else { return false }
        return scopes.tree.kind(scopes.tree.unwrap(initial.expression)) == .new
    }
}
