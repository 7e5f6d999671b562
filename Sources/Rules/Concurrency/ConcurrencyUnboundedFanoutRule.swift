// concurrency/unbounded-fanout (page: rules/concurrency/unbounded-fanout.md): `Promise.all` / `Promise.allSettled` over `collection.map(fn)` where
// the collection comes from request data (`req.body`, `req.query`, `ctx.request.body`, `event.body`,
// `await req.json()`, also through locals, destructuring, split/filter/Object.keys...) or from a
// query with no limit in a request handler, and nothing bounds the fan-out: no length check that
// rejects long input, no slice, no limiter (p-limit, a semaphore, a queue) around the mapped call, and
// the mapped calls do not all go through one transaction (which sends them one by one on its connection).
//
// Request data is read locally: the fields of a request-shaped first parameter of the function or of one
// enclosing it (`req`, `request`, `ctx`, `context`, `event`), an action callback's `parsedInput`
// (next-safe-action), a server action's parameters (ServerActions). A collection that is a parameter of its
// function is followed to the calls the project makes of it (the project pass, `FanoutCallers`): a caller
// that passes request data makes the fan-out request-sized. Findings stand only in hot code.

import Diagnostics
import ExecutionModel
import JSSemantic
import JSSyntax
import LintEngine

struct ConcurrencyUnboundedFanoutRule: Rule {
    static let id: RuleID = "concurrency/unbounded-fanout"
    static let nodeKinds: Set<NodeKind> = [.call]

    func visit(_ node: NodeID, _ ctx: FileContext) {
        guard let site = Self.fanout(node, ctx) else { return }
        var names: Set<String> = []
        var parameter: SerialAwait.ParameterRead?
        // where the collection comes from first: most fan-outs map the program's own data, and then the walks of
        // the mapped function that tell a limiter or a transaction are not needed
        guard let origin = SerialAwait.origin(of: site.collection, model: site.model, request: site.request, names: &names,
                                              depth: 0, parameter: &parameter),
              !Self.isBounded(site),
              !SerialAwait.hasLengthGuard(in: site.function, names: names, ctx.semantic) else { return }
        Self.report(site, origin, ctx, passedAt: nil)
    }

    /// A fan-out over a parameter of its function (`createContactsFromCSV(csvData, ...)` mapping `csvData`):
    /// the collection is what the function's callers pass, so it is request data when a caller the call graph
    /// knows passes request data for it (`createContactsFromCSV(parsedInput.csvData, ...)` in a server action),
    /// directly or through callers of the caller that hand on their own parameter (`FanoutCallers`).
    func checkProject(_ ctx: ProjectContext) {
        // the files' bytes searched on the scan's threads
        let units = ctx.units
        let fansOut = ParallelMap.map(count: units.count, jobs: ctx.jobs) { units[$0].role == .source && Self.mayFanOut(units[$0]) }
        let candidates = units.indices.filter { fansOut[$0] }.map { units[$0] }
        guard !candidates.isEmpty else { return }
        let functions = ProjectFunctions.of(ctx)
        ctx.forEach(candidates.count) { i, pctx in
            let unit = candidates[i]
            let fctx = pctx.fileContext(unit)
            let tree = unit.tree
            var callers = FanoutCallers(ctx: pctx, functions: functions, home: fctx)
            for n in 0..<tree.count {
                let id = NodeID(Int32(n))
                guard tree.kind(id) == .call, Self.mayMapParameter(id, unit.semantic), let site = Self.fanout(id, fctx) else {
                    continue
                }
                var names: Set<String> = []
                var parameter: SerialAwait.ParameterRead?
                guard SerialAwait.origin(of: site.collection, model: site.model, request: site.request, names: &names,
                                         depth: 0, parameter: &parameter) == nil,
                      let parameter, !Self.isBounded(site),
                      !SerialAwait.hasLengthGuard(in: site.function, names: names, unit.semantic),
                      let passed = callers.requestData(parameter, in: unit.index, depth: 0) else { continue }
                Self.report(site, passed.origin, fctx, passedAt: passed.step)
            }
        }
    }

    /// Whether a `Promise.all` call may map a parameter: its collection, followed through the initializers of the
    /// names it reads (the file's bindings, no serial-await model), reaches a parameter. A cheap superset of what
    /// `origin` finds, so the project pass builds models only for such fan-outs.
    static func mayMapParameter(_ node: NodeID, _ sem: FileSemantics) -> Bool {
        let tree = sem.tree
        guard case .call(let callee, _, let args, _) = tree[node], let p = SerialAwait.path(tree.unwrap(callee), tree),
              p.root == "Promise", p.props == ["all"] || p.props == ["allSettled"], let arg = tree.list(args).first
        else { return false }
        var fanout = tree.unwrap(arg)
        if tree.kind(fanout) == .identifier, let b = sem.binding(for: fanout),
           let initial = sem.constantValue(of: b) ?? sem.binding(b).initializer, initial.path.isEmpty {
            fanout = tree.unwrap(initial.expression)
        }
        guard let (collection, _) = SerialAwait.mapCall(fanout, tree) else { return false }
        var budget = 64
        func reaches(_ expr: NodeID) -> Bool {
            guard budget > 0 else { return false }
            budget -= 1
            let e = tree.unwrap(expr)
            switch tree[e] {
            case .identifier:
                guard let b = sem.binding(for: e) else { return false }
                if sem.binding(b).kind == .parameter { return true }
                guard let initial = sem.constantValue(of: b) ?? sem.binding(b).initializer else { return false }
                return reaches(initial.expression)
            case .member(let object, _, _, _): return reaches(object)
            case .chain(let inner), .tsNonNullExpression(let inner), .tsAsExpression(let inner, _),
                 .tsSatisfiesExpression(let inner, _), .tsTypeAssertion(_, let inner):
                return reaches(inner)
            case .await(let inner): return reaches(inner)
            case .logical(_, let left, _): return reaches(left)
            case .call(let c, _, let list, _):
                if case .member(let object, _, _, _) = tree[tree.unwrap(c)], reaches(object) { return true }
                return tree.list(list).first.map(reaches) ?? false
            case .new(_, _, let list): return tree.list(list).first.map(reaches) ?? false
            case .arrayExpression(let elements):
                return tree.list(elements).contains { el in
                    if case .spreadElement(let inner) = tree[el] { return reaches(inner) }
                    return false
                }
            default: return false
            }
        }
        return reaches(collection)
    }

    /// Files that may hold a fan-out (`Promise.all` / `Promise.allSettled`), read from their bytes.
    static func mayFanOut(_ unit: SourceUnit) -> Bool {
        unit.file.bytes.withUnsafeBufferPointer { TextSearch.contains($0, "Promise.all") }
    }

    /// A `Promise.all(xs.map(fn))` whose mapped calls start work: what its collection is (whether the calls are
    /// limited is `isBounded`).
    struct Site {
        let node: NodeID
        let function: NodeID
        let collection: NodeID
        let fanout: NodeID
        /// The function (or expression) `fanout` maps each element with.
        let mapper: NodeID
        let method: String
        let model: SerialAwait.FunctionModel
        let request: SerialAwait.RequestRoots
    }

    static func fanout(_ node: NodeID, _ ctx: FileContext) -> Site? {
        let tree = ctx.tree
        guard case .call(let callee, _, let args, _) = tree[node],
              // `Promise.all` / `Promise.allSettled` are members named so (or computed: `Promise['all']`);
              // told without building the callee's path for every other call
              case .member(_, let property, let computed, _) = tree[tree.unwrap(callee)],
              computed || tree.nameIs(property, "all") || tree.nameIs(property, "allSettled"),
              let p = SerialAwait.path(tree.unwrap(callee), tree), p.root == "Promise",
              p.props == ["all"] || p.props == ["allSettled"],
              let arg = tree.list(args).first,
              // a group written out (`Promise.all([a(), b()])`) maps nothing: no model needed to say so
              tree.kind(tree.unwrap(arg)) != .arrayExpression,
              let fn = tree.enclosingFunction(of: node) else { return nil }
        let model = SerialAwait.FunctionContexts.of(ctx).model(fn)
        var fanout = tree.unwrap(arg)
        if tree.kind(fanout) == .identifier, let initial = model.initializers[tree.name(of: fanout)], initial.path.isEmpty {
            fanout = tree.unwrap(initial.expression)
        }
        guard let (collection, mapper) = SerialAwait.mapCall(fanout, tree),
              SerialAwait.mapperStartsWork(mapper, tree) else { return nil }
        return Site(node: node, function: fn, collection: collection, fanout: fanout, mapper: mapper, method: p.props[0],
                    model: model, request: SerialAwait.requestParameters(of: fn, ctx.semantic))
    }

    /// Whether a fan-out's mapped calls are bounded by what the mapped function does: they go through a
    /// limiter (p-limit, a semaphore, a queue), or every call goes through one transaction (they queue on its
    /// connection). Asked once the collection is known to be request-sized (each answer walks the function).
    static func isBounded(_ site: Site) -> Bool {
        SerialAwait.isLimited(site.mapper, site.model) || SerialAwait.runsOnOneTransaction(site.mapper, site.model)
    }

    static func report(_ site: Site, _ origin: SerialAwait.Origin, _ ctx: FileContext, passedAt: TraceStep?) {
        let what = SerialAwait.calleeLabel(site.fanout, ctx.tree)
        var message: String
        var evidence = Evidence()
        switch origin {
        case .request(let source):
            message = "Promise.\(site.method) starts one call per element of \(source) with no limit (\(what))"
            evidence["source"] = .string(source); evidence["kind"] = "request data"
        case .unboundedQuery(let source):
            message = "Promise.\(site.method) starts one call per row of \(source), which has no limit, in a request handler (\(what))"
            evidence["source"] = .string(source); evidence["kind"] = "query without limit"
        }
        var trace = [ctx.step(site.collection, "collection"), ctx.step(site.node, "fan-out")]
        if let passedAt {
            // the collection is a parameter: name it, and where a caller passes the request data
            message = "Promise.\(site.method) starts one call per element of \(ctx.tree.text(site.collection)) with no limit (\(what)); a caller passes \(origin.source)"
            evidence["passedAt"] = .string("\(passedAt.file):\(passedAt.line)")
            trace.insert(passedAt, at: 0)
        }
        let fix = Fix(description: "bound the fan-out: reject inputs over a fixed size, process batches (slice) of N, or wrap the mapped call in a limiter (p-limit, p-map with { concurrency: N })")
        ctx.reportWhenHot(site.node, Report(message, fix: fix, trace: trace, evidence: evidence))
    }
}

/// Follows a parameter a fan-out maps to the calls the project makes of its function, to find one that passes
/// request data for it: the argument's origin in the calling function (`requestParameters`: a server action's
/// parameters are request data too), or (when the argument is the caller's own parameter) the caller's
/// callers, up to `maxDepth` calls up. Bounded: at most `maxDepth` levels, `budget` call sites in all, each
/// function once.
struct FanoutCallers {
    let ctx: ProjectContext
    let functions: ProjectFunctions
    /// File contexts of the units met (their serial-await models are built once per unit).
    private var contexts: [Int: FileContext] = [:]
    private var visited: Set<ProjectNode> = []
    private var budget = 64
    static let maxDepth = 3

    init(ctx: ProjectContext, functions: ProjectFunctions, home: FileContext) {
        self.ctx = ctx
        self.functions = functions
        contexts[home.unit.index] = home
    }

    mutating func fileContext(_ unit: Int) -> FileContext {
        if let c = contexts[unit] { return c }
        let c = ctx.fileContext(ctx.units[unit])
        contexts[unit] = c
        return c
    }

    /// A call that passes request data for the parameter: the origin (with the parameter's path read after
    /// it) and a trace step at the argument.
    mutating func requestData(_ parameter: SerialAwait.ParameterRead, in unit: Int, depth: Int)
        -> (origin: SerialAwait.Origin, step: TraceStep)?
    {
        guard depth < Self.maxDepth, let file = functions.fileOfUnit[unit] else { return nil }
        let node = ProjectNode(file: file, node: parameter.function)
        guard visited.insert(node).inserted else { return nil }
        for edge in functions.index.callGraph.callers(of: node) where edge.kind == .call {
            guard budget > 0 else { return nil }
            budget -= 1
            guard let callerRef = functions.ref(edge.caller) else { continue }
            let cctx = fileContext(callerRef.unit)
            let tree = cctx.tree
            guard case .call(_, _, let args, _) = tree[edge.site], tree.kind(edge.caller.node).isFunction else { continue }
            let list = Array(tree.list(args))
            guard parameter.index < list.count,
                  list.prefix(parameter.index + 1).allSatisfy({ tree.kind($0) != .spreadElement }) else { continue }
            let argument = list[parameter.index]
            let model = SerialAwait.FunctionContexts.of(cctx).model(edge.caller.node)
            let request = SerialAwait.requestParameters(of: edge.caller.node, cctx.semantic)
            var names: Set<String> = []
            var next: SerialAwait.ParameterRead?
            if let origin = SerialAwait.origin(of: argument, model: model, request: request, names: &names, depth: 0,
                                               parameter: &next)
            {
                guard case .request(let source) = origin,
                      !SerialAwait.hasLengthGuard(in: edge.caller.node, names: names, cctx.semantic) else { continue }
                let read = ([source] + parameter.props).joined(separator: ".")
                return (.request(read), cctx.step(argument, "passes " + read))
            }
            if var next, !SerialAwait.hasLengthGuard(in: edge.caller.node, names: names, cctx.semantic) {
                next.props += parameter.props
                if let found = requestData(next, in: callerRef.unit, depth: depth + 1) { return found }
            }
        }
        return nil
    }
}

extension SerialAwait {
    enum Origin {
        case request(String)
        case unboundedQuery(String)

        var source: String {
            switch self {
            case .request(let s), .unboundedQuery(let s): return s
            }
        }
    }

    static let requestParameterNames: Set<String> = ["req", "request", "ctx", "context", "event"]
    static let requestFields: Set<String> = [
        "body", "query", "params", "headers", "cookies", "files", "request", "queryStringParameters",
        "multiValueQueryStringParameters", "pathParameters", "Records",
    ]
    /// Properties of an action callback's first parameter that hold the client's input whole: next-safe-action's
    /// `.action(async ({ parsedInput, ctx }) => ...)`.
    static let inputProperties: Set<String> = ["parsedInput"]

    /// The names that hold request data in a function: request-shaped parameters, whose request fields do
    /// (`req.body`, `ctx.request.body`), and names that are the client's input whole (a server action's
    /// parameters, an action callback's `parsedInput`).
    struct RequestRoots {
        var fielded: Set<String> = []
        var whole: Set<String> = []
        var isEmpty: Bool { fielded.isEmpty && whole.isEmpty }

        func source(_ p: Path) -> String? {
            if whole.contains(p.root) { return p.description }
            if fielded.contains(p.root), let field = p.props.first, requestFields.contains(field) { return p.description }
            return nil
        }

        /// Every parameter name of `fn` holds client input (a server action's).
        mutating func wholeParameters(of fn: NodeID, _ tree: SyntaxTree) {
            guard let (params, _, _) = tree.functionParts(fn) else { return }
            for p in params { declaredNames(p, tree) { whole.insert($0) } }
        }
    }

    /// Request-shaped first parameters of the function and of the functions around it, the client input of
    /// an action callback (`{ parsedInput }`), and the parameters of a server action the file declares.
    static func requestParameters(of fn: NodeID, _ sem: FileSemantics) -> RequestRoots {
        let tree = sem.tree
        var out = RequestRoots()
        var current: NodeID? = fn
        var steps = 0
        while let f = current, steps < 64 {
            steps += 1
            if let (params, _, _) = tree.functionParts(f), let first = params.first {
                if tree.kind(first) == .identifier {
                    let name = tree.name(of: first)
                    if requestParameterNames.contains(name) { out.fielded.insert(name) }
                } else if case .objectPattern(let properties, _) = tree[first] {
                    for p in tree.list(properties) {
                        guard case .property(let key, let value, _, _) = tree[p], tree.kind(key) == .identifier,
                              inputProperties.contains(tree.name(of: key)) else { continue }
                        declaredNames(value, tree) { out.whole.insert($0) }
                    }
                }
            }
            if ServerActions.isAction(f, sem) { out.wholeParameters(of: f, tree) }
            current = tree.enclosingFunction(of: f)
        }
        return out
    }

    /// A read of a parameter: the function, the parameter's position and the properties read after it.
    struct ParameterRead {
        var function: NodeID
        var index: Int
        var props: [String]
    }

    /// The parameter an identifier names (a plain identifier parameter, possibly with a default, never
    /// reassigned), with its function and position.
    static func parameterRead(_ ident: NodeID, props: [String], _ sem: FileSemantics) -> ParameterRead? {
        let tree = sem.tree
        guard let b = sem.binding(for: ident), sem.binding(b).kind == .parameter, !sem.isWritten(b) else { return nil }
        let fn = sem.binding(b).declaration
        guard tree.kind(fn).isFunction, let (params, _, _) = tree.functionParts(fn) else { return nil }
        for (i, p) in params.enumerated() {
            var e = p
            if case .assignmentPattern(let left, _) = tree[e] { e = left }
            if tree.kind(e) == .identifier, sem.binding(for: e) == b { return ParameterRead(function: fn, index: i, props: props) }
        }
        return nil
    }

    /// The identifier a member path starts from (`a` of `a.b.c`).
    static func rootIdentifier(_ node: NodeID, _ tree: SyntaxTree) -> NodeID? {
        var e = tree.unwrap(node)
        var steps = 0
        while steps < 64 {
            steps += 1
            switch tree[e] {
            case .identifier: return e
            case .member(let object, _, _, _): e = tree.unwrap(object)
            case .chain(let inner), .tsNonNullExpression(let inner), .tsAsExpression(let inner, _),
                 .tsSatisfiesExpression(let inner, _), .tsTypeAssertion(_, let inner):
                e = inner
            default: return nil
            }
        }
        return nil
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
    static func origin(of node: NodeID, model: FunctionModel, request: RequestRoots, names: inout Set<String>,
                       depth: Int, parameter: inout ParameterRead?) -> Origin?
    {
        guard depth < 8 else { return nil }
        let tree = model.tree
        let n = tree.unwrap(node)
        if let p = path(n, tree) {
            names.insert(p.root)
            if let source = request.source(p) { return .request(source) }
            if model.isLocal(p.root), p.root != "this", let initial = model.initializers[p.root] {
                // `const [team, groups] = await Promise.all([a(), b()])`: `groups` is what `b()` gives
                if let first = initial.path.first, let i = Int(first),
                   let element = awaitedAllElement(initial.expression, i, tree) {
                    let e = tree.unwrap(element)
                    if tree.kind(e) == .call {
                        return awaitedOrigin(e, model: model, request: request, names: &names, depth: depth + 1, parameter: &parameter)
                    }
                    return origin(of: e, model: model, request: request, names: &names, depth: depth + 1, parameter: &parameter)
                }
                return origin(of: initial.expression, model: model, request: request, names: &names, depth: depth + 1,
                              parameter: &parameter)
            }
            // a parameter's value is what the callers pass (read by the project pass)
            if let ident = rootIdentifier(n, tree), let read = parameterRead(ident, props: p.props, model.semantic) {
                parameter = read
            }
            return nil
        }
        switch tree[n] {
        case .await(let argument):
            return awaitedOrigin(tree.unwrap(argument), model: model, request: request, names: &names, depth: depth,
                                 parameter: &parameter)
        case .call(let callee, _, let args, _):
            let c = tree.unwrap(callee)
            let list = Array(tree.list(args))
            if let p = path(c, tree), ["Object.keys", "Object.values", "Object.entries", "Array.from", "JSON.parse",
                                       "String", "decodeURIComponent"]
                .contains(p.description), let first = list.first
            {
                return origin(of: first, model: model, request: request, names: &names, depth: depth + 1, parameter: &parameter)
            }
            if case .member(let object, let property, false, _) = tree[c] {
                let method = tree.name(of: property)
                if ["slice", "splice", "subarray", "at", "find", "some", "every", "includes"].contains(method) { return nil }
                if ["filter", "map", "flat", "flatMap", "concat", "split", "sort", "reverse", "trim", "toSorted", "values",
                    "keys", "entries"].contains(method)
                {
                    return origin(of: object, model: model, request: request, names: &names, depth: depth + 1, parameter: &parameter)
                }
            }
            return nil
        case .new(let callee, _, let args):
            guard tree.kind(callee) == .identifier, tree.nameIs(callee, "Set"), let first = tree.list(args).first else {
                return nil
            }
            return origin(of: first, model: model, request: request, names: &names, depth: depth + 1, parameter: &parameter)
        case .logical(_, let left, _):
            return origin(of: left, model: model, request: request, names: &names, depth: depth + 1, parameter: &parameter)
        case .arrayExpression(let elements):
            let list = Array(tree.list(elements))
            guard list.count == 1, case .spreadElement(let inner) = tree[list[0]] else { return nil }
            return origin(of: inner, model: model, request: request, names: &names, depth: depth + 1, parameter: &parameter)
        default:
            return nil
        }
    }

    /// Where the value of `await call` comes from: the results of a query without a limit, a request body
    /// read, or (through `Promise.all`) the collection mapped.
    static func awaitedOrigin(_ call: NodeID, model: FunctionModel, request: RequestRoots, names: inout Set<String>,
                              depth: Int, parameter: inout ParameterRead?) -> Origin?
    {
        let tree = model.tree
        guard case .call(let callee, _, let args, _) = tree[call] else { return nil }
        let c = tree.unwrap(callee)
        // `await Promise.all(xs.map(f))` has one result per element of xs: as long as xs, not a query
        if let p = path(c, tree), p.root == "Promise", p.props == ["all"] || p.props == ["allSettled"] {
            guard let first = tree.list(args).first else { return nil }
            return origin(of: first, model: model, request: request, names: &names, depth: depth + 1, parameter: &parameter)
        }
        var name = ""
        var receiver: Path?
        if case .member(let object, let property, false, _) = tree[c] {
            name = tree.name(of: property)
            receiver = path(object, tree)
        } else if tree.kind(c) == .identifier {
            name = tree.name(of: c)
        }
        if let receiver, request.fielded.contains(receiver.root), ["json", "formData", "text"].contains(name) {
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
