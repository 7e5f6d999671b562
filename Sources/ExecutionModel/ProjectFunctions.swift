// The scan's JSSemantic ProjectIndex (module resolution, project values, call graph), built once per
// scan and shared by rule families, and what request-path analyses ask of it: which project functions
// an expression hands over as handlers.

import JSSemantic
import JSSyntax
import LintEngine

public final class ProjectFunctions: @unchecked Sendable {
    static let key = AnalysisKey<ProjectFunctions>("projectIndex")

    public let index: ProjectIndex
    /// Unit index -> file in the index.
    public let fileOfUnit: [FileID?]
    /// File index -> unit index.
    public let unitOfFile: [Int]

    /// Shared by every rule of the scan (memo key "projectIndex").
    public static func of(_ ctx: ProjectContext) -> ProjectFunctions {
        ctx.memo(ProjectFunctions.key) { ProjectFunctions(ctx) }
    }

    init(_ ctx: ProjectContext) {
        let units = ctx.units
        let semantics = ParallelMap.map(count: units.count, jobs: ctx.jobs) { units[$0].semantic }
        let jobs = ctx.jobs
        let files = ctx.files
        // constructor arguments are read from source files only (a test constructs a controller with fakes)
        let sourcePaths = Set(units.filter { $0.role == .source }.map { ProjectPath.normalise($0.absolutePath) })
        // Between lints of one project (the language server), the call edges of files whose inputs did not
        // change are taken over from the previous index.
        index = ProjectIndex(files: units.indices.map { (units[$0].absolutePath, semantics[$0]) },
                             readConfig: { files.text(atPath: $0) },
                             perFile: { count, body in ParallelMap.map(count: count, jobs: jobs, body) },
                             tracksInputs: ctx.keepsResults, reusing: ctx.kept("projectIndex", as: ProjectIndex.self),
                             argumentSites: { sourcePaths.contains($0) })
        ctx.keep("projectIndex", index)
        var fileOfUnit: [FileID?] = []
        var unitOfFile = [Int](repeating: -1, count: index.files.count)
        for u in units {
            let f = index.fileID(path: u.absolutePath)
            fileOfUnit.append(f)
            if let f, unitOfFile[f.index] < 0 { unitOfFile[f.index] = u.index }
        }
        self.fileOfUnit = fileOfUnit
        self.unitOfFile = unitOfFile
    }

    public func ref(_ n: ProjectNode) -> FunctionRef? {
        let u = unitOfFile[n.file.index]
        return u < 0 ? nil : FunctionRef(unit: u, node: n.node)
    }

    public func node(_ f: FunctionRef) -> ProjectNode? {
        fileOfUnit[f.unit].map { ProjectNode(file: $0, node: f.node) }
    }

    /// The project functions an expression of `unit` evaluates to or hands over: the function itself,
    /// the functions given to a wrapper (`asyncHandler(fn)`), those a factory returns (`auth()`) and the
    /// callbacks in a factory's options object (`validateWebhook({ secretKey: (ctx) => ... })`).
    public func functions(_ expr: NodeID, in unit: Int) -> [FunctionRef] {
        guard let file = fileOfUnit[unit] else { return [] }
        let sem = index.semantics(file)
        let tree = sem.tree
        let e = sem.tree.unwrap(expr)
        if tree.kind(e).isFunction { return [FunctionRef(unit: unit, node: e)] }
        if case .call(let callee, _, let args, _) = tree[e] {
            // `this._connect.bind(this)`: the method itself (the index evaluates a bound function to it)
            if sem.memberName(tree.unwrap(callee)) == "bind", let f = index.function(of: e, in: file).flatMap(ref) {
                return [f]
            }
            var out: [FunctionRef] = []
            for a in tree.list(args) {
                if let f = index.function(of: a, in: file).flatMap(ref) {
                    out.append(f)
                    continue
                }
                // the options of a middleware factory, which the middleware calls back on the requests it
                // handles (`validateWebhook({ secretKey: async (ctx) => ... })`, `rateLimit({ keyGenerator })`):
                // the function-valued properties of an object literal argument
                guard case .objectExpression(let properties) = tree[tree.unwrap(a)] else { continue }
                for p in tree.list(properties) {
                    guard case .property(_, let value, .initializer, _) = tree[p],
                          let f = index.function(of: value, in: file).flatMap(ref) else { continue }
                    out.append(f)
                }
            }
            if let factory = index.function(of: callee, in: file) {
                let fsem = index.semantics(factory.file)
                for r in fsem.returnedFunctions(of: factory.node) {
                    if let f = ref(ProjectNode(file: factory.file, node: r)) { out.append(f) }
                }
            }
            return out
        }
        return index.function(of: e, in: file).flatMap(ref).map { [$0] } ?? []
    }

}
