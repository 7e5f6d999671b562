// Whether the functions a serial-await finding takes as reads only read and emit events (`AwaitedCalls.emitOnly`):
// `await sendNotificationList(socket)` whose name says it writes, but whose body loads rows and emits them to the
// client (`io.to(socket.userID).emit('notificationList', rows)`). A function is shown to when everything it does
// is one of these:
//   - a call whose name and arguments say it reads (`CallSaysModel`: the serial-await vocabulary, `find`,
//     `get`, a SELECT statement);
//   - a call of a project function shown the same way (through the project index, across modules, at most
//     `maxDepth` calls deep), or `new` of a project class whose constructor is, or of a builtin value type;
//   - a named event emitted, without a callback or an await for an acknowledgement, on one of its parameters
//     (`socket.emit('info', ...)`) or through a socket.io room or broadcast (`io.to(room).emit(...)`,
//     `socket.broadcast.emit(...)`); `this.emit(...)` and a module's emitter run listeners in the process and
//     are not such emits;
//   - a call whose name says nothing, made for its value and not awaited (`dayjs().valueOf()`);
//   - a change of a variable it declares, or of an object it made itself and never rebinds (`result.push(row)`,
//     `row.active = true` of `const row = bean.export()`); a constructor also sets fields of `this`.
// Anything else (a write of module state, of `this` or of an object it was handed; a call whose name says it
// writes; a generator; recursion; a body past `maxNodes`) is not shown. The events of the calls taken together
// must differ: two calls that emit the same event keep their order.

import JSSemantic
import JSSyntax
import LintEngine

/// What a call (or `new`, or tagged template) of a file says it does, by its name and arguments.
public enum CallSays: Sendable { case reads, writes, unknown }

/// The serial-await vocabulary, handed to the project model by the rules (`RuleRegistry`).
public typealias CallSaysModel = @Sendable (SyntaxTree, NodeID) -> CallSays

struct EmitKey: Hashable {
    let function: ProjectNode
    /// Summarised as a constructor (`new C()`): it may set fields of the object it makes.
    let constructor: Bool
}

struct EmitSummary {
    var shown: Bool
    /// The events emitted (by name).
    var events: Set<String>

    static let notShown = EmitSummary(shown: false, events: [])
}

extension AwaitSettlement {
    /// Builtin constructors of values (`new Date()`, `new Map()`): they change nothing outside what they make.
    static let valueConstructors: Set<String> = [
        "Date", "Map", "Set", "WeakMap", "WeakSet", "Array", "Object", "Error", "TypeError", "RangeError", "URL",
        "URLSearchParams", "RegExp", "Uint8Array",
    ]
    /// Builtin methods that change only the array, map or set they are called on.
    static let containerMutators: Set<String> = [
        "push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "set", "add", "delete", "clear",
    ]

    /// Whether each call (of the unit's file) runs a function shown to read and emit only, and no two of them
    /// emit the same event. Called with the lock held.
    func emitsOnly(_ calls: [NodeID], _ file: FileID) -> Bool {
        guard callSays != nil else { return false }
        let tree = functions.index.semantics(file).tree
        var events = Set<String>()
        for call in calls {
            guard case .call(let callee, _, _, _) = tree[call], let fn = calledFunction(callee, file) else { return false }
            let s = emitSummary(EmitKey(function: fn, constructor: false), depth: Self.maxDepth)
            guard s.shown, events.isDisjoint(with: s.events) else { return false }
            events.formUnion(s.events)
        }
        return true
    }

    /// The read-and-emit summary of a function (memoised; recursion and the depth limit are not shown).
    func emitSummary(_ key: EmitKey, depth: Int) -> EmitSummary {
        if let known = emitSummaries[key] { return known }
        guard depth > 0, !emitInProgress.contains(key) else { return .notShown }
        emitInProgress.insert(key)
        defer { emitInProgress.remove(key) }
        let s = walkEmitOnly(key, depth: depth)
        // a "not shown" found with less depth left may only be the limit
        if s.shown || depth >= Self.maxDepth - 1 { emitSummaries[key] = s }
        return s
    }

    private func walkEmitOnly(_ key: EmitKey, depth: Int) -> EmitSummary {
        let fn = key.function
        let sem = functions.index.semantics(fn.file)
        let tree = sem.tree
        guard let info = sem.function(fn.node), let body = info.body, !info.isGenerator, let callSays else { return .notShown }
        let range = tree.range(fn.node)
        func inside(_ n: NodeID) -> Bool {
            let r = tree.range(n)
            return r.start >= range.start && r.end <= range.end
        }
        /// A variable the function (or a callback in it) declares.
        func isOwnVariable(_ identifier: NodeID) -> Bool {
            guard let b = sem.binding(for: identifier) else { return false }
            return inside(sem.binding(b).declarationNode)
        }
        /// A variable the function declares and initialises with an object it makes (a literal, `new`, a call's
        /// result), never rebinding it.
        func isOwnObject(_ identifier: NodeID) -> Bool {
            guard tree.kind(identifier) == .identifier, let b = sem.binding(for: identifier) else { return false }
            let binding = sem.binding(b)
            guard inside(binding.declarationNode), [.let, .const, .var].contains(binding.kind),
                  let initializer = binding.initializer, initializer.path.isEmpty, sem.writes(of: b).isEmpty else { return false }
            var value = tree.unwrap(initializer.expression)
            if case .await(let argument) = tree[value] { value = tree.unwrap(argument) }
            switch tree.kind(value) {
            case .objectExpression, .arrayExpression, .new, .call: return true
            default: return false
            }
        }
        func writable(_ target: NodeID) -> Bool {
            let t = tree.unwrap(target)
            switch tree[t] {
            case .identifier:
                return isOwnVariable(t)
            case .member(let object, _, _, _):
                let o = tree.unwrap(object)
                if key.constructor, tree.kind(o) == .thisExpression { return true }
                var root = o
                for _ in 0..<32 {
                    guard case .member(let inner, _, _, _) = tree[root] else { break }
                    root = tree.unwrap(inner)
                }
                return isOwnObject(root)
            case .objectPattern(let properties, _):
                return tree.list(properties).allSatisfy { p in
                    switch tree[p] {
                    case .property(_, let value, _, _): return writable(value)
                    case .restElement(let argument, _): return writable(argument)
                    default: return false
                    }
                }
            case .arrayPattern(let elements, _):
                return tree.list(elements).allSatisfy { writable($0) }
            case .assignmentPattern(let left, _):
                return writable(left)
            case .restElement(let argument, _):
                return writable(argument)
            case .variableDeclaration:
                return true
            default:
                return false
            }
        }
        /// The expression around `n` that takes its value, past conditionals and logical operators; nil when the
        /// value is dropped (an expression statement) or awaited.
        func takesValue(_ n: NodeID) -> Bool {
            var child = n
            for _ in 0..<32 {
                guard let p = tree.parent(child) else { return false }
                switch tree.kind(p) {
                case .expressionStatement, .await: return false
                case .logical, .conditional, .sequence, .tsAsExpression, .tsNonNullExpression, .tsSatisfiesExpression,
                     .chain:
                    child = p
                default: return true
                }
            }
            return false
        }
        var events = Set<String>()
        /// `TARGET.emit('event', ...)` to a client: see the file's header.
        func emitsToClient(_ call: NodeID, _ object: NodeID, _ arguments: [NodeID]) -> Bool {
            guard !(tree.parent(call).map { tree.kind($0) == .await } ?? false), let first = arguments.first else { return false }
            let name = tree.unwrap(first)
            switch tree[name] {
            case .stringLiteral: break
            case .templateLiteral(_, let expressions) where tree.list(expressions).isEmpty: break
            default: return false
            }
            // a callback argument waits for the client's acknowledgement
            if arguments.contains(where: { tree.kind(tree.unwrap($0)).isFunction }) { return false }
            var throughRoom = false
            var o = tree.unwrap(object)
            for _ in 0..<16 {
                switch tree[o] {
                case .call(let callee, _, _, _):
                    guard case .member(let inner, let property, false, _) = tree[tree.unwrap(callee)] else { return false }
                    switch tree.name(of: property) {
                    case "to", "in", "except": throughRoom = true
                    case "compress": break
                    default: return false  // `socket.timeout(ms).emit(...)` waits for an acknowledgement
                    }
                    o = tree.unwrap(inner)
                    continue
                case .member(let inner, let property, false, _):
                    let p = tree.name(of: property)
                    if p == "broadcast" || p == "volatile" || p == "local" {
                        throughRoom = throughRoom || p == "broadcast"
                        o = tree.unwrap(inner)
                        continue
                    }
                default: break
                }
                break
            }
            if !throughRoom {
                // on a parameter the function is handed (the client's socket)
                guard tree.kind(o) == .identifier, let b = sem.binding(for: o), sem.binding(b).kind == .parameter,
                      inside(sem.binding(b).declarationNode) else { return false }
            }
            events.insert(tree.stringValue(of: name))
            return true
        }
        func callShown(_ n: NodeID, _ rawCallee: NodeID, _ arguments: [NodeID]) -> Bool {
            let callee = tree.unwrap(rawCallee)
            if case .member(let object, let property, false, _) = tree[callee], tree.kind(property) == .identifier {
                let method = tree.name(of: property)
                if method == "emit" { return emitsToClient(n, object, arguments) }
                // `result.push(row)`: a change of an object the function made
                if Self.containerMutators.contains(method), isOwnObject(tree.unwrap(object)) { return true }
            }
            let says = callSays(tree, n)
            if says == .reads { return true }
            if let f = calledFunction(rawCallee, fn.file) {
                let s = emitSummary(EmitKey(function: f, constructor: false), depth: depth - 1)
                events.formUnion(s.events)
                return s.shown
            }
            return says == .unknown && takesValue(n)
        }
        func constructionShown(_ rawCallee: NodeID) -> Bool {
            let callee = tree.unwrap(rawCallee)
            if tree.kind(callee) == .identifier, Self.valueConstructors.contains(tree.name(of: callee)), sem.isGlobalReference(callee) {
                return true
            }
            switch functions.index.value(of: callee, in: fn.file) {
            case .classValue(let cls)?:
                let ctree = functions.index.semantics(cls.file).tree
                let body: NodeID, superClass: NodeID?
                switch ctree[cls.node] {
                case .classDeclaration(_, _, _, let s, _, _, let b, _), .classExpression(_, _, _, let s, _, _, let b, _):
                    body = b
                    superClass = s
                default: return false
                }
                guard case .classBody(let members) = ctree[body] else { return false }
                for m in ctree.list(members) {
                    guard case .methodDefinition(_, _, let value, .constructor, _) = ctree[m] else { continue }
                    let s = emitSummary(EmitKey(function: ProjectNode(file: cls.file, node: value), constructor: true), depth: depth - 1)
                    events.formUnion(s.events)
                    return s.shown
                }
                // no constructor of its own: one it inherits is not looked into
                return superClass == nil
            case .function(let f)?:
                let s = emitSummary(EmitKey(function: f, constructor: true), depth: depth - 1)
                events.formUnion(s.events)
                return s.shown
            default:
                return false
            }
        }
        var stack = [body]
        var budget = Self.maxNodes
        while let n = stack.popLast() {
            budget -= 1
            if budget <= 0 { return .notShown }
            var shown = true
            switch tree[n] {
            case .assignment(_, let left, _):
                shown = writable(left)
            case .update(_, _, let argument), .unary(.delete, let argument):
                shown = writable(argument)
            case .forInStatement(let left, _, _), .forOfStatement(let left, _, _, _):
                shown = writable(left)
            case .yield, .classDeclaration, .classExpression:
                shown = false
            case .call(let callee, _, let arguments, _):
                shown = callShown(n, callee, Array(tree.list(arguments)))
            case .new(let callee, _, _):
                shown = constructionShown(callee)
            case .taggedTemplate:
                shown = callSays(tree, n) == .reads
            default:
                break
            }
            if !shown { return .notShown }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return EmitSummary(shown: true, events: events)
    }
}
