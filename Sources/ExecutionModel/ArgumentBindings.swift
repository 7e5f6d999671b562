// Argument bindings: what a function does for the constant arguments one call passes it. NodeBB's
// `user.getSettings(0)` returns before its database read when `uid <= 0`; wiki-js's
// `locales.getNavLocales({ cache: true })` answers from its in-memory cache once the option is set. The
// await-settlement summary of such a call binds the callee's parameters to the call's constants (literals,
// `undefined`, a left-out argument, a property of an object literal read by a destructured parameter, the
// parameter's default) and walks the body statement by statement: an `if` whose test the bindings decide
// runs one branch, and a branch that always returns ends the walk of its statement list.
//
// An in-memory read-through cache counts as a return too: `const hit = await CACHE.get(key)` followed by
// `if (hit) return hit`, in a function that also writes the same cache (`CACHE.set(...)`), where `CACHE`
// is a `new` object of an in-process cache package (`node-cache`, `lru-cache`, ...) or a `Map`, reached
// through a binding or a global's property assigned once in the project. After the first call the hit
// returns, and what follows runs on a miss only.
//
// Bounded like the summary it extends: the caller's depth, `AwaitSettlement.maxNodes` visited statements
// per walk, and at most `maxBindings` parameters bound per call. Anything the bindings do not decide runs
// both branches; anything not known waits.

import JSSemantic
import JSSyntax

extension AwaitSettlement {
    /// A constant value an argument passes.
    enum Constant: Hashable {
        case undefined, null
        case bool(Bool)
        case number(Double)
        case string(String)

        var truthy: Bool {
            switch self {
            case .undefined, .null: return false
            case .bool(let b): return b
            case .number(let n): return n != 0 && !n.isNaN
            case .string(let s): return !s.isEmpty
            }
        }
    }

    /// Parameters bound to constants, by the callee file's bindings.
    typealias Bindings = [BindingID: Constant]

    static let maxBindings = 8

    /// Packages whose caches live in the process: a read is a map lookup.
    static let memoryCachePackages: Set<String> = [
        "node-cache", "lru-cache", "quick-lru", "memory-cache", "@isaacs/ttlcache", "mnemonist", "tiny-lru", "flru",
    ]

    /// A literal (or `undefined`, a negated number, a `const` bound to one) written in `sem`'s file.
    func constant(_ expr: NodeID, _ sem: FileSemantics, depth: Int = 0) -> Constant? {
        let tree = sem.tree
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .numericLiteral: return sem.literalNumber(e).map { .number($0) }
        case .stringLiteral: return sem.literalString(e).map { .string($0) }
        case .booleanLiteral(let value): return .bool(value)
        case .nullLiteral: return .null
        case .unary(.minus, let operand):
            if case .number(let n)? = constant(operand, sem, depth: depth) { return .number(-n) }
            return nil
        case .unary(.void, _): return .undefined
        case .identifier:
            if tree.name(of: e) == "undefined", sem.isGlobalReference(e) { return .undefined }
            guard depth < 2, let b = sem.binding(for: e), sem.binding(b).kind == .const, let v = sem.constantValue(of: b),
                  v.path.isEmpty else { return nil }
            return constant(v.expression, sem, depth: depth + 1)
        default:
            return nil
        }
    }

    /// The constants a call with arguments `args` (written in `file`) binds `fn`'s parameters to: an identifier
    /// parameter takes its argument (or its default when the argument is left out or `undefined`); a
    /// destructured object parameter takes the properties of an object literal argument (or of its default).
    func bindings(of fn: ProjectNode, args: [NodeID], file: FileID) -> Bindings {
        let csem = functions.index.semantics(file)
        let fsem = functions.index.semantics(fn.file)
        let ftree = fsem.tree
        guard let parts = ftree.functionParts(fn.node) else { return [:] }
        var out: Bindings = [:]
        for (i, param) in parts.params.enumerated() {
            // a spread before (or at) this position moves the arguments
            guard !args.prefix(i + 1).contains(where: { csem.tree.kind($0) == .spreadElement }) else { break }
            var pattern = param
            var fallback: NodeID?
            if case .assignmentPattern(let left, let right) = ftree[param] {
                pattern = left
                fallback = right
            }
            let arg = i < args.count ? args[i] : nil
            switch ftree[pattern] {
            case .identifier:
                guard let b = fsem.binding(for: pattern), !fsem.isWritten(b) else { continue }
                var value: Constant?
                if let arg {
                    value = constant(arg, csem)
                    if value == .undefined, let fallback { value = constant(fallback, fsem) }
                } else {
                    value = fallback.map { constant($0, fsem) } ?? .undefined
                }
                if let value { out[b] = value }
            case .objectPattern(let properties, _):
                // the object the pattern reads: the argument, or the default when it is left out
                var source: (node: NodeID, sem: FileSemantics)?
                if let arg, constant(arg, csem) != .undefined {
                    source = (arg, csem)
                } else if let fallback {
                    source = (fallback, fsem)
                }
                guard let source, let fields = literalFields(source.node, source.sem) else { continue }
                for p in ftree.list(properties) {
                    guard case .property(let key, let value, _, let flags) = ftree[p], !flags.contains(.computed),
                          ftree.kind(key) == .identifier else { continue }
                    var target = value
                    var propertyDefault: NodeID?
                    if case .assignmentPattern(let left, let right) = ftree[value] {
                        target = left
                        propertyDefault = right
                    }
                    guard ftree.kind(target) == .identifier, let b = fsem.binding(for: target), !fsem.isWritten(b) else { continue }
                    var bound: Constant?
                    if let field = fields[ftree.name(of: key)] {
                        bound = constant(field, source.sem)
                        if bound == .undefined, let propertyDefault { bound = constant(propertyDefault, fsem) }
                    } else {
                        bound = propertyDefault.map { constant($0, fsem) } ?? .undefined
                    }
                    if let bound { out[b] = bound }
                }
            default:
                continue
            }
            if out.count >= Self.maxBindings { break }
        }
        return out
    }

    /// The plainly written properties of an object literal (`{ cache: true }`); nil for anything else, or a
    /// literal with a spread or a computed key (it may hold any property).
    func literalFields(_ expr: NodeID, _ sem: FileSemantics) -> [String: NodeID]? {
        let tree = sem.tree
        guard case .objectExpression(let properties) = tree[tree.unwrap(expr)] else { return nil }
        var out: [String: NodeID] = [:]
        for p in tree.list(properties) {
            guard case .property(let key, let value, .initializer, let flags) = tree[p], !flags.contains(.computed) else { return nil }
            let name: String?
            switch tree[key] {
            case .identifier: name = tree.name(of: key)
            case .stringLiteral: name = sem.literalString(key)
            default: name = nil
            }
            guard let name else { return nil }
            out[name] = value
        }
        return out
    }

    /// What `expr` evaluates to under the bindings, when they decide it.
    func evaluate(_ expr: NodeID, _ bound: Bindings, _ sem: FileSemantics, depth: Int = 0) -> Constant? {
        guard depth < 16 else { return nil }
        let tree = sem.tree
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .identifier:
            if let b = sem.binding(for: e), let v = bound[b] { return v }
            return constant(e, sem)
        case .unary(.not, let operand):
            return evaluate(operand, bound, sem, depth: depth + 1).map { .bool(!$0.truthy) }
        case .unary(.minus, let operand):
            if case .number(let n)? = evaluate(operand, bound, sem, depth: depth + 1) { return .number(-n) }
            return nil
        case .logical(let op, let left, let right):
            let l = evaluate(left, bound, sem, depth: depth + 1)
            switch op {
            case .and:
                if let l, !l.truthy { return l }
                guard l != nil else {
                    // `unknown && false` is falsy whatever the left side is
                    if let r = evaluate(right, bound, sem, depth: depth + 1), !r.truthy { return .bool(false) }
                    return nil
                }
                return evaluate(right, bound, sem, depth: depth + 1)
            case .or:
                if let l, l.truthy { return l }
                guard l != nil else {
                    if let r = evaluate(right, bound, sem, depth: depth + 1), r.truthy { return .bool(true) }
                    return nil
                }
                return evaluate(right, bound, sem, depth: depth + 1)
            case .nullish:
                guard let l else { return nil }
                return l == .undefined || l == .null ? evaluate(right, bound, sem, depth: depth + 1) : l
            }
        case .binary(let op, let left, let right):
            guard let l = evaluate(left, bound, sem, depth: depth + 1), let r = evaluate(right, bound, sem, depth: depth + 1) else {
                return nil
            }
            switch op {
            case .strictEqual: return .bool(l == r)
            case .strictNotEqual: return .bool(l != r)
            case .equal, .notEqual:
                // loose equality only where it agrees with strict equality or is the null/undefined pair
                let nullish: Set<Constant> = [.undefined, .null]
                let same: Bool
                if nullish.contains(l) || nullish.contains(r) {
                    same = nullish.contains(l) && nullish.contains(r)
                } else {
                    switch (l, r) {
                    case (.number, .number), (.string, .string), (.bool, .bool): same = l == r
                    default: return nil
                    }
                }
                return .bool(op == .equal ? same : !same)
            case .less, .lessEqual, .greater, .greaterEqual:
                guard case .number(let a) = l, case .number(let b) = r else { return nil }
                switch op {
                case .less: return .bool(a < b)
                case .lessEqual: return .bool(a <= b)
                case .greater: return .bool(a > b)
                default: return .bool(a >= b)
                }
            default:
                return nil
            }
        case .call(let callee, _, let args, _):
            // parseInt(x, 10) / Number(x) of a bound number
            let c = tree.unwrap(callee)
            guard tree.kind(c) == .identifier, sem.isGlobalReference(c), ["parseInt", "Number"].contains(tree.name(of: c)),
                  let first = tree.list(args).first, case .number(let n)? = evaluate(first, bound, sem, depth: depth + 1)
            else { return nil }
            return .number(tree.name(of: c) == "parseInt" ? n.rounded(.towardZero) : n)
        default:
            return constant(e, sem)
        }
    }

    /// Whether calling `fn` with its parameters bound as `bound` hands back nothing that waits: the body's
    /// statements, walked in order, taking only the branches the bindings decide and stopping after a branch
    /// that always returns.
    func boundSummary(_ fn: ProjectNode, _ bound: Bindings, depth: Int) -> Bool {
        guard depth > 0, !inProgressBound.contains(fn) else { return false }
        let sem = functions.index.semantics(fn.file)
        let tree = sem.tree
        guard let info = sem.function(fn.node), let body = info.body, !info.isGenerator, tree.kind(body) == .blockStatement,
              case .blockStatement(let statements) = tree[body] else { return false }
        inProgressBound.insert(fn)
        defer { inProgressBound.remove(fn) }
        var walk = BoundWalk(settlement: self, sem: sem, file: fn.file, bound: bound, function: fn.node, depth: depth)
        return walk.statements(Array(tree.list(statements))).settles
    }

    /// Whether `receiver` is an in-process cache: a `new` object of a cache package or a `Map`, reached through
    /// a binding, or a global's property (`WIKI.cache`) assigned once in the project.
    func isMemoryCache(_ receiver: NodeID, _ file: FileID) -> Bool {
        let sem = functions.index.semantics(file)
        let r = sem.tree.unwrap(receiver)
        if let v = sem.valueNode(for: r), v != r, createsMemoryCache(v, file, depth: 2) { return true }
        guard let g = sem.resolveGlobal(r), g.path.count >= 2 else { return false }
        let writes = globalPropertyWrites()[g.path] ?? []
        guard writes.count == 1, let w = writes.first else { return false }
        return createsMemoryCache(w.node, w.file, depth: 2)
    }

    /// `new NodeCache()`, `new LRUCache({ max })`, `new Map()`, or a call of a project function that returns one.
    private func createsMemoryCache(_ expr: NodeID, _ file: FileID, depth: Int) -> Bool {
        guard depth > 0 else { return false }
        let sem = functions.index.semantics(file)
        let tree = sem.tree
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .new(let callee, _, _):
            let c = tree.unwrap(callee)
            if tree.kind(c) == .identifier, tree.nameIs(c, "Map"), sem.isGlobalReference(c) { return true }
            guard let x = sem.resolveExport(c) else { return false }
            return Self.memoryCachePackages.contains(x.module)
        case .call(let callee, _, _, _):
            guard let fn = functions.index.function(of: callee, in: file) else { return false }
            let fsem = functions.index.semantics(fn.file)
            guard let body = fsem.function(fn.node)?.body else { return false }
            var returns: [NodeID] = []
            if fsem.tree.kind(body) != .blockStatement {
                returns = [body]
            } else {
                var stack = [body]
                var left = 2_000
                while let n = stack.popLast(), left > 0 {
                    left -= 1
                    if case .returnStatement(let a) = fsem.tree[n] {
                        guard let a else { return false }
                        returns.append(a)
                    }
                    if fsem.tree.kind(n).isFunction || fsem.tree.kind(n) == .classBody { continue }
                    fsem.tree.forEachChild(of: n) { stack.append($0) }
                }
                guard left > 0 else { return false }
            }
            return !returns.isEmpty && returns.allSatisfy { createsMemoryCache($0, fn.file, depth: depth - 1) }
        default:
            return false
        }
    }
}

/// The statement-by-statement walk of `AwaitSettlement.boundSummary`.
private struct BoundWalk {
    let settlement: AwaitSettlement
    let sem: FileSemantics
    let file: FileID
    let bound: AwaitSettlement.Bindings
    let function: NodeID
    let depth: Int
    var budget = AwaitSettlement.maxNodes

    init(settlement: AwaitSettlement, sem: FileSemantics, file: FileID, bound: AwaitSettlement.Bindings, function: NodeID, depth: Int) {
        self.settlement = settlement
        self.sem = sem
        self.file = file
        self.bound = bound
        self.function = function
        self.depth = depth
    }

    /// `settles`: nothing run waits; `exits`: every path through the statements returns or throws.
    struct Outcome {
        var settles: Bool
        var exits: Bool
    }

    mutating func statements(_ list: [NodeID]) -> Outcome {
        var i = 0
        while i < list.count {
            if i + 1 < list.count, cacheHitReturn(list[i], list[i + 1]) {
                return Outcome(settles: true, exits: true)
            }
            let o = statement(list[i])
            if !o.settles || o.exits { return o }
            i += 1
        }
        return Outcome(settles: true, exits: false)
    }

    mutating func statement(_ stmt: NodeID) -> Outcome {
        budget -= 1
        guard budget > 0 else { return Outcome(settles: false, exits: false) }
        let tree = sem.tree
        switch tree[stmt] {
        case .blockStatement(let list):
            return statements(Array(tree.list(list)))
        case .ifStatement(let test, let consequent, let alternate):
            guard expression(test) else { return Outcome(settles: false, exits: false) }
            if let decided = settlement.evaluate(test, bound, sem) {
                if decided.truthy { return statement(consequent) }
                return alternate.map { statement($0) } ?? Outcome(settles: true, exits: false)
            }
            let a = statement(consequent)
            guard a.settles else { return a }
            let b = alternate.map { statement($0) } ?? Outcome(settles: true, exits: false)
            return Outcome(settles: b.settles, exits: a.exits && b.exits)
        case .returnStatement(let argument):
            guard let argument else { return Outcome(settles: true, exits: true) }
            return Outcome(settles: returned(argument), exits: true)
        case .throwStatement(let argument):
            return Outcome(settles: expression(argument), exits: true)
        default:
            return Outcome(settles: expression(stmt), exits: false)
        }
    }

    /// A returned value that is not pending: what `AwaitSettlement.immediate` accepts, or a bound constant.
    private mutating func returned(_ argument: NodeID) -> Bool {
        let a = sem.tree.unwrap(argument)
        if settlement.evaluate(a, bound, sem) != nil { return true }
        if case .await(let inner) = sem.tree[a], settlement.evaluate(inner, bound, sem) != nil { return true }
        return expression(a) && settlement.immediateValue(a, file, depth: depth)
    }

    /// Whether every `await` in the node (nested functions excluded) settles at once, and it has no `yield`.
    private mutating func expression(_ node: NodeID) -> Bool {
        let tree = sem.tree
        var stack = [node]
        while let n = stack.popLast() {
            budget -= 1
            guard budget > 0 else { return false }
            switch tree[n] {
            case .await(let argument):
                if !settlement.immediateValue(argument, file, depth: depth) { return false }
            case .returnStatement(let argument?):
                if !settlement.immediateValue(argument, file, depth: depth) { return false }
            case .yield:
                return false
            case .forOfStatement(_, _, _, let isAwait) where isAwait:
                return false
            default:
                break
            }
            if tree.kind(n).isFunction || tree.kind(n) == .classBody { continue }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return true
    }

    /// `const hit = await CACHE.get(key)` then `if (hit) return hit` (or `if (hit) { return hit }`), where CACHE
    /// is an in-process cache that the function also writes (`CACHE.set(...)`).
    private func cacheHitReturn(_ read: NodeID, _ guardStmt: NodeID) -> Bool {
        let tree = sem.tree
        guard case .variableDeclaration(_, let decls, _) = tree[read], decls.count == 1, let d = tree.list(decls).first,
              case .variableDeclarator(let id, let initializer?, _) = tree[d], tree.kind(id) == .identifier,
              let hit = sem.binding(for: id)
        else { return false }
        var e = tree.unwrap(initializer)
        if case .await(let a) = tree[e] { e = tree.unwrap(a) }
        guard case .call(let callee, _, let args, _) = tree[e], case .member(let object, _, false, _) = tree[tree.unwrap(callee)],
              sem.memberName(tree.unwrap(callee)) == "get", tree.list(args).count >= 1 else { return false }
        // if (hit) return hit
        guard case .ifStatement(let test, var consequent, nil) = tree[guardStmt], tree.kind(tree.unwrap(test)) == .identifier,
              sem.binding(for: tree.unwrap(test)) == hit else { return false }
        if case .blockStatement(let body) = tree[consequent] {
            guard tree.list(body).count == 1, let only = tree.list(body).first else { return false }
            consequent = only
        }
        guard case .returnStatement(let r?) = tree[consequent], tree.kind(tree.unwrap(r)) == .identifier,
              sem.binding(for: tree.unwrap(r)) == hit else { return false }
        let receiver = tree.unwrap(object)
        return writesCache(receiver) && settlement.isMemoryCache(receiver, file)
    }

    /// Whether the function calls `set` on the same cache as `receiver`: the same binding, or the same
    /// property path of a global.
    private func writesCache(_ receiver: NodeID) -> Bool {
        let tree = sem.tree
        guard let key = receiverKey(receiver) else { return false }
        var found = false
        SerialAwaitWalk.ownNodes(of: function, tree, budget: AwaitSettlement.maxNodes) { n in
            guard !found, case .call(let callee, _, _, _) = tree[n], case .member(let object, _, false, _) = tree[tree.unwrap(callee)],
                  sem.memberName(tree.unwrap(callee)) == "set" else { return }
            if receiverKey(tree.unwrap(object)) == key { found = true }
        }
        return found
    }

    private func receiverKey(_ node: NodeID) -> String? {
        let tree = sem.tree
        if tree.kind(node) == .identifier, let b = sem.binding(for: node) { return "binding \(b)" }
        if let g = sem.resolveGlobal(node) { return "global " + g.path.joined(separator: ".") }
        return nil
    }
}

/// A bounded walk over a function's own nodes (nested functions and classes left out).
enum SerialAwaitWalk {
    /// The variable or `this` at the bottom of a property path (`posts` in `posts.data.get`).
    static func root(of node: NodeID, _ tree: SyntaxTree) -> NodeID? {
        var n = tree.unwrap(node)
        for _ in 0..<16 {
            switch tree[n] {
            case .identifier, .thisExpression: return n
            case .member(let object, _, false, _): n = tree.unwrap(object)
            default: return nil
            }
        }
        return nil
    }

    static func ownNodes(of fn: NodeID, _ tree: SyntaxTree, budget: Int, _ body: (NodeID) -> Void) {
        guard let b = tree.functionParts(fn)?.body else { return }
        var stack = [b]
        var left = budget
        while let n = stack.popLast(), left > 0 {
            left -= 1
            if tree.kind(n).isFunction || tree.kind(n) == .classDeclaration || tree.kind(n) == .classExpression { continue }
            body(n)
            tree.forEachChild(of: n) { stack.append($0) }
        }
    }
}
