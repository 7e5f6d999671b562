// The calls of catalog APIs in each function of a file: `fs.readFileSync(...)`, `JSON.parse(req.body)`,
// `new Worker(...)`, found through JSSemantic's resolution (imports, requires, aliases; a shadowed
// name is not the API). Grouped by the innermost function that makes the call; module-level calls
// run once at start-up and are never listed.

import JSSemantic
import JSSyntax
import LintEngine

struct BlockingSite: Sendable {
    let call: NodeID
    let api: BlockingAPIEntry
}

struct BlockingSites: Sendable {
    /// Function node -> its blocking calls in source order.
    let byFunction: [NodeID: [BlockingSite]]

    /// `projectAPI` answers for callees that are project functions listed in looplint.yml.
    init(unit: SourceUnit, catalog: BlockingAPICatalog.Index, projectAPI: (NodeID) -> BlockingAPIEntry?) {
        let sem = unit.semantic
        let tree = unit.tree
        var out: [NodeID: [BlockingSite]] = [:]
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            let callee: NodeID, args: NodeList, isNew: Bool
            switch tree[id] {
            case .call(let c, _, let a, _): (callee, args, isNew) = (c, a, false)
            case .new(let c, _, let a): (callee, args, isNew) = (c, a, true)
            default: continue
            }
            guard let fn = sem.enclosingFunction(of: id),
                  let api = BlockingSites.match(id, callee: callee, args: Array(tree.list(args)), isNew: isNew,
                                                fn: fn, sem: sem, catalog: catalog, projectAPI: projectAPI)
            else { continue }
            out[fn, default: []].append(BlockingSite(call: id, api: api))
        }
        for (k, v) in out { out[k] = v.sorted { tree.range($0.call).start < tree.range($1.call).start } }
        byFunction = out
    }

    static func match(_ call: NodeID, callee: NodeID, args: [NodeID], isNew: Bool, fn: NodeID, sem: FileSemantics,
                      catalog: BlockingAPICatalog.Index, projectAPI: (NodeID) -> BlockingAPIEntry?) -> BlockingAPIEntry?
    {
        let tree = sem.tree
        var entry: BlockingAPIEntry?
        if let symbol = sem.resolveExport(callee), !symbol.module.hasPrefix("."), !symbol.module.hasPrefix("/") {
            entry = catalog.entry(module: symbol.module, path: symbol.path)
        } else if let global = sem.resolveGlobal(callee) {
            entry = catalog.global(path: global.path)
        } else if tree.kind(sem.unwrap(callee)) == .identifier, sem.isRequireCall(call) {
            entry = catalog.global(path: ["require"])
        } else {
            entry = projectAPI(callee)
        }
        guard let api = entry else { return nil }
        switch api.condition {
        case .always: return isNew && api.module != nil ? nil : api
        case .construct: return isNew && !isKeptInPool(call, sem: sem) ? api : nil
        case .call: return isNew ? nil : api
        case .withoutCallback:
            guard let last = args.last else { return api }
            return FileSemantics.isFunction(tree.kind(sem.unwrap(last))) || tree.kind(sem.unwrap(last)) == .identifier ? nil : api
        case .requestBody:
            guard let first = args.first else { return nil }
            return isRequestBody(first, fn: fn, sem: sem) ? api : nil
        }
    }

    /// A construction whose result outlives the request: returned to the caller (a pool's `startWorker()`),
    /// or stored in module-level state (`workers.push(new Worker(...))`, `pool = new Worker(...)`).
    static func isKeptInPool(_ construction: NodeID, sem: FileSemantics) -> Bool {
        let tree = sem.tree
        var uses = [construction]
        if let d = tree.parent(construction), case .variableDeclarator(let id, _, _) = tree[d], tree.kind(id) == .identifier,
           let b = sem.binding(for: id) {
            uses += sem.references(of: b).map(\.node)
        }
        func isModuleState(_ target: NodeID) -> Bool {
            var root = sem.unwrap(target)
            while case .member(let object, _, _, _) = tree[root] { root = sem.unwrap(object) }
            guard tree.kind(root) == .identifier, let b = sem.binding(for: root) else { return false }
            return sem.isModuleLevel(b)
        }
        for use in uses {
            guard let parent = tree.parent(use) else { continue }
            switch tree[parent] {
            case .returnStatement:
                return true
            case .arrowFunction(_, _, _, let body, _) where body == use:
                return true
            case .assignment(_, let left, let right) where right == use:
                if isModuleState(left) { return true }
            case .call(let callee, _, let args, _) where tree.list(args).contains(use):
                let c = sem.unwrap(callee)
                if case .member(let object, _, _, _) = tree[c], ["push", "set", "add", "unshift"].contains(sem.memberName(c) ?? ""),
                   isModuleState(object) {
                    return true
                }
            default:
                break
            }
        }
        return false
    }

    /// `req.body`, `req.rawBody`, `ctx.request.body`, `request.payload` on a parameter of `fn`.
    static func isRequestBody(_ expr: NodeID, fn: NodeID, sem: FileSemantics) -> Bool {
        let tree = sem.tree
        let e = sem.unwrap(expr)
        guard case .member(let object, _, _, _) = tree[e], let name = sem.memberName(e),
              ["body", "rawBody", "payload"].contains(name) else { return false }
        var root = sem.unwrap(object)
        if case .member(let inner, _, _, _) = tree[root], sem.memberName(root) == "request" { root = sem.unwrap(inner) }
        guard tree.kind(root) == .identifier, let b = sem.binding(for: root) else { return false }
        return sem.parameterBindings(of: fn).contains(b)
    }
}
