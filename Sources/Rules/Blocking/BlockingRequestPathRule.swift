// What the blocking/* rules share: every call of a catalog API made by a function on a request path,
// found once per scan (behind ProjectContext.memo) and reported by the rule the catalog row belongs to.
// A finding names the API and the handler, and its trace runs from the handler's registration through
// each call to the blocking call.

import Diagnostics
import Foundation
import JSSemantic
import JSSyntax
import LintEngine

protocol BlockingRequestPathRule: Rule {}

extension BlockingRequestPathRule {
    func checkProject(_ ctx: ProjectContext) {
        for hit in BlockingHits.of(ctx).hits where hit.site.api.ruleId == Self.id {
            ctx.report(ctx.units[hit.unit], hit.site.call, hit.report)
        }
    }
}

struct BlockingHit: Sendable {
    let unit: Int
    let site: BlockingSite
    let report: Report
}

struct BlockingHits: Sendable {
    static let key = AnalysisKey<BlockingHits>("blockingHits")

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
                    // Under a library's API a lazy `require` is a deliberate, once-per-process load (optional
                    // dependencies, import cycles) and `console` calls are misuse warnings: neither runs per
                    // request of the applications calling it.
                    if entry.kind == .library,
                       site.api.ruleId == "blocking/require-in-handler" || site.api.ruleId == "blocking/console-hot-path" {
                        continue
                    }
                    // `JSON.parse(body)` of a parameter: only when the caller on the request path passes the
                    // request's body (the bench server's `importOrders(await readBody(req))`)
                    if let k = site.bodyParameter {
                        guard let edge = paths.edges(to: ref)?.last, let callerRef = functions.ref(edge.caller) else { continue }
                        let callerUnit = units[callerRef.unit]
                        let csem = callerUnit.semantic
                        guard case .call(_, _, let cargs, _) = callerUnit.tree[edge.site],
                              k < callerUnit.tree.list(cargs).count,
                              BlockingSites.isRequestBodyValue(callerUnit.tree.list(cargs)[callerUnit.tree.list(cargs).startIndex + k],
                                                               fn: edge.caller.node, sem: csem) else { continue }
                    }
                    var trace = paths.trace(to: ref, units: units)
                    trace.append(unit.step(site.call, site.api.displayName))
                    out.append(BlockingHit(unit: u, site: site,
                                           report: Report(BlockingHits.message(site.api, entry),
                                                          fix: Fix(description: "use " + site.api.insteadText),
                                                          trace: trace,
                                                          evidence: ["handler": .string(entry.label),
                                                                     "context": .string(entry.context)])))
                }
            }
            return out
        }
        hits = perUnit.flatMap { $0 }
    }

    /// "GET /users" for route handlers, the label otherwise ("middleware /api", "ws message handler").
    static func pathName(_ entry: RequestEntryPoint) -> String {
        entry.label.hasPrefix("handler ") ? String(entry.label.dropFirst("handler ".count)) : entry.label
    }

    static func message(_ api: BlockingAPIEntry, _ entry: RequestEntryPoint) -> String {
        let path = pathName(entry)
        switch api.condition {
        case .construct:
            return "new \(api.displayName) starts a worker thread on every request on the path of \(path)"
        case .call:
            return "\(api.displayName)() loads modules synchronously on the path of \(path)"
        case .requestBody:
            return "\(api.displayName) of the whole request body blocks the event loop on the path of \(path)"
        case .always, .withoutCallback:
            return "\(api.displayName) blocks the event loop on the path of \(path)"
        }
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
