// What the blocking/* rules share: every call of a catalog API made by a function on a request path,
// found once per scan (behind ProjectContext.memo) and reported by the rule the catalog row belongs to.
// Each rule decides in its own file, through the hooks below, which calls of its APIs block (`blocks`),
// whether it speaks under a library's API, and its message and fix. A finding names the API and the
// handler, and its trace runs from the handler's registration through each call to the blocking call.

import Diagnostics
import ExecutionModel
import ExecutionContext
import Foundation
import JSSemantic
import JSSyntax
import LintEngine

/// A call of a catalog API inside a function, as the shared search meets it.
struct BlockingCall {
    let call: NodeID
    let callee: NodeID
    let args: [NodeID]
    /// A construction (`new Worker(...)`), not a call.
    let isNew: Bool
    /// The innermost function making the call.
    let fn: NodeID
    let api: BlockingAPIEntry
    let sem: FileSemantics

    var tree: SyntaxTree { sem.tree }
}

protocol BlockingRequestPathRule: Rule {
    /// Whether this call of one of the rule's APIs blocks at request rate (the rule's own decision:
    /// what it accepts as cheap, which argument shapes count).
    static func blocks(_ c: BlockingCall) -> Bool
    /// Quiet under a library's API or a library object's per-operation method (code that runs once per
    /// process there, or only on misuse).
    static var quietUnderLibraryAPI: Bool { get }
    /// Quiet on a path that serves only administrators (ExecutionGuards.isAdminOnly): a cost that matters
    /// only at request rate (a small file read, a first `require`), not one that stalls the server for
    /// everyone on a single call (a child process, key derivation).
    static var quietWhenAdminOnly: Bool { get }
    /// The finding's message; `path` names the handler ("GET /users", "middleware /api").
    static func message(_ api: BlockingAPIEntry, path: String) -> String
    static func fix(_ api: BlockingAPIEntry) -> Fix
    /// Whether a call `blocks` accepted still blocks given the whole project (what other modules do, what
    /// the callers pass); asked only for calls on a request path, with the entry point that reaches it.
    static func blocksInProject(_ site: BlockingSite, unit: Int, entry: RequestEntryPoint, _ ctx: ProjectContext) -> Bool
}

extension BlockingRequestPathRule {
    /// Every call blocks; a `new` of a module export is not the API's call.
    static func blocks(_ c: BlockingCall) -> Bool { !(c.isNew && c.api.module != nil) }

    static var quietUnderLibraryAPI: Bool { false }

    static var quietWhenAdminOnly: Bool { false }

    static func message(_ api: BlockingAPIEntry, path: String) -> String {
        "\(api.displayName) blocks the event loop on the path of \(path)"
    }

    static func fix(_ api: BlockingAPIEntry) -> Fix { Fix(description: "use " + api.insteadText) }

    static func blocksInProject(_ site: BlockingSite, unit: Int, entry: RequestEntryPoint, _ ctx: ProjectContext) -> Bool { true }

    func checkProject(_ ctx: ProjectContext) {
        for hit in BlockingHits.of(ctx).hits where hit.site.api.ruleId == Self.id {
            ctx.report(ctx.units[hit.unit], hit.site.call, hit.report)
        }
    }
}

/// The blocking rules by id, for the shared search to ask the rule a catalog row belongs to.
enum BlockingRules {
    static let byId: [RuleID: any BlockingRequestPathRule.Type] = {
        var out: [RuleID: any BlockingRequestPathRule.Type] = [:]
        for rule in RuleRegistry.all {
            if let t = type(of: rule) as? any BlockingRequestPathRule.Type { out[t.id] = t }
        }
        return out
    }()

    static func rule(_ id: RuleID) -> (any BlockingRequestPathRule.Type)? { byId[id] }
}

struct BlockingHit: Sendable {
    let unit: Int
    let site: BlockingSite
    let report: Report
}

struct BlockingHits: Sendable {
    static let key = AnalysisKey<BlockingHits>("blockingHits", rulesOnly: true)

    let hits: [BlockingHit]

    static func of(_ ctx: ProjectContext) -> BlockingHits {
        ctx.memo(BlockingHits.key) { BlockingHits(ctx) }
    }

    init(_ ctx: ProjectContext) {
        let catalog = BlockingAPICatalog.Index(config: ctx.config)
        let paths = RequestPaths.of(ctx)
        let projectAPIs = BlockingHits.projectAPIs(ctx, catalog)
        let units = ctx.units
        // Only units holding a reached function are scanned.
        var reachedUnits = Set<Int>()
        for f in paths.reached { reachedUnits.insert(f.unit) }
        let order = reachedUnits.sorted()
        guard !order.isEmpty else {
            hits = []
            return
        }
        let functions = ProjectFunctions.of(ctx)
        let perUnit = ParallelMap.map(count: order.count, jobs: ctx.jobs) { i -> [BlockingHit] in
            let u = order[i]
            let unit = units[u]
            let sites = BlockingSites(unit: unit, catalog: catalog) { callee in
                guard !projectAPIs.isEmpty, let file = functions.fileOfUnit[u],
                      let target = functions.index.function(of: callee, in: file).flatMap(functions.ref) else { return nil }
                return projectAPIs[target]
            }
            var out: [BlockingHit] = []
            for fn in sites.byFunction.keys.sorted() {
                let ref = FunctionRef(unit: u, node: fn)
                guard let entry = paths.entry(of: ref) else { continue }
                for site in sites.byFunction[fn] ?? [] {
                    guard let rule = BlockingRules.rule(site.api.ruleId), !OnceGuards.isOnce(site.call, in: unit) else { continue }
                    if entry.kind == .library || entry.kind == .call, rule.quietUnderLibraryAPI { continue }
                    // computed once per key of a long-lived cache, and the keys are a fixed few (template names
                    // the code writes): start-up work done on the first request for each
                    if let key = OnceGuards.memoizedKey(site.call, in: unit), CallerArguments.fewValues(key, in: u, ctx) { continue }
                    if BlockingHits.throughLazyDefault(site.call, ref, paths, units) { continue }
                    if rule.quietWhenAdminOnly, BlockingHits.adminOnly(site.call, unit: u, ref: ref, entry: entry, paths, units) { continue }
                    if !rule.blocksInProject(site, unit: u, entry: entry, ctx) { continue }
                    // `JSON.parse(body)` of a parameter: only when the caller on the request path passes the
                    // request's body (the bench server's `importOrders(await readBody(req))`)
                    if let k = site.bodyParameter {
                        guard let edge = paths.edges(to: ref)?.last, let callerRef = functions.ref(edge.caller) else { continue }
                        let callerUnit = units[callerRef.unit]
                        let csem = callerUnit.semantic
                        guard case .call(_, _, let cargs, _) = callerUnit.tree[edge.site],
                              k < callerUnit.tree.list(cargs).count,
                              BlockingJSONBodyRule.isRequestBodyValue(callerUnit.tree.list(cargs)[callerUnit.tree.list(cargs).startIndex + k],
                                                               fn: edge.caller.node, sem: csem) else { continue }
                    }
                    var trace = paths.trace(to: ref, units: units)
                    trace.append(unit.step(site.call, site.api.displayName))
                    out.append(BlockingHit(unit: u, site: site,
                                           report: Report(rule.message(site.api, path: BlockingHits.pathName(entry)),
                                                          fix: rule.fix(site.api),
                                                          trace: trace,
                                                          evidence: ["handler": .string(entry.label),
                                                                     "context": .string(entry.context)])))
                }
            }
            return out
        }
        hits = perUnit.flatMap { $0 }
    }

    /// Whether a call on the path is made only while the state its caller hands in is unset
    /// (OnceGuards.lazyParameterDefault): a connect that start-up already made.
    static func throughLazyDefault(_ call: NodeID, _ ref: FunctionRef, _ paths: RequestPaths, _ units: [SourceUnit]) -> Bool {
        guard let functions = paths.functions, let edges = paths.edges(to: ref), !edges.isEmpty else { return false }
        // each call on the path (and the blocking call itself) with the function making it and the edge into that function
        for i in 1...edges.count {
            let site = i < edges.count ? edges[i].site : call
            guard let function = i < edges.count ? functions.ref(edges[i].caller) : ref,
                  let outer = functions.ref(edges[i - 1].caller), edges[i - 1].kind == .call else { continue }
            let osem = units[outer.unit].semantic
            let found = OnceGuards.lazyParameterDefault(site, function: function.node, in: units[function.unit]) { k in
                guard case .call(_, _, let args, _) = osem.tree[edges[i - 1].site] else { return nil }
                let list = Array(osem.tree.list(args))
                return k < list.count ? (list[k], osem) : nil
            }
            if found { return true }
        }
        return false
    }

    /// Whether the call, a call on the path to it, or the entry point's registration runs only for an
    /// administrator (bounded by the path's length).
    static func adminOnly(_ call: NodeID, unit u: Int, ref: FunctionRef, entry: RequestEntryPoint,
                          _ paths: RequestPaths, _ units: [SourceUnit]) -> Bool {
        if ExecutionGuards.isAdminOnly(call, in: units[u].tree) { return true }
        if ExecutionGuards.isAdminOnly(entry.function, in: units[entry.unit].tree) { return true }
        guard let functions = paths.functions else { return false }
        for edge in paths.edges(to: ref) ?? [] {
            if let caller = functions.ref(edge.caller), ExecutionGuards.isAdminOnly(edge.site, in: units[caller.unit].tree) { return true }
        }
        return false
    }

    /// "GET /users" for route handlers, the label otherwise ("middleware /api", "ws message handler").
    static func pathName(_ entry: RequestEntryPoint) -> String {
        entry.route ?? entry.label
    }

    /// Functions of the project's own files that looplint.yml lists under blockingAPIs with a relative
    /// module: function -> entry.
    static func projectAPIs(_ ctx: ProjectContext, _ catalog: BlockingAPICatalog.Index) -> [FunctionRef: BlockingAPIEntry] {
        guard !catalog.projectModules.isEmpty else { return [:] }
        var out: [FunctionRef: BlockingAPIEntry] = [:]
        let base = ctx.config.baseDirectory
        for (module, entry) in catalog.projectModules {
            for unit in ctx.units where BlockingHits.unit(unit, isModule: module, base: base) {
                let sem = unit.semantic
                for e in sem.exports where e.name == entry.path.last {
                    if let v = e.value, let fn = sem.valueNode(for: v), unit.tree.kind(fn).isFunction {
                        out[FunctionRef(unit: unit.index, node: fn)] = entry
                    }
                }
            }
        }
        return out
    }

    /// Whether a unit is the file `./lib/hash` (relative to looplint.yml) names, with any source extension
    /// or as a folder's index.
    static func unit(_ unit: SourceUnit, isModule module: String, base: String?) -> Bool {
        let dir = URL(fileURLWithPath: (base ?? FileManager.default.currentDirectoryPath) + "/")
        let target = URL(fileURLWithPath: module, relativeTo: dir).standardizedFileURL.path
        var path = URL(fileURLWithPath: unit.absolutePath).standardizedFileURL.path
        for ext in [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"] where path.hasSuffix(ext) {
            path.removeLast(ext.count)
            break
        }
        return path == target || path == target + "/index"
    }
}
