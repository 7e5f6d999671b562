// The `.then` form of serial-await/sequential: `first().then((a) => second())` where the callback's
// returned call does not read the callback's parameters, so `second()` waits for `first()` for
// nothing. Only the first statement of the callback is looked at (`(a) => second()` or
// `(a) => { return second() }`); the same order checks as for awaits apply.

import Diagnostics
import JSSyntax
import LintEngine

extension SerialAwait {
    struct SerialThen {
        /// The call the `.then` waits for (`getUser(id)`).
        let first: NodeID
        /// The call in the callback that could have started with it (`getFeed(id)`).
        let second: NodeID
    }

    /// `first().then(cb)` with `cb` returning a call independent of its parameters. `first()` must be the
    /// call itself, not an earlier link of the chain (whose callbacks may wait on purpose).
    static func serialThen(_ node: NodeID, _ fctx: FunctionContext) -> SerialThen? {
        let tree = fctx.model.tree
        guard let (first, second, params) = thenShape(node, tree) else { return nil }
        // The continuation's parameters (the first call's result), by binding.
        var results = Set<Variable>()
        for p in params {
            declaredIdentifiers(p, tree) { results.insert(Variable(name: tree.name(of: $0), binding: fctx.model.bindingRaw($0))) }
        }
        let firstFacts = fctx.model.facts(first)
        let secondFacts = fctx.model.facts(second)
        guard secondFacts.readVariables.isDisjoint(with: results), !isBarrier(firstFacts, tree),
              !isBarrier(secondFacts, tree), independent(secondFacts, of: firstFacts, fctx) else { return nil }
        return SerialThen(first: first, second: second)
    }

    /// What `serialThen` reads from the syntax alone: the first call, the callback's returned call and the
    /// callback's parameters; nil when the shape does not fit (then no fact of the function is needed).
    static func thenShape(_ node: NodeID, _ tree: SyntaxTree) -> (first: NodeID, second: NodeID, params: NodeIDs)? {
        guard case .call(let callee, _, let args, _) = tree[node],
              case .member(let object, let property, false, _) = tree[tree.unwrap(callee)],
              tree.nameIs(property, "then"), let cb = tree.list(args).first,
              let first = chainRoot(object, tree), first == tree.unwrap(object),
              let (params, body, _) = tree.functionParts(tree.unwrap(cb)), let body else { return nil }
        var returned: NodeID?
        if case .blockStatement(let stmts) = tree[body] {
            if let s = tree.list(stmts).first, case .returnStatement(let arg?) = tree[s] { returned = arg }
        } else {
            returned = body
        }
        guard let r = returned, let second = chainRoot(r, tree) else { return nil }
        if let p = path(tree.unwrap(calleeOf(second, tree) ?? second), tree), p.root == "Promise" { return nil }
        // `save().then(() => res.sendStatus(200))`: the response reports what the first call did
        if isResponseCall(second, tree) { return nil }
        // `Promise.resolve().then(() => a())`: nothing runs before `a`, there is nothing to overlap
        if let p = path(tree.unwrap(calleeOf(first, tree) ?? first), tree),
           p.root == "Promise" || (p.root == "this" && p.props.first == "Promise") { return nil }
        return (first, second, params)
    }

    static func calleeOf(_ call: NodeID, _ tree: SyntaxTree) -> NodeID? {
        if case .call(let callee, _, _, _) = tree[call] { return callee }
        return nil
    }

    /// The call a `.then` / `.catch` / `.finally` chain starts from: `getUser(id)` in
    /// `getUser(id).then(f).catch(g)`; nil when the chain starts from a value (an already started promise).
    static func chainRoot(_ node: NodeID, _ tree: SyntaxTree) -> NodeID? {
        var n = tree.unwrap(node)
        var steps = 0
        while steps < 64 {
            steps += 1
            guard case .call(let callee, _, _, _) = tree[n] else { return nil }
            if case .member(let object, let property, false, _) = tree[tree.unwrap(callee)],
               ["then", "catch", "finally"].contains(tree.name(of: property)),
               tree.kind(tree.unwrap(object)) == .call
            {
                n = tree.unwrap(object)
                continue
            }
            return n
        }
        return nil
    }

    /// Every serial `.then` of a file, in source order.
    static func serialThens(_ ctx: FileContext) -> [SerialThen] {
        let tree = ctx.tree
        // the file's function contexts (and its semantic model) only once a `.then` call of the shape is found
        var contexts: FunctionContexts?
        var out: [SerialThen] = []
        for id in tree.nodes(ofKind: .call) {
            guard thenShape(id, tree) != nil, let fn = tree.enclosingFunction(of: id) else { continue }
            let known = contexts ?? FunctionContexts.of(ctx)
            contexts = known
            guard let fctx = known.context(fn), let found = serialThen(id, fctx), !fctx.isTransactional else { continue }
            out.append(found)
        }
        return out.sorted { tree.range($0.second).start < tree.range($1.second).start }
    }
}

extension SerialAwait {
    /// Awaits side by side in one object literal, array literal or argument list
    /// (`res.json({ user: await getUser(id), feed: await getFeed(id) })`): they run in turn.
    /// Returns (first, second) await pairs whose second could have started with the first.
    static func siblingAwaits(in stmt: NodeID, _ fctx: FunctionContext) -> [(NodeID, NodeID)] {
        let tree = fctx.model.tree
        var out: [(NodeID, NodeID)] = []
        func awaitedCall(_ element: NodeID) -> NodeID? {
            var e = tree.unwrap(element)
            if case .property(_, let value, _, let flags) = tree[e], !flags.contains(.computed) { e = tree.unwrap(value) }
            if case .spreadElement = tree[e] { return nil }
            guard case .await(let arg) = tree[e], case .call(let callee, _, _, _) = tree[tree.unwrap(arg)] else { return nil }
            if let p = path(tree.unwrap(callee), tree), p.root == "Promise" { return nil }
            return e
        }
        func check(_ elements: [NodeID]) {
            let awaits = elements.map(awaitedCall)
            // Every element before the candidate must be a plain awaited call or free of side effects.
            var earlier: [NodeID] = []
            for (i, a) in awaits.enumerated() {
                guard let a else {
                    if !fctx.model.facts(elements[i]).calls.isEmpty || !fctx.model.facts(elements[i]).awaits.isEmpty { return }
                    continue
                }
                let facts = fctx.model.facts(a)
                if isBarrier(facts, tree) { return }
                if let first = earlier.first, earlier.allSatisfy({ independent(facts, of: fctx.model.facts($0), fctx) }) {
                    out.append((first, a))
                    return
                }
                earlier.append(a)
            }
        }
        forEachOwnNode(stmt, tree, budget: 20_000) { n in
            switch tree.kind(n) {
            case .objectExpression, .arrayExpression, .call, .new: break
            default: return
            }
            switch tree[n] {
            case .objectExpression(let props): check(Array(tree.list(props)))
            case .arrayExpression(let elements): check(Array(tree.list(elements)))
            case .call(_, _, let args, _), .new(_, _, let args): check(Array(tree.list(args)))
            default: break
            }
        }
        return out
    }
}
