// concurrency/unbounded-fanout (page: rules/concurrency/unbounded-fanout.md): `Promise.all` / `Promise.allSettled` over `collection.map(fn)` where
// the collection comes from request data (`req.body`, `req.query`, `ctx.request.body`, `event.body`,
// `await req.json()`, also through locals, destructuring, split/filter/Object.keys...) or from a
// query with no limit in a request handler, and nothing bounds the fan-out: no length check that
// rejects long input, no slice, no limiter (p-limit, a semaphore, a queue) around the mapped call, and
// the mapped calls do not all go through one transaction (which sends them one by one on its connection).
//
// "On a request path" is approximated locally: the function (or one enclosing it) takes a
// request-shaped first parameter (`req`, `request`, `ctx`, `context`, `event`).

import Diagnostics
import JSSemantic
import JSSyntax
import LintEngine

struct ConcurrencyUnboundedFanoutRule: Rule {
    static let id: RuleID = "concurrency/unbounded-fanout"
    static let nodeKinds: Set<NodeKind> = [.call]

    func visit(_ node: NodeID, _ ctx: FileContext) {
        let tree = ctx.tree
        guard case .call(let callee, _, let args, _) = tree[node],
              let p = SerialAwait.path(tree.unwrap(callee), tree), p.root == "Promise",
              p.props == ["all"] || p.props == ["allSettled"],
              let arg = tree.list(args).first,
              let fn = tree.enclosingFunction(of: node) else { return }
        let model = SerialAwait.FunctionContexts.of(ctx).model(fn)
        var fanout = tree.unwrap(arg)
        if tree.kind(fanout) == .identifier, let initial = model.initializers[tree.name(of: fanout)], initial.path.isEmpty {
            fanout = tree.unwrap(initial.expression)
        }
        guard let (collection, mapper) = SerialAwait.mapCall(fanout, tree),
              SerialAwait.mapperStartsWork(mapper, tree), !SerialAwait.isLimited(mapper, model),
              // every call goes through one transaction: they queue on its connection
              !SerialAwait.runsOnOneTransaction(mapper, model) else { return }
        let handler = SerialAwait.requestParameters(of: fn, tree)
        var names: Set<String> = []
        guard let origin = SerialAwait.origin(of: collection, model: model, request: handler, names: &names, depth: 0),
              !SerialAwait.hasLengthGuard(in: fn, names: names, ctx.semantic) else { return }
        let what = SerialAwait.calleeLabel(fanout, tree)
        let message: String
        switch origin {
        case .request(let source):
            message = "Promise.\(p.props[0]) starts one call per element of \(source) with no limit (\(what))"
        case .unboundedQuery(let source):
            message = "Promise.\(p.props[0]) starts one call per row of \(source), which has no limit, in a request handler (\(what))"
        }
        var evidence = Evidence()
        switch origin {
        case .request(let s): evidence["source"] = .string(s); evidence["kind"] = "request data"
        case .unboundedQuery(let s): evidence["source"] = .string(s); evidence["kind"] = "query without limit"
        }
        let fix = Fix(description: "bound the fan-out: reject inputs over a fixed size, process batches (slice) of N, or wrap the mapped call in a limiter (p-limit, p-map with { concurrency: N })")
        ctx.reportWhenHot(node, Report(message, fix: fix, trace: [ctx.step(collection, "collection"), ctx.step(node, "fan-out")],
                                evidence: evidence))
    }
}

extension SerialAwait {
    enum Origin {
        case request(String)
        case unboundedQuery(String)
    }

    static let requestParameterNames: Set<String> = ["req", "request", "ctx", "context", "event"]
    static let requestFields: Set<String> = [
        "body", "query", "params", "headers", "cookies", "files", "request", "queryStringParameters",
        "multiValueQueryStringParameters", "pathParameters", "Records",
    ]

    /// Request-shaped first parameters of the function and of the functions around it.
    static func requestParameters(of fn: NodeID, _ tree: SyntaxTree) -> Set<String> {
        var out = Set<String>()
        var current: NodeID? = fn
        var steps = 0
        while let f = current, steps < 64 {
            steps += 1
            if let (params, _, _) = tree.functionParts(f), let first = params.first, tree.kind(first) == .identifier {
                let name = tree.name(of: first)
                if requestParameterNames.contains(name) { out.insert(name) }
            }
            current = tree.enclosingFunction(of: f)
        }
        return out
    }

    /// `xs.map(fn)` or `Array.from(xs, fn)` -> (xs, fn).
    static func mapCall(_ node: NodeID, _ tree: SyntaxTree) -> (collection: NodeID, mapper: NodeID)? {
        guard case .call(let callee, _, let args, _) = tree[node] else { return nil }
        let list = Array(tree.list(args))
        let c = tree.unwrap(callee)
        if case .member(let object, let property, false, _) = tree[c], tree.nameIs(property, "map"), list.count >= 1 {
            return (object, list[0])
        }
        if let p = path(c, tree), p.description == "Array.from", list.count >= 2 { return (list[0], list[1]) }
        return nil
    }

    /// The mapped function starts asynchronous work: an async function that awaits or returns a call, a
    /// function returning a call, or a reference to a function that is not a plain converter. An async
    /// callback that only checks and returns its item (NodeBB's meta tags) starts nothing.
    static func mapperStartsWork(_ fn: NodeID, _ tree: SyntaxTree) -> Bool {
        let f = tree.unwrap(fn)
        if let flags = tree.functionParts(f)?.flags {
            guard let (_, body, _) = tree.functionParts(f), let body else { return flags.contains(.async) }
            if flags.contains(.expressionBody) { return tree.kind(tree.unwrap(body)) == .call || (flags.contains(.async) && containsAwait(body, tree)) }
            if flags.contains(.async), containsAwait(body, tree) { return true }
            return hasReturnedCall(body, tree)
        }
        if let p = path(f, tree) {
            let converters: Set<String> = ["Number", "String", "Boolean", "parseInt", "parseFloat", "JSON.parse", "JSON.stringify"]
            return !converters.contains(p.description)
        }
        return false
    }

    /// An `await` of the function itself (not of a nested function).
    static func containsAwait(_ body: NodeID, _ tree: SyntaxTree) -> Bool {
        ownNode(in: tree.unwrap(body), tree) { tree.kind($0) == .await }
    }

    static func hasReturnedCall(_ body: NodeID, _ tree: SyntaxTree) -> Bool {
        ownNode(in: body, tree) { n in
            if case .returnStatement(let arg?) = tree[n] { return tree.kind(tree.unwrap(arg)) == .call }
            return false
        }
    }

    /// Whether a node of `body` outside nested functions matches (budgeted walk).
    static func ownNode(in body: NodeID, _ tree: SyntaxTree, _ matches: (NodeID) -> Bool) -> Bool {
        var found = false
        var budget = 10_000
        func visit(_ n: NodeID) {
            guard !found, budget > 0 else { return }
            budget -= 1
            if tree.kind(n).isFunction { return }
            if matches(n) { found = true; return }
            tree.forEachChild(of: n) { visit($0) }
        }
        visit(body)
        return found
    }

    /// A limiter around the mapped work: `limit(() => ...)`, `sem.acquire()`, `queue.add(...)`.
    static func isLimited(_ mapper: NodeID, _ model: FunctionModel) -> Bool {
        let facts = model.facts(mapper)
        return facts.calls.contains { c in
            let verb = leadingVerb(c.name)
            let base = c.base ?? ""
            func baseContains(_ word: String) -> Bool { TextSearch.lowercasedContains(base, word) }
            return ["limit", "throttle", "schedule", "acquire", "enqueue"].contains(verb)
                || TextSearch.lowercasedContains(c.name, "limit")
                || baseContains("limit") || baseContains("semaphore") || baseContains("queue")
                || baseContains("bottleneck") || baseContains("mutex") || baseContains("pool") || c.isDelay || c.isLock
        }
    }

    /// Where a collection comes from, following locals, destructuring and element-preserving calls.
    static func origin(of node: NodeID, model: FunctionModel, request: Set<String>, names: inout Set<String>,
                       depth: Int) -> Origin?
    {
        guard depth < 8 else { return nil }
        let tree = model.tree
        let n = tree.unwrap(node)
        if let p = path(n, tree) {
            names.insert(p.root)
            if request.contains(p.root), let field = p.props.first, requestFields.contains(field) {
                return .request(p.description)
            }
            if model.isLocal(p.root), p.root != "this", let initial = model.initializers[p.root] {
                // `const [team, groups] = await Promise.all([a(), b()])`: `groups` is what `b()` gives
                if let first = initial.path.first, let i = Int(first),
                   let element = awaitedAllElement(initial.expression, i, tree) {
                    let e = tree.unwrap(element)
                    if tree.kind(e) == .call {
                        return awaitedOrigin(e, model: model, request: request, names: &names, depth: depth + 1)
                    }
                    return origin(of: e, model: model, request: request, names: &names, depth: depth + 1)
                }
                return origin(of: initial.expression, model: model, request: request, names: &names, depth: depth + 1)
            }
            return nil
        }
        switch tree[n] {
        case .await(let argument):
            return awaitedOrigin(tree.unwrap(argument), model: model, request: request, names: &names, depth: depth)
        case .call(let callee, _, let args, _):
            let c = tree.unwrap(callee)
            let list = Array(tree.list(args))
            if let p = path(c, tree), ["Object.keys", "Object.values", "Object.entries", "Array.from", "JSON.parse",
                                       "String", "decodeURIComponent"]
                .contains(p.description), let first = list.first
            {
                return origin(of: first, model: model, request: request, names: &names, depth: depth + 1)
            }
            if case .member(let object, let property, false, _) = tree[c] {
                let method = tree.name(of: property)
                if ["slice", "splice", "subarray", "at", "find", "some", "every", "includes"].contains(method) { return nil }
                if ["filter", "map", "flat", "flatMap", "concat", "split", "sort", "reverse", "trim", "toSorted", "values",
                    "keys", "entries"].contains(method)
                {
                    return origin(of: object, model: model, request: request, names: &names, depth: depth + 1)
                }
            }
            return nil
        case .new(let callee, _, let args):
            guard tree.kind(callee) == .identifier, tree.nameIs(callee, "Set"), let first = tree.list(args).first else {
                return nil
            }
            return origin(of: first, model: model, request: request, names: &names, depth: depth + 1)
        case .logical(_, let left, _):
            return origin(of: left, model: model, request: request, names: &names, depth: depth + 1)
        case .arrayExpression(let elements):
            let list = Array(tree.list(elements))
            guard list.count == 1, case .spreadElement(let inner) = tree[list[0]] else { return nil }
            return origin(of: inner, model: model, request: request, names: &names, depth: depth + 1)
        default:
            return nil
        }
    }

    /// Where the value of `await call` comes from: the results of a query without a limit, a request body
    /// read, or (through `Promise.all`) the collection mapped.
    static func awaitedOrigin(_ call: NodeID, model: FunctionModel, request: Set<String>, names: inout Set<String>,
                              depth: Int) -> Origin?
    {
        let tree = model.tree
        guard case .call(let callee, _, let args, _) = tree[call] else { return nil }
        let c = tree.unwrap(callee)
        // `await Promise.all(xs.map(f))` has one result per element of xs: as long as xs, not a query
        if let p = path(c, tree), p.root == "Promise", p.props == ["all"] || p.props == ["allSettled"] {
            guard let first = tree.list(args).first else { return nil }
            return origin(of: first, model: model, request: request, names: &names, depth: depth + 1)
        }
        var name = ""
        var receiver: Path?
        if case .member(let object, let property, false, _) = tree[c] {
            name = tree.name(of: property)
            receiver = path(object, tree)
        } else if tree.kind(c) == .identifier {
            name = tree.name(of: c)
        }
        if let receiver, request.contains(receiver.root), ["json", "formData", "text"].contains(name) {
            return .request(tree.text(call))
        }
        let verb = leadingVerb(name)
        // `readdir('frontend/dist/assets/i18n/')`: the files a deployment ships in a fixed folder
        if verb == "readdir", let folder = tree.list(args).first, fixedPath(folder, tree) { return nil }
        guard !request.isEmpty, ["find", "list", "scan", "select", "query", "all", "readdir", "where"].contains(verb)
                || ["getAll", "fetchAll", "findAll", "findMany"].contains(name),
              !hasLimit(Array(tree.list(args)), tree) else { return nil }
        return .unboundedQuery(calleeLabel(call, tree))
    }

    /// Element `i` of the array literal in `await Promise.all([...])`, wrapped in an await of its own (each
    /// element is awaited by the group).
    static func awaitedAllElement(_ expr: NodeID, _ i: Int, _ tree: SyntaxTree) -> NodeID? {
        guard case .await(let argument) = tree[tree.unwrap(expr)], case .call(let callee, _, let args, _) = tree[tree.unwrap(argument)],
              let p = path(tree.unwrap(callee), tree), p.root == "Promise", p.props == ["all"] || p.props == ["allSettled"],
              let first = tree.list(args).first, case .arrayExpression(let elements) = tree[tree.unwrap(first)] else { return nil }
        let list = Array(tree.list(elements))
        guard i < list.count, tree.kind(list[i]) != .spreadElement else { return nil }
        return list[i]
    }

    /// A query call's arguments name a limit (`{ limit: 50 }`, `take`, `first`, SQL `LIMIT`).
    static func hasLimit(_ args: [NodeID], _ tree: SyntaxTree) -> Bool {
        var found = false
        var budget = 10_000
        func visit(_ n: NodeID) {
            guard !found, budget > 0 else { return }
            budget -= 1
            switch tree[n] {
            case .property(let key, _, _, _):
                let k = tree.kind(key) == .identifier ? tree.name(of: key) : tree.stringValue(of: key)
                if ["limit", "take", "first", "top", "pageSize", "perPage", "per_page", "max", "size"].contains(k) {
                    found = true
                }
            case .stringLiteral, .templateElement:
                if TextSearch.uppercasedContains(tree.stringValue(of: n), "LIMIT") { found = true }
            default: break
            }
            tree.forEachChild(of: n) { visit($0) }
        }
        for a in args { visit(a) }
        return found
    }

    /// An `if` of the function that tests `x.length` of one of the names and leaves (return/throw).
    static func hasLengthGuard(in fn: NodeID, names: Set<String>, _ semantic: FileSemantics) -> Bool {
        let tree = semantic.tree
        guard let (_, body, _) = tree.functionParts(fn), let body else { return false }
        var found = false
        var budget = 100_000
        func testsLength(_ n: NodeID) -> Bool {
            var hit = false
            func v(_ m: NodeID) {
                guard !hit else { return }
                if case .member(let object, let property, false, _) = tree[m], tree.nameIs(property, "length"),
                   let p = path(object, tree), names.contains(p.root)
                {
                    hit = true
                }
                tree.forEachChild(of: m) { v($0) }
            }
            v(n)
            return hit
        }
        func visit(_ n: NodeID) {
            guard !found, budget > 0 else { return }
            budget -= 1
            if tree.kind(n).isFunction && n != fn { return }
            if case .ifStatement(let test, let consequent, _) = tree[n], testsLength(test) {
                let model = FunctionModel(semantic: semantic, function: fn)
                if model.facts(consequent).exits { found = true }
            }
            tree.forEachChild(of: n) { visit($0) }
        }
        visit(body)
        return found
    }

    /// A path fixed in the code: a string literal, a template or concatenation of literals, `__dirname`,
    /// `process.cwd()`, or `path.join`/`path.resolve` of those.
    static func fixedPath(_ expr: NodeID, _ tree: SyntaxTree, depth: Int = 0) -> Bool {
        guard depth < 8 else { return false }
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .stringLiteral:
            return true
        case .templateLiteral(_, let expressions):
            return tree.list(expressions).allSatisfy { fixedPath($0, tree, depth: depth + 1) }
        case .binary(.add, let left, let right):
            return fixedPath(left, tree, depth: depth + 1) && fixedPath(right, tree, depth: depth + 1)
        case .identifier:
            return tree.nameIs(e, "__dirname")
        case .call(let callee, _, let args, _):
            guard let p = path(tree.unwrap(callee), tree) else { return false }
            if p.description == "process.cwd" { return true }
            guard ["path.join", "path.resolve", "join", "resolve"].contains(p.description) else { return false }
            return tree.list(args).allSatisfy { fixedPath($0, tree, depth: depth + 1) }
        default:
            return false
        }
    }
}
