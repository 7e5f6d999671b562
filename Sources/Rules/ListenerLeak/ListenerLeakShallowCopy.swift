// listener-leak/emitter, the shallow-copy shape: `Object.assign({}, x)` and `{ ...x }` copy x's own fields by
// reference, an EventEmitter's listener table (`_events`) among them, so a listener added to the copy is added
// to x's table. A function that runs per call, copies an object that existed before the call and adds a
// listener to the copy (directly, or in a function of the same file it hands the copy to) leaves one more
// listener on the original with every call (knex's `withUserParams`: `Object.assign({}, this.client)`, whose
// copy `redefineProperties(knexClone, knexClone.client)` wired with passthrough listeners, #2982).
// The copies are collected once per file, and only when an add gets this far; most files have none, and
// every look-up after that is over them.

import Diagnostics
import ExecutionModel
import JSSemantic
import JSSyntax
import LintEngine

extension ListenerLeakEmitterRule {
    /// The shallow copies a file makes inside functions, and the calls that hand one on.
    final class ShallowCopies {
        struct Copy {
            /// The assignment or declarator that stores the copy.
            let node: NodeID
            /// What receives it (`knexClone.client`, `copy`), without whitespace.
            let target: String
            /// The copied object (`this.client`), without whitespace.
            let original: String
            /// The function that makes it on every call.
            let function: NodeID
            /// Whether that function runs once per call of its own (a function or method, not a callback handed
            /// to a call, such as a route handler, which counts only on a request path).
            let perCall: Bool
        }

        /// A call that hands a copy (or an object holding it) to a function of the file.
        struct HandOff {
            let call: NodeID
            let copy: Int
            /// The binding of the called function.
            let callee: BindingID
            let argument: Int
            /// The path from the argument to the copy: `["client"]` for `f(knexClone)` when the copy is
            /// `knexClone.client`, empty when the argument is the copy.
            let path: [String]
        }

        private(set) var copies: [Copy] = []
        private(set) var handOffs: [HandOff] = []
        /// Objects the file gives a listener table of their own (`EventEmitter.call(copy)`, `copy._events = ...`):
        /// their text and where.
        private(set) var resets: [(text: String, node: NodeID)] = []

        init(_ tree: SyntaxTree, _ scopes: LeakScopes, rule: ListenerLeakEmitterRule) {
            let semantic = scopes.semantic
            var stores: [(node: NodeID, target: NodeID, value: NodeID)] = []
            var calls: [NodeID] = []
            for n in 0..<tree.count {
                let id = NodeID(Int32(n))
                switch tree.kind(id) {
                case .assignment:
                    guard case .assignment(.assign, let left, let right) = tree[id] else { continue }
                    if case .member(let o, let p, false, _) = tree[tree.unwrap(left)], tree.nameIs(p, "_events") {
                        resets.append((scopes.normalizedText(o), id))
                    }
                    stores.append((id, left, right))
                case .variableDeclarator:
                    guard case .variableDeclarator(let target, let value?, _) = tree[id], tree.kind(target) == .identifier else { continue }
                    stores.append((id, target, value))
                case .call:
                    calls.append(id)
                default:
                    continue
                }
            }
            for s in stores {
                guard let original = ShallowCopies.copiedObject(s.value, tree) else { continue }
                let owner = rule.perCallOwner(of: s.node, tree)
                guard let function = owner ?? tree.enclosingFunction(of: s.node), !semantic.isModuleIIFE(function),
                      ShallowCopies.outlives(original, function, tree, scopes) else { continue }
                copies.append(Copy(node: s.node, target: scopes.normalizedText(s.target),
                                   original: scopes.normalizedText(original), function: function, perCall: owner != nil))
            }
            guard !copies.isEmpty else { return }
            for call in calls {
                guard case .call(let callee, _, let argList, _) = tree[call] else { continue }
                let c = tree.unwrap(callee)
                let args = Array(tree.list(argList))
                // `EventEmitter.call(copy)`, `EventEmitter.init.call(copy)`: the copy gets a table of its own
                if case .member(let o, let p, false, _) = tree[c], tree.nameIs(p, "call") || tree.nameIs(p, "apply"),
                   scopes.normalizedText(o).contains("Emitter"), let first = args.first {
                    resets.append((scopes.normalizedText(first), call))
                    continue
                }
                guard tree.kind(c) == .identifier, !args.isEmpty else { continue }
                let at = tree.range(call).start
                let holders = copies.indices.filter { scopes.contains(copies[$0].function, call) && tree.range(copies[$0].node).start < at }
                guard !holders.isEmpty, let binding = semantic.binding(for: c), !semantic.isWritten(binding) else { continue }
                let texts = args.map { scopes.normalizedText($0) }
                for i in holders {
                    let copy = copies[i]
                    for (a, arg) in args.enumerated() {
                        let text = texts[a]
                        if text == copy.target {
                            handOffs.append(HandOff(call: call, copy: i, callee: binding, argument: a, path: []))
                        } else if copy.target.hasPrefix(text + "."), !text.contains("("), tree.kind(tree.unwrap(arg)) == .identifier {
                            let rest = copy.target.dropFirst(text.count + 1).split(separator: ".").map(String.init)
                            handOffs.append(HandOff(call: call, copy: i, callee: binding, argument: a, path: rest))
                        }
                    }
                }
            }
        }

        /// The object a shallow copy copies: `Object.assign({}, x, ...)` (or onto `Object.create(...)`), or an
        /// object literal that spreads `x` (`{ ...x, extra }`); `x` is a name or a member chain, not a
        /// prototype (`Object.assign({}, EventEmitter.prototype)` makes an emitter with a table of its own).
        static func copiedObject(_ expr: NodeID, _ tree: SyntaxTree) -> NodeID? {
            let e = tree.unwrap(expr)
            var source: NodeID?
            switch tree.kind(e) {
            case .call:
                guard case .call(let callee, _, let argList, _) = tree[e], case .member(let o, let p, false, _) = tree[tree.unwrap(callee)],
                      tree.nameIs(p, "assign"), tree.kind(tree.unwrap(o)) == .identifier, tree.nameIs(tree.unwrap(o), "Object") else { return nil }
                let args = Array(tree.list(argList))
                guard args.count >= 2, freshTarget(args[0], tree) else { return nil }
                source = args.dropFirst().first { tree.kind(tree.unwrap($0)) != .objectExpression }
            case .objectExpression:
                guard case .objectExpression(let props) = tree[e] else { return nil }
                for p in tree.list(props) {
                    if case .spreadElement(let argument) = tree[p] { source = argument; break }
                }
            default:
                return nil
            }
            guard let s = source.map({ tree.unwrap($0) }), isNameChain(s, tree) else { return nil }
            if case .member(_, let p, false, _) = tree[s], tree.nameIs(p, "prototype") { return nil }
            return s
        }

        /// `{}` or `Object.create(...)`: the object `Object.assign` copies onto is new.
        static func freshTarget(_ expr: NodeID, _ tree: SyntaxTree) -> Bool {
            let e = tree.unwrap(expr)
            if case .objectExpression(let props) = tree[e] { return tree.list(props).isEmpty }
            guard case .call(let callee, _, _, _) = tree[e], case .member(let o, let p, false, _) = tree[tree.unwrap(callee)] else { return false }
            return tree.nameIs(p, "create") && tree.kind(tree.unwrap(o)) == .identifier && tree.nameIs(tree.unwrap(o), "Object")
        }

        /// `x`, `this`, `this.client`, `a.b.c`: no call, no computed key.
        static func isNameChain(_ expr: NodeID, _ tree: SyntaxTree) -> Bool {
            var e = tree.unwrap(expr)
            for _ in 0..<16 {
                switch tree[e] {
                case .identifier, .thisExpression: return true
                case .member(let o, _, false, _): e = tree.unwrap(o)
                default: return false
                }
            }
            return false
        }

        /// Whether the copied object existed before the call: its root is `this`, a parameter, or a name
        /// declared outside the copying function, not a local the call made.
        static func outlives(_ original: NodeID, _ function: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes) -> Bool {
            var e = original
            for _ in 0..<16 {
                guard case .member(let o, _, false, _) = tree[e] else { break }
                e = tree.unwrap(o)
            }
            if tree.kind(e) == .thisExpression { return true }
            guard tree.kind(e) == .identifier, let b = scopes.semantic.binding(for: e) else { return false }
            let binding = scopes.semantic.binding(b)
            if binding.kind == .parameter { return true }
            return !scopes.contains(function, binding.declaration)
        }

        /// The copy an add's receiver holds, and the call that handed it over when the add sits in another
        /// function: the receiver is a copy's target in the function that made it (after the copy), or a
        /// parameter (or a path from one: `knex.client`) of a function the copying function calls with the
        /// copy in that place. A receiver the add's function sets to something else first is not the copy,
        /// unless it sets it from a parameter that was handed the copy (`knex.client = client`).
        func copy(held receiver: NodeID, by add: NodeID, in owner: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes)
            -> (copy: Copy, handOff: HandOff?)?
        {
            let r = tree.unwrap(receiver)
            guard ShallowCopies.isNameChain(r, tree) else { return nil }
            let text = scopes.normalizedText(r)
            if resets.contains(where: { $0.text == text && scopes.contains(owner, $0.node) }) { return nil }
            let start = tree.range(add).start
            if let c = copies.first(where: { $0.target == text && $0.function == owner && tree.range($0.node).start < start }) {
                return (c, nil)
            }
            guard !handOffs.isEmpty else { return nil }
            var own: BindingID?
            if case .functionDeclaration(let name?, _, _, _, _, _) = tree[owner] { own = scopes.semantic.binding(for: name) }
            return handedInCopy(r, text, own: own, start, owner, tree, scopes)
        }

        private func handedInCopy(_ r: NodeID, _ text: String, own: BindingID?, _ start: Int32, _ owner: NodeID,
                                  _ tree: SyntaxTree, _ scopes: LeakScopes) -> (copy: Copy, handOff: HandOff?)? {
            let semantic = scopes.semantic
            let callee = own ?? variableBinding(of: owner, tree, semantic)
            guard let callee, let params = tree.functionParts(owner)?.params.map({ tree.unwrap($0) }) else { return nil }
            // the parameter the receiver starts from, and the path after it
            var root = r
            var path: [String] = []
            for _ in 0..<16 {
                guard case .member(let o, let p, false, _) = tree[root] else { break }
                path.insert(tree.name(of: p), at: 0)
                root = tree.unwrap(o)
            }
            guard tree.kind(root) == .identifier, let b = semantic.binding(for: root), semantic.binding(b).kind == .parameter,
                  semantic.binding(b).declaration == owner, !semantic.isWritten(b),
                  let index = params.firstIndex(of: semantic.binding(b).declarationNode) else { return nil }
            // what the function itself stores in the receiver before the add: a parameter, or nothing
            var setFrom: Int?
            if !path.isEmpty {
                for n in storesBefore(text, start, owner, tree, scopes) {
                    guard tree.kind(n) == .identifier, let pb = semantic.binding(for: n), semantic.binding(pb).kind == .parameter,
                          semantic.binding(pb).declaration == owner, let j = params.firstIndex(of: semantic.binding(pb).declarationNode)
                    else { return nil }  // set to something else than a parameter: not what the caller handed over
                    setFrom = j
                }
            }
            for h in handOffs where h.callee == callee {
                let copy = copies[h.copy]
                if resets.contains(where: { $0.text == copy.target && scopes.contains(copy.function, $0.node) }) { continue }
                if let j = setFrom {
                    if h.argument == j, h.path.isEmpty { return (copy, h) }
                } else if h.argument == index, h.path == path {
                    return (copy, h)
                }
            }
            return nil
        }

        /// The values the function assigns to `text` before `start` (its own assignments, not nested functions').
        private func storesBefore(_ text: String, _ start: Int32, _ owner: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes) -> [NodeID] {
            guard let body = tree.functionParts(owner)?.body, case .blockStatement(let statements) = tree[body] else { return [] }
            var out: [NodeID] = []
            for stmt in tree.list(statements).prefix(2_000) {
                guard tree.range(stmt).start < start else { break }
                guard case .expressionStatement(let e, _) = tree[stmt], case .assignment(.assign, let left, let right) = tree[tree.unwrap(e)],
                      scopes.normalizedText(left) == text else { continue }
                out.append(tree.unwrap(right))
            }
            return out
        }

        /// The binding a function expression is stored in (`const wire = function (...) {...}`).
        private func variableBinding(of fn: NodeID, _ tree: SyntaxTree, _ semantic: FileSemantics) -> BindingID? {
            guard let p = tree.parent(fn), case .variableDeclarator(let target, _, _) = tree[p], tree.kind(target) == .identifier,
                  let b = semantic.binding(for: target), !semantic.isWritten(b) else { return nil }
            return b
        }
    }

    /// The reason, when the add's receiver is a shallow copy of an object that outlives the call, made per
    /// call by a function that is not a set-up function (by a callback only on a request path: `hot`).
    func shallowCopyShape(_ add: PerCallAdd, owner: NodeID, hot: Bool, copies: ShallowCopies, _ unit: SourceUnit, _ scopes: LeakScopes)
        -> (shape: String, copier: NodeID, handOff: NodeID?)?
    {
        let tree = unit.tree
        guard let (copy, handOff) = copies.copy(held: add.receiver, by: add.call, in: owner, tree, scopes), copy.perCall || hot
        else { return nil }
        if let name = ownerName(copy.function, tree), ListenerLeakEmitterRule.isSetupName(name) { return nil }
        if OnceGuards.notPerCall(copy.node, in: unit) { return nil }
        if let h = handOff, OnceGuards.notPerCall(h.call, in: unit) { return nil }
        let line = unit.file.location(of: Int(tree.range(copy.node).start)).line
        let shape = "\(copy.target) is a shallow copy of \(copy.original) (line \(line)), which shares its listener table, so the listener is added to \(copy.original) itself and every call leaves one more there"
        return (shape, copy.function, handOff?.call)
    }

    /// A finding of the shallow-copy shape: its trace starts at the function that makes the copy per call.
    func shallowCopyReport(_ unit: SourceUnit, _ scopes: LeakScopes, _ add: PerCallAdd, event: String?,
                           shape: (shape: String, copier: NodeID, handOff: NodeID?), inline: Bool) -> Report {
        let tree = unit.tree
        var report = perCallReport(unit, scopes, add, event: event, owner: shape.copier, ownerName: ownerName(shape.copier, tree),
                                   shape: shape.shape, inline: inline)
        let emitter = tree.text(chainRoot(add.receiver, tree))
        report.fix = Fix(description: "give the copy a listener table of its own (make it with its constructor, or call EventEmitter.call(copy) before adding), or keep the listener and call \(emitter).off(\(tree.text(add.args[0])), listener) when the copy is done")
        if let call = shape.handOff {
            let callee: String
            if case .call(let c, _, _, _) = tree[call] { callee = tree.text(tree.unwrap(c)) } else { callee = "the function" }
            report.trace.insert(unit.step(call, "hands the copy to \(callee)()"), at: 1)
        }
        return report
    }
}
