// listener-leak/emitter (page: rules/listener-leak/emitter.md): on a request path, a listener is added to an emitter that outlives the request
// (process, a module-level emitter, an imported singleton such as a pool, client or server) and the same
// function is never removed from it.

import Diagnostics
import ExecutionModel
import JSSemantic
import JSSyntax
import LintEngine

struct ListenerLeakEmitterRule: Rule {
    static let id: RuleID = "listener-leak/emitter"

    /// An EventEmitter's listener-adding methods, and an EventTarget's.
    static let adding: Set<String> = EmitterMethods.addingListener.union(["addEventListener"])
    static let removing: Set<String> = ["off", "removeListener", "removeEventListener"]

    /// Whether a method name whose source starts with `byte` may be one of `adding`, `removing` or
    /// `removeAllListeners`: their first letters, an escape (`\u006fn`) or a private name's `#`.
    static func mayStartMethodName(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "o"), UInt8(ascii: "a"), UInt8(ascii: "p"), UInt8(ascii: "r"), UInt8(ascii: "\\"), UInt8(ascii: "#"): return true
        default: return false
        }
    }

    /// Events that may fire only at shutdown or on failure: a `once` listener for them waits forever.
    static let rareEvents: Set<String> = [
        "exit", "beforeExit", "SIGINT", "SIGTERM", "SIGHUP", "SIGUSR2", "close", "end", "error", "disconnect",
        "uncaughtException", "unhandledRejection", "abort", "shutdown",
    ]

    func checkProject(_ ctx: ProjectContext) {
        let paths = LeakRequestPaths.shared(ctx)
        paths.forEachReachedUnit(ctx) { unit, scopes, ctx in
            let tree = unit.tree
            var removals: [(ref: LeakRef, listener: Removal?)] = []
            // removals by receiver text, for emitters that are not module-level (keep-alive sockets)
            var textRemovals: [(receiver: String, listener: Removal?)] = []
            var adds: [(call: NodeID, method: String, receiver: NodeID, args: [NodeID])] = []
            let bytes = tree.file.bytes
            for id in tree.nodes(ofKind: .call) {
                guard case .call(let callee, _, let argList, _) = tree[id],
                      case .member(let receiver, let property, false, _) = tree[scopes.tree.unwrap(callee)] else { continue }
                // the name's first byte before the name: most methods called are none of these
                let start = Int(tree.range(property).start)
                if start < tree.range(property).end, !ListenerLeakEmitterRule.mayStartMethodName(bytes[start]) { continue }
                let method = tree.name(of: property)
                if ListenerLeakEmitterRule.adding.contains(method) {
                    adds.append((id, method, receiver, Array(tree.list(argList))))
                } else if ListenerLeakEmitterRule.removing.contains(method) || method == "removeAllListeners" {
                    let args = tree.list(argList)
                    let listener: Removal? = method == "removeAllListeners" ? nil
                        : Removal(event: args.first.flatMap { tree.kind($0) == .stringLiteral ? tree.stringValue(of: $0) : nil },
                                  listener: args.dropFirst().first, scopes: scopes, unit: unit)
                    if let ref = scopes.resolve(receiver) { removals.append((ref, listener)) }
                    textRemovals.append((scopes.normalizedText(receiver), listener))
                }
            }
            for add in adds.sorted(by: { tree.range($0.call).start < tree.range($1.call).start }) {
                // under a library's API (`libraryAPI: true`) the per-call shapes decide: which emitters outlive a
                // call of a library function is what they model (a borrowed connection, a keep-alive socket)
                guard add.args.count >= 2, let entry = paths.entry(of: add.call, in: unit), !entry.isLibraryAPI else { continue }
                let longLived = scopes.longLivedEmitter(add.receiver)
                let socket = longLived == nil ? keepAliveSocket(add.receiver, scopes) : nil
                guard let origin = longLived?.origin ?? socket else { continue }
                let event = tree.kind(add.args[0]) == .stringLiteral ? tree.stringValue(of: add.args[0]) : nil
                if add.method.lowercased().contains("once"), !ListenerLeakEmitterRule.rareEvents.contains(event ?? "") { continue }
                if add.args.count > 2, hasSignal(add.args[2], tree) { continue }
                if let parent = tree.parent(add.call), tree.kind(parent) == .variableDeclarator { continue }
                let listener = scopes.tree.unwrap(add.args[1])
                let named = !tree.kind(listener).isFunction
                let added = Removal(event: event, listener: add.args[1], scopes: scopes, unit: unit)
                let removed: Bool
                if let ref = longLived?.ref {
                    removed = removals.contains { r in r.ref == ref && (r.listener == nil || (named && r.listener!.removes(added))) }
                } else {
                    let receiverText = scopes.normalizedText(add.receiver)
                    removed = textRemovals.contains { r in
                        r.receiver == receiverText && (r.listener == nil || (named && r.listener!.removes(added)))
                    }
                }
                if removed { continue }
                ctx.report(unit, add.call, report(unit, scopes, add, event: event, origin: origin, entry: entry))
            }
        }
        LeakScopes.forEachUnit(ctx) { unit, scopes, ctx in checkPerCall(ctx, unit, scopes, paths: paths) }
    }

    /// A listener as an add or a removal names it: its event (when a literal) and the function, by binding
    /// when it is a name (so a different local `onMsg` in another function is another listener), else by
    /// its text (`this.onMsg`).
    struct Removal {
        let event: String?
        let binding: BindingID?
        let text: String?

        init(event: String?, listener: NodeID?, scopes: LeakScopes, unit: SourceUnit) {
            self.event = event
            guard let l = listener else { binding = nil; text = nil; return }
            let u = scopes.tree.unwrap(l)
            if unit.tree.kind(u) == .identifier, let b = unit.semantic.binding(for: u) {
                binding = b
                text = nil
            } else {
                binding = nil
                text = scopes.normalizedText(l)
            }
        }

        /// Whether this removal takes off the added listener: same event when both are literals, and the
        /// same binding (or the same text when neither is a resolved name).
        func removes(_ added: Removal) -> Bool {
            if let e = event, let a = added.event, e != a { return false }
            if let b = binding, let a = added.binding { return b == a }
            if binding != nil || added.binding != nil { return false }
            return text != nil && text == added.text
        }
    }

    /// Properties of a per-request object that hold its connection's socket, which keep-alive reuses for
    /// many requests: `req.socket`, `res.socket`, `req.connection`, `ctx.socket`, `ctx.req.socket`,
    /// `request.raw.socket`.
    func keepAliveSocket(_ receiver: NodeID, _ scopes: LeakScopes) -> EmitterOrigin? {
        let tree = scopes.tree
        guard case .member(let object, let property, false, _) = tree[scopes.tree.unwrap(receiver)],
              ["socket", "connection"].contains(tree.name(of: property)) else { return nil }
        // the object is the request or response (or a framework context/raw wrapper of them)
        var base = scopes.tree.unwrap(object)
        var names: [String] = []
        for _ in 0..<4 {
            switch tree[base] {
            case .identifier:
                names.append(tree.name(of: base))
            case .member(let inner, let p, false, _):
                names.append(tree.name(of: p))
                base = scopes.tree.unwrap(inner)
                continue
            default:
                return nil
            }
            break
        }
        let requestish: Set<String> = ["req", "request", "res", "response", "ctx", "context", "reply", "raw", "incoming",
                                       "incomingMessage", "serverResponse"]
        guard let first = names.first, requestish.contains(first) else { return nil }
        return .keepAliveSocket
    }

    func hasSignal(_ options: NodeID, _ tree: SyntaxTree) -> Bool {
        guard case .objectExpression(let props) = tree[options] else { return false }
        return tree.list(props).contains { p in
            if case .property(let key, _, _, _) = tree[p] { return tree.kind(key) == .identifier && tree.nameIs(key, "signal") }
            return false
        }
    }

    func report(_ unit: SourceUnit, _ scopes: LeakScopes,
                _ add: (call: NodeID, method: String, receiver: NodeID, args: [NodeID]),
                event: String?, origin: EmitterOrigin, entry: LeakRequestEntry) -> Report
    {
        let tree = unit.tree
        let emitter = tree.text(scopes.tree.unwrap(add.receiver))
        let what = event.map { "'\($0)' listener" } ?? "listener"
        let inline = tree.kind(scopes.tree.unwrap(add.args[1])).isFunction
        let place = origin.text.map { "\(emitter) (\($0))" } ?? emitter
        var message = "\(what) added to \(place) on every request in \(entry.label) and never removed"
        if inline { message += "; an inline function cannot be removed later" }
        let remover = add.method == "addEventListener" ? "removeEventListener" : "off"
        let eventText = tree.text(add.args[0])
        let fix = "keep the listener in a variable and call \(emitter).\(remover)(\(eventText), listener) when the request ends (in a finally block or on res 'close'), or pass { signal } from an AbortController"
        var trace = entry.trace
        trace.append(unit.step(add.call, "\(emitter).\(add.method)(...) adds a listener per request"))
        let evidence: Evidence = ["emitter": .string(emitter), "event": .string(event ?? ""), "handler": .string(entry.label), "context": .string(entry.context)]
        return Report(message, fix: Fix(description: fix), trace: trace, evidence: evidence)
    }
}
