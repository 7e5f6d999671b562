// CallGraph: which function calls which, across the project.
//
// Vertices are function-like nodes, plus each file's program node standing for its top-level code.
// Edges come from call sites whose callee evaluates to a known function (local, imported, object or
// class method, `this.x.method()` on a constructor-injected or assigned instance), from `new C()` (to
// the constructor), and from functions passed as arguments (callbacks, handlers given by reference),
// which count as called by the function that passes them. One evaluation per call site and argument, each
// with a step budget: building is linear in the number of call sites. Reachability is a breadth-first
// search with a depth limit; it keeps the first edge that reached each function, so traces are shortest.

import JSSyntax

public enum CallEdgeKind: String, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// `f()`, `obj.m()`, `this.svc.m()`.
    case call
    /// `new C()`: to C's constructor.
    case construct
    /// A function passed as an argument (`.then(f)`, `items.map(x => ...)`, `app.get('/', handler)`).
    case callback
    public var description: String { rawValue }
    public static func < (lhs: CallEdgeKind, rhs: CallEdgeKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

public struct CallEdge: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// A function-like node, or a program node for top-level code.
    public let caller: ProjectNode
    public let callee: ProjectNode
    /// The call / new expression (in the caller's file).
    public let site: NodeID
    public let kind: CallEdgeKind

    public static func < (lhs: CallEdge, rhs: CallEdge) -> Bool {
        if lhs.caller != rhs.caller { return lhs.caller < rhs.caller }
        if lhs.site != rhs.site { return lhs.site < rhs.site }
        if lhs.callee != rhs.callee { return lhs.callee < rhs.callee }
        return lhs.kind < rhs.kind
    }

    public var description: String { "\(caller) -\(kind)@\(site)-> \(callee)" }
}

/// The functions reached from some roots, each with the edge that first reached it.
public struct Reachability: Sendable {
    /// Reached functions in breadth-first order (roots first).
    public let order: [ProjectNode]
    /// The edge through which each non-root function was first reached.
    public let via: [ProjectNode: CallEdge]
    public let depth: [ProjectNode: Int]

    public func contains(_ n: ProjectNode) -> Bool { depth[n] != nil }

    /// The call path from a root to `target` (empty for a root, nil if unreached).
    public func trace(to target: ProjectNode) -> [CallEdge]? {
        guard depth[target] != nil else { return nil }
        var path: [CallEdge] = []
        var cur = target
        while let e = via[cur], path.count < 10_000 {
            path.append(e)
            cur = e.caller
        }
        return path.reversed()
    }
}

public struct CallGraph: Sendable {
    /// All edges, sorted by caller then call site: a caller's edges are one run, found by binary search.
    public internal(set) var edges: [CallEdge] = []
    /// Indexes into `edges` sorted by callee, then index: a callee's incoming edges are one run, found
    /// by binary search (no table keyed by function: every scan keeps its call graph to the end).
    var incomingEdges: [Int32] = []

    public init() {}

    init(edges unsorted: [CallEdge]) {
        var all = unsorted
        self.init(taking: &all)
    }

    /// The graph of the edges of `runs` (each file's), moved into one array run by run so that no more
    /// than one copy of them is held while it is built (the runs are emptied).
    init(concatenating runs: inout [[CallEdge]], plus extra: [CallEdge] = []) {
        var all: [CallEdge] = []
        all.reserveCapacity(runs.reduce(extra.count) { $0 + $1.count })
        for i in runs.indices {
            all += runs[i]
            runs[i] = []
        }
        all += extra
        self.init(taking: &all)
    }

    /// The graph of `all`'s edges, sorted in place and stored without a copy unless duplicates left
    /// more than 1/64 of it unused (`all` is emptied).
    init(taking all: inout [CallEdge]) {
        // Sorted (the runs of sorted edges the index hands over cost little to sort), then duplicates
        // (adjacent once sorted: the order compares every field) dropped.
        all.sort()
        var kept = 0
        for k in all.indices where kept == 0 || all[k] != all[kept - 1] {
            if kept != k { all[kept] = all[k] }
            kept += 1
        }
        all.removeLast(all.count - kept)
        edges = (all.capacity - kept) * 64 > all.capacity ? all.withUnsafeBufferPointer { Array($0) } : all
        all = []
        incomingEdges = CallGraph.incoming(edges)
    }

    /// The indexes of `edges` sorted by callee, then index. By a counting sort on the callee's file (edges in
    /// index order, so each file's share stays in index order), then each file's share sorted as integers
    /// holding the callee's node above the index: no comparison reads an edge.
    static func incoming(_ edges: [CallEdge]) -> [Int32] {
        var files = 0
        for e in edges { files = max(files, e.callee.file.index + 1) }
        var start = [Int](repeating: 0, count: files + 1)
        for e in edges { start[e.callee.file.index + 1] += 1 }
        for f in 0..<files { start[f + 1] += start[f] }
        var fill = start
        var keys = [UInt64](repeating: 0, count: edges.count)
        for k in edges.indices {
            let c = edges[k].callee
            keys[fill[c.file.index]] = UInt64(UInt32(bitPattern: c.node.raw)) << 32 | UInt64(UInt32(truncatingIfNeeded: k))
            fill[c.file.index] += 1
        }
        for f in 0..<files where start[f + 1] - start[f] > 1 { keys[start[f]..<start[f + 1]].sort() }
        return keys.map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
    }

    /// This graph with `extra` edges added (the graph is emptied first, so its edges are held once).
    mutating func adding(_ extra: [CallEdge]) {
        var runs = [edges]
        self = CallGraph()
        self = CallGraph(concatenating: &runs, plus: extra)
    }

    /// Edges out of a function (or a program node), in call-site order.
    public func callees(of caller: ProjectNode) -> ArraySlice<CallEdge> {
        var lo = 0, hi = edges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if edges[mid].caller < caller { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        hi = edges.count
        while end < hi {
            let mid = (end + hi) / 2
            if edges[mid].caller == caller { end = mid + 1 } else { hi = mid }
        }
        return edges[lo..<end]
    }

    /// Edges into a function, sorted.
    public func callers(of callee: ProjectNode) -> [CallEdge] {
        var lo = 0, hi = incomingEdges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if edges[Int(incomingEdges[mid])].callee < callee { lo = mid + 1 } else { hi = mid }
        }
        var out: [CallEdge] = []
        var k = lo
        while k < incomingEdges.count {
            let e = edges[Int(incomingEdges[k])]
            if e.callee != callee { break }
            out.append(e)
            k += 1
        }
        return out
    }

    /// Breadth-first reachability from `roots` along edges of the given kinds that `follows` accepts, at
    /// most `maxDepth` calls deep.
    public func reachable(from roots: [ProjectNode], maxDepth: Int = 64,
                          kinds: Set<CallEdgeKind> = [.call, .construct, .callback],
                          follows: (CallEdge) -> Bool = { _ in true }) -> Reachability {
        var order: [ProjectNode] = []
        var via: [ProjectNode: CallEdge] = [:]
        var depth: [ProjectNode: Int] = [:]
        for r in roots.sorted() where depth[r] == nil {
            depth[r] = 0
            order.append(r)
        }
        var head = 0
        while head < order.count {
            let n = order[head]
            head += 1
            let d = depth[n] ?? 0
            if d >= maxDepth { continue }
            for e in callees(of: n) where kinds.contains(e.kind) && depth[e.callee] == nil && follows(e) {
                depth[e.callee] = d + 1
                via[e.callee] = e
                order.append(e.callee)
            }
        }
        return Reachability(order: order, via: via, depth: depth)
    }
}

struct CallGraphBuilder {
    let index: ProjectIndex
    /// At most this many targets for a call through a computed member (`handlers[type](req)`).
    static let dispatchLimit = 64

    /// The edges whose call site is in file `i`, in node order (reads the index only, so files can be done
    /// on several threads). Values found for one file are reused for the next files a thread does: a
    /// binding's value and a module's export are the same whichever file asks (`EvaluationMemo`). An index
    /// that records each file's reads starts every file afresh, so that each file's reads are all recorded.
    func edges(ofFile i: Int) -> [CallEdge] {
        if index.tracksInputs { return EvaluationMemo().using { collectEdges(ofFile: i) } }
        let memo = index.evaluationMemos.take()
        defer { index.evaluationMemos.give(memo) }
        return memo.using { collectEdges(ofFile: i) }
    }

    func collectEdges(ofFile i: Int) -> [CallEdge] {
        var edges: [CallEdge] = []
        do {
            let f = FileID(Int32(i))
            let sem = index.files[i].semantics
            let tree = sem.tree
            // the file's calls and `new` expressions, in node order
            for site in callSites(ofFile: i) {
                let callee: NodeID, args: NodeList, isNew: Bool
                switch tree[site] {
                case .call(let c, _, let a, _):
                    callee = c
                    args = a
                    isNew = false
                case .new(let c, _, let a):
                    callee = c
                    args = a
                    isNew = true
                default:
                    continue
                }
                let caller = ProjectNode(file: f, node: sem.tree.enclosingFunction(of: site) ?? tree.root)
                var budget = index.maxSteps
                if let value = index.evaluate(callee, in: f, budget: &budget) {
                    switch value {
                    case .function(let target) where !isNew:
                        edges.append(CallEdge(caller: caller, callee: target, site: site, kind: .call))
                        if args.count > 0 { edges += wrapperEdges(target, args: Array(tree.list(args)), in: f) }
                    case .function(let target):
                        edges.append(CallEdge(caller: caller, callee: target, site: site, kind: .construct))
                    case .classValue(let cls) where isNew:
                        var b = index.maxSteps
                        if let ctor = constructor(of: cls, budget: &b) {
                            edges.append(CallEdge(caller: caller, callee: ctor, site: site, kind: .construct))
                        }
                    default:
                        break
                    }
                } else if !isNew, tree.kind(sem.tree.unwrap(callee)) == .identifier {
                    // `let compress = DEFLATE; if (!opts.compress) compress = NONE; compress(buf)`: a variable
                    // reassigned between functions calls whichever it holds, so each function it is given
                    // in this file (at most `heldValueLimit` values)
                    edges += heldFunctionEdges(sem.tree.unwrap(callee), caller: caller, site: site, in: f)
                } else if !isNew, case .member(let object, let property, true, _) = tree[sem.tree.unwrap(callee)],
                          sem.memberName(sem.tree.unwrap(callee)) == nil {
                    // `handlers[type](req)`: the members the key can name when its values are all written
                    // here (`let method = 'a'; if (x) method = 'b'`), else any function member of a known
                    // object or module
                    var b = index.maxSteps
                    if let base = index.evaluate(object, in: f, budget: &b) {
                        if let keys = CallGraphBuilder.literalValues(property, sem) {
                            for key in keys {
                                var kb = index.maxSteps
                                if case .function(let target)? = index.member(key, of: base, budget: &kb) {
                                    edges.append(CallEdge(caller: caller, callee: target, site: site, kind: .call))
                                }
                            }
                        } else if let targets = index.functionMembers(of: base, limit: CallGraphBuilder.dispatchLimit, budget: &b) {
                            for target in targets {
                                edges.append(CallEdge(caller: caller, callee: target, site: site, kind: .call))
                            }
                        }
                    }
                }
                for a in tree.list(args) {
                    let arg = sem.tree.unwrap(a)
                    switch tree.kind(arg) {
                    case .arrowFunction, .functionExpression:
                        edges.append(CallEdge(caller: caller, callee: ProjectNode(file: f, node: arg), site: site,
                                              kind: .callback))
                    case .identifier, .member, .call:
                        var b = index.maxSteps
                        if case .function(let target)? = index.evaluate(arg, in: f, budget: &b) {
                            edges.append(CallEdge(caller: caller, callee: target, site: site, kind: .callback))
                        }
                    case .arrayExpression:
                        // middleware arrays: app.get('/', [auth, handler])
                        guard case .arrayExpression(let elements) = tree[arg] else { continue }
                        for el in tree.list(elements) {
                            var b = index.maxSteps
                            if case .function(let target)? = index.evaluate(el, in: f, budget: &b) {
                                edges.append(CallEdge(caller: caller, callee: target, site: site, kind: .callback))
                            }
                        }
                    default:
                        continue
                    }
                }
            }
        }
        return edges
    }

    /// At most this many values of a reassigned variable are followed for a call through it.
    static let heldValueLimit = 8

    /// Edges of a call through a variable that is reassigned: one to each value it is given (initializer and
    /// plain assignments) that evaluates to a project function. None when a write is not a plain assignment.
    func heldFunctionEdges(_ callee: NodeID, caller: ProjectNode, site: NodeID, in f: FileID) -> [CallEdge] {
        let sem = index.files[f.index].semantics
        guard let b = sem.binding(for: callee), sem.isWritten(b), let values = sem.assignedValues(of: b),
              values.count <= CallGraphBuilder.heldValueLimit else { return [] }
        var out: [CallEdge] = []
        for v in values {
            var budget = index.maxSteps
            if case .function(let target)? = index.evaluate(v, in: f, budget: &budget),
               !out.contains(where: { $0.callee == target }) {
                out.append(CallEdge(caller: caller, callee: target, site: site, kind: .call))
            }
        }
        return out
    }

    /// `enabledCheck(async (tid) => ...)`, `asyncHandler(fn)`: a project function that returns a function
    /// which calls the wrapper's parameter (`next(...)`, `next.apply(null, args)`, `fn.call(this, ...)`).
    /// Calling the returned function runs the wrapped one, so the returned function gets an edge to each
    /// function handed to that parameter, with the inner call as its site. Only the wrapper's top-level
    /// `return function` (or an arrow's expression body) and a bounded walk of the returned function.
    func wrapperEdges(_ wrapper: ProjectNode, args: [NodeID], in f: FileID) -> [CallEdge] {
        // most callees return no function: that is checked before any argument is evaluated
        let returned = index.returnedFunctions(of: wrapper)
        guard !returned.isEmpty else { return [] }
        let sem = index.files[f.index].semantics
        var wrapped: [(Int, ProjectNode)] = []
        for (k, a) in args.enumerated() {
            let arg = sem.tree.unwrap(a)
            switch sem.tree.kind(arg) {
            case .arrowFunction, .functionExpression:
                wrapped.append((k, ProjectNode(file: f, node: arg)))
            case .identifier, .member:
                var b = index.maxSteps
                if case .function(let target)? = index.evaluate(arg, in: f, budget: &b) { wrapped.append((k, target)) }
            default:
                continue
            }
        }
        guard !wrapped.isEmpty else { return [] }
        let wsem = index.semantics(wrapper.file)
        let wtree = wsem.tree
        guard let info = wsem.function(wrapper.node) else { return [] }
        let params = wsem.parameterBindings(of: wrapper.node)
        // every parameter a plain identifier, so the k-th binding is the k-th argument's
        guard params.count == info.params.count, info.params.allSatisfy({ wtree.kind($0) == .identifier }) else { return [] }
        var out: [CallEdge] = []
        for r in returned {
            // calls of a parameter inside the returned function (not in functions nested in it)
            var stack: [NodeID] = [r]
            var seen = 0
            while let n = stack.popLast(), seen < 4096 {
                seen += 1
                if n != r, wtree.kind(n).isFunction { continue }
                if case .call(let c, _, _, _) = wtree[n] {
                    var target = wtree.unwrap(c)
                    if case .member(let o, _, false, _) = wtree[target],
                       ["apply", "call"].contains(wsem.memberName(target) ?? "") {
                        target = wtree.unwrap(o)
                    }
                    if wtree.kind(target) == .identifier, let b = wsem.binding(for: target),
                       let k = params.firstIndex(of: b) {
                        for (i, fn) in wrapped where i == k {
                            out.append(CallEdge(caller: ProjectNode(file: wrapper.file, node: r), callee: fn, site: n, kind: .call))
                        }
                    }
                }
                wtree.forEachChild(of: n) { stack.append($0) }
            }
        }
        return out
    }

    /// A file's calls and `new` expressions in node order: those the index found while it is built (see
    /// `ProjectIndex.siteNodes`), else found here.
    func callSites(ofFile i: Int) -> [NodeID] {
        index.siteNodes.isEmpty ? ProjectIndex.SiteNodes(index.files[i].semantics.tree).calls : index.siteNodes[i].calls
    }

    /// A file's assignments in node order, found as `callSites(ofFile:)` finds calls.
    func assignments(ofFile i: Int) -> [NodeID] {
        index.siteNodes.isEmpty ? ProjectIndex.SiteNodes(index.files[i].semantics.tree).assignments : index.siteNodes[i].assignments
    }

    /// Calls through a registry: a module-level container filled by a function that stores its parameter
    /// under a key (`exports.addComponent = (name, module) => { components[name] = module }`) and read by
    /// a dispatch on that container (`components[message.component].handleMessage(socket, message)`). Each
    /// value a caller of the registering function hands over (found on the graph built so far, `edges`) is a
    /// receiver the dispatch may call: the edge goes from the dispatching function to that value's member.
    /// Bounded: module-level bindings of each file and their references; at most `dispatchLimit` targets
    /// per dispatch site.
    /// Fastify decorators: `server.decorate('embedHtmlImages', fn)` (and `decorateRequest` / `decorateReply`)
    /// adds `fn` as a method of the instance, so `server.embedHtmlImages(...)`, `this.embedHtmlImages(...)`,
    /// `request.name(...)` and `reply.name(...)` call it. Receivers are matched by the names plugins give
    /// the instance, request and reply; the method name by the literal the decorator used.
    static let decoratorNames: Set<String> = ["decorate", "decorateRequest", "decorateReply"]
    static let decoratedReceivers: Set<String> = ["server", "fastify", "app", "instance", "request", "req", "reply", "res"]

    /// Whether an identifier's name is one of `decoratorNames`, compared on its bytes (no String built).
    static func isDecoratorName(_ id: NodeID, _ tree: SyntaxTree) -> Bool {
        tree.nameIs(id, "decorate") || tree.nameIs(id, "decorateRequest") || tree.nameIs(id, "decorateReply")
    }

    func decoratorEdges(_ files: ProjectIndex.PerFileRunner) -> [CallEdge] {
        // only a project that loads Fastify (or a package of its ecosystem) has decorators to look for
        let usesFastify = index.files.contains { f in
            f.semantics.imports.contains { $0.specifier == "fastify" || $0.specifier.hasPrefix("fastify-") || $0.specifier.hasPrefix("@fastify/") }
        }
        guard usesFastify else { return [] }
        // each file's decorations in node order, then merged in file order: the first function a name gets
        // from each file, as one pass over the files in order would keep them
        let found = files.map { i -> [(key: String, fn: ProjectNode)] in
            let sem = index.files[i].semantics
            let tree = sem.tree
            var out: [(key: String, fn: ProjectNode)] = []
            for id in callSites(ofFile: i) where tree.kind(id) == .call {
                guard case .call(let callee, _, let args, _) = tree[id],
                      case .member(_, let property, let computed, _) = tree[tree.unwrap(callee)],
                      computed ? sem.memberName(tree.unwrap(callee)).map(Self.decoratorNames.contains) == true
                               : Self.isDecoratorName(property, tree) else { continue }
                let list = tree.list(args)
                guard list.count >= 2, let key = sem.literalString(list[list.startIndex]) else { continue }
                var budget = index.maxSteps
                guard case .function(let fn)? = index.evaluate(list[list.startIndex + 1], in: FileID(Int32(i)), budget: &budget)
                else { continue }
                out.append((key, fn))
            }
            return out
        }
        var decorated: [String: [ProjectNode]] = [:]
        for (key, fn) in found.joined() where !(decorated[key]?.contains(fn) ?? false) {
            decorated[key, default: []].append(fn)
        }
        guard !decorated.isEmpty else { return [] }
        let targetsByName = decorated
        return Array(files.map { i -> [CallEdge] in
            let sem = index.files[i].semantics
            let tree = sem.tree
            var out: [CallEdge] = []
            for id in callSites(ofFile: i) where tree.kind(id) == .call {
                guard case .call(let callee, _, _, _) = tree[id],
                      case .member(let object, _, false, _) = tree[tree.unwrap(callee)],
                      let name = sem.memberName(tree.unwrap(callee)), let targets = targetsByName[name] else { continue }
                let o = tree.unwrap(object)
                let receiverNamed = tree.kind(o) == .thisExpression
                    || (tree.kind(o) == .identifier && Self.decoratedReceivers.contains(tree.name(of: o)))
                guard receiverNamed else { continue }
                let caller = ProjectNode(file: FileID(Int32(i)), node: tree.enclosingFunction(of: id) ?? tree.root)
                for t in targets { out.append(CallEdge(caller: caller, callee: t, site: id, kind: .call)) }
            }
            return out
        }.joined())
    }

    /// The registry and decorator edges, each file's found by `files` (on the scan's threads when it runs
    /// them there), in file order.
    func registryEdges(_ graph: CallGraph, _ files: ProjectIndex.PerFileRunner) -> [CallEdge] {
        decoratorEdges(files) + instanceTableEdges(files) + files.map { registryEdges(graph, ofFile: $0) }.joined()
    }

    private func registryEdges(_ graph: CallGraph, ofFile i: Int) -> [CallEdge] {
        var out: [CallEdge] = []
        let f = FileID(Int32(i))
        let sem = index.files[i].semantics
        let tree = sem.tree
        guard let moduleScope = sem.scope(openedBy: tree.root) else { return [] }
        for b in sem.bindings(declaredIn: moduleScope) {
            guard sem.binding(b).kind.isVariable else { continue }
            var registrations: [(function: NodeID, parameter: Int)] = []
            var dispatches: [(site: NodeID, method: String)] = []
            for ref in sem.references(of: b) {
                guard let m = tree.parent(ref.node), case .member(let object, let key, true, _) = tree[m],
                      object == ref.node, tree.kind(key) != .stringLiteral, tree.kind(key) != .numericLiteral,
                      let up = tree.parent(m) else { continue }
                switch tree[up] {
                case .assignment(.assign, let left, let right) where left == m:
                    // components[name] = module, with `module` a parameter of the enclosing function
                    let v = tree.unwrap(right)
                    guard tree.kind(v) == .identifier, let pb = sem.binding(for: v), sem.binding(pb).kind == .parameter,
                          let fn = tree.enclosingFunction(of: up), sem.binding(pb).declaration == fn,
                          let k = sem.parameterBindings(of: fn).firstIndex(of: pb) else { continue }
                    registrations.append((fn, k))
                case .member(let o, _, false, _) where o == m:
                    // components[x].handleMessage(...)
                    guard let call = tree.parent(up), case .call(let callee, _, _, _) = tree[call], callee == up,
                          let name = sem.memberName(up) else { continue }
                    dispatches.append((call, name))
                default:
                    continue
                }
            }
            guard !registrations.isEmpty, !dispatches.isEmpty else { continue }
            // the values handed to the registering functions by their callers
            var values: [ProjectValue] = []
            for (fn, k) in registrations {
                for e in graph.callers(of: ProjectNode(file: f, node: fn)) where e.kind == .call {
                    let csem = index.semantics(e.caller.file)
                    guard case .call(_, _, let args, _) = csem.tree[e.site] else { continue }
                    let list = Array(csem.tree.list(args))
                    guard k < list.count else { continue }
                    var budget = index.maxSteps
                    if let v = index.evaluate(list[k], in: e.caller.file, budget: &budget), !values.contains(v) {
                        values.append(v)
                    }
                    if values.count >= CallGraphBuilder.dispatchLimit { break }
                }
            }
            for (site, method) in dispatches {
                let caller = ProjectNode(file: f, node: tree.enclosingFunction(of: site) ?? tree.root)
                for v in values {
                    var budget = index.maxSteps
                    if case .function(let target)? = index.member(method, of: v, budget: &budget) {
                        out.append(CallEdge(caller: caller, callee: target, site: site, kind: .call))
                    }
                }
            }
        }
        return out
    }

    /// The strings a key can hold when it is a variable whose every value is a string literal written in
    /// this file (its initializer and each plain assignment); nil when any value is something else.
    static func literalValues(_ key: NodeID, _ sem: FileSemantics) -> [String]? {
        let tree = sem.tree
        let k = tree.unwrap(key)
        guard tree.kind(k) == .identifier, let b = sem.binding(for: k), let values = sem.assignedValues(of: b) else { return nil }
        var out: [String] = []
        for v in values {
            guard let s = sem.literalString(v) else { return nil }
            if !out.contains(s) { out.append(s) }
        }
        return out.isEmpty ? nil : out
    }

    private func constructor(of cls: ProjectNode, budget: inout Int) -> ProjectNode? {
        var current: ProjectNode? = cls
        while let c = current, budget > 0 {
            budget -= 1
            guard let table = index.classTable(c) else { return nil }
            if let ctor = table.constructor { return ProjectNode(file: c.file, node: ctor) }
            guard let sup = table.superClass,
                  case .classValue(let s)? = index.evaluate(sup, in: c.file, budget: &budget) else { return nil }
            current = s
        }
        return nil
    }
}
