// Which functions a request runs, as the leak rules see them: the shared request paths
// (`RequestPaths.of(ctx)`: framework entry points and everything reachable from them through the
// project call graph). A node is on a request path when one of its enclosing functions is reached; the
// answer carries the entry point's label and the trace of calls from its registration.

import Diagnostics
import ExecutionModel
import JSSyntax
import LintEngine

/// A function a request runs, with the label and trace of its entry point.
struct LeakRequestEntry: Sendable {
    let function: NodeID
    /// "handler GET /users/:id", "middleware /api", ...
    let label: String
    /// "request", "message", "job" or "library API" (RequestEntryPoint.context).
    let context: String
    let trace: [TraceStep]
    /// Whether the entry is one of Node's per-operation hooks (a stream's `_transform`, a client socket's 'data'
    /// handler; OperationEntryPoints), not a request, message or job handler.
    var perOperation = false

    /// Whether the entry is a library's exported API (`libraryAPI: true`), not a handler, consumer or job.
    var isLibraryAPI: Bool { context == EntryKind.library.evidenceText }
}

struct LeakRequestPaths: Sendable {
    let paths: RequestPaths
    let units: [SourceUnit]
    /// Units holding a reached function: `entry(of:in:)` is nil everywhere else.
    let reachedUnits: Set<Int>

    static func shared(_ ctx: ProjectContext) -> LeakRequestPaths {
        let paths = RequestPaths.of(ctx)
        return LeakRequestPaths(paths: paths, units: ctx.units, reachedUnits: Set(paths.reached.map(\.unit)))
    }

    /// Calls `body` for each unit holding a function a request reaches, as `LeakScopes.forEachUnit` does
    /// (on the scan's threads, findings kept in path order): the leak rules report only under such
    /// functions, so the other units need no look.
    func forEachReachedUnit(_ ctx: ProjectContext, _ body: @escaping (SourceUnit, LeakScopes, ProjectContext) -> Void) {
        guard !reachedUnits.isEmpty else { return }
        LeakScopes.forEachUnit(ctx, where: { reachedUnits.contains($0.index) }, body)
    }

    /// The innermost enclosing function of `node` that a request reaches; nil also when `node` runs only on a
    /// lazy initialisation's first run or only outside production (OnceGuards.notPerCall).
    func entry(of node: NodeID, in unit: SourceUnit) -> LeakRequestEntry? {
        if OnceGuards.notPerCall(node, in: unit) { return nil }
        var current = unit.tree.parent(node)
        while let n = current {
            if unit.tree.kind(n).isFunction {
                let f = FunctionRef(unit: unit.index, node: n)
                if let e = paths.entry(of: f) {
                    // a library object's per-operation method (`log`, `encode`, ...) says nothing of how long
                    // the object lives (a per-request `Request`, a span, a kept client): the leak rules take
                    // only the blocking family's use of it
                    if e.framework == .operationMethod { return nil }
                    return LeakRequestEntry(function: n, label: e.label, context: e.context,
                                            trace: paths.trace(to: f, units: units),
                                            perOperation: Framework.perOperation.contains(e.framework))
                }
                // a callback created in a once-only region (`if (!listening) { emitter.on('x', cb) }`) runs
                // when its event fires, not per call of the function around it
                if OnceGuards.notPerCall(n, in: unit) { return nil }
            }
            current = unit.tree.parent(n)
        }
        return nil
    }
}
