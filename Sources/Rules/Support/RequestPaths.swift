// Request paths: every function reachable from a request entry point, with the shortest chain of
// calls that reaches it, so a finding can say which handler it slows down and how (the `trace`).
// Computed once per scan (`RequestPaths.of(ctx)`, behind ProjectContext.memo) and shared by rule
// families that care what runs per request (blocking calls, caches, listeners, fan-out).
//
// The search is breadth-first over the project call graph, from all entry points at once, so each
// function is visited once (linear in the graph) and keeps the first, shortest path that reached it;
// entry points are seeded in their sorted order, so the result is deterministic. Its depth is bounded
// by `budget.maxCallGraphDepth`.

import Diagnostics
import JSSemantic
import JSSyntax
import LintEngine

/// A function of the project: its unit index and its node.
public struct FunctionRef: Hashable, Sendable, Comparable {
    public var unit: Int
    public var node: NodeID

    public init(unit: Int, node: NodeID) {
        self.unit = unit
        self.node = node
    }

    public static func < (a: FunctionRef, b: FunctionRef) -> Bool {
        a.unit != b.unit ? a.unit < b.unit : a.node < b.node
    }
}

public struct RequestPaths: Sendable {
    public struct Visit: Sendable {
        /// The entry point the function is reached from (index into `entryPoints.all`).
        public let entry: Int
        /// The function it was reached from and the call site there; nil for the entry point itself.
        public let caller: FunctionRef?
        public let site: NodeID?
        public let depth: Int
    }

    public let entryPoints: RequestEntryPoints
    /// Reached functions with how they were reached.
    public let visits: [FunctionRef: Visit]

    public static func of(_ ctx: ProjectContext) -> RequestPaths {
        ctx.memo("requestPaths") { RequestPaths(ctx) }
    }

    init(_ ctx: ProjectContext) {
        entryPoints = RequestEntryPoints.of(ctx)
        let graph = ProjectFunctions.of(ctx)
        let maxDepth = ctx.config.budget.maxCallGraphDepth
        var visits: [FunctionRef: Visit] = [:]
        var queue: [FunctionRef] = []
        for (i, e) in entryPoints.all.enumerated() {
            let f = FunctionRef(unit: e.unit, node: e.function)
            guard visits[f] == nil else { continue }
            visits[f] = Visit(entry: i, caller: nil, site: nil, depth: 0)
            queue.append(f)
        }
        var head = 0
        while head < queue.count {
            let f = queue[head]
            head += 1
            guard let v = visits[f], v.depth < maxDepth else { continue }
            for edge in graph.callees(of: f) where visits[edge.target] == nil {
                visits[edge.target] = Visit(entry: v.entry, caller: f, site: edge.site, depth: v.depth + 1)
                queue.append(edge.target)
            }
        }
        self.visits = visits
    }

    public func isReachable(_ f: FunctionRef) -> Bool { visits[f] != nil }

    /// The entry point a reached function runs under.
    public func entry(of f: FunctionRef) -> RequestEntryPoint? {
        visits[f].map { entryPoints.all[$0.entry] }
    }

    /// Trace steps from the entry point's registration to `f`: the registration, then each call site.
    public func trace(to f: FunctionRef, units: [SourceUnit]) -> [TraceStep] {
        guard let entry = entry(of: f) else { return [] }
        var steps: [TraceStep] = []
        var current = f
        var guardSteps = 0
        while let v = visits[current], let caller = v.caller, let site = v.site, guardSteps < 1_000 {
            guardSteps += 1
            let unit = units[caller.unit]
            steps.append(unit.step(site, "calls " + RequestPaths.calleeText(site, unit)))
            current = caller
        }
        steps.append(entry.site)
        return steps.reversed()
    }

    /// A short text for a call site: its callee as written (`users.load`, `this.files.read`).
    static func calleeText(_ site: NodeID, _ unit: SourceUnit) -> String {
        let tree = unit.tree
        var node = site
        if case .call(let callee, _, _, _) = tree[site] { node = callee }
        if case .new(let callee, _, _) = tree[site] { node = callee }
        if FileSemantics.isFunction(tree.kind(node)) { return unit.semantic.functionName(node) ?? "callback" }
        var text = tree.text(node)
        if let nl = text.firstIndex(of: "\n") { text = String(text[..<nl]) + "..." }
        if text.count > 60 { text = String(text.prefix(57)) + "..." }
        return text
    }
}
