// The execution-context model the engine asks about findings reported with `Report.onlyWhenHot`:
// which code runs while the program serves traffic. Hot code is every function reachable through the
// project call graph from an entry point: request handlers and middleware ("request"), ws/socket.io/net
// message handlers ("message"), queue processors and scheduled tasks ("job"), and a library package's
// public API ("library API": applications call it per request). Everything else (module top level,
// start-up and lifecycle code, helpers only tooling calls, dead code) is not hot; test, tooling, browser
// and example files were already left out by their file roles.
//
// Code that is not hot but known to run once is start-up code (HotReach.startup): what a module's top-level
// code, a lazy initialisation's first run or a library's set-up work calls (see `startupReach`).
//
// A function nested in a hot one (a callback given to `map`, a `.then` continuation) is hot with it. One
// breadth-first search from all entry points at once, shared with the request paths of the other
// families through `ProjectFunctions`; bounded by `budget.maxCallGraphDepth`.

import Diagnostics
import Foundation
import JSSemantic
import JSSyntax
import LintEngine
import SourceText

public final class HotContexts: @unchecked Sendable {
    static let key = AnalysisKey<HotContexts>("hotContexts")

    private let functions: ProjectFunctions?
    private let units: [SourceUnit]
    /// Each hot function with the context of the entry point that reached it first.
    private let contextOf: NodeMap<String>
    /// How each hot function that is not an entry point was first reached (the search's tree).
    private let via: NodeMap<Step>
    /// The entry points, and which of them each root of the search is.
    private let entries: [RequestEntryPoint]
    private let entryOfRoot: [ProjectNode: Int]

    /// One edge of the search: `from` calls the function at `site` (a call in `from`'s file), creates it
    /// (`site` is the function itself), or calls a method of its name the model could not resolve.
    struct Step {
        enum Kind: UInt8 { case call, nested, methodName }
        var from: ProjectNode
        var site: NodeID
        var kind: Kind
    }
    /// Units holding at least one hot function, with the context of the first one reached.
    private let hotUnits: [Int: String]
    /// Modules a hot module imports (not hot themselves), with the importer's context.
    private let importedByHot: [Int: String]
    /// Per module, the names hot modules import from it with the importer's context ("*": the module object).
    private let namesImportedByHot: [Int: [String: String]]
    /// Per module, names hot modules import only to hand to a rich-text editor as input-rule patterns
    /// (EditorInputRules): applied in the browser, never to what the server receives.
    private let namesOnlyForEditors: [Int: Set<String>]
    /// Functions the search left out because they run only once: called or created in a once-only region
    /// (a lazy initialisation's first run), or set-up work a library's API does (a registration, a set-up
    /// call), and what those call in turn; none of them is hot.
    private let startupFunctions: Set<ProjectNode>
    /// Per module, names that only browser code imports (a constants module's `DOMAIN_REGEX`, imported by two
    /// React forms, while the server imports its other names): values that run where their importers run.
    private let namesOnlyInBrowser: [Int: Set<String>]
    /// Per unit, its package (ProjectPackages; -1: none), and the packages whose own source files register
    /// the handlers that serve their traffic (see `servedPackages`).
    private let packageOfUnit: [Int32]
    private let servedPackages: Set<Int32>

    /// The engine's hook (`Linter.hotContexts`).
    public static let model: HotContextModel = { ctx in
        let hot = HotContexts.of(ctx)
        return { unit, scope in hot.reach(unit: unit, scope: scope) }
    }

    static func of(_ ctx: ProjectContext) -> HotContexts {
        ctx.memo(HotContexts.key) { HotContexts(ctx) }
    }

    init(_ ctx: ProjectContext) {
        let entries = RequestEntryPoints.withLibraryAPI(ctx)
        units = ctx.units
        self.entries = entries.all
        let packages = ProjectPackages.of(ctx)
        packageOfUnit = packages.packageOfUnit
        servedPackages = HotContexts.servedPackages(entries.all, packages)
        guard !entries.all.isEmpty else {
            functions = nil
            via = NodeMap()
            entryOfRoot = [:]
            contextOf = NodeMap()
            hotUnits = [:]
            importedByHot = [:]
            namesImportedByHot = [:]
            namesOnlyForEditors = [:]
            namesOnlyInBrowser = [:]
            startupFunctions = []
            return
        }
        let functions = ProjectFunctions.of(ctx)
        let graph = functions.index.callGraph
        var contextOf = NodeMap<String>(minimumCapacity: entries.all.count)
        var via = NodeMap<Step>()
        var entryOfRoot: [ProjectNode: Int] = [:]
        var order: [ProjectNode] = []
        for (i, e) in entries.all.enumerated() {
            // Node's per-operation hooks of streams and client sockets (OperationEntryPoints) are request paths for
            // blocking, listener-leak and unbounded-cache only: measured on the fix commits' trees, what they
            // made hot for ReDoS was a browser bundle's copy of a client and schema-path regexes (12 notes
            // raised to warnings, all false)
            if Framework.perOperation.contains(e.framework) { continue }
            guard let n = functions.node(FunctionRef(unit: e.unit, node: e.function)), contextOf[n] == nil else { continue }
            contextOf[n] = e.context
            entryOfRoot[n] = i
            order.append(n)
        }
        // Breadth-first from every entry at once along calls, constructions and callbacks, and into the
        // functions written inside a hot function (closures it creates: object-literal handlers, promise
        // continuations, callbacks handed over through a variable), which run on its behalf. One level at a
        // time: what each function of a level leads to is worked out on the scan's threads (it only reads the
        // project), then taken in the level's order, so the search visits what a one-thread search would.
        let nested = NestedFunctions()
        // what the search leaves out because it runs once (see `startupFunctions`)
        var onceSeeds: [ProjectNode] = []
        let methods = MethodNames.of(ctx)
        let scopes = PackageLinks(ProjectPackages.of(ctx), functions)
        let maxDepth = ctx.config.budget.maxCallGraphDepth
        let expansion = Expansion(functions: functions, units: ctx.units, nested: nested, methodCalls: MethodCalls(),
                                  methods: methods, scopes: scopes)
        var head = 0
        // every function of a level is as deep as the level
        var depth = 0
        while head < order.count, depth < maxDepth {
            let level = order[head...].map { ($0, contextOf[$0] ?? "") }
            head = order.count
            depth += 1
            // small levels are not worth the threads
            let expanded = level.count < 32 || ctx.jobs < 2
                ? level.map { expansion.steps(from: $0.0, context: $0.1) }
                : ParallelMap.map(count: level.count, jobs: ctx.jobs) { expansion.steps(from: level[$0].0, context: level[$0].1) }
            for (i, (n, c)) in level.enumerated() {
                onceSeeds += expanded[i].once
                for (m, site, kind) in expanded[i].visits where contextOf[m] == nil {
                    contextOf[m] = c
                    via[m] = Step(from: n, site: site, kind: kind)
                    order.append(m)
                }
            }
        }
        // what a library's set-up exports reach, when the application builds what it serves with
        for s in entries.setUp {
            if let n = functions.node(s) { onceSeeds.append(n) }
        }
        // and what a source module's top-level code calls, while the program loads
        for u in ctx.units where u.role == .source {
            guard let file = functions.fileOfUnit[u.index] else { continue }
            for e in graph.callees(of: ProjectNode(file: file, node: u.tree.root)) where e.kind != .callback {
                onceSeeds.append(e.callee)
            }
        }
        let startupFunctions = HotContexts.startupReach(from: onceSeeds, hot: contextOf, graph: graph, functions: functions,
                                                        units: ctx.units, maxDepth: maxDepth)
        var hotUnits: [Int: String] = [:]
        for n in order {
            guard let f = functions.ref(n), hotUnits[f.unit] == nil else { continue }
            hotUnits[f.unit] = contextOf[n]
        }
        // A module a hot module imports holds what the hot code uses: tables of regexes and other
        // module-level values (marked's rules.js, read by its hot lexer) count as hot with it.
        var importedByHot: [Int: String] = [:]
        var namesImportedByHot: [Int: [String: String]] = [:]
        var namesOnlyForEditors: [Int: Set<String>] = [:]
        for u in hotUnits.keys.sorted() {
            guard let file = functions.fileOfUnit[u], let c = hotUnits[u] else { continue }
            let sem = ctx.units[u].semantic
            for record in sem.imports where !record.typeOnly {
                guard let target = functions.index.resolveSpecifier(record.specifier, from: file) else { continue }
                let v = functions.unitOfFile[target.index]
                guard v >= 0 else { continue }
                if let local = record.local, let name = record.path.first,
                   EditorInputRules.onlyPatterns(local, sem, ctx.units[u].tree)
                {
                    namesOnlyForEditors[v, default: []].insert(name)
                    continue
                }
                if hotUnits[v] == nil, importedByHot[v] == nil { importedByHot[v] = c }
                let name = record.path.first ?? "*"
                if namesImportedByHot[v, default: [:]][name] == nil { namesImportedByHot[v, default: [:]][name] = c }
            }
        }
        self.functions = functions
        self.contextOf = contextOf
        self.via = via
        self.entryOfRoot = entryOfRoot
        self.hotUnits = hotUnits
        self.importedByHot = importedByHot
        self.namesImportedByHot = namesImportedByHot
        self.namesOnlyForEditors = namesOnlyForEditors
        self.namesOnlyInBrowser = HotContexts.namesOnlyInBrowser(ctx, functions)
        self.startupFunctions = startupFunctions
    }

    /// The applications whose traffic the model sees enter: packages that are programs, not libraries (marked
    /// `"private": true`, started by `npm start`, or code with no package.json at all), holding an entry point
    /// registered with a framework in their own source files (a route, a hook, a socket or queue handler, a
    /// `looplint.yml` entry). A library's exported API, a handler-shaped export and a bare
    /// `http.createServer` handler (koa's own `app.callback()`, a library's sandbox server) do not make one:
    /// a library's code that no entry point reaches may still run when the programs that load it call it, in
    /// ways the model does not follow (a dynamic `import()`, a prototype getter, a parser rule registered on
    /// an object). An application's code that none of its entry points reaches does not serve its traffic
    /// as far as its files show.
    static func servedPackages(_ entries: [RequestEntryPoint], _ packages: ProjectPackages) -> Set<Int32> {
        var out: Set<Int32> = []
        for e in entries where ![.library, .export, .http].contains(e.framework) && !Framework.perOperation.contains(e.framework) {
            let p = packages.packageOfUnit[e.unit]
            if out.contains(p) { continue }
            if p < 0 {
                out.insert(p)
            } else {
                let m = packages.packages[Int(p)]
                if m.isPrivate || m.startsApp { out.insert(p) }
            }
        }
        return out
    }

    /// The context that makes the scope's code hot, with the way from the entry point to the function that
    /// runs it when the scope names functions; `HotReach.unserved` when no entry point reaches it in an
    /// application (`servedPackages`); nil when none reaches it elsewhere.
    func reach(unit: SourceUnit, scope: HotScope) -> HotReach? {
        if let r = reachFromEntries(unit: unit, scope: scope) { return r }
        return servedPackages.contains(packageOfUnit[unit.index]) ? HotReach(context: HotReach.unserved) : nil
    }

    func reachFromEntries(unit: SourceUnit, scope: HotScope) -> HotReach? {
        switch scope {
        case .file:
            return (hotUnits[unit.index] ?? importedByHot[unit.index]).map { HotReach(context: $0) }
        case .functions(let fns):
            for fn in fns {
                if let n = hotFunction(unit: unit, function: fn), let c = contextOf[n] {
                    return HotReach(context: c, trace: trace(to: n), guessedCalls: guessedCalls(to: n))
                }
            }
            // every function that runs the code is known to run once, at set-up or on a first call
            if !fns.isEmpty, fns.allSatisfy({ startupFunction(unit: unit, function: $0) }) {
                return HotReach(context: HotReach.startup)
            }
            return nil
        case .exported(let name):
            let names = namesImportedByHot[unit.index]
            if let c = names?[name] ?? names?["*"] { return HotReach(context: c) }
            let browser = namesOnlyForEditors[unit.index]?.contains(name) == true
                || namesOnlyInBrowser[unit.index]?.contains(name) == true
            return browser ? HotReach(context: HotReach.browser) : nil
        }
    }

    /// Trace steps from the entry point that reached `target` first: its registration, then each call, each
    /// function created by the code before it, and each method called by name (bounded by the search's depth).
    func trace(to target: ProjectNode) -> [TraceStep] {
        guard let functions else { return [] }
        var chain: [ProjectNode] = []
        var n = target
        while let step = via[n], chain.count < 1024 {
            chain.append(n)
            n = step.from
        }
        guard let e = entryOfRoot[n] else { return [] }
        var out = [entries[e].site]
        for node in chain.reversed() {
            guard let step = via[node] else { continue }
            switch step.kind {
            case .call:
                guard let caller = functions.ref(step.from) else { continue }
                let unit = units[caller.unit]
                out.append(unit.step(step.site, "calls " + RequestPaths.calleeText(step.site, unit)))
            case .nested:
                guard let ref = functions.ref(node) else { continue }
                out.append(units[ref.unit].step(step.site, "runs a function created there"))
            case .methodName:
                guard let ref = functions.ref(node) else { continue }
                let unit = units[ref.unit]
                out.append(unit.step(step.site, "a method of the name called there (object not known)"))
            }
        }
        return out
    }

    /// How many steps of the way the search first reached `target` by are methods of the name called on an
    /// object the model does not know (bounded like `trace`).
    func guessedCalls(to target: ProjectNode) -> Int {
        var n = target
        var guesses = 0
        var steps = 0
        while let step = via[n], steps < 1024 {
            steps += 1
            if step.kind == .methodName { guesses += 1 }
            n = step.from
        }
        return guesses
    }

    /// Whether `function` (or the function around it) is one the search found to run only once.
    func startupFunction(unit: SourceUnit, function: NodeID) -> Bool {
        guard let functions, !startupFunctions.isEmpty else { return false }
        guard let f = unit.tree.kind(function).isFunction ? function : unit.tree.enclosingFunction(of: function),
              let p = functions.node(FunctionRef(unit: unit.index, node: f)) else { return false }
        return startupFunctions.contains(p)
    }

    /// `function`, or the nearest function enclosing it, when it is hot.
    func hotFunction(unit: SourceUnit, function: NodeID) -> ProjectNode? {
        guard let functions, hotUnits[unit.index] != nil else { return nil }
        var fn: NodeID? = unit.tree.kind(function).isFunction ? function : unit.tree.enclosingFunction(of: function)
        var steps = 0
        while let f = fn, steps < 256 {
            steps += 1
            if let p = functions.node(FunctionRef(unit: unit.index, node: f)), contextOf[p] != nil { return p }
            // a function created in a once-only region (`if (p == null) p = (async () => ...)()`) runs once,
            // not whenever the function around it does
            if OnceGuards.notPerCall(f, in: unit) { return nil }
            fn = unit.tree.enclosingFunction(of: f)
        }
        return nil
    }
}

extension HotContexts {
    /// Most functions the once-only search visits (then it stops: what is left is not known to run once).
    static let maxStartupFunctions = 20_000

    /// Array methods that call their callback before they return: a callback handed to one runs when the
    /// call does.
    static let synchronousIterators: Set<String> = [
        "map", "forEach", "filter", "flatMap", "reduce", "reduceRight", "some", "every", "find", "findIndex",
        "findLast", "findLastIndex", "sort",
    ]

    /// The functions that run only because once-only code calls them: from `seeds` (what the search from the
    /// entry points left out as once-only), along calls and constructions, and into callbacks handed to an
    /// array method that calls them at once (`files.map(f => parse(f))`), never into other functions created
    /// there (a listener or a route registered once runs per event), and never into a hot function.
    /// Breadth-first, bounded by `maxDepth` and `maxStartupFunctions`.
    static func startupReach(from seeds: [ProjectNode], hot: NodeMap<String>, graph: CallGraph,
                             functions: ProjectFunctions, units: [SourceUnit], maxDepth: Int) -> Set<ProjectNode> {
        var seen = Set<ProjectNode>()
        var queue: [(ProjectNode, Int)] = []
        for s in seeds where hot[s] == nil && seen.insert(s).inserted { queue.append((s, 0)) }
        var head = 0
        while head < queue.count, seen.count < maxStartupFunctions {
            let (n, d) = queue[head]
            head += 1
            guard d < maxDepth, let ref = functions.ref(n) else { continue }
            let tree = units[ref.unit].tree
            func add(_ m: ProjectNode) {
                guard hot[m] == nil, seen.insert(m).inserted else { return }
                queue.append((m, d + 1))
            }
            // a callback edge stands for a function handed over, written in place or by reference
            for e in graph.callees(of: n) {
                switch e.kind {
                case .call, .construct: add(e.callee)
                case .callback: if synchronousIterators.contains(calledName(e.site, tree)) { add(e.callee) }
                }
            }
        }
        return seen
    }

    /// Per module, the names imported only by browser code (by its role, or because only browser code imports
    /// it): at least one browser importer, and no importer that is neither browser code nor a test, example
    /// or generated copy (they import whatever they exercise). An importer of the whole module object
    /// (`import * as c`, `require('./constants')`) counts for every name. One pass over the resolved imports.
    static func namesOnlyInBrowser(_ ctx: ProjectContext, _ functions: ProjectFunctions) -> [Int: Set<String>] {
        let units = ctx.units
        guard units.contains(where: { $0.role == .browser }) else { return [:] }
        let inherited = ImportedRoles.browserByImportOnce(ctx)
        var browserNames: [Int: Set<String>] = [:]
        var otherNames: [Int: Set<String>] = [:]
        // each file's imports resolved on the scan's threads, then added in file order
        let resolved = ParallelMap.map(count: units.count, jobs: ctx.jobs) { i -> [(Int, String)] in
            let u = units[i]
            guard let file = functions.fileOfUnit[u.index] else { return [] }
            var out: [(Int, String)] = []
            for record in u.semantic.imports where !record.typeOnly {
                guard let target = functions.index.resolveSpecifier(record.specifier, from: file) else { continue }
                let v = functions.unitOfFile[target.index]
                guard v >= 0, v != u.index else { continue }
                out.append((v, record.path.first ?? "*"))
            }
            return out
        }
        for (i, u) in units.enumerated() {
            let browser = u.role == .browser || inherited[u.index] == .browser
            for (v, name) in resolved[i] {
                if browser { browserNames[v, default: []].insert(name) } else { otherNames[v, default: []].insert(name) }
            }
        }
        var out: [Int: Set<String>] = [:]
        for (v, names) in browserNames {
            let others = otherNames[v] ?? []
            if others.contains("*") || others.contains("default") { continue }
            let only = names.subtracting(others).subtracting(["*", "default"])
            if !only.isEmpty { out[v] = only }
        }
        return out
    }

    /// Names of the methods a function calls as `x.name(...)` in its own body (not in nested functions, nor at
    /// the sites `skip` leaves out).
    /// Names of lifecycle methods: an object is initialised, connected, started and stopped once, not per
    /// request. A call `x.init()` on an object the model cannot tell is not taken to reach every `init` of the
    /// project (wiki-js: a renderer's `init` reached the kernel's boot sequence by name), and a library API
    /// that connects does not make the connection's work hot.
    static let lifecycleNames: NameSet = [
        "init", "initialize", "initialise", "setup", "bootstrap", "boot", "connect", "listen", "start", "stop",
        "shutdown", "disconnect",
    ]

    /// Objects every Node.js program has, whose methods are never the project's (unless the file declares the name).
    static let builtinGlobals: Set<String> = [
        "process", "console", "JSON", "Math", "Object", "Array", "Promise", "Reflect", "Buffer", "Number", "String",
        "Date", "Symbol", "BigInt", "Intl", "Atomics", "globalThis",
    ]

    /// Whether a call is a method of one of those globals, not shadowed in the file (`process.exit(1)`,
    /// `Object.keys(o)`): it runs Node's code, so no method of the project is reached by its name.
    static func onBuiltinGlobal(_ call: NodeID, _ sem: FileSemantics) -> Bool {
        let tree = sem.tree
        guard case .call(let callee, _, _, _) = tree[call], case .member(let object, _, false, _) = tree[tree.unwrap(callee)] else { return false }
        let o = tree.unwrap(object)
        return tree.kind(o) == .identifier && builtinGlobals.contains(tree.name(of: o)) && sem.binding(for: o) == nil
    }

    /// Whether a library's call of this name does set-up work: a lifecycle name, or a set-up verb before a
    /// capital, also behind `_` or `#` (hapi's `this._setupRoute(options)` when a route or the default auth
    /// strategy is registered, `internals.setupScope(access)`, `registerRoutes`, `initTracing`). What such a
    /// call runs is done while the application configures the library, not per call of its API.
    static func isSetupWork(_ name: String) -> Bool {
        if lifecycleNames.contains(name) { return true }
        // on the name's bytes: most names are ASCII, and a set-up verb is; a character above ASCII right after
        // a verb is judged as a Character (`isUppercase`, and whether it combines with the verb's last letter)
        var bytes = name
        return bytes.withUTF8 { p -> Bool in
            var start = 0
            while start < p.count, p[start] == 0x5F || p[start] == 0x23 { start += 1 }
            guard start < p.count else { return false }
            if start > 0, lifecycleNames.contains(String(decoding: UnsafeBufferPointer(rebasing: p[start...]), as: UTF8.self)) {
                return true
            }
            let length = p.count - start
            for verb in setupVerbBytes where length > verb.count {
                var same = true
                for (i, b) in verb.enumerated() where p[start + i] != b {
                    same = false
                    break
                }
                guard same else { continue }
                let next = p[start + verb.count]
                if next < 0x80 {
                    if next >= 0x41 && next <= 0x5A { return true }
                    continue
                }
                let bare = String(decoding: UnsafeBufferPointer(rebasing: p[start...]), as: UTF8.self)
                let prefix = String(decoding: verb, as: UTF8.self)
                if bare.count > prefix.count, bare.hasPrefix(prefix), let c = bare.dropFirst(prefix.count).first, c.isUppercase {
                    return true
                }
            }
            return false
        }
    }

    /// `LibraryEntryPoints.setupPrefixes` as bytes, for `isSetupWork`.
    private static let setupVerbBytes: [[UInt8]] = LibraryEntryPoints.setupPrefixes.map { Array($0.utf8) }

    /// The name a call site calls: `connect` for `this.ws.connect()` and for `connect()`; "" otherwise.
    static func calledName(_ site: NodeID, _ tree: SyntaxTree) -> String {
        guard case .call(let calleeExpr, _, _, _) = tree[site] else { return "" }
        let callee = tree.unwrap(calleeExpr)
        switch tree[callee] {
        case .identifier: return tree.name(of: callee)
        case .member(_, let property, false, _): return tree.kind(property) == .identifier ? tree.name(of: property) : ""
        default: return ""
        }
    }

    /// Nodes `calledMethods` walks at most.
    static let calledMethodsBudget = 200_000

    /// The methods `fn` calls by name (`x.name()`), with each call, in walk order; nested functions are
    /// not walked. At most 200,000 nodes.
    static func calledMethods(_ fn: NodeID, _ tree: SyntaxTree) -> [(name: String, call: NodeID)] {
        var out: [(name: String, call: NodeID)] = []
        var stack: [NodeID] = []
        tree.forEachChild(of: fn) { stack.append($0) }
        var budget = calledMethodsBudget
        while let n = stack.popLast(), budget > 0 {
            budget -= 1
            let kind = tree.kind(n)
            if kind.isFunction { continue }
            // the kind first: decoding every node of the body costs more than reading its kind
            if kind == .call, case .call(let callee, _, _, _) = tree[n], tree.kind(callee) == .member,
               case .member(_, let property, false, _) = tree[callee],
               tree.kind(property) == .identifier || tree.kind(property) == .privateIdentifier
            {
                out.append((tree.name(of: property), n))
            }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return out
    }
}

/// Methods of the project by name: class and object-literal methods, function-valued properties and
/// class fields, and functions assigned to a property (`User.getFields = async function () {...}`: the
/// mixin pattern, where a module adds methods to an object it receives). Where the call graph cannot
/// tell which object a call `x.name()` runs on, the execution-context model takes every method of that
/// name as called, as long as the name is not one of hundreds (at most `maxDefinitions` methods; outline's job
/// worker calls `task.perform()`, a name 186 task classes define): a class-hierarchy style
/// over-approximation that keeps hot code hot. In a monorepo only the caller's package and the packages it
/// imports or is imported by are searched (`PackageLinks`).
struct MethodNames {
    static let key = AnalysisKey<MethodNames>("methodNames")
    static let maxDefinitions = 256
    private var byName: [String: [FunctionRef]] = [:]

    /// The scan's table, built once for the execution-context model and the await-settlement model.
    static func of(_ ctx: ProjectContext) -> MethodNames {
        ctx.memo(MethodNames.key) { MethodNames(ctx.units, jobs: ctx.jobs) }
    }

    /// Each reported unit's definitions are collected on `jobs` threads and added in unit order, so the
    /// tables are the same whatever the thread count.
    init(_ units: [SourceUnit], jobs: Int) {
        let perUnit = ParallelMap.map(count: units.count, jobs: jobs) { i -> [(String, FunctionRef)] in
            let u = units[i]
            return u.role.isReported ? MethodNames.definitions(in: u) : []
        }
        for defs in perUnit {
            for (name, ref) in defs { byName[name, default: []].append(ref) }
        }
    }

    /// The methods a unit defines, by name, in node order.
    static func definitions(in u: SourceUnit) -> [(String, FunctionRef)] {
        let tree = u.tree
        var out: [(String, FunctionRef)] = []
        func add(_ key: NodeID, _ value: NodeID) {
            guard tree.kind(value).isFunction else { return }
            let name: String
            switch tree.kind(key) {
            case .identifier, .privateIdentifier: name = tree.name(of: key)
            case .stringLiteral: name = tree.stringValue(of: key)
            default: return
            }
            out.append((name, FunctionRef(unit: u.index, node: value)))
        }
        for i in 0..<tree.count {
            let id = NodeID(Int32(i))
            switch tree.kind(id) {
            case .methodDefinition, .property, .propertyDefinition, .assignment: break
            default: continue
            }
            switch tree[id] {
            case .methodDefinition(_, let key, let value, let kind, _) where kind == .method:
                add(key, value)
            case .property(let key, let value, _, _):
                add(key, value)
            case .propertyDefinition(_, let key, _, let value?, _):
                add(key, value)
            case .assignment(.assign, let left, let right):
                if case .member(_, let property, false, _) = tree[left] { add(property, right) }
            default:
                break
            }
        }
        return out
    }

    func named(_ name: String) -> [FunctionRef] {
        guard let defs = byName[name], defs.count <= MethodNames.maxDefinitions else { return [] }
        return defs
    }
}

/// What one hot function leads to in the search: the functions it calls, creates or calls a method of by
/// name, and the ones it reaches only through once-only code. Reads the project only, so the functions of
/// a level are expanded on several threads.
struct Expansion: @unchecked Sendable {
    let functions: ProjectFunctions
    let units: [SourceUnit]
    let nested: NestedFunctions
    let methodCalls: MethodCalls
    let methods: MethodNames
    let scopes: PackageLinks

    struct Steps {
        var visits: [(ProjectNode, NodeID, HotContexts.Step.Kind)] = []
        var once: [ProjectNode] = []
    }

    /// The steps out of `n`, reached in context `c`, in the order the search takes them.
    func steps(from n: ProjectNode, context c: String) -> Steps {
        var out = Steps()
        let graph = functions.index.callGraph
        let ref = functions.ref(n)
        let library = c == EntryKind.library.evidenceText
        // the early-return guards of the functions this expansion's nodes lie in (its own, mostly), each
        // worked out once
        var guards = EarlyReturnGuards()
        let sem = ref.map { units[$0.unit].semantic }
        // calls made only on a lazy initialisation's first run, or only outside production, are not made per request
        for e in graph.callees(of: n) {
            if let r = ref, let sem, OnceGuards.notPerCall(e.site, in: units[r.unit], sem, guards: &guards) {
                out.once.append(e.callee)
                continue
            }
            // a library's API that connects (discord.js `client.login()` -> `this.ws.connect()`) runs the
            // connection's work once, not per call of the API
            if library, let r = ref {
                let name = HotContexts.calledName(e.site, units[r.unit].tree)
                if HotContexts.isSetupWork(name)
                    || LibraryEntryPoints.isRegistration(name, function: e.callee, index: functions.index)
                {
                    out.once.append(e.callee)
                    continue
                }
            }
            out.visits.append((e.callee, e.site, .call))
        }
        guard let ref, let sem else { return out }
        let unit = units[ref.unit]
        for inner in nested.inside(ref.node, unit: unit) {
            if OnceGuards.notPerCall(inner, in: unit, sem, guards: &guards) {
                out.once.append(ProjectNode(file: n.file, node: inner))
                continue
            }
            out.visits.append((ProjectNode(file: n.file, node: inner), inner, .nested))
        }
        // as for resolved calls, a call made only on a lazy initialisation's first run is not made per call
        // nor is a call on one of Node's own globals (`process.exit()` is not the project's `exit`)
        // (asked last: most names are no method of the project)
        for (name, call) in methodCalls.of(ref.node, unit: unit)
        where !HotContexts.lifecycleNames.contains(name) && !(library && HotContexts.isSetupWork(name)) {
            let named = methods.named(name)
            if named.isEmpty || HotContexts.onBuiltinGlobal(call, sem) || OnceGuards.notPerCall(call, in: unit, sem, guards: &guards) {
                continue
            }
            // routes and listeners are registered while the application sets up: a method of the name that
            // takes a handler (a router's `add(method, path, handler)`) is not what `set.add(v)` calls
            let registration = LibraryEntryPoints.registrationNames.contains(name)
            for m in named where scopes.reaches(ref.unit, m.unit) {
                guard let p = functions.node(m) else { continue }
                if registration, LibraryEntryPoints.isRegistration(name, function: p, index: functions.index) { continue }
                out.visits.append((p, m.node, .methodName))
            }
        }
        return out
    }
}

/// The functions written directly inside each function of a file (not inside a nested one), built per
/// file on first use by one pass over its nodes; shared by the threads of a search (a file's table may be
/// built twice when two threads ask at once, never half-built).
final class NestedFunctions: @unchecked Sendable {
    private let lock = NSLock()
    private var byUnit: [Int: [NodeID: [NodeID]]] = [:]

    func inside(_ fn: NodeID, unit: SourceUnit) -> [NodeID] {
        lock.lock()
        let known = byUnit[unit.index]
        lock.unlock()
        if let known { return known[fn] ?? [] }
        let tree = unit.tree
        var m: [NodeID: [NodeID]] = [:]
        // the functions found by a byte search per kind (not every node's kind read), then taken in node order
        var functions = Array(tree.nodes(ofKind: .functionDeclaration))
        functions += tree.nodes(ofKind: .functionExpression)
        functions += tree.nodes(ofKind: .arrowFunction)
        functions.sort()
        for id in functions {
            if let outer = tree.enclosingFunction(of: id) { m[outer, default: []].append(id) }
        }
        lock.lock()
        byUnit[unit.index] = m
        lock.unlock()
        return m[fn] ?? []
    }
}

/// The calls by method name (`x.name()`) written directly in each function of a file (not in a nested one),
/// as `HotContexts.calledMethods` gives them, built per file on first use from the file's calls alone (found
/// by a byte search of the node kinds, each placed in its function by its parents) instead of a walk of every
/// hot function's nodes; shared by the threads of a search like `NestedFunctions`.
///
/// The order is the walk's: it visits the last child first, so a node's calls come before those of the
/// children left of it. A node is made after the children it holds, left to right, so that is the order of
/// falling node ids. A function whose id is past the walk's budget (a bundle's wrapper) may hold more nodes
/// than the walk visits, and is walked as before.
final class MethodCalls: @unchecked Sendable {
    typealias Calls = [(name: String, call: NodeID)]
    private let lock = NSLock()
    private var byUnit: [Int: [NodeID: Calls]] = [:]

    func of(_ fn: NodeID, unit: SourceUnit) -> Calls {
        let tree = unit.tree
        guard fn.index < HotContexts.calledMethodsBudget else { return HotContexts.calledMethods(fn, tree) }
        lock.lock()
        let known = byUnit[unit.index]
        lock.unlock()
        if let known { return known[fn] ?? [] }
        var m: [NodeID: Calls] = [:]
        let root = tree.root
        for call in tree.nodes(ofKind: .call) {
            guard case .call(let callee, _, _, _) = tree[call], tree.kind(callee) == .member,
                  case .member(_, let property, false, _) = tree[callee],
                  tree.kind(property) == .identifier || tree.kind(property) == .privateIdentifier
            else { continue }
            // the function the call is written in, or the module's top level; a node no parent chain leads
            // to from the root (left over from a reparse) is in no walk
            var owner: NodeID?
            var last = call
            var current = tree.parent(call)
            var steps = 0
            while let n = current, steps < 100_000 {
                steps += 1
                if tree.kind(n).isFunction { owner = n; break }
                last = n
                current = tree.parent(n)
            }
            if owner == nil, last == root, steps < 100_000 { owner = root }
            guard let owner else { continue }
            m[owner, default: []].append((tree.name(of: property), call))
        }
        for k in m.keys { m[k]!.reverse() }
        lock.lock()
        byUnit[unit.index] = m
        lock.unlock()
        return m[fn] ?? []
    }
}
