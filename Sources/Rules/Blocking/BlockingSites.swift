// The calls of catalog APIs in each function of a file: `fs.readFileSync(...)`, `JSON.parse(req.body)`,
// `new Worker(...)`, found through JSSemantic's resolution (imports, requires, aliases; a shadowed
// name is not the API). Grouped by the innermost function that makes the call; module-level calls
// run once at start-up and are never listed.

import ExecutionContext
import JSSemantic
import JSSyntax
import LintEngine

struct BlockingSite: Sendable {
    let call: NodeID
    let api: BlockingAPIEntry
    /// For request-body APIs given a parameter of the function (`JSON.parse(body)`): which parameter.
    /// The site blocks only when the caller on the request path passes the request's body there.
    var bodyParameter: Int? = nil
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
            guard let fn = sem.tree.enclosingFunction(of: id) else { continue }
            let argList = Array(tree.list(args))
            if let api = BlockingSites.match(id, callee: callee, args: argList, isNew: isNew,
                                             fn: fn, sem: sem, catalog: catalog, projectAPI: projectAPI) {
                out[fn, default: []].append(BlockingSite(call: id, api: api))
            } else if let (api, k) = BlockingSites.bodyParameterSite(id, callee: callee, args: argList, isNew: isNew, fn: fn,
                                                                      sem: sem, catalog: catalog) {
                out[fn, default: []].append(BlockingSite(call: id, api: api, bodyParameter: k))
            }
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
        } else if tree.kind(sem.tree.unwrap(callee)) == .identifier, sem.isRequireCall(call) {
            entry = catalog.global(path: ["require"])
        } else {
            entry = projectAPI(callee)
        }
        guard let api = entry else { return nil }
        // Code that runs only outside production is not on production's request path.
        if ExecutionGuards.isDevelopmentOnly(call, in: tree) { return nil }
        if isCheap(call, api: api, args: args, sem: sem) { return nil }
        switch api.condition {
        case .always: return isNew && api.module != nil ? nil : api
        case .construct: return isNew && !isKeptInPool(call, sem: sem) ? api : nil
        case .call: return isNew ? nil : api
        case .withoutCallback:
            guard let last = args.last else { return api }
            return isCallback(last, sem: sem) ? nil : api
        case .requestBody:
            guard let first = args.first else { return nil }
            return isRequestBody(first, fn: fn, sem: sem) ? api : nil
        }
    }

    /// Whether a call's last argument is a callback: a function written there, or a name bound to a
    /// function (a declaration, or a const/let initialised with one); a parameter may be one (unknown:
    /// counted as a callback, so the rule stays quiet). `crypto.randomBytes(SIZE)` with `const SIZE = 64`
    /// passes a number, not a callback.
    static func isCallback(_ arg: NodeID, sem: FileSemantics) -> Bool {
        let tree = sem.tree
        let a = sem.tree.unwrap(arg)
        if tree.kind(a).isFunction { return true }
        switch tree[a] {
        case .identifier:
            guard let b = sem.binding(for: a) else { return true }  // a global or unknown name
            switch sem.binding(b).kind {
            case .function, .functionExpressionName, .parameter, .import, .importEquals, .catchParameter:
                return true
            case .const, .let, .var:
                guard let v = sem.constantValue(of: b), v.path.isEmpty else { return true }
                let e = sem.tree.unwrap(v.expression)
                switch tree[e] {
                case .numericLiteral, .stringLiteral, .templateLiteral, .objectExpression, .arrayExpression, .binary:
                    return false
                default:
                    return true
                }
            default:
                return true
            }
        case .call(let callee, _, _, _):
            // `handler.bind(this)` is a callback; any other call gives a value
            if case .member = tree[sem.tree.unwrap(callee)], sem.memberName(sem.tree.unwrap(callee)) == "bind" { return true }
            return false
        default:
            return false
        }
    }

    /// Calls whose cost is not a hazard at request rate, decided per rule:
    /// - `blocking/crypto-sync`: random bytes of a constant size up to 1 KiB (`randomBytes(16)` takes
    ///   microseconds), `randomInt`, `randomUUID`;
    /// - `blocking/require-in-handler`: a Node built-in (always loaded), or a module the same file already
    ///   loads at its top level (a cache hit), or `require('.')` (the circular-import idiom);
    /// - `blocking/console-hot-path`: logging on an error path (a catch clause, a `.catch` callback).
    static func isCheap(_ call: NodeID, api: BlockingAPIEntry, args: [NodeID], sem: FileSemantics) -> Bool {
        let tree = sem.tree
        switch api.ruleId.rawValue {
        case "blocking/crypto-sync":
            let name = api.path.last ?? ""
            if ["randomInt", "randomUUID", "getRandomValues"].contains(name) { return true }
            if ["randomBytes", "pseudoRandomBytes", "randomFillSync"].contains(name), let size = args.first,
               let n = constantNumber(size, sem: sem), n <= 1024 {
                return true
            }
            return false
        case "blocking/require-in-handler":
            guard let first = args.first, let spec = sem.literalString(first) else { return false }
            if isBuiltinModule(spec) || spec == "." || spec == "./" || spec == "./index" { return true }
            return sem.loadsAtTopLevel(spec)
        case "blocking/console-hot-path":
            return ExecutionGuards.isErrorPath(call, in: tree)
        default:
            return false
        }
    }

    /// A numeric literal, or a `const` bound to one.
    static func constantNumber(_ expr: NodeID, sem: FileSemantics) -> Double? {
        let tree = sem.tree
        let e = sem.tree.unwrap(expr)
        switch tree[e] {
        case .numericLiteral:
            return Double(tree.name(of: e).replacingOccurrences(of: "_", with: ""))
        case .identifier:
            guard let b = sem.binding(for: e), sem.binding(b).kind == .const, let v = sem.constantValue(of: b),
                  v.path.isEmpty, case .numericLiteral = tree[sem.tree.unwrap(v.expression)] else { return nil }
            return Double(tree.name(of: sem.tree.unwrap(v.expression)).replacingOccurrences(of: "_", with: ""))
        default:
            return nil
        }
    }

    static let builtinModules: Set<String> = [
        "assert", "async_hooks", "buffer", "child_process", "cluster", "console", "constants", "crypto", "dgram",
        "diagnostics_channel", "dns", "domain", "events", "fs", "fs/promises", "http", "http2", "https", "inspector",
        "module", "net", "os", "path", "perf_hooks", "process", "punycode", "querystring", "readline", "repl",
        "stream", "stream/promises", "stream/web", "string_decoder", "timers", "timers/promises", "tls", "tty",
        "url", "util", "util/types", "v8", "vm", "wasi", "worker_threads", "zlib", "path/posix", "path/win32",
    ]

    static func isBuiltinModule(_ spec: String) -> Bool {
        spec.hasPrefix("node:") || builtinModules.contains(spec)
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
            var root = sem.tree.unwrap(target)
            while case .member(let object, _, _, _) = tree[root] { root = sem.tree.unwrap(object) }
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
                let c = sem.tree.unwrap(callee)
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

    /// A request-body API (`JSON.parse`) given the k-th parameter of its function (`importOrders(body)`):
    /// the API and k, for the request-path search to check what the caller passes.
    static func bodyParameterSite(_ call: NodeID, callee: NodeID, args: [NodeID], isNew: Bool, fn: NodeID,
                                  sem: FileSemantics, catalog: BlockingAPICatalog.Index) -> (BlockingAPIEntry, Int)?
    {
        guard !isNew, let first = args.first, let global = sem.resolveGlobal(callee),
              let api = catalog.global(path: global.path), api.condition == .requestBody else { return nil }
        let tree = sem.tree
        let a = sem.tree.unwrap(first)
        guard tree.kind(a) == .identifier, let b = sem.binding(for: a), sem.binding(b).kind == .parameter,
              let params = sem.function(fn)?.params else { return nil }
        if ExecutionGuards.isDevelopmentOnly(call, in: tree) { return nil }
        guard let k = params.firstIndex(where: { p in sem.tree.unwrap(p) == sem.binding(b).declarationNode || p == sem.binding(b).declarationNode })
        else { return nil }
        return (api, k)
    }

    /// Whether an argument a caller passes is the request's body: `req.body` (below) or the result of a
    /// helper that reads the request stream, `await readBody(req)`, `await getRawBody(req)`.
    static func isRequestBodyValue(_ expr: NodeID, fn: NodeID, sem: FileSemantics) -> Bool {
        if isRequestBody(expr, fn: fn, sem: sem) { return true }
        let tree = sem.tree
        var e = sem.tree.unwrap(expr)
        if case .await(let inner) = tree[e] { e = sem.tree.unwrap(inner) }
        guard case .call(let callee, _, let args, _) = tree[e], let first = tree.list(args).first else { return false }
        var c = sem.tree.unwrap(callee)
        if case .member(_, let p, false, _) = tree[c] { c = p }
        guard tree.kind(c) == .identifier else { return false }
        let name = tree.name(of: c).lowercased()
        guard name.contains("body") || name == "rawbody" || name == "readrequest" || name == "collect" || name == "text"
        else { return false }
        // its argument is a parameter of the caller: the request it handles
        let a = sem.tree.unwrap(first)
        guard tree.kind(a) == .identifier, let b = sem.binding(for: a) else { return false }
        return sem.parameterBindings(of: fn).contains(b)
    }

    /// `req.body`, `req.rawBody`, `ctx.request.body`, `request.payload` on a parameter of `fn`.
    static func isRequestBody(_ expr: NodeID, fn: NodeID, sem: FileSemantics) -> Bool {
        let tree = sem.tree
        let e = sem.tree.unwrap(expr)
        guard case .member(let object, _, _, _) = tree[e], let name = sem.memberName(e),
              ["body", "rawBody", "payload"].contains(name) else { return false }
        var root = sem.tree.unwrap(object)
        if case .member(let inner, _, _, _) = tree[root], sem.memberName(root) == "request" { root = sem.tree.unwrap(inner) }
        guard tree.kind(root) == .identifier, let b = sem.binding(for: root) else { return false }
        return sem.parameterBindings(of: fn).contains(b)
    }
}
