// ProjectIndex: the project-wide view. Resolves imports and requires between project files, maps an
// imported name to the node it names in the target file (through re-exports, with cycle protection),
// and builds the call graph (CallGraph.swift).
//
// Values are tracked abstractly (`ProjectValue`): a function, a class, an instance of a class, an object
// literal or a module. Evaluation follows names, member chains, `new`, `this`, typed parameters and
// fields, and module exports; each query has a step budget, so cycles (`a` re-exports `b` re-exports
// `a`, `x = y; y = x`) end.
//
// An index built with `tracksInputs` records, for each file's call edges, which files' semantic models,
// class tables and import resolutions the evaluation read and which class names it looked up. A later
// index of the same file list built `reusing:` it keeps a file's edges when neither the file nor
// anything they were read from changed (same semantic model object, same resolved imports, same
// classes under the looked-up names): evaluation is a function of exactly those inputs. Resolved imports
// are kept the same way for files whose model is unchanged while every package.json / tsconfig.json the
// resolver read still has the same content.

import Foundation
import JSSyntax

/// A file in a ProjectIndex: its index in `files`.
public struct FileID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let raw: Int32
    public init(_ raw: Int32) { self.raw = raw }
    public var index: Int { Int(raw) }
    public static func < (lhs: FileID, rhs: FileID) -> Bool { lhs.raw < rhs.raw }
    public var description: String { "f\(raw)" }
}

/// A node in a project file.
public struct ProjectNode: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let file: FileID
    public let node: NodeID
    public init(file: FileID, node: NodeID) {
        self.file = file
        self.node = node
    }
    public static func < (lhs: ProjectNode, rhs: ProjectNode) -> Bool {
        lhs.file != rhs.file ? lhs.file < rhs.file : lhs.node < rhs.node
    }
    public var description: String { "\(file):\(node)" }
}

/// What an expression evaluates to, as far as the project can tell.
public enum ProjectValue: Hashable, Sendable {
    /// A function, arrow or method node.
    case function(ProjectNode)
    /// A class declaration/expression (the constructor itself).
    case classValue(ProjectNode)
    /// An instance of a class.
    case instance(ProjectNode)
    /// An object literal.
    case object(ProjectNode)
    /// An ES module namespace (a file without a CommonJS module object).
    case module(FileID)

    public var node: ProjectNode? {
        switch self {
        case .function(let n), .classValue(let n), .instance(let n), .object(let n): return n
        case .module: return nil
        }
    }
}

public struct ProjectFile: Sendable {
    /// Normalised path as given.
    public let path: String
    public let semantics: FileSemantics
}

public final class ProjectIndex: @unchecked Sendable {
    /// Files sorted by path.
    public let files: [ProjectFile]
    let fileByPath: [String: Int]
    /// Per file: import specifier -> resolved project file (nil: outside the project).
    let resolvedSpecifiers: [[String: FileID]]
    /// Resolves the imports of files outside the index (`resolve(_:fromPath:)`); shared, it locks its caches.
    let resolver: ModuleResolver
    /// Per file: class node -> its member table.
    var classTables: [[NodeID: ClassTable]] = []
    /// Per file: where its export records are by name and kind (see `ExportIndex`).
    var exportIndexes: [ExportIndex] = []
    /// Per file: object literal bound to a variable -> the members assigned to it later
    /// (`var themesController = {}; themesController.get = function (req, res) {...}`).
    var objectFields: [[NodeID: [String: NodeID]]] = []
    /// Project classes by declared name, and by the names of the interfaces they implement (for injection
    /// by type name when the type itself does not resolve to a class: an interface, an unresolved import).
    var classesByName: [String: [ProjectNode]] = [:]
    var implementers: [String: [ProjectNode]] = [:]
    /// `new Name(...)` sites by the name written as the callee (`new UsersController(User, AuthService)`,
    /// `new services.Auth(...)`), in the files whose call sites bind constructor parameters.
    var newSitesByName: [String: [ProjectNode]] = [:]
    public internal(set) var callGraph = CallGraph()
    let maxSteps = 48
    /// Whether reads are recorded per file's edges (for a later index `reusing:` this one).
    let tracksInputs: Bool
    /// With `tracksInputs`: each file's call edges and what computing them read.
    var perFileEdges: [[CallEdge]] = []
    var edgeInputs: [EdgeInputs] = []
    /// With `tracksInputs`: the config files module resolution read (path -> content, nil when absent).
    var configReads: [String: String?] = [:]
    /// Files whose edges were taken over from the index this one reused.
    public private(set) var reusedEdgeFiles = 0
    /// Per file, while the index is built: its class, assignment and call nodes (`SiteNodes`), read by the
    /// class tables, the member sites and every pass of the call graph's builder over call sites, so that
    /// none of them walks all of a file's nodes; emptied once the graph is built.
    var siteNodes: [SiteNodes] = []
    /// The evaluation memos of the threads finding call edges (an index that does not record reads).
    let evaluationMemos = EvaluationMemos()

    /// A file's export records (`FileSemantics.exports`) as `export(_:of:budget:visited:)` reads them:
    /// the indexes of the records of each name, in order, of the last module-object record and of the
    /// `export *` records, so that a lookup compares no name and copies no record it does not use; and the
    /// project file each record's source resolves to, so that a lookup through a barrel's `export *` lines
    /// hashes no specifier.
    struct ExportIndex {
        var byName: [HashedName: [Int32]] = [:]
        var moduleObject: Int32 = -1
        var reexportAll: [Int32] = []
        /// Per record: the file its source resolves to (`resolvedSpecifiers`), -1 for none or no source.
        var targets: [Int32] = []

        init(_ exports: [ExportRecord], resolved: [String: FileID]) {
            targets.reserveCapacity(exports.count)
            for i in exports.indices {
                let index = Int32(truncatingIfNeeded: i)
                targets.append(exports[i].source.flatMap { resolved[$0]?.raw } ?? -1)
                byName[HashedName(exports[i].name), default: []].append(index)
                switch exports[i].kind {
                case .moduleObject: moduleObject = index
                case .reexportAll: reexportAll.append(index)
                default: break
                }
            }
        }
    }

    struct ClassTable {
        var methods: [String: NodeID] = [:]
        var staticMethods: [String: NodeID] = [:]
        /// Instance fields: the expressions assigned (`x = new A()`, `this.x = y`) and declared types.
        var fieldValues: [String: [NodeID]] = [:]
        var fieldTypes: [String: NodeID] = [:]
        var superClass: NodeID?
        var constructor: NodeID?
    }

    /// - Parameters:
    ///   - files: every source file of the project with its semantic model.
    ///   - readConfig: reads package.json / tsconfig.json / jsconfig.json files by path (nil if absent);
    ///     defaults to the file system.
    ///   - perFile: runs a body for every file index and returns the results in index order; the caller
    ///     may spread it over threads (the call graph's edges are found per file from read-only data).
    ///   - tracksInputs: record what each file's edges were computed from, so a later index can reuse them.
    ///   - previous: an index of an earlier version of the project built with `tracksInputs`; the edges of
    ///     files whose inputs did not change are taken from it.
    public init(files input: [(path: String, semantics: FileSemantics)],
                readConfig: ((String) -> String?)? = nil,
                perFile: ((Int, @escaping (Int) -> [CallEdge]) -> [[CallEdge]])? = nil,
                tracksInputs: Bool = false, reusing previous: ProjectIndex? = nil,
                argumentSites: ((String) -> Bool)? = nil) {
        self.tracksInputs = tracksInputs
        let sorted = input.map { ProjectFile(path: ProjectPath.normalise($0.path), semantics: $0.semantics) }
            .sorted { $0.path < $1.path }
        files = sorted
        var byPath: [String: Int] = [:]
        for (i, f) in sorted.enumerated() where byPath[f.path] == nil { byPath[f.path] = i }
        fileByPath = byPath
        let fileReader = readConfig ?? { path in
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
        // The previous index describes the same files (same ids) only for the same file list.
        let earlier = previous.flatMap { p in
            tracksInputs && p.tracksInputs && p.files.count == sorted.count
                && zip(p.files, sorted).allSatisfy({ $0.path == $1.path }) ? p : nil
        }
        // Resolution reads package.json / tsconfig.json files; with tracking, what it read is kept, and a
        // file's resolved imports are taken over when its model and every config file read are unchanged.
        let configLog = ConfigLog()
        let reader: (String) -> String? = tracksInputs ? { path in
            let text = fileReader(path)
            configLog.record(path, text)
            return text
        } : fileReader
        let sameConfigs = earlier.map { e in e.configReads.allSatisfy { fileReader($0.key) == $0.value } } ?? false
        if sameConfigs, let earlier { configLog.reads = earlier.configReads }
        let resolver = ModuleResolver(files: byPath, readConfig: reader)
        self.resolver = resolver
        // Each file's resolved imports and class tables depend on nothing but the file, the file list and
        // the config files: with `perFile`, they are computed on the threads (the resolver is shared and
        // locks its caches).
        let resolveImports = { (i: Int) -> [String: FileID] in
            let f = sorted[i]
            if sameConfigs, let earlier, earlier.files[i].semantics === f.semantics {
                return earlier.resolvedSpecifiers[i]
            }
            var map: [String: FileID] = [:]
            var specifiers = Set(f.semantics.imports.map(\.specifier))
            for e in f.semantics.exports { if let s = e.source { specifiers.insert(s) } }
            let dir = ProjectPath.directory(of: f.path)
            let list = specifiers.sorted()
            for (spec, target) in zip(list, resolver.resolve(list, fromDirectory: dir)) {
                if let target { map[spec] = FileID(Int32(target)) }
            }
            return map
        }
        // class tables and member sites read the same few kinds of node, found in one pass per file
        let classTablesOf = { (i: Int, nodes: SiteNodes) -> [NodeID: ClassTable] in
            if let earlier, earlier.files[i].semantics === sorted[i].semantics { return earlier.classTables[i] }
            return Self.classTables(of: sorted[i].semantics, nodes)
        }
        // constructions count in the files whose arguments say what the program runs (not tests handing a
        // controller its fakes)
        let memberSitesOf = { (i: Int, nodes: SiteNodes) -> MemberSites in
            Self.memberSites(of: sorted[i].semantics, nodes, constructions: argumentSites?(sorted[i].path) ?? true)
        }
        let resolved: [[String: FileID]]
        let members: [MemberSites]
        if let perFile {
            let slots = PerFileSlots<([String: FileID], [NodeID: ClassTable], MemberSites, ExportIndex, SiteNodes)>(count: sorted.count)
            _ = perFile(sorted.count) { i in
                let nodes = SiteNodes(sorted[i].semantics.tree)
                let imports = resolveImports(i)
                slots.set(i, (imports, classTablesOf(i, nodes), memberSitesOf(i, nodes),
                              ExportIndex(sorted[i].semantics.exports, resolved: imports), nodes))
                return []
            }
            let results = slots.values
            resolved = results.map(\.0)
            classTables = results.map(\.1)
            members = results.map(\.2)
            exportIndexes = results.map(\.3)
            siteNodes = results.map(\.4)
        } else {
            resolved = sorted.indices.map(resolveImports)
            let nodes = sorted.map { SiteNodes($0.semantics.tree) }
            siteNodes = nodes
            classTables = sorted.indices.map { classTablesOf($0, nodes[$0]) }
            members = sorted.indices.map { memberSitesOf($0, nodes[$0]) }
            exportIndexes = sorted.indices.map { ExportIndex(sorted[$0].semantics.exports, resolved: resolved[$0]) }
        }
        objectFields = members.map(\.objectFields)
        for (i, m) in members.enumerated() {
            for site in m.constructions {
                newSitesByName[site.name, default: []].append(ProjectNode(file: FileID(Int32(i)), node: site.node))
            }
        }
        resolvedSpecifiers = resolved
        configReads = configLog.reads
        for (i, f) in sorted.enumerated() {
            let tree = f.semantics.tree
            for cls in classTables[i].keys.sorted() {
                let node = ProjectNode(file: FileID(Int32(i)), node: cls)
                switch tree[cls] {
                case .classDeclaration(_, let id, _, _, _, let implements, _, let flags),
                     .classExpression(_, let id, _, _, _, let implements, _, let flags):
                    if flags.contains(.declare) { continue }
                    if let id { classesByName[tree.name(of: id), default: []].append(node) }
                    for i in tree.list(implements) {
                        guard case .tsExpressionWithTypeArguments(let e, _) = tree[i] else { continue }
                        var name = e
                        while case .member(_, let property, _, _) = tree[name] { name = property }
                        while case .tsQualifiedName(_, let right) = tree[name] { name = right }
                        if case .identifier = tree[name] { implementers[tree.name(of: name), default: []].append(node) }
                    }
                default:
                    continue
                }
            }
        }
        let builder = CallGraphBuilder(index: self)
        let count = sorted.count
        guard tracksInputs else {
            // Each file's edges are sorted on the threads, so the graph's sort of all of them meets sorted runs.
            var runs = perFile?(count) { builder.edges(ofFile: $0).sorted() }
                ?? (0..<count).map { builder.edges(ofFile: $0).sorted() }
            evaluationMemos.drain()
            callGraph = CallGraph(concatenating: &runs)
            let registry = builder.registryEdges(callGraph, PerFileRunner(count: count, perFile: perFile))
            if !registry.isEmpty { callGraph.adding(registry) }
            siteNodes = []
            return
        }
        // Files that changed since `earlier` (all of them without one), and class names whose classes changed.
        var changed = Set<Int32>()
        var changedNames = Set<String>()
        if let earlier {
            for i in 0..<count where earlier.files[i].semantics !== sorted[i].semantics
                || earlier.resolvedSpecifiers[i] != resolved[i] {
                changed.insert(Int32(i))
            }
            for (name, sites) in newSitesByName where earlier.newSitesByName[name] != sites { changedNames.insert("new " + name) }
            for name in earlier.newSitesByName.keys where newSitesByName[name] == nil { changedNames.insert("new " + name) }
            for (mine, theirs) in [(classesByName, earlier.classesByName), (implementers, earlier.implementers)] {
                for (name, nodes) in mine where theirs[name] != nodes { changedNames.insert(name) }
                for name in theirs.keys where mine[name] == nil { changedNames.insert(name) }
            }
        }
        let inputs = InputSlots(count: count)
        let changedFiles = changed, namesChanged = changedNames
        let body: (Int) -> [CallEdge] = { i in
            if let earlier, !changedFiles.contains(Int32(i)) {
                let used = earlier.edgeInputs[i]
                if used.files.isDisjoint(with: changedFiles), used.names.isDisjoint(with: namesChanged) {
                    inputs.set(i, used, reused: true)
                    return earlier.perFileEdges[i]
                }
            }
            let tracker = InputTracker()
            let edges = tracker.recording { builder.edges(ofFile: i).sorted() }
            inputs.set(i, EdgeInputs(files: tracker.files, names: tracker.names), reused: false)
            return edges
        }
        perFileEdges = perFile?(count, body) ?? (0..<count).map(body)
        edgeInputs = inputs.values
        reusedEdgeFiles = inputs.reusedCount
        var runs = perFileEdges
        callGraph = CallGraph(concatenating: &runs)
        // registry dispatch reads the whole graph: recomputed on every build (a handful of sites)
        let registry = builder.registryEdges(callGraph, PerFileRunner(count: count, perFile: perFile))
        if !registry.isEmpty { callGraph.adding(registry) }
        siteNodes = []
    }

    /// The config files read while resolving (from several threads).
    final class ConfigLog: @unchecked Sendable {
        private let lock = NSLock()
        private var log: [String: String?] = [:]

        func record(_ path: String, _ text: String?) {
            lock.lock()
            log[path] = .some(text)
            lock.unlock()
        }

        var reads: [String: String?] {
            get {
                lock.lock()
                defer { lock.unlock() }
                return log
            }
            set {
                lock.lock()
                log = newValue
                lock.unlock()
            }
        }
    }

    /// One value per file, filled from several threads.
    final class PerFileSlots<T>: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [T?]

        init(count: Int) { slots = [T?](repeating: nil, count: count) }

        func set(_ i: Int, _ value: T) {
            lock.lock()
            slots[i] = value
            lock.unlock()
        }

        /// Every value; each slot must have been set.
        var values: [T] {
            lock.lock()
            defer { lock.unlock() }
            return slots.map { $0! }
        }
    }

    /// Runs a body for every file, on the threads of the caller's `perFile` when there is one, and gives
    /// the results in file order.
    struct PerFileRunner {
        let count: Int
        let perFile: ((Int, @escaping (Int) -> [CallEdge]) -> [[CallEdge]])?

        func map<T>(_ body: @escaping (Int) -> T) -> [T] {
            guard let perFile else { return (0..<count).map(body) }
            let slots = PerFileSlots<T>(count: count)
            _ = perFile(count) { i in
                slots.set(i, body(i))
                return []
            }
            return slots.values
        }
    }

    /// What computing one file's edges read.
    struct EdgeInputs: Sendable {
        var files: Set<Int32>
        var names: Set<String>
    }

    /// Per-file results written from worker threads.
    final class InputSlots: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [EdgeInputs]
        private(set) var reusedCount = 0

        init(count: Int) {
            values = Array(repeating: EdgeInputs(files: [], names: []), count: count)
        }

        func set(_ i: Int, _ v: EdgeInputs, reused: Bool) {
            lock.lock()
            values[i] = v
            if reused { reusedCount += 1 }
            lock.unlock()
        }
    }

    /// A file's class table (recorded as a read of that file).
    func classTable(_ c: ProjectNode) -> ClassTable? {
        if tracksInputs { InputTracker.current?.files.insert(c.file.raw) }
        return classTables[c.file.index][c.node]
    }

    /// Project classes declared under `name`, and classes implementing an interface of that name.
    func classes(named name: String) -> (declared: [ProjectNode]?, implementing: [ProjectNode]?) {
        if tracksInputs { InputTracker.current?.names.insert(name) }
        return (classesByName[name], implementers[name])
    }

    public func file(_ id: FileID) -> ProjectFile { files[id.index] }
    public func semantics(_ id: FileID) -> FileSemantics {
        if tracksInputs { InputTracker.current?.files.insert(id.raw) }
        return files[id.index].semantics
    }

    public func fileID(path: String) -> FileID? {
        fileByPath[ProjectPath.normalise(path)].map { FileID(Int32($0)) }
    }

    /// The project file an import specifier in `file` names; nil for packages and unknown files.
    public func resolveSpecifier(_ specifier: String, from file: FileID) -> FileID? {
        if tracksInputs { InputTracker.current?.files.insert(file.raw) }
        return resolvedSpecifiers[file.index][specifier]
    }

    /// The project file an import specifier names in a file that is not in the index (a test beside the
    /// project's sources); nil for packages and unknown files.
    public func resolve(_ specifier: String, fromPath path: String) -> FileID? {
        resolver.resolve(specifier, from: ProjectPath.normalise(path)).map { FileID(Int32($0)) }
    }

    /// `resolve(_:fromPath:)` of each specifier, in order, the file's folder worked out once.
    public func resolve(_ specifiers: [String], fromPath path: String) -> [FileID?] {
        resolver.resolve(specifiers, fromDirectory: ProjectPath.directory(of: ProjectPath.normalise(path)))
            .map { $0.map { FileID(Int32($0)) } }
    }

    /// The project files `file` imports or re-exports from (packages and unknown files left out).
    public func importedFiles(of file: FileID) -> Dictionary<String, FileID>.Values {
        if tracksInputs { InputTracker.current?.files.insert(file.raw) }
        return resolvedSpecifiers[file.index].values
    }

    // MARK: - Queries

    /// What an expression in `file` evaluates to.
    public func value(of expr: NodeID, in file: FileID) -> ProjectValue? {
        var budget = maxSteps
        return evaluate(expr, in: file, budget: &budget)
    }

    /// The value a module exports under `name` ("default" for the default export), through re-exports.
    public func exportedValue(_ name: String, of file: FileID) -> ProjectValue? {
        var budget = maxSteps
        var visited = ExportVisits()
        return export(name, of: file, budget: &budget, visited: &visited)
    }

    /// The value of a whole module: its CommonJS `module.exports` / `export =` value, else its namespace.
    public func moduleValue(of file: FileID) -> ProjectValue {
        var budget = maxSteps
        return moduleValue(file, budget: &budget)
    }

    /// The function an expression calls or passes, if it is a known project function (methods included).
    public func function(of expr: NodeID, in file: FileID) -> ProjectNode? {
        guard case .function(let n)? = value(of: expr, in: file) else { return nil }
        return n
    }

    /// Methods of a class (own and inherited), by name.
    public func method(_ name: String, ofClass cls: ProjectNode) -> ProjectNode? {
        var budget = maxSteps
        return method(name, of: cls, budget: &budget)
    }

    // MARK: - Evaluation

    /// - Parameter importless: the caller knows `expr` is no member chain rooted at a project import
    ///   (`importValue` found none for a longer chain with this one as its object: see `ImportLookup`).
    func evaluate(_ expr: NodeID, in file: FileID, budget: inout Int, importless: Bool = false) -> ProjectValue? {
        guard budget > 0 else { return nil }
        budget -= 1
        let sem = semantics(file)
        let tree = sem.tree
        let e = sem.tree.unwrap(expr)
        switch tree[e] {
        case .functionDeclaration, .functionExpression, .arrowFunction:
            return .function(ProjectNode(file: file, node: e))
        case .classDeclaration, .classExpression:
            return .classValue(ProjectNode(file: file, node: e))
        case .objectExpression:
            return .object(ProjectNode(file: file, node: e))
        case .new(let callee, _, _):
            switch evaluate(callee, in: file, budget: &budget) {
            case .classValue(let c)?: return .instance(c)
            // `new Server()` of a constructor function with prototype methods
            case .function(let f)? where classTable(f) != nil: return .instance(f)
            default: return nil
            }
        case .await(let argument):
            return evaluate(argument, in: file, budget: &budget)
        case .assignment(.assign, _, let right):
            // `var cs = module.exports = { ... }`: an assignment's value is its right side
            return evaluate(right, in: file, budget: &budget)
        case .importExpression(let source, _):
            // `await import('./m.js')`: the module's namespace
            guard let spec = sem.literalString(source), let target = resolveSpecifier(spec, from: file) else { return nil }
            return .module(target)
        case .thisExpression:
            return thisValue(at: e, in: file)
        case .identifier:
            guard let b = sem.binding(for: e) else {
                // CommonJS `exports`: this module's exports
                return tree.nameIs(e, "exports") && sem.isGlobalReference(e) ? .module(file) : nil
            }
            return evaluate(binding: b, in: file, budget: &budget)
        case .member(let object, _, _, _):
            guard let name = sem.memberName(e) else { return nil }
            // `module.exports` (and `const api = module.exports; api.list()`): this module's exports
            if name == "exports", tree.kind(tree.unwrap(object)) == .identifier, tree.nameIs(tree.unwrap(object), "module"),
               sem.isGlobalReference(tree.unwrap(object))
            {
                return .module(file)
            }
            // A chain `a.b.c.d` asks its prefixes in turn (`a.b.c`, then `a.b`): once a chain is known to
            // root at no project import, its prefixes are too, and their origin is not followed again.
            var prefixImportless = false
            if !importless {
                switch importValue(e, in: file, budget: &budget) {
                case .value(let imported): return imported
                case .notFound(let prefixesToo): prefixImportless = prefixesToo
                }
            }
            guard let base = evaluate(object, in: file, budget: &budget, importless: prefixImportless) else { return nil }
            return member(name, of: base, budget: &budget)
        case .call(let callee, _, let args, _):
            if sem.isRequireCall(e) {
                guard let first = tree.list(args).first, let spec = sem.literalString(first),
                      let target = resolveSpecifier(spec, from: file) else { return nil }
                return moduleValue(target, budget: &budget)
            }
            // f.bind(x) is f
            let c = sem.tree.unwrap(callee)
            if case .member(let object, _, _, _) = tree[c], sem.memberName(c) == "bind",
               case .function(let f)? = evaluate(object, in: file, budget: &budget) {
                return .function(f)
            }
            if case .identifier = tree[c], FileSemantics.interopHelpers.contains(tree.name(of: c)),
               let first = tree.list(args).first {
                return evaluate(first, in: file, budget: &budget)
            }
            // `enabledCheck(fn)`, `makeHandler(opts)`: the one function the callee returns
            if case .function(let w)? = evaluate(callee, in: file, budget: &budget) {
                let returned = returnedFunctions(of: w)
                if returned.count == 1 { return .function(ProjectNode(file: w.file, node: returned[0])) }
                return nil
            }
            // a package's `coroutine(function* (req, res) {...})`, `promisify(fn)`: the function given
            if let first = tree.list(args).first, sem.isFunctionWrapper(c) {
                return evaluate(first, in: file, budget: &budget)
            }
            return nil
        default:
            return nil
        }
    }

    /// The functions a project function returns (FileSemantics.returnedFunctions).
    func returnedFunctions(of fn: ProjectNode) -> [NodeID] {
        semantics(fn.file).returnedFunctions(of: fn.node)
    }

    func evaluate(binding b: BindingID, in file: FileID, budget: inout Int) -> ProjectValue? {
        guard let memo = EvaluationMemo.current else { return evaluateBinding(b, in: file, budget: &budget) }
        // The value of a binding depends on nothing but the binding and the budget: an evaluation that
        // ended with budget left never ran out, so with more budget than it spent it goes the same way,
        // and its answer and cost are reused.
        let key = UInt64(UInt32(bitPattern: file.raw)) << 32 | UInt64(UInt32(bitPattern: b.raw))
        if let known = memo.bindings[key], budget > known.steps {
            budget -= known.steps
            return known.value
        }
        let before = budget
        let value = evaluateBinding(b, in: file, budget: &budget)
        if budget > 0 { memo.bindings.insert(key, (value, before - budget)) }
        return value
    }

    private func evaluateBinding(_ b: BindingID, in file: FileID, budget: inout Int) -> ProjectValue? {
        // every step spends budget: binding -> type annotation -> binding cycles end here, not in the stack
        guard budget > 0 else { return nil }
        budget -= 1
        let sem = semantics(file)
        // the binding's fields read one by one (`binding(_:)` would also look up its destructuring path)
        let binding = (kind: sem.kind(of: b), declarationNode: sem.declarationNode(of: b), declaration: sem.declaration(of: b))
        switch binding.kind {
        case .import, .importEquals:
            guard let (spec, path) = sem.importOf(b), let target = resolveSpecifier(spec, from: file) else {
                return nil
            }
            return walk(path, from: target, budget: &budget)
        case .parameter:
            // a typed parameter (`constructor(private users: UsersService)`, `(svc: Service) => ...`), or
            // a constructor's parameter that every construction of the class passes the same value
            if let typed = typedInstance(binding.declarationNode, in: file, budget: &budget) { return typed }
            if let injected = constructorArgument(binding.declarationNode, in: file, budget: &budget) { return injected }
            return callArgument(binding.declarationNode, in: file, budget: &budget)
        case .function, .class, .functionExpressionName, .classExpressionName:
            return evaluate(binding.declaration, in: file, budget: &budget)
        case .var, .let, .const, .using:
            guard let v = sem.constantValue(of: b) else {
                return typedInstance(binding.declarationNode, in: file, budget: &budget)
            }
            guard var value = evaluate(v.expression, in: file, budget: &budget) else {
                // destructured from a local literal
                if !v.path.isEmpty, let node = sem.valueNode(of: b), node != v.expression {
                    return evaluate(node, in: file, budget: &budget)
                }
                return nil
            }
            for key in v.path {
                guard let next = member(key, of: value, budget: &budget) else { return nil }
                value = next
            }
            return value
        default:
            return nil
        }
    }

    /// The value a plain constructor parameter gets: `constructor(User, AuthService) { this.AuthService =
    /// AuthService }` with `new UsersController(User, AuthService)` (dependency injection by hand). The
    /// constructions are found by the class's name; each must construct this class, and those whose
    /// argument evaluates must agree on one value.
    func constructorArgument(_ param: NodeID, in file: FileID, budget: inout Int) -> ProjectValue? {
        let tree = semantics(file).tree
        // first the shape (a parameter of a method's function expression), which most parameters fail,
        // before the function's parameters are listed
        var p = param
        if let up = tree.parent(p), tree.kind(up) == .assignmentPattern { p = up }
        guard let f = tree.parent(p), tree.kind(f) == .functionExpression, let m = tree.parent(f),
              tree.kind(m) == .methodDefinition else { return nil }
        guard let (fn, position) = parameterPosition(param, in: file), tree.kind(fn) == .functionExpression,
              let method = tree.parent(fn), case .methodDefinition(_, _, _, .constructor, _) = tree[method],
              let body = tree.parent(method), let cls = tree.parent(body) else { return nil }
        let className: NodeID?
        switch tree[cls] {
        case .classDeclaration(_, let id, _, _, _, _, _, _), .classExpression(_, let id, _, _, _, _, _, _): className = id
        default: return nil
        }
        guard let className else { return nil }
        let name = tree.name(of: className)
        if tracksInputs { InputTracker.current?.names.insert("new " + name) }
        guard let sites = newSitesByName[name] else { return nil }
        let target = ProjectValue.classValue(ProjectNode(file: file, node: cls))
        return agreedArgument(position, at: sites.prefix(16), budget: &budget) { site, stree, budget in
            if tracksInputs { InputTracker.current?.files.insert(site.file.raw) }
            guard case .new(let callee, _, let args) = stree[site.node],
                  evaluate(callee, in: site.file, budget: &budget) == target else { return nil }
            return args
        }
    }

    /// The value a plain function parameter gets from the calls the call graph knows, once it is built
    /// (while it is built, nothing): `module.exports = function (app, middleware, controllers) {...}`
    /// called as `metaRoutes(router, middleware, controllers)`. Calls whose argument evaluates must agree.
    func callArgument(_ param: NodeID, in file: FileID, budget: inout Int) -> ProjectValue? {
        guard !callGraph.edges.isEmpty, let (fn, position) = parameterPosition(param, in: file) else { return nil }
        let sites = callGraph.callers(of: ProjectNode(file: file, node: fn)).filter { $0.kind == .call }
            .prefix(16).map { ProjectNode(file: $0.caller.file, node: $0.site) }
        return agreedArgument(position, at: sites[...], budget: &budget) { site, stree, _ in
            guard case .call(let callee, _, let args, _) = stree[site.node] else { return nil }
            // `f.call(self, a)` and `f.apply(self, args)` shift or pack the arguments
            if case .member(_, let property, false, _) = stree[stree.unwrap(callee)],
               ["call", "apply", "bind"].contains(stree.name(of: property)) { return nil }
            return args
        }
    }

    /// The function a parameter belongs to and its position among the parameters (`x = 1` defaults too).
    func parameterPosition(_ param: NodeID, in file: FileID) -> (function: NodeID, position: Int)? {
        let sem = semantics(file)
        let tree = sem.tree
        var p = param
        if let up = tree.parent(p), tree.kind(up) == .assignmentPattern { p = up }
        guard let fn = tree.parent(p), tree.kind(fn).isFunction, let params = tree.functionParts(fn)?.params else {
            return nil
        }
        // the position among the parameters, read from the tree's list (as `function(_:)` lists them)
        var position = 0
        for q in params {
            if q == p { return (fn, position) }
            position += 1
        }
        return nil
    }

    /// The one value the argument at `position` has at every site whose argument evaluates; nil when two
    /// sites disagree or none says. `arguments` gives a site's argument list, or nil to skip the site.
    func agreedArgument(_ position: Int, at sites: ArraySlice<ProjectNode>, budget: inout Int,
                        arguments: (ProjectNode, SyntaxTree, inout Int) -> NodeList?) -> ProjectValue? {
        var found: ProjectValue?
        for site in sites {
            guard budget > 0 else { return nil }
            let stree = semantics(site.file).tree
            guard let args = arguments(site, stree, &budget) else { continue }
            let list = stree.list(args)
            guard list.count > position, !list.prefix(position + 1).contains(where: { stree.kind($0) == .spreadElement }),
                  let value = evaluate(list[list.startIndex + position], in: site.file, budget: &budget) else { continue }
            if let found, found != value { return nil }
            found = value
        }
        return found
    }

    /// What `importValue` found for a member chain.
    enum ImportLookup {
        case value(ProjectValue)
        /// No value; `prefixesToo` when the chain's object (a shorter chain) has none either, without
        /// asking: the chain roots at no import of a project file, and no step budget was spent on it.
        /// That holds when the chain's origin is no module, or a module that resolves to no project file,
        /// and following it did not run out of budget: `origin(a.b)` follows `origin(a)` on the way, with
        /// one step less of a budget it did not exhaust, so `a`'s origin is the same (or none) when asked
        /// alone. A chain whose import walk failed says nothing of its prefixes.
        case notFound(prefixesToo: Bool)
    }

    /// A member chain whose root is an import (`ns.a.b`): resolved through the import's path.
    func importValue(_ member: NodeID, in file: FileID, budget: inout Int) -> ImportLookup {
        let sem = semantics(file)
        let (origin, exhausted) = sem.importOrigin(member)
        guard case .module(let spec, let path)? = origin, let target = resolveSpecifier(spec, from: file) else {
            return .notFound(prefixesToo: !exhausted)
        }
        if let value = walk(path, from: target, budget: &budget) { return .value(value) }
        return .notFound(prefixesToo: false)
    }

    func walk(_ path: [String], from target: FileID, budget: inout Int) -> ProjectValue? {
        var value: ProjectValue = path.isEmpty ? moduleValue(target, budget: &budget) : .module(target)
        for key in path {
            guard let next = member(key, of: value, budget: &budget) else { return nil }
            value = next
        }
        return value
    }

    func moduleValue(_ file: FileID, budget: inout Int) -> ProjectValue {
        let sem = semantics(file)
        let last = exportIndexes[file.index].moduleObject
        if last >= 0, let v = sem.exports[Int(last)].value, let value = evaluate(v, in: file, budget: &budget) {
            return value
        }
        return .module(file)
    }

    func member(_ name: String, of base: ProjectValue, budget: inout Int) -> ProjectValue? {
        guard budget > 0 else { return nil }
        budget -= 1
        switch base {
        case .module(let f):
            let key = HashedName(name)
            guard let memo = EvaluationMemo.current else {
                var visited = ExportVisits()
                return export(key, of: f, budget: &budget, visited: &visited)
            }
            // A module's export under a name depends on nothing but the two and the budget (a lookup starts
            // with no module visited): reused as a binding's value is (`evaluate(binding:in:budget:)`).
            let memoKey = ExportKey(file: f, name: key)
            if let known = memo.exports[memoKey], budget > known.steps {
                budget -= known.steps
                return known.value
            }
            let before = budget
            var visited = ExportVisits()
            let value = export(key, of: f, budget: &budget, visited: &visited)
            if budget > 0 { memo.exports[memoKey] = (value, before - budget) }
            return value
        case .object(let n):
            let sem = semantics(n.file)
            guard let v = sem.staticMember(of: n.node, name) ?? objectFields[n.file.index][n.node]?[name] else { return nil }
            return evaluate(v, in: n.file, budget: &budget)
        case .classValue(let c):
            guard let table = classTable(c) else { return nil }
            if let m = table.staticMethods[name] { return .function(ProjectNode(file: c.file, node: m)) }
            return nil
        case .instance(let c):
            if let m = method(name, of: c, budget: &budget) { return .function(m) }
            return field(name, of: c, budget: &budget)
        case .function(let f):
            // fn.call / fn.apply / fn.bind keep the function
            if name == "call" || name == "apply" || name == "bind" { return .function(f) }
            return nil
        }
    }

    /// The functions an object literal or a module holds as its own members: what `handlers[name](req)`
    /// may call. Nil when there are more than `limit` (too many to say which one runs) or none.
    func functionMembers(of base: ProjectValue, limit: Int, budget: inout Int) -> [ProjectNode]? {
        var out: [ProjectNode] = []
        func consider(_ value: ProjectValue?) -> Bool {
            if case .function(let f)? = value, !out.contains(f) { out.append(f) }
            return out.count <= limit && budget > 0
        }
        switch base {
        case .module(let f):
            let exports = semantics(f).exports
            var names: [String] = []
            for i in exports.indices where !exports[i].typeOnly && !exports[i].name.isEmpty && exports[i].name != "*" {
                if exports[i].kind == .named || exports[i].kind == .commonJSProperty, !names.contains(exports[i].name) {
                    names.append(exports[i].name)
                }
            }
            for name in names {
                var visited = ExportVisits()
                guard consider(export(name, of: f, budget: &budget, visited: &visited)) else { return nil }
            }
        case .object(let n):
            let sem = semantics(n.file)
            guard case .objectExpression(let properties) = sem.tree[n.node] else { return nil }
            for p in sem.tree.list(properties) {
                guard case .property(_, let v, _, _) = sem.tree[p] else { continue }
                guard consider(evaluate(v, in: n.file, budget: &budget)) else { return nil }
            }
        default:
            return nil
        }
        return out.isEmpty ? nil : out
    }

    /// A name with its String hash worked out once. An export lookup asks each module it follows (every
    /// `export * from` of a barrel file, each re-export) for the same name, and hashing a String costs far
    /// more than probing a table with a hash already known. Equal names (as Swift compares Strings) have
    /// equal String hashes, so the stored hash stands for the name's.
    struct HashedName: Hashable {
        let name: String
        let hash: Int

        init(_ name: String) {
            self.name = name
            hash = name.hashValue
        }

        static func == (a: HashedName, b: HashedName) -> Bool { a.hash == b.hash && a.name == b.name }

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    }

    /// A (file, exported name) pair already asked for in one export lookup.
    struct ExportKey: Hashable {
        let file: FileID
        let name: HashedName
    }

    /// The (file, name) pairs one export lookup asked for: a lookup follows a few re-exports (each costs
    /// a step of its budget), so a list searched in order does what a hashed set would, without hashing
    /// a name or allocating for the first pair.
    struct ExportVisits {
        private var first: ExportKey?
        private var more: [ExportKey] = []

        /// Adds a pair; false when it was there already.
        mutating func insert(_ key: ExportKey) -> Bool {
            guard let f = first else {
                first = key
                return true
            }
            if f == key || more.contains(key) { return false }
            more.append(key)
            return true
        }
    }

    func export(_ name: String, of file: FileID, budget: inout Int, visited: inout ExportVisits) -> ProjectValue? {
        export(HashedName(name), of: file, budget: &budget, visited: &visited)
    }

    func export(_ key: HashedName, of file: FileID, budget: inout Int, visited: inout ExportVisits) -> ProjectValue? {
        guard budget > 0, visited.insert(ExportKey(file: file, name: key)) else { return nil }
        let name = key.name
        budget -= 1
        let sem = semantics(file)
        let exports = sem.exports
        let index = exportIndexes[file.index]
        // Indexes, not records: only the records named `name` are copied out.
        for i in index.byName[key] ?? [] {
            let record = exports[Int(i)]
            guard record.kind != .reexportAll, !record.typeOnly else { continue }
            if record.source != nil {
                // (`resolveSpecifier(source, from: file)`, read when the index was built)
                let t = index.targets[Int(i)]
                guard t >= 0 else { return nil }
                let target = FileID(t)
                guard let imported = record.importedName else { return moduleValue(target, budget: &budget) }
                return export(imported, of: target, budget: &budget, visited: &visited)
            }
            if let v = record.value, let value = evaluate(v, in: file, budget: &budget) { return value }
            if let b = record.binding, let value = evaluate(binding: b, in: file, budget: &budget) { return value }
        }
        if index.moduleObject >= 0, let v = exports[Int(index.moduleObject)].value {
            guard let object = evaluate(v, in: file, budget: &budget) else { return nil }
            if name == "default" { return object }
            if case .module = object { return nil }
            return member(name, of: object, budget: &budget)
        }
        if name == "default" { return nil }
        for i in index.reexportAll {
            let t = index.targets[Int(i)]
            guard t >= 0 else { continue }
            if let value = export(key, of: FileID(t), budget: &budget, visited: &visited) { return value }
        }
        return nil
    }

    // MARK: - Classes

    func method(_ name: String, of cls: ProjectNode, budget: inout Int) -> ProjectNode? {
        var current: ProjectNode? = cls
        while let c = current, budget > 0 {
            budget -= 1
            guard let table = classTable(c) else { return nil }
            if let m = table.methods[name] { return ProjectNode(file: c.file, node: m) }
            guard let sup = table.superClass, case .classValue(let s)? = evaluate(sup, in: c.file, budget: &budget)
            else { return nil }
            current = s
        }
        return nil
    }

    func field(_ name: String, of cls: ProjectNode, budget: inout Int) -> ProjectValue? {
        guard let table = classTable(cls) else { return nil }
        if let t = table.fieldTypes[name], let v = instance(ofType: t, in: cls.file, budget: &budget) { return v }
        for v in table.fieldValues[name] ?? [] {
            if let value = evaluate(v, in: cls.file, budget: &budget) { return value }
        }
        if let sup = table.superClass, case .classValue(let s)? = evaluate(sup, in: cls.file, budget: &budget) {
            return field(name, of: s, budget: &budget)
        }
        return nil
    }

    /// `this` in a class method is an instance of the class; in an object-literal method, the object.
    func thisValue(at node: NodeID, in file: FileID) -> ProjectValue? {
        let sem = semantics(file)
        let tree = sem.tree
        var fn = sem.tree.enclosingFunction(of: node)
        var steps = 0
        while let f = fn, tree.kind(f) == .arrowFunction, steps < 64 {
            // an arrow in a class field: `handle = () => this.run()`
            if let p = tree.parent(f), case .propertyDefinition(_, _, _, _, let modifiers) = tree[p],
               let body = tree.parent(p), let cls = tree.parent(body) {
                let c = ProjectNode(file: file, node: cls)
                return modifiers.contains(.static) ? .classValue(c) : .instance(c)
            }
            fn = sem.tree.enclosingFunction(of: f)
            steps += 1
        }
        guard let f = fn, let p = tree.parent(f) else { return nil }
        if let owner = Self.functionOwner(f, sem), classTable(ProjectNode(file: file, node: owner)) != nil {
            return .instance(ProjectNode(file: file, node: owner))
        }
        switch tree[p] {
        case .methodDefinition(_, _, _, _, let modifiers):
            guard let body = tree.parent(p), let cls = tree.parent(body) else { return nil }
            let c = ProjectNode(file: file, node: cls)
            return modifiers.contains(.static) ? .classValue(c) : .instance(c)
        case .property:
            guard let object = tree.parent(p), tree.kind(object) == .objectExpression else { return nil }
            return .object(ProjectNode(file: file, node: object))
        default:
            return nil
        }
    }

    /// The instance a type annotation names: `x: UsersService` (a class, local or imported).
    func instance(ofType typeNode: NodeID, in file: FileID, budget: inout Int) -> ProjectValue? {
        guard budget > 0 else { return nil }
        budget -= 1
        let sem = semantics(file)
        let tree = sem.tree
        var t = typeNode
        if case .tsTypeAnnotation(let inner) = tree[t] { t = inner }
        guard case .tsTypeReference(let name, _) = tree[t] else { return nil }
        var value: ProjectValue?
        switch tree[name] {
        case .identifier:
            // a type names a class, an import, an enum or a namespace; never a parameter or a variable
            // (`(connection: connection)` names a type called `connection`, not the parameter itself)
            if let b = sem.binding(for: name), Self.canNameType(sem.binding(b).kind) {
                value = evaluate(binding: b, in: file, budget: &budget)
            }
        case .tsQualifiedName(let left, let right):
            guard case .identifier = tree[left], let b = sem.binding(for: left),
                  let base = evaluate(binding: b, in: file, budget: &budget) else { return nil }
            value = member(tree.name(of: right), of: base, budget: &budget)
        default:
            return nil
        }
        if case .classValue(let c)? = value { return .instance(c) }
        // by declared name: the one project class of that name, or the one class implementing that interface
        var last = name
        while case .tsQualifiedName(_, let right) = tree[last] { last = right }
        let typeName = tree.name(of: last)
        if value == nil || sem.binding(for: name).map({ sem.binding($0).kind == .import }) == true {
            let known = classes(named: typeName)
            if let classes = known.declared, classes.count == 1 { return .instance(classes[0]) }
            if let classes = known.implementing, classes.count == 1 { return .instance(classes[0]) }
        }
        return nil
    }

    static func canNameType(_ kind: BindingKind) -> Bool {
        switch kind {
        case .parameter, .catchParameter, .var, .let, .const, .using, .function, .functionExpressionName, .tsEnumMember:
            return false
        default: return true
        }
    }

    func typedInstance(_ identifier: NodeID, in file: FileID, budget: inout Int) -> ProjectValue? {
        let tree = semantics(file).tree
        guard case .identifier(let annotation?, _) = tree[identifier] else { return nil }
        return instance(ofType: annotation, in: file, budget: &budget)
    }

    /// What one pass over a file's nodes finds for evaluation: the members assigned to an object literal
    /// through the variable it initialises, first assignment per name (`var api = {}; api.list = function
    /// () {...}`, the CommonJS module-object pattern), and `new Name(...)` constructions with arguments by
    /// the name written as the callee (`new UsersController(...)`, `new services.Auth(...)`).
    struct MemberSites {
        var objectFields: [NodeID: [String: NodeID]] = [:]
        var constructions: [(name: String, node: NodeID)] = []
    }

    /// The nodes of a file that `classTables`, `memberSites` and the call graph's builder read, each list
    /// in node order: classes (declarations and expressions), assignments, and calls with `new`
    /// expressions (one list: the call sites of the graph's edges). Each kind is found by a byte search over
    /// the tree's kinds (`SyntaxTree.nodes(ofKind:)`), not by reading every node's kind, and two kinds that
    /// share a list are merged in node order.
    struct SiteNodes {
        var classes: [NodeID] = []
        var assignments: [NodeID] = []
        var calls: [NodeID] = []

        init(_ tree: SyntaxTree) {
            classes = Self.merged(Array(tree.nodes(ofKind: .classDeclaration)), Array(tree.nodes(ofKind: .classExpression)))
            assignments = Array(tree.nodes(ofKind: .assignment))
            calls = Self.merged(Array(tree.nodes(ofKind: .call)), Array(tree.nodes(ofKind: .new)))
        }

        /// Two lists in node order as one.
        static func merged(_ a: [NodeID], _ b: [NodeID]) -> [NodeID] {
            if b.isEmpty { return a }
            if a.isEmpty { return b }
            var out: [NodeID] = []
            out.reserveCapacity(a.count + b.count)
            var i = 0, j = 0
            while i < a.count, j < b.count {
                if a[i] < b[j] {
                    out.append(a[i])
                    i += 1
                } else {
                    out.append(b[j])
                    j += 1
                }
            }
            out += a[i...]
            out += b[j...]
            return out
        }
    }

    static func memberSites(of sem: FileSemantics, _ nodes: SiteNodes, constructions: Bool) -> MemberSites {
        let tree = sem.tree
        var out = MemberSites()
        // (assignments and constructions fill separate tables: one pass over each kind gives what one pass
        // over every node did)
        for id in nodes.assignments {
            guard case .assignment(.assign, let left, let right) = tree[id],
                  case .member(let object, _, false, _) = tree[left], tree.kind(object) == .identifier,
                  let name = sem.memberName(left), let b = sem.binding(for: object) else { continue }
            let declared = sem.binding(b).declarationNode
            guard let d = tree.parent(declared), case .variableDeclarator(let target, let initializer?, _) = tree[d],
                  target == declared else { continue }
            let literal = tree.unwrap(initializer)
            guard tree.kind(literal) == .objectExpression, out.objectFields[literal]?[name] == nil else { continue }
            out.objectFields[literal, default: [:]][name] = right
        }
        guard constructions else { return out }
        for id in nodes.calls where tree.kind(id) == .new {
            guard case .new(let callee, _, let args) = tree[id], !args.isEmpty else { continue }
            var name = tree.unwrap(callee)
            if case .member(_, let property, false, _) = tree[name] { name = property }
            guard tree.kind(name) == .identifier else { continue }
            out.constructions.append((tree.name(of: name), id))
        }
        return out
    }

    static func classTables(of sem: FileSemantics, _ nodes: SiteNodes) -> [NodeID: ClassTable] {
        let tree = sem.tree
        var tables: [NodeID: ClassTable] = [:]
        for id in nodes.classes {
            let body: NodeID, superClass: NodeID?
            switch tree[id] {
            case .classDeclaration(_, _, _, let s, _, _, let b, _), .classExpression(_, _, _, let s, _, _, let b, _):
                body = b
                superClass = s
            default:
                continue
            }
            guard case .classBody(let members) = tree[body] else { continue }
            var table = ClassTable()
            table.superClass = superClass
            for m in tree.list(members) {
                switch tree[m] {
                case .methodDefinition(_, let key, let value, let kind, let modifiers):
                    guard !modifiers.contains(.computed) || sem.literalString(key) != nil,
                          let name = modifiers.contains(.computed) ? sem.literalString(key) : sem.propertyName(key)
                    else { continue }
                    if kind == .constructor {
                        table.constructor = value
                        // parameter properties: constructor(private readonly users: UsersService)
                        if let info = sem.function(value) {
                            for p in info.params {
                                guard case .tsParameterProperty(_, var param, _) = tree[p] else { continue }
                                if case .assignmentPattern(let left, _) = tree[param] { param = left }
                                if case .identifier(let annotation, _) = tree[param] {
                                    if let annotation { table.fieldTypes[tree.name(of: param)] = annotation }
                                }
                            }
                        }
                    } else if kind == .method {
                        if modifiers.contains(.static) {
                            table.staticMethods[name] = value
                        } else if table.methods[name] == nil {
                            table.methods[name] = value
                        }
                    }
                case .propertyDefinition(_, let key, let typeAnnotation, let value, let modifiers):
                    guard !modifiers.contains(.computed), let name = sem.propertyName(key) else { continue }
                    if let value {
                        let v = sem.tree.unwrap(value)
                        if tree.kind(v).isFunction {
                            if modifiers.contains(.static) { table.staticMethods[name] = v } else { table.methods[name] = v }
                        } else if !modifiers.contains(.static) {
                            table.fieldValues[name, default: []].append(v)
                        }
                    }
                    if let typeAnnotation, !modifiers.contains(.static) { table.fieldTypes[name] = typeAnnotation }
                default:
                    continue
                }
            }
            tables[id] = table
        }
        // constructor functions: `function Server() {}` with `Server.prototype.handle = function () {}`
        // (or `Server.prototype = { handle() {} }`) in the same file
        for id in nodes.assignments {
            guard case .assignment(.assign, let left, let right) = tree[id],
                  case .member(let object, _, false, _) = tree[left] else { continue }
            if let ctor = prototypeOwner(object, sem), let name = sem.memberName(left) {
                // `F.prototype.m = function () {}`, or a function of the file by its name (`F.prototype.m = m`)
                if let v = functionValue(right, sem), tables[ctor]?.methods[name] == nil { tables[ctor, default: ClassTable()].methods[name] = v }
            } else if sem.memberName(left) == "prototype", let ctor = constructorFunction(object, sem) {
                switch tree[tree.unwrap(right)] {
                case .objectExpression(let props):
                    // `F.prototype = { m() {}, n: function () {} }`
                    for p in tree.list(props) {
                        guard case .property(let key, let value, _, let flags) = tree[p], !flags.contains(.computed),
                              let name = sem.propertyName(key), tree.kind(tree.unwrap(value)).isFunction else { continue }
                        tables[ctor, default: ClassTable()].methods[name] = tree.unwrap(value)
                    }
                case .new(let callee, _, _) where tree.kind(tree.unwrap(callee)) == .functionExpression:
                    // `F.prototype = new function () { function handle() {} this.handle = handle }()`: the
                    // `this.m = fn` assignments of that body (below) are F's methods
                    if tables[ctor] == nil { tables[ctor] = ClassTable() }
                default:
                    break
                }
            }
        }
        for (ctor, _) in tables where tree.kind(ctor).isFunction { tables[ctor]?.constructor = ctor }
        // `this.x = value` inside the class's own methods and constructor
        for id in nodes.assignments {
            guard case .assignment(.assign, let left, let right) = tree[id],
                  case .member(let object, _, _, _) = tree[left], tree.kind(object) == .thisExpression,
                  let name = sem.memberName(left) else { continue }
            var fn = sem.tree.enclosingFunction(of: id)
            var steps = 0
            while let f = fn, tree.kind(f) == .arrowFunction, steps < 64 {
                fn = sem.tree.enclosingFunction(of: f)
                steps += 1
            }
            guard let f = fn else { continue }
            if let ctor = prototypeBodyOwner(f, sem), tables[ctor] != nil {
                if let method = functionValue(right, sem) {
                    if tables[ctor]?.methods[name] == nil { tables[ctor]?.methods[name] = method }
                } else {
                    tables[ctor]?.fieldValues[name, default: []].append(right)
                }
                continue
            }
            if let owner = functionOwner(f, sem), tables[owner] != nil {
                tables[owner]?.fieldValues[name, default: []].append(right)
                continue
            }
            guard let method = tree.parent(f), tree.kind(method) == .methodDefinition,
                  let body = tree.parent(method), let cls = tree.parent(body), tables[cls] != nil else { continue }
            tables[cls]?.fieldValues[name, default: []].append(right)
        }
        return tables
    }

    /// The function declaration (or `var F = function`) an identifier names in its own file.
    static func constructorFunction(_ expr: NodeID, _ sem: FileSemantics) -> NodeID? {
        let tree = sem.tree
        let e = tree.unwrap(expr)
        guard tree.kind(e) == .identifier, let b = sem.binding(for: e) else { return nil }
        let binding = sem.binding(b)
        switch binding.kind {
        case .function:
            return tree.kind(binding.declaration) == .functionDeclaration ? binding.declaration : nil
        case .var, .let, .const:
            guard let v = binding.initializer, v.path.isEmpty, !sem.isWritten(b) else { return nil }
            var f = tree.unwrap(v.expression)
            // `var File = exports.File = function (options) {...}`: the constructor exported as it is declared
            var steps = 0
            while case .assignment(.assign, _, let right) = tree[f], steps < 4 {
                f = tree.unwrap(right)
                steps += 1
            }
            return tree.kind(f) == .functionExpression ? f : nil
        default:
            return nil
        }
    }

    /// `F` when `f` is the body of `F.prototype = new function () { ... }()`.
    static func prototypeBodyOwner(_ f: NodeID, _ sem: FileSemantics) -> NodeID? {
        let tree = sem.tree
        guard tree.kind(f) == .functionExpression, let n = tree.parent(f), case .new(let callee, _, _) = tree[n],
              tree.unwrap(callee) == f, let a = tree.parent(n),
              case .assignment(.assign, let left, _) = tree[a], sem.memberName(left) == "prototype",
              case .member(let base, _, false, _) = tree[left] else { return nil }
        return constructorFunction(base, sem)
    }

    /// The function an expression is in its own file: a function or arrow written there, or the name of a
    /// function the file declares or binds (`this.handle = handle`, `F.prototype.get = get` after
    /// `var get = function () {...}`).
    public static func functionValue(_ expr: NodeID, _ sem: FileSemantics) -> NodeID? {
        let tree = sem.tree
        let e = tree.unwrap(expr)
        if tree.kind(e).isFunction { return e }
        guard tree.kind(e) == .identifier, let v = sem.valueNode(for: e) else { return nil }
        let kind = tree.kind(v)
        return kind == .functionDeclaration || kind == .functionExpression || kind == .arrowFunction ? v : nil
    }

    /// `F` in `F.prototype`: the constructor function whose prototype an expression is.
    static func prototypeOwner(_ expr: NodeID, _ sem: FileSemantics) -> NodeID? {
        let tree = sem.tree
        guard case .member(let base, _, false, _) = tree[tree.unwrap(expr)], sem.memberName(tree.unwrap(expr)) == "prototype" else { return nil }
        return constructorFunction(base, sem)
    }

    /// The constructor function whose instance `this` is inside `f`: `f` itself when it has a prototype
    /// table, or `F` when `f` is assigned as `F.prototype.m = f` / sits in `F.prototype = { m: f }`.
    static func functionOwner(_ f: NodeID, _ sem: FileSemantics) -> NodeID? {
        let tree = sem.tree
        guard tree.kind(f) == .functionDeclaration || tree.kind(f) == .functionExpression else { return nil }
        guard let p = tree.parent(f) else { return nil }
        switch tree[p] {
        case .assignment(.assign, let left, _):
            if case .member(let object, _, false, _) = tree[left], let ctor = prototypeOwner(object, sem) { return ctor }
        case .property:
            if let obj = tree.parent(p), let a = tree.parent(obj), case .assignment(.assign, let left, _) = tree[a],
               sem.memberName(left) == "prototype", case .member(let base, _, false, _) = tree[left] {
                return constructorFunction(base, sem)
            }
        default:
            break
        }
        if tree.kind(f) == .functionDeclaration { return f }
        if case .variableDeclarator = tree[p] { return f }
        return nil
    }
}

/// Binding values and modules' exports already evaluated while call edges are found, with the budget each
/// took (thread-specific, like `InputTracker`). Each answer depends on nothing but what was asked and the
/// budget, and one that did not run out of budget is the same with any budget larger than it spent (every
/// step spends budget, and only a step with none left gives up), so which thread did which file before does
/// not change any answer, only how much is reused. While the graph is built the call graph is empty, so no
/// evaluation reads it.
final class EvaluationMemo {
    /// Bindings' values by file and binding (`file << 32 | binding`). One thread uses a memo at a time
    /// (`using`), so its tables are read and written without exclusivity checks.
    @exclusivity(unchecked) var bindings = IntKeyTable<(value: ProjectValue?, steps: Int)>()
    /// Modules' exports by name (`member(_:of:budget:)` of a module value).
    @exclusivity(unchecked) var exports: [ProjectIndex.ExportKey: (value: ProjectValue?, steps: Int)] = [:]

    private static let key: pthread_key_t = {
        var k = pthread_key_t()
        pthread_key_create(&k, nil)
        return k
    }()

    static var current: EvaluationMemo? {
        pthread_getspecific(key).map { Unmanaged<EvaluationMemo>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Runs `body` with this memo in use on the current thread.
    func using<T>(_ body: () -> T) -> T {
        let outer = pthread_getspecific(Self.key)
        pthread_setspecific(Self.key, Unmanaged.passUnretained(self).toOpaque())
        defer { pthread_setspecific(Self.key, outer) }
        return withExtendedLifetime(self) { body() }
    }
}

/// The evaluation memos of the threads building one index's call edges: a file takes one, the next file
/// done on any thread may take it again (at most one per thread at a time, so none is shared).
final class EvaluationMemos: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [EvaluationMemo] = []

    func take() -> EvaluationMemo {
        lock.lock()
        defer { lock.unlock() }
        return idle.popLast() ?? EvaluationMemo()
    }

    func give(_ memo: EvaluationMemo) {
        lock.lock()
        idle.append(memo)
        lock.unlock()
    }

    /// Lets go of every memo (once the edges are found).
    func drain() {
        lock.lock()
        idle = []
        lock.unlock()
    }
}

/// Records what an evaluation reads, for the thread it runs on (a thread-specific pointer, so the
/// evaluation code needs no extra parameter and untracked indexes pay one flag test).
final class InputTracker {
    var files = Set<Int32>()
    var names = Set<String>()

    private static let key: pthread_key_t = {
        var k = pthread_key_t()
        pthread_key_create(&k, nil)
        return k
    }()

    static var current: InputTracker? {
        pthread_getspecific(key).map { Unmanaged<InputTracker>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Runs `body` with this tracker recording its reads on the current thread.
    func recording<T>(_ body: () -> T) -> T {
        let outer = pthread_getspecific(Self.key)
        pthread_setspecific(Self.key, Unmanaged.passUnretained(self).toOpaque())
        defer { pthread_setspecific(Self.key, outer) }
        return withExtendedLifetime(self) { body() }
    }
}
