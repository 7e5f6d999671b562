// Containers a request handler's factory holds: the options a middleware factory is called with when the
// app registers it (`app.use(jwk({ keys: [] }))`) are captured by the handler it returns, so an array among
// them lives as long as the app. Read from a growing call's receiver backwards, across files:
// - `options.keys` inside the returned handler, where `options` is the factory's parameter and the returned
//   function is itself an entry point (the factory ran once, at registration);
// - a parameter of a helper (`verifyWithJwks(token, options)`) when every call the project makes to it
//   passes such a value: a property of an object literal (`{ keys, jwks_uri }`), a local set once
//   (`const keys = typeof o.keys === 'function' ? await o.keys(c) : o.keys`, either branch of a conditional
//   or a `||`/`??`), or another such parameter.
// Bounded: at most `maxDepth` steps through callers and locals and `budget` visited expressions; anything
// it cannot follow is not held (nil). Nothing here decides reporting.

import ExecutionModel
import JSSemantic
import JSSyntax
import LintEngine

struct LeakFactoryOptions {
    /// Where the long-lived value comes from: the factory's parameter, in the unit that declares it.
    struct Origin {
        let unit: Int
        let parameter: NodeID
        let factoryName: String
    }

    let paths: LeakRequestPaths
    let functions: ProjectFunctions
    let units: [SourceUnit]
    private var budget = 200
    private var entered: Set<ProjectNode> = []
    static let maxDepth = 6

    init(_ ctx: ProjectContext, paths: LeakRequestPaths) {
        self.paths = paths
        functions = ProjectFunctions.of(ctx)
        units = ctx.units
    }

    /// Whether `expr` (in `unit`) denotes a value held by the options of a registered handler's factory.
    mutating func origin(of expr: NodeID, in unit: Int) -> Origin? {
        guard unit < functions.fileOfUnit.count, let file = functions.fileOfUnit[unit] else { return nil }
        budget = 200
        entered = []
        return origin(expr, file: file, path: [], depth: 0)
    }

    private mutating func origin(_ expr: NodeID, file: FileID, path: [String], depth: Int) -> Origin? {
        guard budget > 0, depth <= Self.maxDepth else { return nil }
        budget -= 1
        let sem = functions.index.semantics(file)
        let tree = sem.tree
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .member(let object, let property, false, _):
            guard tree.kind(property) == .identifier else { return nil }
            return origin(object, file: file, path: [tree.name(of: property)] + path, depth: depth)
        case .conditional(_, let consequent, let alternate):
            return origin(consequent, file: file, path: path, depth: depth)
                ?? origin(alternate, file: file, path: path, depth: depth)
        case .logical(_, let left, let right):
            return origin(left, file: file, path: path, depth: depth) ?? origin(right, file: file, path: path, depth: depth)
        case .objectExpression(let properties):
            // `{ keys, jwks_uri }` read at `.keys`
            guard let first = path.first else { return nil }
            for p in tree.list(properties) {
                guard case .property(let key, let value, _, let flags) = tree[p] else {
                    if tree.kind(p) == .spreadElement { return nil }
                    continue
                }
                guard !flags.contains(.computed), tree.kind(key) == .identifier, tree.name(of: key) == first else { continue }
                return origin(value, file: file, path: Array(path.dropFirst()), depth: depth)
            }
            return nil
        case .identifier:
            guard let b = sem.binding(for: e), !sem.isWritten(b) else { return nil }
            let binding = sem.binding(b)
            switch binding.kind {
            case .parameter:
                return parameterOrigin(b, use: e, file: file, path: path, depth: depth)
            case .const, .let, .var:
                guard let initial = binding.initializer else { return nil }
                return origin(initial.expression, file: file, path: initial.path + path, depth: depth + 1)
            default:
                return nil
            }
        default:
            return nil
        }
    }

    /// A factory's parameter read inside the entry point it returns, or a helper's parameter every known
    /// call fills with a held value.
    private mutating func parameterOrigin(_ b: BindingID, use: NodeID, file: FileID, path: [String], depth: Int) -> Origin? {
        let sem = functions.index.semantics(file)
        let tree = sem.tree
        let fn = sem.binding(b).declaration
        guard tree.kind(fn).isFunction, let parts = tree.functionParts(fn),
              let index = Array(parts.params).firstIndex(where: { tree.kind($0) == .identifier && sem.binding(for: $0) == b })
        else { return nil }
        let unit = functions.unitOfFile[file.index]
        guard unit >= 0 else { return nil }
        // the factory: the use sits in a function it returns, and that function is an entry point
        for g in sem.returnedFunctions(of: fn) where contains(g, use, tree) {
            if paths.paths.edges(to: FunctionRef(unit: unit, node: g))?.isEmpty == true {
                let name = sem.functionName(fn) ?? "the factory"
                return Origin(unit: unit, parameter: tree.functionParts(fn).map { Array($0.params)[index] } ?? fn, factoryName: name)
            }
        }
        // a helper: every call the project makes passes a held value
        let node = ProjectNode(file: file, node: fn)
        guard !entered.contains(node) else { return nil }
        let callers = functions.index.callGraph.callers(of: node)
        guard !callers.isEmpty, callers.allSatisfy({ $0.kind == .call }) else { return nil }
        entered.insert(node)
        defer { entered.remove(node) }
        var found: Origin?
        // (tests are no part of the call graph: what they pass is never among these calls)
        for edge in callers {
            let csem = functions.index.semantics(edge.caller.file)
            guard case .call(_, _, let args, _) = csem.tree[edge.site] else { return nil }
            let list = Array(csem.tree.list(args))
            guard index < list.count, list.prefix(index + 1).allSatisfy({ csem.tree.kind($0) != .spreadElement }),
                  let o = origin(list[index], file: edge.caller.file, path: path, depth: depth + 1) else { return nil }
            found = found ?? o
        }
        return found
    }

    private func contains(_ outer: NodeID, _ inner: NodeID, _ tree: SyntaxTree) -> Bool {
        let o = tree.range(outer), i = tree.range(inner)
        return o.start <= i.start && i.end <= o.end
    }
}
