// Which functions a request runs, as the leak rules see them: the shared request paths
// (`RequestPaths.of(ctx)`: framework entry points and everything reachable from them through the
// project call graph). A node is on a request path when one of its enclosing functions is reached; the
// answer carries the entry point's label and the trace of calls from its registration.

import Diagnostics
import JSSyntax
import LintEngine

/// A function a request runs, with the label and trace of its entry point.
struct LeakRequestEntry: Sendable {
    let function: NodeID
    /// "handler GET /users/:id", "middleware /api", ...
    let label: String
    let trace: [TraceStep]
}

struct LeakRequestPaths: Sendable {
    let paths: RequestPaths
    let units: [SourceUnit]

    static func shared(_ ctx: ProjectContext) -> LeakRequestPaths {
        LeakRequestPaths(paths: RequestPaths.of(ctx), units: ctx.units)
    }

    /// The innermost enclosing function of `node` that a request reaches.
    func entry(of node: NodeID, in unit: SourceUnit) -> LeakRequestEntry? {
        var current = unit.tree.parent(node)
        while let n = current {
            if LeakScopes.isFunction(unit.tree.kind(n)) {
                let f = FunctionRef(unit: unit.index, node: n)
                if let e = paths.entry(of: f) {
                    return LeakRequestEntry(function: n, label: e.label, trace: paths.trace(to: f, units: units))
                }
            }
            current = unit.tree.parent(n)
        }
        return nil
    }
}
