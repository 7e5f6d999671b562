// Code that runs at most once per process however often its function is called: a lazy initialisation
// guarded by state that outlives the call (a module-level variable, or a property of `this` or of a
// module-level object) and that the guarded code sets:
//
//     if (!cache) { cache = createCache(opts) }        // createCache runs once
//     if (real) return real;  ...  real = pubsub       // everything after the early return runs once
//     if (this.loaded) return;  ...  this.loaded = true
//     cache ??= createCache(opts)
//
// Per request it is a flag test. The request paths and the hot-context model do not follow calls made
// there, and the families that report a call site (blocking, listener leaks, caches) skip such sites.
// Every walk is bounded by the function's own statements and the ancestor chain.

import ExecutionContext
import Foundation
import JSSemantic
import JSSyntax
import LintEngine
import SourceText

public enum OnceGuards {
    /// Whether `node` does not run per call of its function in production: only on a lazy initialisation's
    /// first run, only under a development or CI check, or as the handler of a restart or shutdown event
    /// (ExecutionGuards). Request paths do not go
    /// through such calls, and the families skip such sites.
    public static func notPerCall(_ node: NodeID, in unit: SourceUnit) -> Bool {
        isOnce(node, in: unit) || ExecutionGuards.isDevelopmentOnly(node, in: unit.tree)
            || ExecutionGuards.isLifecycleHandler(node, in: unit.tree)
    }

    /// Whether `node` lies in a once-only region of its enclosing function.
    public static func isOnce(_ node: NodeID, in unit: SourceUnit) -> Bool {
        isOnce(node, unit.semantic)
    }

    /// `notPerCall`, with the unit's semantic model `sem` and the early-return guards of the enclosing
    /// function answered by `guards` (worked out once per function and body statement).
    static func notPerCall(_ node: NodeID, in unit: SourceUnit, _ sem: FileSemantics, guards: inout EarlyReturnGuards) -> Bool {
        isOnce(node, sem, atFunction: { child, function in
            guards.afterEarlyReturnGuard(child, function: function, sem)
        }) || ExecutionGuards.isDevelopmentOnly(node, in: unit.tree) || ExecutionGuards.isLifecycleHandler(node, in: unit.tree)
    }

    /// Whether `node` lies in a once-only region of its enclosing function (the file's semantic model).
    static func isOnce(_ node: NodeID, _ sem: FileSemantics) -> Bool {
        isOnce(node, sem, atFunction: { child, function in afterEarlyReturnGuard(child, function: function, sem) })
    }

    /// `isOnce`, asking `atFunction` for `afterEarlyReturnGuard(child, function:)` once the climb reaches the
    /// enclosing function.
    @inline(__always)
    static func isOnce(_ node: NodeID, _ sem: FileSemantics, atFunction: (NodeID, NodeID) -> Bool) -> Bool {
        let tree = sem.tree
        var child = node
        var statement = node  // the child of the climb one level below `child`: a body's statement
        var current = tree.parent(node)
        var steps = 0
        while let n = current, steps < 10_000 {
            steps += 1
            if tree.kind(n).isFunction {
                // Early-return guards are judged against the body statement the node lies in: code
                // before `if (cached) return cached` still runs on every call.
                return atFunction(tree.kind(child) == .blockStatement ? statement : child, n)
            }
            let kind = tree.kind(n)
            // if (!flag) { ...flag = ... }: the consequent runs while the flag is unset
            if kind == .ifStatement, case .ifStatement(let test, let consequent, _) = tree[n], child == consequent,
               let flag = unsetFlag(test, sem), assigns(flag, within: consequent, sem) {
                return true
            }
            // cache ??= create(), cache ||= create(): the right side runs while the state is unset
            if kind == .assignment, case .assignment(let op, let left, let right) = tree[n], child == right, op == .nullish || op == .or,
               persistent(left, sem) != nil {
                return true
            }
            statement = child
            child = n
            current = tree.parent(n)
        }
        return false
    }

    /// Whether `site` lies in a branch of `function` that runs only while a parameter is unset
    /// (`if (!db) { db = await connection.connect() }`), the function keeps what it got in state that
    /// outlives the call under a property name (`postgres.pool = postgres.pool || db`), and the caller
    /// hands that state back in (`pdb.info(pdb.pool)`, `passed(k)` answers the caller's k-th argument):
    /// NodeBB's admin database page connects only if no pool exists, which start-up or the first call
    /// made. The argument must read the same property of a module-level object or of a required module.
    /// Bounded by the climb to the function (ExecutionGuards.climb) and the function's statements.
    public static func lazyParameterDefault(_ site: NodeID, function: NodeID, in unit: SourceUnit,
                                            passed: (Int) -> (argument: NodeID, sem: FileSemantics)?) -> Bool {
        let sem = unit.semantic
        let tree = sem.tree
        guard let body = sem.function(function)?.body else { return false }
        return ExecutionGuards.climb(from: site, in: tree) { n, child in
            if n == function { return false }
            if case .ifStatement(let test, let consequent, _) = tree[n], child == consequent,
               let p = unsetParameter(test, sem), assigns(p, within: consequent, sem),
               let b = sem.binding(for: p),
               let k = sem.parameterPosition(of: b, in: function),
               let name = keptProperty(b, within: body, sem), let (argument, csem) = passed(k),
               passesState(argument, named: name, csem) {
                return true
            }
            return nil
        }
    }

    /// `!p` or `p == null` on a parameter: the parameter's name node.
    static func unsetParameter(_ test: NodeID, _ sem: FileSemantics) -> NodeID? {
        let tree = sem.tree
        var t = tree.unwrap(test)
        switch tree[t] {
        case .unary(.not, let argument):
            t = tree.unwrap(argument)
        case .binary(let op, let left, let right) where op == .equal || op == .strictEqual:
            guard tree.isNullOrUndefined(right) else { return nil }
            t = tree.unwrap(left)
        default:
            return nil
        }
        guard tree.kind(t) == .identifier, let b = sem.binding(for: t), sem.binding(b).kind == .parameter else { return nil }
        return t
    }

    /// The property a function keeps a parameter's value under: `state.pool = state.pool || db`,
    /// `this.pool = db` (the target outlives the call).
    static func keptProperty(_ b: BindingID, within body: NodeID, _ sem: FileSemantics) -> String? {
        let tree = sem.tree
        var stack = [body]
        var budget = 20_000
        while let n = stack.popLast(), budget > 0 {
            budget -= 1
            if case .assignment(.assign, let left, let right) = tree[n], case .member(_, _, false, _) = tree[tree.unwrap(left)],
               persistent(left, sem) != nil, let name = sem.memberName(tree.unwrap(left)) {
                var r = tree.unwrap(right)
                if case .logical(let op, _, let alt) = tree[r], op == .or || op == .nullish { r = tree.unwrap(alt) }
                if tree.kind(r) == .identifier, sem.binding(for: r) == b { return name }
            }
            if tree.kind(n).isFunction && n != body { continue }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return nil
    }

    /// `pdb.pool` where `pdb` is module-level or a required module (`const pdb = require('./postgres')`).
    static func passesState(_ argument: NodeID, named name: String, _ sem: FileSemantics) -> Bool {
        let tree = sem.tree
        let a = tree.unwrap(argument)
        guard case .member(let object, _, false, _) = tree[a], sem.memberName(a) == name else { return false }
        let root = tree.unwrap(object)
        if tree.kind(root) == .thisExpression { return true }
        guard tree.kind(root) == .identifier, let b = sem.binding(for: root) else { return false }
        if sem.isModuleLevel(b) { return true }
        guard let v = sem.constantValue(of: b), v.path.isEmpty else { return false }
        return sem.isRequireCall(tree.unwrap(v.expression))
    }

    /// The key of a get-or-compute over a container that outlives the call, when `node` lies on the compute
    /// side: it runs only when the container lacks the key, and the function then stores under that key.
    ///
    ///     const t = cache.get(key) || compile(fs.readFileSync(key))   ...   cache.set(key, t)
    ///     if (cache[key]) return cache[key];   ...   cache[key] = read(key)
    ///     if (!cache.has(key)) { cache.set(key, load(key)) }
    ///     cache[key] ??= load(key)
    ///
    /// Per key it runs once; whether the keys are few is the caller's question.
    public static func memoizedKey(_ node: NodeID, in unit: SourceUnit) -> NodeID? {
        let sem = unit.semantic
        let tree = sem.tree
        var child = node
        var current = tree.parent(node)
        var steps = 0
        while let n = current, steps < 10_000 {
            steps += 1
            var found: (container: NodeID, key: NodeID)?
            switch tree[n] {
            case .logical(let op, let left, let right) where child == right && (op == .or || op == .nullish):
                found = lookup(left, sem, present: true)
            case .ifStatement(let test, let consequent, _) where child == consequent:
                found = lookup(test, sem, present: false)
            case .assignment(let op, let left, let right) where child == right && (op == .or || op == .nullish):
                if case .member(let object, let property, true, _) = tree[tree.unwrap(left)], persistent(object, sem) != nil {
                    return property
                }
            default:
                break
            }
            if tree.kind(n).isFunction {
                guard let body = sem.function(n)?.body, case .blockStatement(let statements) = tree[body] else { return nil }
                for s in tree.list(statements) {
                    if s == child { break }
                    if case .ifStatement(let test, let consequent, nil) = tree[s],
                       ExecutionGuards.ends(consequent, with: .returnStatement, tree),
                       let l = lookup(test, sem, present: true), stores(l.container, l.key, within: body, sem) {
                        return l.key
                    }
                }
                return nil
            }
            if let found, let fn = tree.enclosingFunction(of: n), let body = sem.function(fn)?.body,
               stores(found.container, found.key, within: body, sem) {
                return found.key
            }
            child = n
            current = tree.parent(n)
        }
        return nil
    }

    /// A read of a persistent container's entry that is truthy when the key is there (`present`:
    /// `cache.get(k)`, `cache[k]`, `cache.has(k)`, `c && cache.get(k)`) or when it is missing (`!cache.has(k)`,
    /// `cache.get(k) == null`).
    static func lookup(_ test: NodeID, _ sem: FileSemantics, present: Bool) -> (container: NodeID, key: NodeID)? {
        let tree = sem.tree
        let t = tree.unwrap(test)
        switch tree[t] {
        case .logical(.and, let left, let right):
            return present ? lookup(right, sem, present: true) ?? lookup(left, sem, present: true) : nil
        case .unary(.not, let argument):
            return lookup(argument, sem, present: !present)
        case .binary(let op, let left, let right) where op == .equal || op == .strictEqual || op == .notEqual || op == .strictNotEqual:
            let missing = op == .equal || op == .strictEqual
            guard tree.isNullOrUndefined(right) else { return nil }
            return lookup(left, sem, present: missing ? !present : present)
        case .call(let callee, _, let args, _):
            guard present, case .member(let object, let method, false, _) = tree[tree.unwrap(callee)],
                  ["get", "has"].contains(tree.name(of: method)), let key = tree.list(args).first,
                  persistent(object, sem) != nil else { return nil }
            return (tree.unwrap(object), key)
        case .member(let object, let property, true, _):
            guard present, persistent(object, sem) != nil else { return nil }
            return (tree.unwrap(object), property)
        default:
            return nil
        }
    }

    /// Whether `region` stores into `container` under the same key (`container.set(key, v)`,
    /// `container[key] = v`), the key written the same way.
    static func stores(_ container: NodeID, _ key: NodeID, within region: NodeID, _ sem: FileSemantics) -> Bool {
        let tree = sem.tree
        let c = tree.text(container), k = tree.text(tree.unwrap(key))
        var stack = [region]
        var budget = 20_000
        while let n = stack.popLast(), budget > 0 {
            budget -= 1
            switch tree[n] {
            case .call(let callee, _, let args, _):
                if case .member(let object, let method, false, _) = tree[tree.unwrap(callee)], tree.nameIs(method, "set"),
                   tree.text(tree.unwrap(object)) == c, let first = tree.list(args).first, tree.text(tree.unwrap(first)) == k {
                    return true
                }
            case .assignment(.assign, let left, _):
                if case .member(let object, let property, true, _) = tree[tree.unwrap(left)],
                   tree.text(tree.unwrap(object)) == c, tree.text(tree.unwrap(property)) == k {
                    return true
                }
            default:
                break
            }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return false
    }

    /// `statement` is a statement of `function`'s body that follows `if (flag) return ...` where the body
    /// sets the flag somewhere.
    static func afterEarlyReturnGuard(_ statement: NodeID, function: NodeID, _ sem: FileSemantics) -> Bool {
        let tree = sem.tree
        guard let body = tree.functionParts(function)?.body, case .blockStatement(let statements) = tree[body] else { return false }
        for s in tree.list(statements) {
            if s == statement { return false }
            if tree.kind(s) == .ifStatement, earlyReturnGuard(s, body: body, sem) != nil { return true }
        }
        return false
    }

    /// The state tested by the early-return guard (`if (cache) return cache`) that `statement` lies in, when
    /// it lies in one's consequent and the function sets that state: what such a return hands back is what an
    /// earlier call stored.
    static func guardedState(of statement: NodeID, function: NodeID, _ sem: FileSemantics) -> NodeID? {
        let tree = sem.tree
        guard let body = sem.function(function)?.body, case .blockStatement(let statements) = tree[body] else { return nil }
        let at = tree.range(statement)
        guard let s = tree.list(statements).first(where: { tree.range($0).start <= at.start && at.end <= tree.range($0).end }),
              let (flag, consequent) = earlyReturnGuard(s, body: body, sem) else { return nil }
        let c = tree.range(consequent)
        return c.start <= at.start && at.end <= c.end ? flag : nil
    }

    /// `if (flag) return ...` (or `if (cache && cache.length) return ...`) on state that outlives the call
    /// and that `body` sets: the state and the guard's consequent.
    static func earlyReturnGuard(_ statement: NodeID, body: NodeID, _ sem: FileSemantics) -> (flag: NodeID, consequent: NodeID)? {
        let tree = sem.tree
        guard case .ifStatement(let test, let consequent, nil) = tree[statement],
              ExecutionGuards.ends(consequent, with: .returnStatement, tree),
              let flag = setFlag(test, sem) ?? cachedAndNonEmpty(test, sem), assigns(flag, within: body, sem) else { return nil }
        return (flag, consequent)
    }

    /// `cache && cache.length`: the state set and not empty.
    static func cachedAndNonEmpty(_ test: NodeID, _ sem: FileSemantics) -> NodeID? {
        let tree = sem.tree
        guard case .logical(.and, let left, let right) = tree[tree.unwrap(test)], let flag = setFlag(left, sem),
              case .member(let object, _, false, _) = tree[tree.unwrap(right)], tree.text(object) == tree.text(flag) else { return nil }
        return flag
    }

    /// The persistent state a test reads as "not yet set": `!x`, `x == null`, `x === undefined`,
    /// `typeof x === 'undefined'`, `x === false`, `x !== true`.
    static func unsetFlag(_ test: NodeID, _ sem: FileSemantics) -> NodeID? {
        let tree = sem.tree
        let t = tree.unwrap(test)
        switch tree[t] {
        case .unary(.not, let argument):
            return persistent(argument, sem)
        case .binary(let op, let left, let right) where op == .equal || op == .strictEqual:
            return comparedWithNothing(left, right, sem) ?? comparedWith(false, left, right, sem)
        case .binary(let op, let left, let right) where op == .notEqual || op == .strictNotEqual:
            return comparedWith(true, left, right, sem)
        default:
            return nil
        }
    }

    /// `x === true` (`value` true) or `x === false`: the persistent state compared with the boolean.
    static func comparedWith(_ value: Bool, _ left: NodeID, _ right: NodeID, _ sem: FileSemantics) -> NodeID? {
        let tree = sem.tree
        if case .booleanLiteral(let v) = tree[tree.unwrap(right)], v == value { return persistent(left, sem) }
        if case .booleanLiteral(let v) = tree[tree.unwrap(left)], v == value { return persistent(right, sem) }
        return nil
    }

    /// The persistent state a test reads as "already set": `x`, `x != null`, `x !== undefined`, `x === true`,
    /// `x !== false`.
    static func setFlag(_ test: NodeID, _ sem: FileSemantics) -> NodeID? {
        let tree = sem.tree
        let t = tree.unwrap(test)
        switch tree[t] {
        case .identifier, .member:
            return persistent(t, sem)
        case .binary(let op, let left, let right) where op == .notEqual || op == .strictNotEqual:
            return comparedWithNothing(left, right, sem) ?? comparedWith(false, left, right, sem)
        case .binary(let op, let left, let right) where op == .equal || op == .strictEqual:
            // `if (parserInit === true) return`
            return comparedWith(true, left, right, sem)
        default:
            return nil
        }
    }

    static func comparedWithNothing(_ left: NodeID, _ right: NodeID, _ sem: FileSemantics) -> NodeID? {
        let tree = sem.tree
        func isNothing(_ e: NodeID) -> Bool {
            let u = tree.unwrap(e)
            switch tree[u] {
            case .nullLiteral: return true
            case .identifier: return tree.name(of: u) == "undefined" && sem.binding(for: u) == nil
            case .stringLiteral: return tree.stringValue(of: u) == "undefined"
            default: return false
            }
        }
        func operand(_ e: NodeID) -> NodeID? {
            let u = tree.unwrap(e)
            if case .unary(.typeof, let a) = tree[u] { return persistent(a, sem) }
            return persistent(u, sem)
        }
        if isNothing(right) { return operand(left) }
        if isNothing(left) { return operand(right) }
        return nil
    }

    /// `e` when it names state that outlives a call: a module-level variable, or a property chain on
    /// `this` or on a module-level variable.
    static func persistent(_ e: NodeID, _ sem: FileSemantics) -> NodeID? {
        let tree = sem.tree
        let u = tree.unwrap(e)
        var root = u
        var depth = 0
        while case .member(let object, _, false, _) = tree[root], depth < 8 {
            root = tree.unwrap(object)
            depth += 1
        }
        switch tree[root] {
        case .identifier:
            guard let b = sem.binding(for: root), sem.isModuleLevel(b) || factoryState(b, readAt: root, sem) else { return nil }
            return u
        case .thisExpression:
            return root == u ? nil : u
        default:
            return nil
        }
    }

    /// Whether a variable is a factory's state, read in the function the factory returns: hono's
    /// `methodNotAllowed(options)` declares `let methodRouter` and returns the middleware that fills it on its
    /// first run (`if (!methodRouter) { ... methodRouter = new TrieRouter() }`). The variable lives as long as
    /// the returned function, across its calls, as a module-level one lives across the module's.
    static func factoryState(_ b: BindingID, readAt use: NodeID, _ sem: FileSemantics) -> Bool {
        let tree = sem.tree
        guard let outer = tree.enclosingFunction(of: sem.binding(b).declarationNode),
              let inner = tree.enclosingFunction(of: use), inner != outer, tree.enclosingFunction(of: inner) == outer,
              let p = tree.parent(inner), case .returnStatement = tree[p]
        else { return false }
        return true
    }

    /// Whether `region` assigns the state `flag` names (same variable, or same property chain).
    static func assigns(_ flag: NodeID, within region: NodeID, _ sem: FileSemantics) -> Bool {
        let tree = sem.tree
        let range = tree.range(region)
        if tree.kind(flag) == .identifier, let b = sem.binding(for: flag) {
            let writes = sem.writes(of: b)
            func within(_ r: ByteRange) -> Bool {
                writes.contains { w in
                    let wr = tree.range(w)
                    return wr.start >= r.start && wr.end <= r.end
                }
            }
            if within(range) { return true }
            // `if (!ragFolderReady) prepareRagFolder()`, where the function of this file that the region calls
            // sets the module-level flag: the call runs while the flag is unset, and the call sets it
            guard sem.isModuleLevel(b) else { return false }
            var stack = [region]
            var budget = 2_000
            while let n = stack.popLast(), budget > 0 {
                budget -= 1
                if case .call(let callee, _, _, _) = tree[n], tree.kind(tree.unwrap(callee)) == .identifier,
                   let fn = ProjectIndex.functionValue(callee, sem),
                   within(tree.range(fn)) {
                    return true
                }
                if tree.kind(n).isFunction && n != region { continue }
                tree.forEachChild(of: n) { stack.append($0) }
            }
            return false
        }
        // a property chain: an assignment in the region whose target reads the same
        let text = tree.text(flag)
        var stack = [region]
        var budget = 20_000
        while let n = stack.popLast(), budget > 0 {
            budget -= 1
            if case .assignment(_, let left, _) = tree[n], tree.kind(left) == .member, tree.text(left) == text {
                return true
            }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return false
    }
}

/// `OnceGuards.afterEarlyReturnGuard` answers kept by function and the body statement the climb came from:
/// every node inside one statement reaches it through that statement, so one answer serves all of them.
/// One expansion of the hot-context search keeps its own (its nodes lie in one file, in its function and
/// the few functions written in it), looked up in order: no hashing, no lock. At most `capacity` answers
/// are kept; others are worked out each time.
struct EarlyReturnGuards {
    static let capacity = 64
    private var functions: [NodeID] = []
    private var children: [NodeID] = []
    private var answers: [Bool] = []

    mutating func afterEarlyReturnGuard(_ child: NodeID, function: NodeID, _ sem: FileSemantics) -> Bool {
        for i in functions.indices where children[i] == child && functions[i] == function { return answers[i] }
        let answer = OnceGuards.afterEarlyReturnGuard(child, function: function, sem)
        if functions.count < EarlyReturnGuards.capacity {
            functions.append(function)
            children.append(child)
            answers.append(answer)
        }
        return answer
    }
}
