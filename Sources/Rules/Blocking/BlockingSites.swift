// The calls of catalog APIs in each function of a file: `fs.readFileSync(...)`, `JSON.parse(req.body)`,
// `new Worker(...)`, found through JSSemantic's resolution (imports, requires, aliases; a shadowed
// name is not the API). Grouped by the innermost function that makes the call; module-level calls
// run once at start-up and are never listed. Whether a call blocks is asked of the rule its catalog
// row belongs to (`BlockingRequestPathRule.blocks`).

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
            let kind = tree.kind(id)
            guard kind == .call || kind == .new else { continue }
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
            } else if let (api, k) = BlockingJSONBodyRule.bodyParameterSite(id, callee: callee, args: argList, isNew: isNew, fn: fn,
                                                                      sem: sem, catalog: catalog) {
                out[fn, default: []].append(BlockingSite(call: id, api: api, bodyParameter: k))
            }
        }
        for (k, v) in out { out[k] = v.sorted { tree.range($0.call).start < tree.range($1.call).start } }
        byFunction = out
    }

    /// `signer.sign(key)` / `verifier.verify(key, signature)` on the object `crypto.createSign(...)` /
    /// `createVerify(...)` made, held in a variable (its declared value; `update` and `end` return the same
    /// object) or chained (`createSign('sha256').update(s).sign(key)`): the catalog's `Sign.sign` and
    /// `Verify.verify`. NodeBB verified every incoming ActivityPub request this way (a real fix commit).
    /// Bounded by 16 steps through names and chained calls.
    static func signatureMethod(_ callee: NodeID, sem: FileSemantics, catalog: BlockingAPICatalog.Index) -> BlockingAPIEntry? {
        let tree = sem.tree
        let c = tree.unwrap(callee)
        guard case .member(let object, _, false, _) = tree[c], let method = sem.memberName(c),
              method == "sign" || method == "verify" else { return nil }
        var o = tree.unwrap(object)
        var budget = 16
        while budget > 0 {
            budget -= 1
            if tree.kind(o) == .identifier {
                guard let b = sem.binding(for: o), let v = sem.constantValue(of: b) ?? sem.binding(b).initializer, v.path.isEmpty
                else { return nil }
                o = tree.unwrap(v.expression)
                continue
            }
            guard case .call(let inner, _, _, _) = tree[o] else { return nil }
            if let symbol = sem.resolveExport(inner) {
                guard symbol.module == "crypto" || symbol.module == "node:crypto", let made = symbol.path.last,
                      (made == "createSign" && method == "sign") || (made == "createVerify" && method == "verify")
                else { return nil }
                return catalog.entry(module: "crypto", path: [method == "sign" ? "Sign" : "Verify", method])
            }
            let i = tree.unwrap(inner)
            guard case .member(let receiver, _, false, _) = tree[i], let m = sem.memberName(i), m == "update" || m == "end"
            else { return nil }
            o = tree.unwrap(receiver)
        }
        return nil
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
            entry = projectAPI(callee) ?? signatureMethod(callee, sem: sem, catalog: catalog)
        }
        guard let api = entry, let rule = BlockingRules.rule(api.ruleId) else { return nil }
        // Code that runs only outside production is not on production's request path.
        if ExecutionGuards.isDevelopmentOnly(call, in: tree) { return nil }
        return rule.blocks(BlockingCall(call: call, callee: callee, args: args, isNew: isNew, fn: fn, api: api, sem: sem))
            ? api : nil
    }
}
