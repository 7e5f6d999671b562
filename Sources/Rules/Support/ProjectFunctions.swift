// Which project functions an expression denotes, and which functions a function calls: the view of
// the call graph that request paths walk. Callees are direct calls, calls through local aliases and
// object literals, `this.method()` in the same class, functions passed as arguments (callbacks given
// to `.then`, `map`, `forEach`, wrappers like `asyncHandler(fn)`) and the functions a called factory
// returns.

import JSSemantic
import JSSyntax
import LintEngine

public struct CallEdge: Hashable, Sendable {
    /// The call (or `new`) in the caller.
    public let site: NodeID
    public let target: FunctionRef
}

public final class ProjectFunctions: @unchecked Sendable {
    let units: [SourceUnit]
    /// Per unit: function node -> its outgoing edges, sorted by site then target.
    let edges: [[NodeID: [CallEdge]]]

    public static func of(_ ctx: ProjectContext) -> ProjectFunctions {
        ctx.memo("projectFunctions") { ProjectFunctions(ctx) }
    }

    init(_ ctx: ProjectContext) {
        units = ctx.units
        let units = ctx.units
        edges = ParallelMap.map(count: units.count, jobs: ctx.jobs) { i in
            ProjectFunctions.edges(of: units[i], index: i)
        }
    }

    /// The project functions an expression of `unit` evaluates to (empty when unknown).
    public func functions(_ expr: NodeID, in unit: Int) -> [FunctionRef] {
        ProjectFunctions.localFunctions(expr, units[unit].semantic).map { FunctionRef(unit: unit, node: $0) }
    }

    public func callees(of f: FunctionRef) -> [CallEdge] {
        edges[f.unit][f.node] ?? []
    }

    static func localFunctions(_ expr: NodeID, _ sem: FileSemantics, budget: Int = 8) -> [NodeID] {
        guard budget > 0 else { return [] }
        let tree = sem.tree
        let e = sem.unwrap(expr)
        if FileSemantics.isFunction(tree.kind(e)) { return [e] }
        switch tree[e] {
        case .call(let callee, _, let args, _):
            // A wrapper or factory: `asyncHandler(fn)` runs fn; `auth()` returns the middleware.
            var out: [NodeID] = []
            for a in tree.list(args) where FileSemantics.isFunction(tree.kind(sem.unwrap(a))) || tree.kind(sem.unwrap(a)) == .identifier {
                out += localFunctions(a, sem, budget: budget - 1)
            }
            for factory in localFunctions(callee, sem, budget: budget - 1) {
                out += returnedFunctions(factory, sem)
            }
            return out
        case .member(let object, _, _, _) where tree.kind(sem.unwrap(object)) == .thisExpression:
            guard let name = sem.memberName(e), let method = thisMethod(name, at: e, sem) else { return [] }
            return [method]
        default:
            guard let v = sem.valueNode(for: e), v != e else { return [] }
            if FileSemantics.isFunction(tree.kind(v)) { return [v] }
            return []
        }
    }

    /// `this.name` inside a class: the method `name` of that class.
    static func thisMethod(_ name: String, at node: NodeID, _ sem: FileSemantics) -> NodeID? {
        let tree = sem.tree
        var current = tree.parent(node)
        var steps = 0
        while let n = current, steps < 256 {
            steps += 1
            if case .classBody(let members) = tree[n] {
                for m in tree.list(members) {
                    if case .methodDefinition(_, let key, let value, .method, _) = tree[m], sem.propertyName(key) == name {
                        return value
                    }
                    if case .propertyDefinition(_, let key, _, let value?, _) = tree[m], sem.propertyName(key) == name,
                       FileSemantics.isFunction(tree.kind(value)) {
                        return value
                    }
                }
                return nil
            }
            current = tree.parent(n)
        }
        return nil
    }

    /// Functions a function returns directly (`return (req, res) => ...`, an arrow's expression body).
    static func returnedFunctions(_ fn: NodeID, _ sem: FileSemantics) -> [NodeID] {
        let tree = sem.tree
        guard let info = sem.function(fn), let body = info.body else { return [] }
        var out: [NodeID] = []
        func consider(_ expr: NodeID) {
            if let v = sem.valueNode(for: expr), FileSemantics.isFunction(tree.kind(v)) { out.append(v) }
        }
        if tree.kind(body) != .blockStatement {
            consider(body)
            return out
        }
        var stack = [body]
        var budget = 10_000
        while let n = stack.popLast(), budget > 0 {
            budget -= 1
            if case .returnStatement(let arg?) = tree[n] { consider(arg); continue }
            if FileSemantics.isFunction(tree.kind(n)) || tree.kind(n) == .classBody { continue }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return out
    }

    static func edges(of unit: SourceUnit, index: Int) -> [NodeID: [CallEdge]] {
        let sem = unit.semantic
        let tree = unit.tree
        var out: [NodeID: [CallEdge]] = [:]
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            let callee: NodeID, args: NodeList
            switch tree[id] {
            case .call(let c, _, let a, _): (callee, args) = (c, a)
            case .new(let c, _, let a): (callee, args) = (c, a)
            default: continue
            }
            guard let caller = sem.enclosingFunction(of: id) else { continue }
            var targets = localFunctions(callee, sem)
            for a in tree.list(args) {
                let e = sem.unwrap(a)
                if FileSemantics.isFunction(tree.kind(e)) || tree.kind(e) == .identifier || tree.kind(e) == .member {
                    targets += localFunctions(e, sem)
                }
            }
            for t in targets where t != caller {
                out[caller, default: []].append(CallEdge(site: id, target: FunctionRef(unit: index, node: t)))
            }
        }
        for (k, v) in out {
            var seen: Set<CallEdge> = []
            out[k] = v.filter { seen.insert($0).inserted }.sorted {
                $0.site != $1.site ? tree.range($0.site).start < tree.range($1.site).start : $0.target < $1.target
            }
        }
        return out
    }
}
