// blocking/json-body (page: rules/blocking/json-body.md): `JSON.parse` and the other request-body APIs of
// the page's table, given the whole body of the request being handled (`JSON.parse(req.body)`), on
// the path of a request handler. The shared search is in BlockingRequestPathRule.swift; this file
// decides what a request body is, here and through a helper's parameter (`importOrders(await readBody(req))`).

import Diagnostics
import ExecutionContext
import ExecutionModel
import JSSemantic
import JSSyntax
import LintEngine

struct BlockingJSONBodyRule: BlockingRequestPathRule {
    static let id: RuleID = "blocking/json-body"

    /// A path that serves only administrators does not run at request rate.
    static var quietWhenAdminOnly: Bool { true }

    /// Only a request's body as the first argument: `JSON.parse(config)` is not this hazard.
    static func blocks(_ c: BlockingCall) -> Bool {
        guard let first = c.args.first else { return false }
        return isRequestBody(first, fn: c.fn, sem: c.sem)
    }

    static func message(_ api: BlockingAPIEntry, path: String) -> String {
        "\(api.displayName) of the whole request body blocks the event loop on the path of \(path)"
    }

    /// `JSON.stringify(request.body)` in a helper on the path: the body is the request's only when each
    /// call on the path hands the parameter on from the handler's request. A caller that builds the object
    /// itself (discord.js's proxy queues `{ body: req, passThroughBody: true }`, an outgoing request
    /// descriptor) passes something else under that name. Walks the path's edges back to the entry point
    /// (bounded by the path's length); a call shape it cannot read keeps the finding.
    static func blocksInProject(_ site: BlockingSite, unit u: Int, entry: RequestEntryPoint, _ ctx: ProjectContext) -> Bool {
        guard site.bodyParameter == nil else { return true }
        let units = ctx.units
        let sem = units[u].semantic
        let tree = sem.tree
        guard case .call(_, _, let args, _) = tree[site.call], let first = tree.list(args).first,
              let fn = tree.enclosingFunction(of: site.call),
              case .member(let object, _, _, _) = tree[tree.unwrap(first)], let name = sem.memberName(tree.unwrap(first))
        else { return true }
        var root = tree.unwrap(object)
        if case .member(let inner, _, _, _) = tree[root], sem.memberName(root) == "request" { root = tree.unwrap(inner) }
        guard var k = sem.parameterPosition(ofIdentifier: root, in: fn) else { return true }
        let paths = RequestPaths.of(ctx)
        guard let functions = paths.functions, let edges = paths.edges(to: FunctionRef(unit: u, node: fn)) else { return true }
        for edge in edges.reversed() {
            guard edge.kind == .call || edge.kind == .construct, let caller = functions.ref(edge.caller) else { return true }
            let csem = units[caller.unit].semantic
            let ctree = csem.tree
            let cargs: NodeList
            switch ctree[edge.site] {
            case .call(_, _, let a, _): cargs = a
            case .new(_, _, let a): cargs = a
            default: return true
            }
            let list = Array(ctree.list(cargs))
            guard k < list.count else { return true }
            let arg = ctree.unwrap(list[k])
            switch ctree[arg] {
            case .identifier:
                guard let next = csem.parameterPosition(ofIdentifier: arg, in: caller.node) else { return true }
                k = next
            case .objectExpression(let properties):
                // an object the caller builds: its `body` is the request's body only if it says so
                for p in ctree.list(properties) {
                    guard case .property(let key, let value, _, let flags) = ctree[p], !flags.contains(.computed) else { return true }   // a spread
                    if ctree.kind(key) == .identifier || ctree.kind(key) == .stringLiteral,
                       (ctree.kind(key) == .identifier ? ctree.name(of: key) : ctree.stringValue(of: key)) == name {
                        return isRequestBodyValue(value, fn: caller.node, sem: csem)
                    }
                }
                return false
            default:
                return true
            }
        }
        return true
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
        guard tree.kind(a) == .identifier, let b = sem.binding(for: a), sem.binding(b).kind == .parameter else { return nil }
        if ExecutionGuards.isDevelopmentOnly(call, in: tree) { return nil }
        guard let k = sem.parameterPosition(of: b, in: fn) else { return nil }
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
