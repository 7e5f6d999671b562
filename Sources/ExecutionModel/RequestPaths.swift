// Request paths: every function reachable from a request entry point, with the shortest chain of
// calls that reaches it, so a finding can say which handler it slows down and how (the `trace`).
// Computed once per scan (`RequestPaths.of(ctx)`, behind ProjectContext.memo) and shared by rule
// families that care what runs per request (blocking calls, caches, listeners, fan-out).
//
// The search is JSSemantic's breadth-first reachability over the project call graph, from all entry
// points at once, so each function is visited once (linear in the graph) and keeps the first, shortest
// path that reached it. Its depth is bounded by `budget.maxCallGraphDepth`.

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
    static let key = AnalysisKey<RequestPaths>("requestPaths")

    public let entryPoints: RequestEntryPoints
    /// Nil when the scan has no entry point (then nothing is reached and no project index is built).
    public let functions: ProjectFunctions?
    let reach: Reachability?
    /// Entry point index per root function.
    let entryOfRoot: [ProjectNode: Int]

    public static func of(_ ctx: ProjectContext) -> RequestPaths {
        ctx.memo(RequestPaths.key) { RequestPaths(ctx) }
    }

    init(_ ctx: ProjectContext) {
        entryPoints = RequestEntryPoints.of(ctx)
        guard !entryPoints.all.isEmpty else {
            functions = nil
            reach = nil
            entryOfRoot = [:]
            return
        }
        let functions = ProjectFunctions.of(ctx)
        self.functions = functions
        var roots: [ProjectNode] = []
        var entryOfRoot: [ProjectNode: Int] = [:]
        for (i, e) in entryPoints.all.enumerated() {
            guard let n = functions.node(FunctionRef(unit: e.unit, node: e.function)), entryOfRoot[n] == nil else { continue }
            entryOfRoot[n] = i
            roots.append(n)
        }
        self.entryOfRoot = entryOfRoot
        // calls made only on a lazy initialisation's first run, or only outside production, are not made per
        // request; nor is the compute side of a get-or-compute over a long-lived container whose keys are a
        // fixed few (`if (!clients[environment]) clients[environment] = make(readSecret(...))`, every call naming
        // the environment by an enum's constant): it runs once per key, as start-up work does
        let units = ctx.units
        reach = functions.index.callGraph.reachable(from: roots, maxDepth: ctx.config.budget.maxCallGraphDepth) { e in
            guard let caller = functions.ref(e.caller) else { return true }
            if OnceGuards.notPerCall(e.site, in: units[caller.unit]) { return false }
            if let key = OnceGuards.memoizedKey(e.site, in: units[caller.unit]), CallerArguments.fewValues(key, in: caller.unit, ctx) {
                return false
            }
            return true
        }
    }

    /// Every reached function, in breadth-first order (entry points first).
    public var reached: [FunctionRef] {
        guard let functions, let reach else { return [] }
        return reach.order.compactMap { functions.ref($0) }
    }

    public func isReachable(_ f: FunctionRef) -> Bool {
        guard let functions, let reach, let n = functions.node(f) else { return false }
        return reach.contains(n)
    }

    /// The calls from the entry point to `f` (empty for an entry point; nil when unreached).
    public func edges(to f: FunctionRef) -> [CallEdge]? {
        guard let functions, let reach, let n = functions.node(f) else { return nil }
        return reach.trace(to: n)
    }

    /// The entry point a reached function runs under (the one whose path to it is shortest).
    public func entry(of f: FunctionRef) -> RequestEntryPoint? {
        guard let functions, let reach, let n = functions.node(f), let path = reach.trace(to: n) else { return nil }
        let root = path.first?.caller ?? n
        return entryOfRoot[root].map { entryPoints.all[$0] }
    }

    /// Trace steps from the entry point's registration to `f`: the registration, then each call site.
    public func trace(to f: FunctionRef, units: [SourceUnit]) -> [TraceStep] {
        guard let functions, let entry = entry(of: f), let path = edges(to: f) else { return [] }
        var steps = [entry.site]
        for e in path {
            guard let caller = functions.ref(e.caller) else { continue }
            let unit = units[caller.unit]
            steps.append(unit.step(e.site, "calls " + RequestPaths.calleeText(e.site, unit)))
        }
        return steps
    }

    /// A short text for a call site: its callee as written (`users.load`, `this.files.read`).
    static func calleeText(_ site: NodeID, _ unit: SourceUnit) -> String {
        let tree = unit.tree
        var node = site
        if case .call(let callee, _, _, _) = tree[site] { node = callee }
        if case .new(let callee, _, _) = tree[site] { node = callee }
        var text = tree.text(node)
        if let nl = text.firstIndex(of: "\n") { text = String(text[..<nl]) + "..." }
        if text.count > 60 { text = String(text.prefix(57)) + "..." }
        return text
    }
}
