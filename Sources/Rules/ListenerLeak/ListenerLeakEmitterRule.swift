// listener-leak/emitter: on a request path, a listener is added to an emitter that outlives the request
// (process, a module-level emitter, an imported singleton such as a pool, client or server) and the same
// function is never removed from it.

import Diagnostics
import JSSyntax
import LintEngine

struct ListenerLeakEmitterRule: Rule {
    static let id: RuleID = "listener-leak/emitter"

    static let adding: Set<String> = ["on", "addListener", "prependListener", "once", "prependOnceListener", "addEventListener"]
    static let removing: Set<String> = ["off", "removeListener", "removeEventListener"]
    /// Events that may fire only at shutdown or on failure: a `once` listener for them waits forever.
    static let rareEvents: Set<String> = [
        "exit", "beforeExit", "SIGINT", "SIGTERM", "SIGHUP", "SIGUSR2", "close", "end", "error", "disconnect",
        "uncaughtException", "unhandledRejection", "abort", "shutdown",
    ]

    func checkProject(_ ctx: ProjectContext) {
        let paths = LeakRequestPaths.shared(ctx)
        LeakScopes.forEachUnit(ctx) { unit, scopes in
            let tree = unit.tree
            var removals: [(ref: LeakRef, listener: String?)] = []
            var adds: [(call: NodeID, method: String, receiver: NodeID, args: [NodeID])] = []
            for n in 0..<tree.count {
                let id = NodeID(Int32(n))
                guard case .call(let callee, _, let argList, _) = tree[id],
                      case .member(let receiver, let property, false, _) = tree[scopes.unwrap(callee)] else { continue }
                let method = tree.name(of: property)
                let args = Array(tree.list(argList))
                if ListenerLeakEmitterRule.adding.contains(method) {
                    adds.append((id, method, receiver, args))
                } else if ListenerLeakEmitterRule.removing.contains(method) || method == "removeAllListeners",
                          let ref = scopes.resolve(receiver) {
                    let listener = method == "removeAllListeners" ? nil : args.dropFirst().first.map { scopes.normalizedText($0) }
                    removals.append((ref, listener))
                }
            }
            for add in adds.sorted(by: { tree.range($0.call).start < tree.range($1.call).start }) {
                guard add.args.count >= 2, let entry = paths.entry(of: add.call, in: unit),
                      let (ref, origin) = scopes.longLivedEmitter(add.receiver) else { continue }
                let event = tree.kind(add.args[0]) == .stringLiteral ? tree.stringValue(of: add.args[0]) : nil
                if add.method.lowercased().contains("once"), !ListenerLeakEmitterRule.rareEvents.contains(event ?? "") { continue }
                if add.args.count > 2, hasSignal(add.args[2], tree) { continue }
                if let parent = tree.parent(add.call), tree.kind(parent) == .variableDeclarator { continue }
                let listener = scopes.unwrap(add.args[1])
                let listenerText = scopes.normalizedText(listener)
                let removed = removals.contains { r in
                    r.ref == ref && (r.listener == nil || (!LeakScopes.isFunction(tree.kind(listener)) && r.listener == listenerText))
                }
                if removed { continue }
                ctx.report(unit, add.call, report(unit, scopes, add, event: event, origin: origin, entry: entry))
            }
        }
    }

    func hasSignal(_ options: NodeID, _ tree: SyntaxTree) -> Bool {
        guard case .objectExpression(let props) = tree[options] else { return false }
        return tree.list(props).contains { p in
            if case .property(let key, _, _, _) = tree[p] { return tree.kind(key) == .identifier && tree.name(of: key) == "signal" }
            return false
        }
    }

    func report(_ unit: SourceUnit, _ scopes: LeakScopes,
                _ add: (call: NodeID, method: String, receiver: NodeID, args: [NodeID]),
                event: String?, origin: String, entry: LeakRequestEntry) -> Report
    {
        let tree = unit.tree
        let emitter = tree.text(scopes.unwrap(add.receiver))
        let what = event.map { "'\($0)' listener" } ?? "listener"
        let inline = LeakScopes.isFunction(tree.kind(scopes.unwrap(add.args[1])))
        let place = origin == "process" ? emitter : "\(emitter) (\(origin))"
        var message = "\(what) added to \(place) on every request in \(entry.label) and never removed"
        if inline { message += "; an inline function cannot be removed later" }
        let remover = add.method == "addEventListener" ? "removeEventListener" : "off"
        let eventText = tree.text(add.args[0])
        let fix = "keep the listener in a variable and call \(emitter).\(remover)(\(eventText), listener) when the request ends (in a finally block or on res 'close'), or pass { signal } from an AbortController"
        var trace = entry.trace
        trace.append(unit.step(add.call, "\(emitter).\(add.method)(...) adds a listener per request"))
        let evidence: Evidence = ["emitter": .string(emitter), "event": .string(event ?? ""), "handler": .string(entry.label)]
        return Report(message, fix: Fix(description: fix), trace: trace, evidence: evidence)
    }
}
