// Long-lived values of one file, for the leak rules: what outlives a request.
//
// A value is long-lived when it hangs off a binding declared at the top level of the module or of a
// module-level IIFE (`const api = (() => { const cache = new Map(); ... })()`), off a static field of a
// top-level class, off an instance field of a class whose only instances are made at module level (a
// singleton such as `module.exports = new Store()`; a class may be an ES5 constructor function with methods
// on its prototype, and `var self = this` stands for `this`), off `global`/`globalThis`, or off `process`.
// `resolve` turns an expression such as `cache`, `Store.items`, `this.sessions`, `state.users` or
// `globalThis.seen` into a `LeakRef` (a root plus a property path), so that every place that grows,
// evicts or hands out the same value names it the same way.
//
// Names are resolved through JSSemantic's bindings, so a local of the same name shadows the module binding.

import ExecutionModel
import Foundation
import JSSemantic
import JSSyntax
import LintEngine

/// Where a long-lived value hangs.
enum LeakRoot: Hashable, Sendable {
    /// A module-level (or module-level IIFE) binding: its declarator, function, class or import node.
    case binding(NodeID)
    /// A static field of a top-level class (the class node).
    case classStatic(NodeID)
    /// An instance field of a singleton class (the class node).
    case instance(NodeID)
    /// `global.x` / `globalThis.x`.
    case global
    case process
    /// A field of the instances of a class or constructor function (its node) that is not a singleton: the
    /// objects a library hands to its caller (LeakHeldContainers).
    case held(NodeID)
    /// A container a factory declares and the function it returns closes over (its declarator).
    case closure(NodeID)
}

struct LeakRef: Hashable, Sendable {
    let root: LeakRoot
    let path: [String]

    func appending(_ p: String) -> LeakRef { LeakRef(root: root, path: path + [p]) }
}

/// A name declared at the top of a long-lived scope.
struct LeakDecl: Sendable {
    enum Kind: Sendable, Equatable {
        case const, `let`, `var`, function, `class`
        /// An import or `require` of `module` (export nil: the module object).
        case `import`(module: String, export: String?)
    }

    let node: NodeID
    let kind: Kind
    let initializer: NodeID?
}

/// The names declared at the top of one long-lived scope, sorted by name (the first declaration of a
/// name kept): a dictionary's buckets took about twice the room, and the scan keeps one per file.
struct LeakDeclTable: Sendable {
    private(set) var names: [String] = []
    /// Beside `names`.
    private(set) var values: [LeakDecl] = []

    /// The table of `declared` (in declaration order), keeping the first of each name.
    init(_ declared: [(name: String, decl: LeakDecl)]) {
        guard !declared.isEmpty else { return }
        // the names apart: the comparisons read them without copying each (name, declaration) pair
        let keys = declared.map(\.name)
        let order = keys.withUnsafeBufferPointer { k in
            declared.indices.sorted { a, b in k[a] != k[b] ? k[a] < k[b] : a < b }
        }
        var names: [String] = [], values: [LeakDecl] = []
        names.reserveCapacity(order.count)
        values.reserveCapacity(order.count)
        for i in order where names.last != declared[i].name {
            names.append(declared[i].name)
            values.append(declared[i].decl)
        }
        // exact-size: kept for the whole scan
        self.names = names.count == order.count ? names : names.withUnsafeBufferPointer { Array($0) }
        self.values = values.count == order.count ? values : values.withUnsafeBufferPointer { Array($0) }
    }

    init() {}

    subscript(name: String) -> LeakDecl? {
        var lo = 0, hi = names.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if names[mid] < name { lo = mid + 1 } else { hi = mid }
        }
        return lo < names.count && names[lo] == name ? values[lo] : nil
    }
}

/// What a container is made of.
enum LeakContainerKind: Sendable, Hashable {
    case map, set, object, array
    /// node-cache or keyv made without a default TTL.
    case ttlCache(String)

    var noun: String {
        switch self {
        case .map: return "Map"
        case .set: return "Set"
        case .object: return "object"
        case .array: return "array"
        case .ttlCache(let name): return "\(name) without a TTL"
        }
    }
}

final class LeakScopes: @unchecked Sendable {
    let tree: SyntaxTree
    let semantic: FileSemantics
    /// Top-level declarations of the module.
    private(set) var program = LeakDeclTable()
    /// Top-level declarations of each module-level IIFE's body, by function node.
    private(set) var iifes: [NodeID: LeakDeclTable] = [:]
    /// Top-level classes by name.
    private(set) var classes: [String: NodeID] = [:]
    /// Classes whose instances are all made at module level.
    private(set) var singletons: Set<NodeID> = []
    /// Exported classes whose instances in this file are all made at module level: singletons too when
    /// no other module of the scan refers to them but to make a module-level instance (`all` decides).
    private(set) var exportedSingletonCandidates: Set<NodeID> = []
    /// Exported classes this file never instantiates: singletons too when the other modules of the scan make
    /// them only at module level, and at least once (`all` decides).
    private(set) var madeElsewhereCandidates: Set<NodeID> = []
    /// Assignments whose target resolves to a long-lived value, by that value.
    private(set) var assignments: [LeakRef: [NodeID]] = [:]

    /// The tables of the file's container usage (`containerUsage()`), once built; kept as tables, not as a
    /// `LeakContainerUsage`, which holds these scopes.
    private var usageTables: LeakContainerUsage.Tables?
    private let usageLock = NSLock()

    /// How the file uses its long-lived containers (`LeakContainerUsage` without held containers): built on
    /// the first rule pass that asks and shared with the others (request paths, expiring caches).
    func containerUsage() -> LeakContainerUsage {
        usageLock.lock()
        defer { usageLock.unlock() }
        if let tables = usageTables { return LeakContainerUsage(scopes: self, tables: tables) }
        let usage = LeakContainerUsage(scopes: self)
        usageTables = usage.tables
        return usage
    }

    /// Calls `body` for each unit of the scan with its long-lived values, on the scan's threads, handing it
    /// the context to report through: the findings are kept in path order (`ProjectContext.forEach`).
    static func forEachUnit(_ ctx: ProjectContext, _ body: @escaping (SourceUnit, LeakScopes, ProjectContext) -> Void) {
        forEachUnit(ctx, where: { _ in true }, body)
    }

    /// `forEachUnit` for the units `included` accepts.
    static func forEachUnit(_ ctx: ProjectContext, where included: (SourceUnit) -> Bool,
                            _ body: @escaping (SourceUnit, LeakScopes, ProjectContext) -> Void) {
        let scopes = all(ctx)
        let units = ctx.units.filter { $0.index < scopes.count && included($0) }
        ctx.forEach(units.count) { i, unitContext in body(units[i], scopes[units[i].index], unitContext) }
    }

    /// One per unit of the scan (by `SourceUnit.index`), built once and shared by the leak rules.
    static let key = AnalysisKey<[LeakScopes]>("leaks.scopes", rulesOnly: true)

    static func all(_ ctx: ProjectContext) -> [LeakScopes] {
        ctx.memo(key) {
            let units = ctx.units
            let scopes = ParallelMap.map(count: units.count, jobs: ctx.jobs) { LeakScopes(semantic: units[$0].semantic) }
            confirmExportedSingletons(ctx, scopes)
            return scopes
        }
    }

    /// Promotes each exported singleton candidate that the other modules of the scan import only to make
    /// module-level instances of (or not at all); one reference anywhere else (a `new` inside a function,
    /// `extends`, a value passed around) keeps it a class that may have per-request instances.
    private static func confirmExportedSingletons(_ ctx: ProjectContext, _ scopes: [LeakScopes]) {
        var exportedClass: [Int: [String: NodeID]] = [:]
        for (u, s) in scopes.enumerated() where !s.exportedSingletonCandidates.isEmpty || !s.madeElsewhereCandidates.isEmpty {
            var byName: [String: NodeID] = [:]
            for (exported, local) in exports(s.tree) {
                if let c = s.classes[local], s.exportedSingletonCandidates.contains(c) || s.madeElsewhereCandidates.contains(c) {
                    byName[exported] = c
                }
            }
            if !byName.isEmpty { exportedClass[u] = byName }
        }
        // Without request entry points nothing is reported under a singleton's methods, and the project
        // index is not built for this alone.
        guard !exportedClass.isEmpty, let functions = RequestPaths.of(ctx).functions else { return }
        // each importing module is read on the scan's threads: (unit, class, made at module level) per reference
        let perUnit = ParallelMap.map(count: scopes.count, jobs: ctx.jobs) { u -> [(Int, NodeID, Bool)] in
            guard u < functions.fileOfUnit.count, let file = functions.fileOfUnit[u] else { return [] }
            let s = scopes[u]
            var imported: [NodeID: (unit: Int, cls: NodeID)] = [:]
            for decl in s.program.values {
                guard case .import(let module, let export) = decl.kind,
                      let target = functions.index.resolveSpecifier(module, from: file), target.index < functions.unitOfFile.count else { continue }
                let t = functions.unitOfFile[target.index]
                guard t != u, let cls = exportedClass[t]?[export ?? "default"] else { continue }
                imported[decl.node] = (t, cls)
            }
            guard !imported.isEmpty else { return [] }
            var out: [(Int, NodeID, Bool)] = []
            let tree = s.tree
            // what `declaration(of:)` gives, by binding (it depends on the binding alone): asked once per binding,
            // kept in a table indexed by the binding (0: not asked yet, 1: none, k + 2: `targets[k]`)
            var targetOf = [Int32](repeating: 0, count: s.semantic.bindingCount)
            var targets: [(unit: Int, cls: NodeID)] = []
            for n in 0..<tree.count {
                let id = NodeID(Int32(n))
                guard tree.kind(id) == .identifier, let b = s.semantic.binding(for: id) else { continue }
                let known: (unit: Int, cls: NodeID)?
                let slot = Int(b.raw)
                if slot >= 0, slot < targetOf.count, targetOf[slot] != 0 {
                    known = targetOf[slot] == 1 ? nil : targets[Int(targetOf[slot]) - 2]
                } else {
                    known = s.declaration(of: id).flatMap { imported[$0.node] }
                    if slot >= 0, slot < targetOf.count {
                        if let known {
                            targets.append(known)
                            targetOf[slot] = Int32(targets.count + 1)
                        } else {
                            targetOf[slot] = 1
                        }
                    }
                }
                guard let target = known, s.semantic.binding(b).declarationNode != id else { continue }
                if let parent = tree.parent(id), case .new(let callee, _, _) = tree[parent], callee == id, s.semantic.isModuleLevel(parent) {
                    out.append((target.unit, target.cls, true))
                } else {
                    out.append((target.unit, target.cls, false))
                }
            }
            return out
        }
        var refused: [Int: Set<NodeID>] = [:]
        var madeAtModule: [Int: Set<NodeID>] = [:]
        for refs in perUnit {
            for (unit, cls, atModule) in refs {
                if atModule { madeAtModule[unit, default: []].insert(cls) } else { refused[unit, default: []].insert(cls) }
            }
        }
        // A class the importers make once is a singleton of an application (one that serves requests,
        // messages or jobs); a library's exported class is made by its users, as often as they like, whatever
        // its demo module does (minecraft-query's index.js makes one `Query` at module level).
        // (a stream's or a client socket's per-operation hooks run in libraries too: they make no application)
        let application = RequestEntryPoints.of(ctx).all.contains { $0.kind != .library && !Framework.perOperation.contains($0.framework) }
        for (u, byName) in exportedClass {
            let made = application ? madeAtModule[u] ?? [] : []
            let promoted = Set(byName.values).subtracting(refused[u] ?? [])
                .filter { scopes[u].exportedSingletonCandidates.contains($0) || made.contains($0) }
            if !promoted.isEmpty { scopes[u].promoteSingletons(promoted) }
        }
    }

    private func promoteSingletons(_ classes: Set<NodeID>) {
        singletons.formUnion(classes)
        assignments = [:]
        collectAssignments()
    }

    private func collectAssignments() {
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            // kinds first: decoding every node of the file costs more than reading its kind
            guard tree.kind(id) == .assignment, case .assignment(_, let left, _) = tree[id], let ref = resolve(left) else { continue }
            assignments[ref, default: []].append(id)
        }
    }

    init(semantic: FileSemantics) {
        self.semantic = semantic
        self.tree = semantic.tree
        if case .program(let body) = tree[tree.root] {
            program = declarations(in: tree.list(body))
        }
        for (name, decl) in zip(program.names, program.values) where decl.kind == .class { classes[name] = decl.node }
        findConstructorFunctions()
        findIIFEs()
        findSingletons()
        collectAssignments()
    }

    // MARK: - Declarations

    private func declarations(in statements: NodeIDs) -> LeakDeclTable {
        var out: [(name: String, decl: LeakDecl)] = []
        func declare(_ name: String, _ decl: LeakDecl) { out.append((name, decl)) }
        func visit(_ stmt: NodeID) {
            switch tree[stmt] {
            case .exportNamedDeclaration(let declaration?, _, _, _, _): visit(declaration)
            case .exportDefaultDeclaration(let declaration): visit(declaration)
            case .functionDeclaration(let id?, _, _, _, _, _):
                declare(tree.name(of: id), LeakDecl(node: stmt, kind: .function, initializer: nil))
            case .classDeclaration(_, let id?, _, _, _, _, _, _):
                declare(tree.name(of: id), LeakDecl(node: stmt, kind: .class, initializer: nil))
            case .importDeclaration(let specifiers, let source, _, let typeOnly) where !typeOnly:
                let module = LeakScopes.normalize(tree.stringValue(of: source))
                for s in tree.list(specifiers) {
                    switch tree[s] {
                    case .importDefaultSpecifier(let local), .importNamespaceSpecifier(let local):
                        declare(tree.name(of: local), LeakDecl(node: s, kind: .import(module: module, export: nil), initializer: nil))
                    case .importSpecifier(let imported, let local, false):
                        let name = tree.name(of: imported)
                        declare(tree.name(of: local), LeakDecl(node: s, kind: .import(module: module, export: name == "default" ? nil : name), initializer: nil))
                    default: break
                    }
                }
            case .variableDeclaration(let kind, let list, _):
                for d in tree.list(list) {
                    guard case .variableDeclarator(let target, let initializer, _) = tree[d] else { continue }
                    let module = initializer.flatMap { requiredModule($0) }
                    switch tree[target] {
                    case .identifier:
                        let k: LeakDecl.Kind
                        if let module { k = .import(module: module, export: nil) }
                        else { k = kind == .const ? .const : (kind == .let ? .let : .var) }
                        declare(tree.name(of: target), LeakDecl(node: d, kind: k, initializer: initializer))
                    case .objectPattern(let properties, _):
                        for p in tree.list(properties) {
                            guard case .property(let key, let value, _, let flags) = tree[p], !flags.contains(.computed) else { continue }
                            var local = value
                            if case .assignmentPattern(let left, _) = tree[value] { local = left }
                            guard tree.kind(local) == .identifier else { continue }
                            let k: LeakDecl.Kind = module.map { .import(module: $0, export: tree.name(of: key)) }
                                ?? (kind == .const ? .const : .let)
                            declare(tree.name(of: local), LeakDecl(node: local, kind: k, initializer: module == nil ? nil : initializer))
                        }
                    default: break
                    }
                }
            default: break
            }
        }
        for s in statements { visit(s) }
        return LeakDeclTable(out)
    }

    private func findIIFEs() {
        for fn in semantic.functions where semantic.isModuleIIFE(fn) {
            guard let parts = tree.functionParts(fn), let body = parts.body, case .blockStatement(let stmts) = tree[body] else { continue }
            iifes[fn] = declarations(in: tree.list(stmts))
        }
    }

    /// Module-level constructor functions (`function Store() {...}`, `var Store = function () {...}`) whose
    /// prototype the file gives methods (`Store.prototype.get = ...`, `Store.prototype = {...}`): classes
    /// written the ES5 way, by the function node, in `classes` under their name.
    private(set) var constructorFunctions: Set<NodeID> = []

    private func findConstructorFunctions() {
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            guard tree.kind(id) == .assignment, case .assignment(.assign, let left, _) = tree[id],
                  case .member(let object, let property, false, _) = tree[left] else { continue }
            var base = object
            if !tree.nameIs(property, "prototype") {
                guard case .member(let b, let proto, false, _) = tree[tree.unwrap(object)], tree.nameIs(proto, "prototype") else { continue }
                base = b
            }
            let b = tree.unwrap(base)
            guard tree.kind(b) == .identifier, let fn = constructorFunction(named: b) else { continue }
            constructorFunctions.insert(fn)
            classes[tree.name(of: b)] = fn
        }
    }

    /// The module-level constructor function an identifier names: a function declaration, or a function
    /// expression a `var`/`let`/`const` is initialised with.
    private func constructorFunction(named ident: NodeID) -> NodeID? {
        guard let d = declaration(of: ident), d.kind != .class else { return nil }
        switch d.kind {
        case .function:
            return d.node
        case .var, .let, .const:
            guard let initial = d.initializer, tree.kind(tree.unwrap(initial)) == .functionExpression else { return nil }
            return tree.unwrap(initial)
        default:
            return nil
        }
    }

    /// The constructor function whose instance `this` is at a node: inside the constructor function itself
    /// or a function on its prototype (`Store.prototype.get = function () { this ... }`).
    func constructorFunction(ofThis node: NodeID) -> NodeID? {
        guard !constructorFunctions.isEmpty else { return nil }
        var fn = tree.enclosingFunction(of: node)
        var steps = 0
        while let f = fn, tree.kind(f) == .arrowFunction, steps < 64 {
            steps += 1
            fn = tree.enclosingFunction(of: f)
        }
        guard let f = fn else { return nil }
        if constructorFunctions.contains(f) { return f }
        return prototypeOwner(of: f)
    }

    /// The constructor function whose prototype holds `f` (`Store.prototype.get = f`, or `f` as a property
    /// of the object assigned to `Store.prototype`).
    func prototypeOwner(of f: NodeID) -> NodeID? {
        guard !constructorFunctions.isEmpty, let p = tree.parent(f) else { return nil }
        var base: NodeID?
        switch tree[p] {
        case .assignment(.assign, let left, let right) where tree.unwrap(right) == f:
            guard case .member(let object, _, false, _) = tree[left], case .member(let b, let proto, false, _) = tree[tree.unwrap(object)],
                  tree.nameIs(proto, "prototype") else { return nil }
            base = b
        case .property:
            guard let object = tree.parent(p), tree.kind(object) == .objectExpression, let a = tree.parent(object),
                  case .assignment(.assign, let left, _) = tree[a], case .member(let b, let proto, false, _) = tree[left],
                  tree.nameIs(proto, "prototype") else { return nil }
            base = b
        default:
            return nil
        }
        guard let b = base.map({ tree.unwrap($0) }), tree.kind(b) == .identifier, let cls = classes[tree.name(of: b)],
              constructorFunctions.contains(cls), declaration(of: b) != nil else { return nil }
        return cls
    }

    private func findSingletons() {
        guard !classes.isEmpty else { return }
        var atModule: Set<NodeID> = []
        var perCall: Set<NodeID> = []
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            guard tree.kind(id) == .new, case .new(let callee, _, _) = tree[id], let d = declaration(of: callee) else { continue }
            let cls: NodeID
            if d.kind == .class {
                cls = d.node
            } else if let fn = classes[tree.name(of: callee)], constructorFunctions.contains(fn) {
                cls = fn
            } else {
                continue
            }
            if semantic.isModuleLevel(id) { atModule.insert(cls) } else { perCall.insert(cls) }
        }
        let exported = Set(LeakScopes.exportedNames(tree).compactMap { classes[$0] })
        singletons = atModule.subtracting(perCall).subtracting(exported)
        exportedSingletonCandidates = atModule.subtracting(perCall).intersection(exported)
        // an exported class the file never instantiates: a singleton when its importers make it once at
        // module level (`var handler = new SocketHandler(app, server)` in the app's setup module)
        madeElsewhereCandidates = exported.subtracting(atModule).subtracting(perCall)
    }

    /// A module specifier without Node's `node:` prefix.
    static func normalize(_ specifier: String) -> String {
        specifier.hasPrefix("node:") ? String(specifier.dropFirst(5)) : specifier
    }

    /// `require('m')` (the real `require`) -> "m".
    func requiredModule(_ expr: NodeID) -> String? {
        let e = tree.unwrap(expr)
        guard case .call(_, _, let args, _) = tree[e], semantic.isRequireCall(e), args.count == 1,
              let arg = tree.list(args).first, tree.kind(arg) == .stringLiteral else { return nil }
        return LeakScopes.normalize(tree.stringValue(of: arg))
    }

    // MARK: - Functions

    static func parameterNames(_ fn: NodeID, _ tree: SyntaxTree) -> [String] {
        guard let params = tree.functionParts(fn)?.params else { return [] }
        return params.map { p in
            var t = p
            if case .assignmentPattern(let left, _) = tree[t] { t = left }
            if case .tsParameterProperty(_, let parameter, _) = tree[t] { t = parameter }
            return tree.kind(t) == .identifier ? tree.name(of: t) : ""
        }
    }

    /// Whether a function is a class constructor.
    func isConstructor(_ fn: NodeID) -> Bool {
        guard let m = tree.parent(fn), case .methodDefinition(_, _, _, .constructor, _) = tree[m] else { return false }
        return true
    }

    /// Whether `inner` lies inside `outer` (or is it).
    func contains(_ outer: NodeID, _ inner: NodeID) -> Bool {
        let o = tree.range(outer), i = tree.range(inner)
        return o.start <= i.start && i.end <= o.end
    }

    // MARK: - Resolution

    /// The long-lived declaration an identifier names, or nil when it is local, a parameter or undeclared.
    func declaration(of ident: NodeID) -> LeakDecl? {
        guard tree.kind(ident) == .identifier, let b = semantic.binding(for: ident) else { return nil }
        guard semantic.isModuleLevel(b) else { return nil }
        let scope = semantic.binding(b).scope
        if scope == ScopeID(0) { return program[semantic.name(of: b)] }
        return iifes[semantic.scope(scope).node].flatMap { $0[semantic.name(of: b)] }
    }

    /// Whether an identifier names an undeclared global such as `process` or `Map`.
    func isGlobal(_ ident: NodeID, _ name: String) -> Bool {
        tree.kind(ident) == .identifier && tree.name(of: ident) == name && semantic.isGlobalReference(ident)
    }

    /// The class whose `this` a node sees, and whether it is the class itself (static context).
    func thisClass(at node: NodeID) -> (cls: NodeID, isStatic: Bool)? {
        var current = tree.parent(node)
        var child = node
        while let n = current {
            // kinds first: an ancestor is decoded only when it is a class field
            switch tree.kind(n) {
            case .functionDeclaration:
                return nil
            case .functionExpression:
                guard let m = tree.parent(n), case .methodDefinition(_, _, _, _, let modifiers) = tree[m],
                      let body = tree.parent(m), let cls = tree.parent(body) else { return nil }
                return (cls, modifiers.contains(.static))
            case .propertyDefinition:
                guard case .propertyDefinition(_, _, _, let value, let modifiers) = tree[n], value == child else { break }
                guard let body = tree.parent(n), let cls = tree.parent(body) else { return nil }
                return (cls, modifiers.contains(.static))
            case .staticBlock:
                guard let cls = tree.parent(n).flatMap({ tree.parent($0) }) else { return nil }
                return (cls, true)
            default:
                break
            }
            child = n
            current = tree.parent(n)
        }
        return nil
    }

    /// The long-lived value an expression denotes.
    func resolve(_ expr: NodeID) -> LeakRef? {
        let e = tree.unwrap(expr)
        // kinds first: only names, `this` and member chains denote a value; the rest is not decoded
        switch tree.kind(e) {
        case .identifier:
            return resolveIdentifier(e)
        case .thisExpression:
            // the object itself, in a method of a class made once at module level (a socket handler that is
            // its own emitter: `this.on('updated', ...)` per connection)
            return thisRef(at: e, path: [])
        case .member:
            guard case .member(let object, let property, let computed, _) = tree[e] else { return nil }
            let o = tree.unwrap(object)
            switch tree.kind(o) {
            case .thisExpression:
                guard let key = propertyName(property, computed: computed) else { return nil }
                return thisRef(at: o, path: [key])
            case .identifier where isGlobal(o, "globalThis") || isGlobal(o, "global"):
                guard let key = propertyName(property, computed: computed) else { return nil }
                return LeakRef(root: .global, path: [key])
            default:
                // the base first: most chains start at a local, and then the key is never read
                guard let base = resolve(o), let key = propertyName(property, computed: computed) else { return nil }
                return base.appending(key)
            }
        default:
            return nil
        }
    }

    /// `resolve` of an identifier. For one with a binding the answer depends on the binding alone (its
    /// declaration, or the `this` it stands for), which lets a walk keep it per binding.
    func resolveIdentifier(_ e: NodeID) -> LeakRef? {
        if let d = declaration(of: e) {
            if case .const = d.kind, let initializer = d.initializer, let cls = singletonClass(made: initializer) {
                return LeakRef(root: .instance(cls), path: [])
            }
            if d.kind == .class { return LeakRef(root: .classStatic(d.node), path: []) }
            return LeakRef(root: .binding(d.node), path: [])
        }
        if semantic.isGlobalReference(e), tree.nameIs(e, "process") { return LeakRef(root: .process, path: []) }
        // `var self = this` in a method: the object itself
        if let this = thisAlias(e) { return resolve(this) }
        return nil
    }

    /// What `this` is at a node, when it outlives a request: a singleton (an instance of a class or
    /// constructor function made once at module level) or a class itself (static code).
    private func thisRef(at this: NodeID, path: [String]) -> LeakRef? {
        if let (cls, isStatic) = thisClass(at: this) {
            if isStatic { return LeakRef(root: .classStatic(cls), path: path) }
            return singletons.contains(cls) ? LeakRef(root: .instance(cls), path: path) : nil
        }
        guard let fn = constructorFunction(ofThis: this), singletons.contains(fn) else { return nil }
        return LeakRef(root: .instance(fn), path: path)
    }

    /// The `this` a local stands for: `var self = this` (never reassigned).
    func thisAlias(_ ident: NodeID) -> NodeID? {
        guard let b = semantic.binding(for: ident), let initial = semantic.binding(b).initializer, initial.path.isEmpty,
              tree.kind(tree.unwrap(initial.expression)) == .thisExpression, !semantic.isWritten(b) else { return nil }
        return tree.unwrap(initial.expression)
    }

    /// A property name: `o.p`, `o['p']`.
    func propertyName(_ property: NodeID, computed: Bool) -> String? {
        if !computed { return tree.kind(property) == .identifier || tree.kind(property) == .privateIdentifier ? tree.name(of: property) : nil }
        return tree.kind(property) == .stringLiteral ? tree.stringValue(of: property) : nil
    }

    /// The singleton class an expression instantiates (`new Store()`).
    func singletonClass(made expr: NodeID) -> NodeID? {
        guard case .new(let callee, _, _) = tree[tree.unwrap(expr)], tree.kind(callee) == .identifier,
              let cls = classes[tree.name(of: callee)], singletons.contains(cls) else { return nil }
        return cls
    }

    // MARK: - What a long-lived value holds

    /// Expressions that give the value its contents: its initializer and every assignment to it.
    func definitions(of ref: LeakRef) -> [NodeID] {
        var out: [NodeID] = []
        if let initial = initializer(of: ref) { out.append(initial) }
        for a in assignments[ref] ?? [] {
            if case .assignment(_, _, let right) = tree[a] { out.append(right) }
        }
        return out
    }

    private func initializer(of ref: LeakRef) -> NodeID? {
        var value: NodeID?
        var path = ref.path[...]
        switch ref.root {
        case .binding(let node):
            if case .variableDeclarator(let target, let initializer, _) = tree[node], tree.kind(target) == .identifier {
                value = initializer
            }
        case .classStatic(let cls), .instance(let cls):
            guard let first = path.first else { return nil }
            path = path.dropFirst()
            value = field(first, of: cls, isStatic: ref.root == .classStatic(cls))
        case .global, .process, .held, .closure:
            return nil
        }
        while let v = value, let p = path.first {
            path = path.dropFirst()
            guard case .objectExpression(let props) = tree[tree.unwrap(v)] else { return nil }
            value = nil
            for prop in tree.list(props) {
                if case .property(let key, let pv, _, let flags) = tree[prop],
                   propertyName(key, computed: flags.contains(.computed)) == p || (tree.kind(key) == .stringLiteral && tree.stringValue(of: key) == p) {
                    value = pv
                }
            }
        }
        return value
    }

    private func field(_ name: String, of cls: NodeID, isStatic: Bool) -> NodeID? {
        guard let members = tree.classMembers(cls) else { return nil }
        for m in members {
            if case .propertyDefinition(_, let key, _, let value?, let modifiers) = tree[m],
               modifiers.contains(.static) == isStatic, propertyName(key, computed: modifiers.contains(.computed)) == name {
                return value
            }
        }
        return nil
    }

    /// The container an expression creates.
    func containerKind(created expr: NodeID) -> LeakContainerKind? {
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .objectExpression: return .object
        case .arrayExpression: return .array
        case .logical(_, let left, let right):
            return containerKind(created: right) ?? containerKind(created: left)
        case .new(let callee, _, let args):
            let c = tree.unwrap(callee)
            guard tree.kind(c) == .identifier else { return nil }
            let name = tree.name(of: c)
            if isGlobal(c, name) {
                switch name {
                case "Map": return .map
                case "Set": return .set
                case "Array": return .array
                default: return nil
                }
            }
            guard let d = declaration(of: c), case .import(let module, _) = d.kind else { return nil }
            let options = tree.list(args).first.map { tree.unwrap($0) }
            switch module {
            case "node-cache": return hasPositiveOption(options, ["stdTTL"]) ? nil : .ttlCache("node-cache")
            case "keyv": return hasPositiveOption(options, ["ttl"]) ? nil : .ttlCache("keyv")
            default: return nil
            }
        case .call(let callee, _, let args, _):
            guard case .member(let o, let p, false, _) = tree[tree.unwrap(callee)], isGlobal(o, "Object"),
                  tree.nameIs(p, "create"), let first = tree.list(args).first, tree.kind(first) == .nullLiteral else { return nil }
            return .object
        default:
            return nil
        }
    }

    private func hasPositiveOption(_ options: NodeID?, _ names: Set<String>) -> Bool {
        guard let options, case .objectExpression(let props) = tree[options] else { return false }
        for p in tree.list(props) {
            guard case .property(let key, let value, _, let flags) = tree[p],
                  let k = propertyName(key, computed: flags.contains(.computed)), names.contains(k) else { continue }
            if semantic.literalNumber(value) == 0 { return false }
            return true
        }
        return false
    }

    /// The container a long-lived value is, when one of its definitions creates one.
    func containerKind(of ref: LeakRef) -> LeakContainerKind? {
        for d in definitions(of: ref) {
            if let k = containerKind(created: d) { return k }
        }
        return nil
    }

    /// Short description of where a value lives.
    func describe(_ ref: LeakRef) -> String {
        switch ref.root {
        case .binding(let node):
            if let fn = tree.enclosingFunction(of: node), iifes[fn] != nil { return "closure of a module-level IIFE" }
            return ref.path.isEmpty ? "module-level" : "property of a module-level value"
        case .classStatic: return "static field"
        case .instance: return "field of a singleton"
        case .global: return "global"
        case .process: return "process"
        case .held: return "per-instance"
        case .closure: return "closed-over"
        }
    }

    /// Source text without whitespace, to compare keys and listeners written the same way.
    func normalizedText(_ expr: NodeID) -> String {
        let r = tree.range(tree.unwrap(expr))
        // ASCII source (nearly all): its whitespace characters are the bytes 9-13 and 32 (CR LF, one
        // character, is two of them), so the bytes are filtered without decoding characters
        let ascii = tree.file.bytes.withUnsafeBufferPointer { p -> String? in
            let text = UnsafeBufferPointer(rebasing: p[Int(r.start)..<Int(r.end)])
            // one pass: non-ASCII text is read whole below, and text without whitespace (nearly all) is kept as is
            var spaced = false
            for b in text {
                if b >= 0x80 { return nil }
                if b == 0x20 || (0x09...0x0D).contains(b) { spaced = true }
            }
            guard spaced else { return String(decoding: text, as: UTF8.self) }
            return String(decoding: text.filter { $0 != 0x20 && !(0x09...0x0D).contains($0) }, as: UTF8.self)
        }
        return ascii ?? String(tree.text(tree.unwrap(expr)).filter { !$0.isWhitespace })
    }

    // MARK: - Values that are the same on every request

    /// Whether an expression has the same value on every request: literals, module-level constants and
    /// imports, and expressions built only from those.
    func isConstant(_ expr: NodeID) -> Bool {
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .stringLiteral, .numericLiteral, .booleanLiteral, .nullLiteral, .bigIntLiteral:
            return true
        case .templateLiteral(_, let expressions):
            return tree.list(expressions).allSatisfy { isConstant($0) }
        case .identifier:
            if tree.nameIs(e, "undefined") { return true }
            guard let d = declaration(of: e) else { return false }
            switch d.kind {
            case .const, .function, .class, .import: return true
            case .let, .var: return false
            }
        case .member(let object, let property, let computed, _):
            return isConstant(object) && (!computed || isConstant(property))
        case .unary(_, let argument):
            return isConstant(argument)
        case .binary(_, let left, let right), .logical(_, let left, let right):
            return isConstant(left) && isConstant(right)
        default:
            return false
        }
    }

    /// Request properties with a small fixed set of values: the HTTP method, the matched route pattern,
    /// the status code, the protocol.
    static let boundedRequestProperties: Set<String> = ["method", "statusCode", "route", "protocol", "httpVersion", "routerPath"]

    /// Whether an expression takes few distinct values across requests: constants, and request
    /// properties such as `req.method`, `req.route.path` or `res.statusCode`, and combinations of them.
    func isBoundedKey(_ expr: NodeID, depth: Int = 0) -> Bool {
        if isConstant(expr) { return true }
        guard depth < 8 else { return false }
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .identifier:
            // a local `const` bound to a bounded value
            guard let b = semantic.binding(for: e), semantic.binding(b).kind == .const,
                  let v = semantic.constantValue(of: b), v.path.isEmpty else { return false }
            return isBoundedKey(v.expression, depth: depth + 1)
        case .conditional(let test, let consequent, let alternate) where isMembershipTest(test, of: consequent):
            // `Object.values(Interval).includes(p) ? p : Interval.Day`: p only when it is one of a fixed set
            return isBoundedKey(alternate, depth: depth + 1)
        case .member(let object, let property, false, _):
            let name = tree.name(of: property)
            if LeakScopes.boundedRequestProperties.contains(name) { return true }
            if name == "path", case .member(_, let p, false, _) = tree[tree.unwrap(object)], tree.nameIs(p, "route") { return true }
            return false
        case .templateLiteral(_, let expressions):
            return tree.list(expressions).allSatisfy { isBoundedKey($0, depth: depth + 1) }
        case .binary(_, let left, let right), .logical(_, let left, let right), .conditional(_, let left, let right):
            return isBoundedKey(left, depth: depth + 1) && isBoundedKey(right, depth: depth + 1)
        default:
            return false
        }
    }

    /// `SET.includes(value)` / `SET.has(value)` over a fixed set: `Object.values(X)` / `Object.keys(X)` of a
    /// constant, or a constant (a module-level array or Set).
    func isMembershipTest(_ test: NodeID, of value: NodeID) -> Bool {
        guard case .call(let callee, _, let args, _) = tree[tree.unwrap(test)],
              case .member(let set, let method, false, _) = tree[tree.unwrap(callee)],
              ["includes", "has"].contains(tree.name(of: method)), let arg = tree.list(args).first,
              normalizedText(arg) == normalizedText(value) else { return false }
        let s = tree.unwrap(set)
        if isConstant(s) { return true }
        if case .call(let c, _, let a, _) = tree[s], case .member(let o, let m, false, _) = tree[tree.unwrap(c)],
           tree.nameIs(o, "Object"), ["values", "keys"].contains(tree.name(of: m)), let x = tree.list(a).first {
            return isConstant(x)
        }
        return false
    }

    // MARK: - Module exports (single file)

    /// Local names the module exports (ESM and CommonJS).
    static func exportedNames(_ tree: SyntaxTree) -> [String] {
        exports(tree).map(\.local)
    }

    /// (exported name, local name) pairs of a module.
    static func exports(_ tree: SyntaxTree) -> [(exported: String, local: String)] {
        guard case .program(let body) = tree[tree.root] else { return [] }
        var out: [(String, String)] = []
        func named(_ decl: NodeID) {
            switch tree[decl] {
            case .functionDeclaration(let id?, _, _, _, _, _), .classDeclaration(_, let id?, _, _, _, _, _, _):
                out.append((tree.name(of: id), tree.name(of: id)))
            case .variableDeclaration(_, let list, _):
                for d in tree.list(list) {
                    if case .variableDeclarator(let target, _, _) = tree[d], tree.kind(target) == .identifier {
                        out.append((tree.name(of: target), tree.name(of: target)))
                    }
                }
            default: break
            }
        }
        func commonJS(_ value: NodeID, as name: String) {
            let v = tree.unwrap(value)
            switch tree[v] {
            case .identifier:
                out.append((name, tree.name(of: v)))
            case .objectExpression(let props) where name == "default":
                for p in tree.list(props) {
                    guard case .property(let key, let pv, _, let flags) = tree[p], !flags.contains(.computed),
                          tree.kind(key) == .identifier else { continue }
                    if tree.kind(pv) == .identifier { out.append((tree.name(of: key), tree.name(of: pv))) }
                }
            default: break
            }
        }
        for stmt in tree.list(body) {
            switch tree[stmt] {
            case .exportNamedDeclaration(let declaration, let specifiers, nil, _, _):
                if let declaration { named(declaration) }
                for s in tree.list(specifiers) {
                    if case .exportSpecifier(let local, let exported, false) = tree[s] {
                        out.append((tree.name(of: exported), tree.name(of: local)))
                    }
                }
            case .exportDefaultDeclaration(let declaration):
                switch tree[declaration] {
                case .identifier: out.append(("default", tree.name(of: declaration)))
                default: named(declaration)
                }
            case .expressionStatement(let expression, _):
                guard case .assignment(.assign, let left, let right) = tree[expression],
                      case .member(let object, let property, false, _) = tree[left] else { continue }
                let prop = tree.name(of: property)
                if tree.kind(object) == .identifier, tree.nameIs(object, "module"), prop == "exports" {
                    commonJS(right, as: "default")
                } else if tree.kind(object) == .identifier, tree.nameIs(object, "exports") {
                    commonJS(right, as: prop)
                } else if case .member(let mo, let mp, false, _) = tree[object], tree.kind(mo) == .identifier,
                          tree.nameIs(mo, "module"), tree.nameIs(mp, "exports") {
                    commonJS(right, as: prop)
                }
            default: break
            }
        }
        return out
    }

    /// `module.exports` or `exports`.
    static func isExportsObject(_ expr: NodeID, _ tree: SyntaxTree) -> Bool {
        switch tree[expr] {
        case .identifier: return tree.nameIs(expr, "exports")
        case .member(let o, let p, false, _):
            return tree.kind(o) == .identifier && tree.nameIs(o, "module") && tree.nameIs(p, "exports")
        default: return false
        }
    }

    /// Top-level function declarations and `const f = (...) => ...` / `function` expressions, by name.
    static func topLevelFunctions(_ tree: SyntaxTree) -> [String: NodeID] {
        guard case .program(let body) = tree[tree.root] else { return [:] }
        var out: [String: NodeID] = [:]
        func visit(_ stmt: NodeID) {
            switch tree[stmt] {
            case .exportNamedDeclaration(let declaration?, _, _, _, _): visit(declaration)
            case .exportDefaultDeclaration(let declaration): visit(declaration)
            case .functionDeclaration(let id?, _, _, _, _, _): out[tree.name(of: id)] = stmt
            case .variableDeclaration(_, let list, _):
                for d in tree.list(list) {
                    guard case .variableDeclarator(let target, let initializer?, _) = tree[d], tree.kind(target) == .identifier else { continue }
                    let f = tree.unwrap(initializer)
                    if tree.kind(f).isFunction { out[tree.name(of: target)] = f }
                }
            default: break
            }
        }
        for s in tree.list(body) { visit(s) }
        return out
    }

    /// Exported functions: declarations and local names exported, plus functions assigned inline to
    /// `module.exports.x` / `exports.x` / `export default`.
    static func exportedFunctions(_ tree: SyntaxTree, decls: [String: NodeID]) -> [(String, NodeID)] {
        var out: [(String, NodeID)] = []
        for (exported, local) in exports(tree) {
            if let f = decls[local] { out.append((exported == "default" ? local : exported, f)) }
        }
        guard case .program(let body) = tree[tree.root] else { return out }
        for stmt in tree.list(body) {
            switch tree[stmt] {
            case .exportDefaultDeclaration(let declaration):
                let f = tree.unwrap(declaration)
                if tree.kind(f) == .arrowFunction || tree.kind(f) == .functionExpression { out.append(("default", f)) }
            case .expressionStatement(let expression, _):
                guard case .assignment(.assign, let left, let right) = tree[expression],
                      case .member(let object, let property, false, _) = tree[left],
                      isExportsObject(object, tree) || isExportsObject(left, tree) else { continue }
                let f = tree.unwrap(right)
                if tree.kind(f).isFunction { out.append((tree.name(of: property), f)) }
                if case .objectExpression(let props) = tree[f] {
                    for p in tree.list(props) {
                        guard case .property(let key, let pv, _, let flags) = tree[p], !flags.contains(.computed) else { continue }
                        let fv = tree.unwrap(pv)
                        if tree.kind(fv).isFunction { out.append((tree.name(of: key), fv)) }
                    }
                }
            default: break
            }
        }
        return out
    }
}

extension LeakScopes {
    /// The one timer name a callee can be to `isTimerFunction` (it holds for that name alone), read once
    /// for a callee asked about several names: a global's name, an export of `timers`, or the method of
    /// `global` / `globalThis` / the `timers` module.
    func timerFunctionName(_ callee: NodeID) -> String? {
        let c = tree.unwrap(callee)
        switch tree.kind(c) {
        case .identifier:
            // a global has no binding, so no declaration
            if semantic.isGlobalReference(c) { return tree.name(of: c) }
            if let d = declaration(of: c), case .import("timers", let export?) = d.kind { return export }
            return nil
        case .member:
            guard case .member(let object, let property, false, _) = tree[c] else { return nil }
            let o = tree.unwrap(object)
            if isGlobal(o, "global") || isGlobal(o, "globalThis") { return tree.name(of: property) }
            if let d = declaration(of: o), case .import("timers", nil) = d.kind { return tree.name(of: property) }
            return nil
        default:
            return nil
        }
    }

    /// `setInterval` (any timer `name`), `global.setInterval`, or the export of `timers` (not
    /// `timers/promises`).
    func isTimerFunction(_ callee: NodeID, _ name: String) -> Bool {
        let c = tree.unwrap(callee)
        switch tree[c] {
        case .identifier:
            if isGlobal(c, name) { return true }
            if let d = declaration(of: c), case .import("timers", name) = d.kind { return true }
            return false
        case .member(let object, let property, false, _):
            guard tree.name(of: property) == name else { return false }
            let o = tree.unwrap(object)
            if isGlobal(o, "global") || isGlobal(o, "globalThis") { return true }
            if let d = declaration(of: o), case .import("timers", nil) = d.kind { return true }
            return false
        default:
            return false
        }
    }
}
