// A later awaited call of a group that repeats an earlier one: discord.js's
// `await manager.fetchGatewayInformation()` then `await manager.getShardCount()`, whose function first waits
// for `this.getShardIds()`, which first waits for `this.fetchGatewayInformation()` again; NodeBB's
// `await posts.getPostField(id, 'tid')` then `await posts.isMain(id)`, whose first await reads the same post
// through `Posts.getPostsFields`, the function `getPostField` hands its input to. The later call starts with
// the earlier one's work on the same input: one after the other it finds that work cached (or the caller
// could hand it the first result); started together, both would do it, and the later one would still wait
// for its own copy. Such a call does not wait side by side with the earlier one.
//
// Same input: both calls are made on the same receiver (or both on none) and pass the same first argument, a
// variable or property path (or both pass none); where both pass more, each further argument is the same
// path too, or both are string literals (field names of the same record). umami's `getWebsiteStats(id,
// filters)` then `getWebsiteStats(id, { ...filters, startDate, endDate })` asks for another period. The
// earlier call's work is its function and the functions it hands its first parameter to, as the first
// argument (alone or in an array) of its first awaited or returned call; the later call repeats it when its
// function is one of them, or its first awaited call, followed the same way, reaches one (or an argument
// of it awaits such a call first). A method the index cannot follow is taken as the one project function
// of its name. Bounded: `maxDelegation` functions deep on each side.

import JSSemantic
import JSSyntax

extension AwaitSettlement {
    static let maxDelegation = 4

    /// Whether awaiting `later` (a call of `file`) repeats the work of `earlier`, a call before it in the
    /// same group.
    func repeats(_ later: NodeID, after earlier: NodeID, _ file: FileID) -> Bool {
        let sem = functions.index.semantics(file)
        let tree = sem.tree
        // `topics.getTopicField(await posts.getPostField(id, 'tid'), ...)` starts with what its argument awaits
        if case .call(_, _, let args, _) = tree[tree.unwrap(later)], let inner = firstAwait(in: Array(tree.list(args)), tree),
           repeats(inner, after: earlier, file) {
            return true
        }
        guard case .call(let laterCallee, _, let laterArgs, _) = tree[tree.unwrap(later)],
              case .call(let earlierCallee, _, let earlierArgs, _) = tree[tree.unwrap(earlier)],
              sameInput(tree.unwrap(laterCallee), Array(tree.list(laterArgs)), tree.unwrap(earlierCallee),
                        Array(tree.list(earlierArgs)), tree),
              let first = calledFunction(earlierCallee, file), var f = calledFunction(laterCallee, file)
        else { return false }
        let work = delegation(from: first)
        for _ in 0...Self.maxDelegation {
            if work.contains(f) { return true }
            guard let next = firstAwaitedCall(of: f) else { return false }
            f = next.function
        }
        return false
    }

    /// The call of the first `await` in the expressions, in source order (nested functions left out).
    private func firstAwait(in roots: [NodeID], _ tree: SyntaxTree) -> NodeID? {
        var stack = Array(roots.reversed())
        var left = Self.maxNodes
        while let n = stack.popLast(), left > 0 {
            left -= 1
            if case .await(let argument) = tree[n] {
                let c = tree.unwrap(argument)
                return tree.kind(c) == .call ? c : nil
            }
            if tree.kind(n).isFunction || tree.kind(n) == .classBody { continue }
            var children: [NodeID] = []
            tree.forEachChild(of: n) { children.append($0) }
            stack.append(contentsOf: children.reversed())
        }
        return nil
    }

    /// `a.m(x)` and `a.n(x)`, `f(x)` and `g(x, 1)`, `a.m()` and `a.n()`.
    private func sameInput(_ laterCallee: NodeID, _ laterArgs: [NodeID], _ earlierCallee: NodeID, _ earlierArgs: [NodeID],
                           _ tree: SyntaxTree) -> Bool
    {
        switch (tree[laterCallee], tree[earlierCallee]) {
        case (.member(let a, _, false, _), .member(let b, _, false, _)):
            guard isPath(tree.unwrap(a), tree), tree.text(tree.unwrap(a)) == tree.text(tree.unwrap(b)) else { return false }
        case (.identifier, .identifier):
            break
        default:
            return false
        }
        guard let x = laterArgs.first, let y = earlierArgs.first else { return laterArgs.isEmpty && earlierArgs.isEmpty }
        let a = tree.unwrap(x), b = tree.unwrap(y)
        guard isPath(a, tree), tree.text(a) == tree.text(b) else { return false }
        // the arguments both calls pass after it: the same path, or string literals naming what to read of
        // the record (`'uid'`, `'tid'`); other values (`filters` and `{ ...filters, startDate }`) ask for
        // other work
        for (c, d) in zip(laterArgs.dropFirst(), earlierArgs.dropFirst()) {
            let l = tree.unwrap(c), r = tree.unwrap(d)
            if tree.kind(l) == .stringLiteral && tree.kind(r) == .stringLiteral { continue }
            guard isPath(l, tree), tree.text(l) == tree.text(r) else { return false }
        }
        return true
    }

    /// A variable, `this`, or a plain property path of one (`object.id`).
    private func isPath(_ node: NodeID, _ tree: SyntaxTree) -> Bool { SerialAwaitWalk.root(of: node, tree) != nil }

    /// `fn` and the functions it hands its first parameter to, one after the other.
    private func delegation(from fn: ProjectNode) -> Set<ProjectNode> {
        var out: Set<ProjectNode> = [fn]
        var f = fn
        for _ in 0..<Self.maxDelegation {
            let sem = functions.index.semantics(f.file)
            let tree = sem.tree
            guard let param = tree.functionParts(f.node)?.params.first, tree.kind(param) == .identifier,
                  let input = sem.binding(for: param), let next = firstAwaitedCall(of: f),
                  let arg = next.arguments.first else { break }
            var a = tree.unwrap(arg)
            if case .arrayExpression(let elements) = tree[a], tree.list(elements).count == 1, let only = tree.list(elements).first {
                a = tree.unwrap(only)
            }
            guard tree.kind(a) == .identifier, sem.binding(for: a) == input, out.insert(next.function).inserted else { break }
            f = next.function
        }
        return out
    }

    /// The project function of the first call `fn` awaits (or returns, for a function that hands back a
    /// promise without awaiting), in source order, nested functions left out.
    private func firstAwaitedCall(of fn: ProjectNode) -> (function: ProjectNode, arguments: [NodeID])? {
        let sem = functions.index.semantics(fn.file)
        let tree = sem.tree
        guard let body = tree.functionParts(fn.node)?.body else { return nil }
        var stack = [body]
        var left = Self.maxNodes
        while let n = stack.popLast(), left > 0 {
            left -= 1
            // an awaited call decides; a returned one when it is a project function (`return Math.max(...)`
            // is looked into)
            var call: NodeID?
            var returned = false
            switch tree[n] {
            case .await(let argument): call = tree.unwrap(argument)
            case .returnStatement(let argument?): call = tree.unwrap(argument); returned = true
            default: break
            }
            if n == body, tree.kind(body) != .blockStatement { call = tree.unwrap(body); returned = true }
            if let c = call, case .call(let callee, _, let args, _) = tree[c] {
                if let f = calledFunction(callee, fn.file) { return (f, Array(tree.list(args))) }
                if !returned { return nil }
            }
            if tree.kind(n).isFunction && n != fn.node || tree.kind(n) == .classBody { continue }
            var children: [NodeID] = []
            tree.forEachChild(of: n) { children.append($0) }
            stack.append(contentsOf: children.reversed())
        }
        return nil
    }

    /// The function a call of `callee` (in `file`) runs: the project index's, else, for a method called on a
    /// variable, `this` or a global of the project that the index cannot follow (NodeBB's `posts.getPostField`,
    /// which its module gets from `require('./data')(Posts)`; wiki-js's `WIKI.models.locales.getNavLocales`,
    /// models the server loads from a folder), the one project function defined under that name.
    func calledFunction(_ callee: NodeID, _ file: FileID) -> ProjectNode? {
        if let f = functions.index.function(of: callee, in: file) { return f }
        let sem = functions.index.semantics(file)
        let tree = sem.tree
        let c = tree.unwrap(callee)
        // not a package's method (an import of a project module is followed)
        if let x = sem.resolveExport(c), functions.index.resolveSpecifier(x.module, from: file) == nil { return nil }
        guard case .member(let object, let property, false, _) = tree[c], let root = SerialAwaitWalk.root(of: object, tree),
              tree.kind(root) == .thisExpression || sem.binding(for: root) != nil
                || !HotContexts.builtinGlobals.contains(tree.name(of: root))
        else { return nil }
        let defs = projectMethods().named(tree.name(of: property))
        guard defs.count == 1, let only = defs.first else { return nil }
        return functions.node(only)
    }
}
