// Library API entry points: a package's exported functions run once per request of every application
// that calls them, so a published library with no request handler of its own is analysed from its public
// API: the functions, classes (their public methods) and objects (their function properties) that the
// entry module named by package.json (`exports["."]`, `main`, `module`) exports.
//
// Not every export runs per request: an application connects, configures, registers plugins and runs
// migrations once at start-up. Those names (below) are left out, and so are registration methods (a router's
// `add(method, path, handler)`: what they are handed is declared once) and the static helpers a class's
// constructor calls on its configuration; where the line falls is checked on the ecosystem check's triage
// ledger. A package marked `"private": true` is an application, not a library,
// and a package that registers request handlers itself is analysed from those.

import Diagnostics
import Foundation
import JSSemantic
import JSSyntax
import LintEngine
import SourceText

struct LibraryEntryPoints {
    struct Entry {
        var unit: Int
        var function: NodeID
        var label: String
        var site: TraceStep
        /// Set-up API the application calls while it builds what it will serve with, not per request
        /// (`handlesConstructionArguments`): what it reaches is start-up work.
        var setUp = false
    }

    /// Export and method names apps call at start-up or shutdown, not per request.
    static let setupNames: Set<String> = [
        "constructor", "connect", "createConnection", "createPool", "createClient", "createServer", "init",
        "initialize", "initialise", "setup", "configure", "config", "install", "register", "plugin", "use",
        "listen", "close", "end", "destroy", "quit", "disconnect", "shutdown", "start", "stop", "sync",
        "synchronize", "drop", "migrate", "runMigrations", "undoLastMigration", "showMigrations", "define", "extend",
        "toJSON", "toString", "inspect", "valueOf", "bootstrap", "boot", "load", "loadConfig", "setLogger",
        "enableDebug", "main", "cli", "run", "create", "factory",
    ]

    /// Verbs of setup-time API used as a prefix (`registerJobs`, `setupRoutes`, `initTracing`,
    /// `connectToDatabase`): called once while the application starts.
    static let setupPrefixes = ["register", "setup", "init", "initialize", "configure", "install", "bootstrap", "connect", "drop"]

    /// Whether apps call an export or method of this name at start-up or shutdown rather than per request.
    /// A dotted name (`trimNewlines.end`, a member hung on an export) is judged by its last part's verb only.
    static func isSetupName(_ name: String) -> Bool {
        if setupNames.contains(name) { return true }
        let last = name.splitASCII(UInt8(ascii: ".")).last.map(String.init) ?? name
        for p in setupPrefixes where last.count > p.count && last.hasPrefix(p) {
            if let next = last.dropFirst(p.count).first, next.isUppercase { return true }
        }
        return false
    }

    /// Methods that store what the application hands them for later (a route's handler, a listener, a
    /// mounted sub-app): `router.add(method, path, handler)`, `app.route(path, subApp)`. Apps call them
    /// while they register routes and plugins, on the patterns and names they declare.
    static let registrationNames: NameSet = ["add", "insert", "on", "route", "addRoute", "mount", "register"]

    /// Parameter names of what a registration method is handed to keep: a handler, a listener, a sub-app.
    static let handedParameterNames: Set<String> = [
        "handler", "handlers", "callback", "cb", "fn", "listener", "middleware", "app", "plugin", "subApp",
    ]

    /// Whether a method is a registration: named as one (`registrationNames`) and taking a handler, listener
    /// or sub-app by a parameter of such a name. A queue's `add(name, data)` takes none and stays API.
    static func isRegistration(_ name: String, function: ProjectNode, index: ProjectIndex) -> Bool {
        guard registrationNames.contains(name) else { return false }
        let tree = index.semantics(function.file).tree
        let params: NodeList
        switch tree[function.node] {
        case .functionDeclaration(_, _, let p, _, _, _), .functionExpression(_, _, let p, _, _, _), .arrowFunction(_, let p, _, _, _): params = p
        default: return false
        }
        for param in tree.list(params) {
            var p = param
            if case .assignmentPattern(let left, _) = tree[p] { p = left }
            if case .restElement(let argument, _) = tree[p] { p = argument }
            if tree.kind(p) == .identifier, handedParameterNames.contains(tree.name(of: p)) { return true }
        }
        return false
    }

    /// Whether any source file belongs to a package with a name that is not private (no project index needed).
    static func mayHaveLibrary(_ ctx: ProjectContext) -> Bool {
        let packages = ProjectPackages.of(ctx)
        return ctx.units.contains { u in
            u.role == .source && packages.manifest(ofUnit: u.index).map { !$0.isPrivate && $0.name != nil } ?? false
        }
    }

    /// Entries of every library package among the units, or none.
    /// `hasHandlers(unit)` says whether a unit registers request handlers (then its package is an app).
    static func entries(_ ctx: ProjectContext, functions: ProjectFunctions, handlerUnits: Set<Int>) -> [Entry] {
        let projectPackages = ProjectPackages.of(ctx)
        var packages: [String: (Manifest, [Int])] = [:]
        for u in ctx.units where u.role == .source {
            guard let m = projectPackages.manifest(ofUnit: u.index), !m.isPrivate, m.name != nil else { continue }
            packages[m.dir, default: (m, [])].1.append(u.index)
        }
        // the entry modules in order (packages by folder), then each one's API read on the scan's threads
        var modules: [FileID] = []
        for dir in packages.keys.sorted() {
            guard let (m, members) = packages[dir] else { continue }
            // An app (it has a `start` script) that registers request handlers: its handlers are the entries. A
            // library may register handlers too (ws's server answers plain HTTP requests with 426; a proxy's
            // own server): its API stays an entry.
            if m.startsApp, members.contains(where: handlerUnits.contains) { continue }
            // the main entry, then each subpath export (`"./extensions": "./src/extensions/index.js"`)
            var entryModules: Set<FileID> = []
            for group in [m.entries] + m.subpaths.map({ [$0] }) {
                var compiled = false
                for entryPath in m.entryFiles(group) {
                    guard let file = functions.index.fileID(path: entryPath) else { continue }
                    // a compiled entry committed beside its sources (validator's root index.js, Babel output of
                    // src/index.js): the sources under src/ are the API too
                    if compiled, !entryPath.hasPrefix(m.dir + "/src/") { continue }
                    if entryModules.insert(file).inserted { modules.append(file) }
                    if compiled || !isCompiledModule(ctx.files.bytes(atPath: entryPath)) { break }
                    compiled = true
                }
            }
        }
        let units = ctx.units
        return ParallelMap.map(count: modules.count, jobs: ctx.jobs) { exportsOf(modules[$0], functions: functions, units: units) }
            .flatMap { $0 }
    }

    /// Whether a module's first bytes show transpiler output (`Object.defineProperty(exports, "__esModule"`,
    /// `exports.__esModule = true`).
    static func isCompiledModule(_ bytes: [UInt8]?) -> Bool {
        guard let bytes else { return false }
        return String(decoding: bytes.prefix(600), as: UTF8.self).contains("__esModule")
    }

    /// The public API of an entry module.
    static func exportsOf(_ file: FileID, functions: ProjectFunctions, units: [SourceUnit]) -> [Entry] {
        let index = functions.index
        var out: [Entry] = []
        var seen: Set<ProjectNode> = []
        var classesSeen: Set<ProjectNode> = []
        func add(_ n: ProjectNode, _ label: String, site: ProjectNode, setUp: Bool = false) {
            guard seen.insert(n).inserted, let ref = functions.ref(n), let siteRef = functions.ref(site) else { return }
            let unit = units[siteRef.unit]
            out.append(Entry(unit: ref.unit, function: ref.node, label: "library API " + label,
                             site: unit.step(site.node, "library API " + label), setUp: setUp))
        }
        // values of the top-level assignments' targets, evaluated once however many exports ask
        var evaluated: [ProjectNode: ProjectValue?] = [:]
        func valueOf(_ node: NodeID, in file: FileID) -> ProjectValue? {
            let key = ProjectNode(file: file, node: node)
            if let known = evaluated[key] { return known }
            let v = index.value(of: node, in: file)
            evaluated[key] = v
            return v
        }
        // each module's top-level member assignments with the values of their targets, found once however
        // many values ask for the properties assigned to them
        var assignmentsByFile: [FileID: [TopLevelAssignment]] = [:]
        func assignments(_ file: FileID) -> [TopLevelAssignment] {
            if let known = assignmentsByFile[file] { return known }
            let found = TopLevelAssignment.of(file, index: index, valueOf: valueOf)
            assignmentsByFile[file] = found
            return found
        }
        func visit(_ value: ProjectValue?, _ name: String, site: ProjectNode, depth: Int, alias: String? = nil) {
            guard let value, depth < 4, !isSetupName(name), !name.hasPrefix("_") else { return }
            switch value {
            case .function(let f):
                let last = name.split(separator: ".").last.map(String.init) ?? name
                if isRegistration(last, function: f, index: index) { return }
                add(f, name, site: site, setUp: handlesConstructionArguments(f, index: index))
            case .classValue(let c), .instance(let c):
                guard classesSeen.insert(c).inserted else { return }
                let construction = staticsCalledByConstructor(of: c, index: index)
                for (method, node) in publicMethods(of: c, index: index)
                where !isSetupName(method) && !construction.contains(method) && !isRegistration(method, function: node, index: index) {
                    add(node, name + "." + method, site: node)
                }
            case .object(let o):
                let osem = index.semantics(o.file)
                guard case .objectExpression(let props) = osem.tree[o.node] else { return }
                for p in osem.tree.list(props) {
                    guard case .property(let key, _, _, _) = osem.tree[p], let k = osem.propertyName(key) else { continue }
                    visit(propertyValue(p, o.file, index), k, site: ProjectNode(file: o.file, node: p), depth: depth + 1)
                }
            case .module:
                return
            }
            // What the module hangs on the value: `trimNewlines.end = string => ...` beside `export default function
            // trimNewlines`, `WebSocket.Server = WebSocketServer`, `cs.get = function ...` after `var cs =
            // module.exports = { get: {} }`. Members of a function or class are named with its name (`end` alone
            // would read as a connection's setup-time `end()`), members of an object as its own properties are.
            for p in staticProperties(of: value, in: [site.file], alias: alias, index: index, assignments: assignments) {
                let label: String
                if case .object = value { label = p.key } else { label = name + "." + p.key }
                visit(p.value, label, site: p.site, depth: depth + 1, alias: p.target)
            }
        }
        // The entry module and the modules its `export * from '...'` lines re-export (barrel files), each
        // once, at most 256 modules.
        var modules = [file]
        var modulesSeen: Set<FileID> = [file]
        var head = 0
        while head < modules.count, modules.count <= 256 {
            let current = modules[head]
            head += 1
            let msem = index.semantics(current)
            let top = ProjectNode(file: current, node: msem.tree.root)
            for record in msem.exports where !record.typeOnly {
                if record.name == "*" {
                    if let source = record.source, let target = index.resolveSpecifier(source, from: current),
                       modulesSeen.insert(target).inserted
                    {
                        modules.append(target)
                    }
                    continue
                }
                if record.name.isEmpty || (current != file && record.name == "default") { continue }
                visit(index.exportedValue(record.name, of: current), record.name == "default" ? "default" : record.name,
                      site: top, depth: 0)
            }
            if current == file, msem.exports.contains(where: { $0.kind == .moduleObject }) {
                visit(index.moduleValue(of: file), "module.exports", site: top, depth: 0)
            }
        }
        return out
    }

    /// Properties a module assigns to one of its functions or classes at top level (`fn.start = ...`,
    /// `Cls.Server = require('./server')`, `cs.get.hwb = function ...`), with their values and the assignment: part of the API the
    /// exported function or class carries.
    /// The function's or class's own module is searched, and `also` (the module exporting it: ws's index.js
    /// sets `WebSocket.Server` on a class it imports).
    static func staticProperties(of value: ProjectValue, in also: [FileID], alias: String?, index: ProjectIndex,
                                 assignments: (FileID) -> [TopLevelAssignment]) -> [(key: String, value: ProjectValue, site: ProjectNode, target: String)] {
        let owner: ProjectNode
        switch value {
        case .function(let f): owner = f
        case .classValue(let c): owner = c
        case .object(let o): owner = o
        default: return []
        }
        var out: [(key: String, value: ProjectValue, site: ProjectNode, target: String)] = []
        var files = [owner.file]
        for f in also where !files.contains(f) { files.append(f) }
        for file in files {
            let tree = index.semantics(file).tree
            let list = assignments(file)
            let byAlias = alias != nil && file == also.first
            for k in list.indices {
                // the owner by value, or (`cs.get.hwb = ...` after `cs.get = function ...`) by the text it was assigned
                // to; for a function or class, also its prototype (`Query.prototype.updateOne = function ...`: the
                // methods of its instances, as mongoose and express write them)
                var owned = (byAlias && list[k].objectText == alias) || list[k].objectValue == value
                if !owned, list[k].prototypeOf != nil, value.isCallable { owned = list[k].prototypeOfValue == value }
                guard owned, let v = index.value(of: list[k].right, in: file) else { continue }
                out.append((list[k].key, v, ProjectNode(file: file, node: list[k].statement), tree.text(list[k].left)))
            }
        }
        return out
    }

    /// A top-level statement `object.key = right` of a module (its first 2,000 statements), with `object` a name
    /// or a member chain, and the value of `object` (and of `F` in `F.prototype.key = right`).
    struct TopLevelAssignment {
        let statement: NodeID
        /// The assignment's target (`object.key`), without parentheses, and the text of `object` as written.
        let left: NodeID
        let objectText: String
        let key: String
        let right: NodeID
        let objectValue: ProjectValue?
        /// `F` when `object` is `F.prototype`, with `F` a name or a member chain.
        let prototypeOf: NodeID?
        let prototypeOfValue: ProjectValue?

        static func of(_ file: FileID, index: ProjectIndex, valueOf: (NodeID, FileID) -> ProjectValue?) -> [TopLevelAssignment] {
            let sem = index.semantics(file)
            let tree = sem.tree
            guard case .program(let body) = tree[tree.root] else { return [] }
            var out: [TopLevelAssignment] = []
            for stmt in tree.list(body).prefix(2_000) {
                guard case .expressionStatement(let e, _) = tree[stmt], case .assignment(.assign, let left, let right) = tree[tree.unwrap(e)],
                      case .member(let objectExpr, _, _, _) = tree[tree.unwrap(left)], let key = sem.memberName(tree.unwrap(left))
                else { continue }
                let object = tree.unwrap(objectExpr)
                guard [.identifier, .member].contains(tree.kind(object)) else { continue }
                var prototypeOf: NodeID?
                if case .member(let base, _, _, _) = tree[object], sem.memberName(object) == "prototype",
                   [.identifier, .member].contains(tree.kind(tree.unwrap(base))) {
                    prototypeOf = tree.unwrap(base)
                }
                out.append(TopLevelAssignment(statement: stmt, left: tree.unwrap(left), objectText: tree.text(object), key: key, right: right,
                                              objectValue: valueOf(object, file), prototypeOf: prototypeOf,
                                              prototypeOfValue: prototypeOf.flatMap { valueOf($0, file) }))
            }
            return out
        }
    }

    static func propertyValue(_ property: NodeID, _ file: FileID, _ index: ProjectIndex) -> ProjectValue? {
        let sem = index.semantics(file)
        guard case .property(_, let value, _, _) = sem.tree[property] else { return nil }
        return index.value(of: value, in: file)
    }

    /// Names of the static methods a class's constructor calls on the class itself (`ConnectionConfig.mergeFlags(
    /// defaults, options.flags)` in mysql2's `constructor(options)`): helpers that turn the configuration into
    /// the instance's state, run when the application constructs it, as the constructor is.
    static func staticsCalledByConstructor(of cls: ProjectNode, index: ProjectIndex) -> Set<String> {
        let sem = index.semantics(cls.file)
        let tree = sem.tree
        let body: NodeID, id: NodeID?
        switch tree[cls.node] {
        case .classDeclaration(_, let i, _, _, _, _, let b, _), .classExpression(_, let i, _, _, _, _, let b, _): body = b; id = i
        default: return []
        }
        guard let id, tree.kind(id) == .identifier, case .classBody(let members) = tree[body] else { return [] }
        let className = tree.name(of: id)
        var statics: Set<String> = []
        var constructor: NodeID?
        for m in tree.list(members) {
            guard case .methodDefinition(_, let key, let value, let kind, let modifiers) = tree[m] else { continue }
            if kind == .constructor { constructor = value }
            if kind == .method, modifiers.contains(.static), let name = sem.propertyName(key) { statics.insert(name) }
        }
        guard let constructor, !statics.isEmpty else { return [] }
        var out: Set<String> = []
        var stack: [NodeID] = []
        tree.forEachChild(of: constructor) { stack.append($0) }
        var budget = 50_000
        while let n = stack.popLast(), budget > 0 {
            budget -= 1
            if tree.kind(n).isFunction { continue }
            if case .call(let callee, _, _, _) = tree[n], case .member(let object, let property, false, _) = tree[tree.unwrap(callee)],
               tree.kind(property) == .identifier, statics.contains(tree.name(of: property))
            {
                let o = tree.unwrap(object)
                // `ClassName.helper(...)` or `this.constructor.helper(...)`
                let onClass = (tree.kind(o) == .identifier && tree.name(of: o) == className)
                    || (tree.kind(o) == .member && tree.text(o) == "this.constructor")
                if onClass { out.insert(tree.name(of: property)) }
            }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return out
    }

    /// Whether a function's declared signature takes or returns the arguments a class is constructed with
    /// (`ConstructorParameters<typeof PreparedRegExpRouter>`), written on its parameters and return type or on
    /// the `const` it initialises (`export const serializeInitParams: (params: ConstructorParameters<typeof
    /// PreparedRegExpRouter>) => string = ...`). Constructing a library's class is set-up (`setupNames` holds
    /// `constructor`): a function that builds or serialises those arguments (hono's `buildInitParams` and
    /// `serializeInitParams`, which turn the application's routes into a prepared router's matchers at build
    /// time) works on what the application will be constructed with, at set-up, not on what a request holds.
    static func handlesConstructionArguments(_ fn: ProjectNode, index: ProjectIndex) -> Bool {
        let tree = index.semantics(fn.file).tree
        var roots: [NodeID] = []
        switch tree[fn.node] {
        case .functionDeclaration(_, _, let params, let returnType, _, _), .functionExpression(_, _, let params, let returnType, _, _),
             .arrowFunction(_, let params, let returnType, _, _):
            roots += tree.list(params)
            if let returnType { roots.append(returnType) }
        default:
            return false
        }
        if let d = tree.parent(fn.node), case .variableDeclarator(let id, let initializer, _) = tree[d], initializer == fn.node,
           case .identifier(let annotation?, _) = tree[id] {
            roots.append(annotation)
        }
        // the type nodes only: a parameter's default value is not walked
        var stack = roots
        var budget = 2_000
        while let n = stack.popLast(), budget > 0 {
            budget -= 1
            switch tree[n] {
            case .tsTypeReference(let typeName, let typeArguments?):
                if tree.kind(typeName) == .identifier, tree.nameIs(typeName, "ConstructorParameters"),
                   case .tsTypeParameterInstantiation(let args) = tree[typeArguments], tree.list(args).count == 1,
                   let only = tree.list(args).first, case .tsTypeQuery = tree[only] {
                    return true
                }
            case .assignmentPattern(let left, _):
                stack.append(left)
                continue
            default:
                break
            }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return false
    }

    /// Public instance and static methods of a class (own, not inherited), by name.
    static func publicMethods(of cls: ProjectNode, index: ProjectIndex) -> [(String, ProjectNode)] {
        let sem = index.semantics(cls.file)
        let tree = sem.tree
        guard let members = tree.classMembers(cls.node) else { return [] }
        var out: [(String, ProjectNode)] = []
        for m in members {
            guard case .methodDefinition(_, let key, let value, let kind, let modifiers) = tree[m],
                  kind == .method, !modifiers.contains(.private), !modifiers.contains(.protected),
                  tree.kind(key) != .privateIdentifier, let name = sem.propertyName(key), !name.hasPrefix("_")
            else { continue }
            out.append((name, ProjectNode(file: cls.file, node: value)))
        }
        return out
    }

    /// What package.json says about a package.
    struct Manifest {
        let dir: String
        let name: String?
        let isPrivate: Bool
        /// Whether `scripts.start` starts the package as a program (`npm start`): what applications have.
        let startsApp: Bool
        /// `bin`: the package installs a command.
        let hasBin: Bool
        /// `main`, `module` or `exports`: the package can be loaded as a module.
        let hasMain: Bool
        let entries: [String]
        /// Targets of subpath exports (`exports["./x"]`), besides the main entry; not `./package.json`.
        let subpaths: [String]

        init?(dir: String, json: Data) {
            guard let obj = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else { return nil }
            self.dir = dir
            name = obj["name"] as? String
            isPrivate = (obj["private"] as? Bool) == true
            startsApp = ((obj["scripts"] as? [String: Any])?["start"] as? String).map { !$0.isEmpty } ?? false
            hasBin = obj["bin"] != nil
            hasMain = obj["main"] != nil || obj["module"] != nil || obj["exports"] != nil
            var e: [String] = []
            func take(_ v: Any?) {
                if let s = v as? String { e.append(s); return }
                if let d = v as? [String: Any] {
                    if let dot = d["."] { take(dot); return }
                    for k in ["node", "require", "import", "default", "module"] where d[k] != nil { take(d[k]); return }
                }
                if let a = v as? [Any], let f = a.first { take(f) }
            }
            take(obj["exports"])
            take(obj["main"])
            take(obj["module"])
            e.append("index.js")
            entries = e
            var subs: [String] = []
            if let d = obj["exports"] as? [String: Any] {
                for key in d.keys.sorted() where key.hasPrefix("./") && key != "./package.json" && !key.contains("*") {
                    let before = e.count
                    take(d[key])
                    if e.count > before, let target = e.last { subs.append(target) }
                    e.removeLast(e.count - before)
                }
            }
            subpaths = subs
        }

        /// Candidate source files for the entry, most likely first: the path itself, with extensions and
        /// `index`, and the source a compiled `dist/`/`lib/`/`build/` path or a built root file comes from
        /// under `src/`.
        func entryFiles(_ entries: [String]) -> [String] {
            var out: [String] = []
            for raw in entries {
                var rel = raw.hasPrefix("./") ? String(raw.dropFirst(2)) : raw
                while rel.hasSuffix("/") { rel.removeLast() }
                var bases = [rel]
                // a root entry built from src/ (validator's `"main": "index.js"` from src/index.js)
                if !rel.contains("/") { bases.append("src/" + rel) }
                for out in ["dist/", "lib/", "build/", "out/", "cjs/", "esm/"] where rel.hasPrefix(out) {
                    bases.append("src/" + rel.dropFirst(out.count))
                    for inner in ["cjs/", "esm/", "src/"] where rel.dropFirst(out.count).hasPrefix(inner) {
                        bases.append("src/" + rel.dropFirst(out.count + inner.count))
                    }
                }
                for b in bases {
                    let stem = b.replacingOccurrences(of: ".cjs", with: "").replacingOccurrences(of: ".mjs", with: "")
                        .replacingOccurrences(of: ".js", with: "")
                    for cand in [b, stem + ".js", stem + ".ts", stem + ".mjs", stem + ".cjs", stem + ".mts", stem + ".cts",
                                 stem + "/index.js", stem + "/index.ts"] {
                        let p = dir + "/" + cand
                        if !out.contains(p) { out.append(p) }
                    }
                }
            }
            return out
        }
    }
}

extension ProjectValue {
    /// A function or a class: what has a prototype.
    var isCallable: Bool {
        switch self {
        case .function, .classValue: return true
        default: return false
        }
    }
}
