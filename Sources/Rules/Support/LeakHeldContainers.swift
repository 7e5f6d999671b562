// Containers that live as long as an object a library hands to its caller, or as long as a function a
// factory returns, for unbounded-cache/map-growth under library API entry points:
// - a field of the instances of a class or constructor function (`this.cache = {}` in the constructor,
//   `this[kClients] = new Map()`, a class field), grown by a method the library's caller calls on every
//   request: the caller keeps the client, agent, connection or ring for as long as the process runs;
// - a container a factory declares in its own body and closes over in the function it returns
//   (`function withCache(fn) { const cache = new Map(); return (k) => ... cache.set(k, v) }`): it lives as
//   long as the returned function, which an application binds once (`export const sign = withCache(fn)`).
// - a field of the object literal an exported factory returns, typed in TypeScript (`createRendererContext():
//   RendererContext` returning `{ _sets: {} }`): a handle its caller keeps and hands back to the module's
//   functions, whose parameters of that type (`context: RendererContext`) stand for it; functions the factory
//   declares and puts on the handle (`updateManifest`) are its methods.
// Fields are resolved through `this`, locals set to it (`var self = this`) and the parameter of a module-level
// helper every call of which hands it the instance (`getPositionalPath(this, path)`); the constructor's own
// assignments create the container and do not replace it. Nothing here decides reporting: the rule asks
// for library API entry points and a get-or-compute shape.

import JSSemantic
import JSSyntax

final class LeakHeldContainers {
    let scopes: LeakScopes
    var tree: SyntaxTree { scopes.tree }
    /// The file's constructor functions (`LeakScopes.constructorFunctions`: ES5 classes).
    private var constructorFunctions: Set<NodeID> { scopes.constructorFunctions }
    /// The container each held field or closure value is created as.
    private(set) var kinds: [LeakRef: LeakContainerKind] = [:]
    /// Where each held container is created, for the trace.
    private(set) var creations: [LeakRef: NodeID] = [:]
    /// Functions a factory returns, by factory (memoized; empty when it returns none).
    private var returned: [NodeID: [NodeID]] = [:]
    /// Handle factories (exported functions returning one typed object literal), each with that literal.
    private(set) var handleLiterals: [NodeID: NodeID] = [:]
    /// The factory each handle type name stands for (a name two factories return stands for neither).
    private var handleTypes: [String: NodeID?] = [:]
    /// The local a factory keeps its handle in (`const ctx: RendererContext = { ... }`), by binding.
    private var handleLocals: [BindingID: NodeID] = [:]

    /// Module-level helpers working on an instance their callers hand them (`instanceHelpers`), found on first use.
    private var helperTable: InstanceHelpers?

    /// Module-level functions that work on the instance a method hands them (`function getPositionalPath(self,
    /// path)`, called as `getPositionalPath(this, path)`): by helper, the class or constructor function and the
    /// position of the parameter standing for its instance; and those parameters' bindings, with the class.
    struct InstanceHelpers {
        var helpers: [NodeID: (owner: NodeID, index: Int)] = [:]
        var parameters: [BindingID: NodeID] = [:]
    }

    /// Instance methods that run only while an instance is built: every reference to their name in the file
    /// is a call on `this` (or a local set to it) in the constructor of their class (`function Manager() {
    /// ...; this.initStore() }`). Their assignments create the instance's containers, as the constructor's do.
    private(set) var builders: Set<NodeID> = []

    init(scopes: LeakScopes) {
        self.scopes = scopes
        let tree = scopes.tree
        findBuilders()
        // each kind's nodes found by their kind bytes. A field made both ways keeps its first creation in node
        // order; a closure's container (an empty path) is never a field (`resolveHeld` of a member has a key),
        // and resolving a constructor's field reads no closure's container
        for id in tree.nodes(ofKind: .assignment) {
            // `this.cache = {}` in the constructor
            guard case .assignment(.assign, let left, let right) = tree[id], let kind = scopes.containerKind(created: right),
                  case .member(let object, _, _, _) = tree[tree.unwrap(left)], let owner = owner(ofThis: tree.unwrap(object)),
                  let fn = perCallFunction(of: id), isConstructor(fn, of: owner), let ref = resolveHeld(left) else { continue }
            keepFirst(ref, kind, id)
        }
        for id in tree.nodes(ofKind: .propertyDefinition) {
            // `cache = new Map()` as a class field
            guard case .propertyDefinition(_, let key, _, let value?, let modifiers) = tree[id], !modifiers.contains(.static),
                  let kind = scopes.containerKind(created: value), let body = tree.parent(id), let cls = tree.parent(body),
                  !scopes.singletons.contains(cls),
                  let name = scopes.propertyName(key, computed: modifiers.contains(.computed)) else { continue }
            keepFirst(LeakRef(root: .held(cls), path: [name]), kind, id)
        }
        for id in tree.nodes(ofKind: .variableDeclarator) {
            // `const cache = new Map()` in a factory that returns a function
            guard case .variableDeclarator(let target, let initializer?, _) = tree[id], tree.kind(target) == .identifier,
                  let kind = scopes.containerKind(created: initializer), let b = scopes.semantic.binding(for: target),
                  !scopes.semantic.isModuleLevel(b), !scopes.semantic.isWritten(b),
                  let factory = tree.enclosingFunction(of: id), !returnedFunctions(of: factory).isEmpty else { continue }
            let ref = LeakRef(root: .closure(id), path: [])
            kinds[ref] = kind
            creations[ref] = id
        }
        findOptionDefaults()
        findHandles()
    }

    /// Containers a factory takes from its options, which default to a new one when the caller gives none:
    /// `const { cache } = options` after `options = Object.assign({ cache: new Map() }, options)` (or `const
    /// options = { cache: new Map(), ...given }`), or `const { cache = new Map() } = options`, in a factory that
    /// returns a function. Like `options.cache || new Map()`, the default is the factory's own container; the
    /// binding (the pattern's identifier) stands for it.
    private func findOptionDefaults() {
        let semantic = scopes.semantic
        for pattern in tree.nodes(ofKind: .objectPattern) {
            guard let declarator = tree.parent(pattern), case .variableDeclarator(let target, let initializer?, _) = tree[declarator],
                  target == pattern, case .objectPattern(let props, _) = tree[pattern],
                  let factory = tree.enclosingFunction(of: declarator), !returnedFunctions(of: factory).isEmpty else { continue }
            for prop in tree.list(props) {
                guard case .property(let key, let value, _, let flags) = tree[prop], !flags.contains(.computed),
                      let name = scopes.propertyName(key, computed: false) else { continue }
                var ident = value
                var fallback: NodeID?
                if case .assignmentPattern(let left, let right) = tree[value] { ident = left; fallback = right }
                guard tree.kind(ident) == .identifier, let b = semantic.binding(for: ident), !semantic.isWritten(b) else { continue }
                var created: NodeID?
                var kind: LeakContainerKind?
                if let fallback, let k = scopes.containerKind(created: fallback) {
                    created = fallback; kind = k
                } else if let d = optionDefault(of: initializer, name, before: declarator, in: factory) {
                    created = d.node; kind = d.kind
                }
                guard let kind, let created else { continue }
                let ref = LeakRef(root: .closure(semantic.binding(b).declarationNode), path: [])
                kinds[ref] = kind
                creations[ref] = created
            }
        }
    }

    /// The container an options object defaults a property to: the object is a local or parameter of `factory`
    /// given one value there, before `before`, that merges a literal's `name` property with what the caller
    /// passed (`Object.assign({ name: new Map() }, options)`, `{ name: new Map(), ...options }`).
    private func optionDefault(of expr: NodeID, _ name: String, before: NodeID, in factory: NodeID) -> (node: NodeID, kind: LeakContainerKind)? {
        let semantic = scopes.semantic
        let e = tree.unwrap(expr)
        guard tree.kind(e) == .identifier, let b = semantic.binding(for: e), !semantic.isModuleLevel(b) else { return nil }
        let binding = semantic.binding(b)
        var values: [NodeID] = []
        if let i = binding.initializer {
            guard i.path.isEmpty else { return nil }
            values.append(i.expression)
        }
        for w in semantic.writes(of: b) {
            guard let v = semantic.assignedValue(at: w), tree.enclosingFunction(of: w) == factory,
                  tree.range(w).end <= tree.range(before).start else { return nil }
            values.append(v)
        }
        guard values.count == 1, let value = values.first else { return nil }
        var literal: NodeID?
        switch tree[tree.unwrap(value)] {
        case .call(let callee, _, let args, _):
            guard case .member(let o, let p, false, _) = tree[tree.unwrap(callee)], tree.kind(tree.unwrap(o)) == .identifier,
                  tree.nameIs(tree.unwrap(o), "Object"), tree.nameIs(p, "assign"), tree.list(args).count >= 2,
                  let first = tree.list(args).first, tree.kind(tree.unwrap(first)) == .objectExpression else { return nil }
            literal = tree.unwrap(first)
        case .objectExpression:
            literal = tree.unwrap(value)
        default:
            return nil
        }
        guard let literal, case .objectExpression(let props) = tree[literal] else { return nil }
        var found: (node: NodeID, kind: LeakContainerKind)?
        for prop in tree.list(props) {
            // a later property of that name overrides an earlier one
            guard case .property(let key, let v, _, let flags) = tree[prop], !flags.contains(.computed),
                  scopes.propertyName(key, computed: false) == name else { continue }
            found = scopes.containerKind(created: v).map { (prop, $0) }
        }
        return found
    }

    /// Records a field's creation at `id` unless one earlier in node order is recorded.
    private func keepFirst(_ ref: LeakRef, _ kind: LeakContainerKind, _ id: NodeID) {
        if let known = creations[ref], known.raw < id.raw { return }
        kinds[ref] = kind
        creations[ref] = id
    }

    var isEmpty: Bool { kinds.isEmpty }

    /// Whether `owner` is a handle factory (its fields are those of the object it returns).
    func isHandle(_ owner: NodeID) -> Bool { handleLiterals[owner] != nil }

    /// Exported module-level functions whose every return is one object literal, directly or through a
    /// `const` local of theirs initialised with it, under a type name (the declared return type, else the
    /// local's): the literal's container-valued properties become fields of `.held(factory)`.
    private func findHandles() {
        let semantic = scopes.semantic
        var exported: Set<String>?
        for fn in semantic.functions {
            guard semantic.isModuleLevel(fn), let name = semantic.functionName(fn) else { continue }
            let declared = returnTypeName(fn)
            let values = semantic.returnedValues(of: fn)
            guard !values.isEmpty else { continue }
            var literal: NodeID?
            var local: BindingID?
            var localType: String?
            var consistent = true
            for v in values {
                let e = tree.unwrap(v)
                var found: NodeID?
                if tree.kind(e) == .objectExpression {
                    found = e
                } else if tree.kind(e) == .identifier, let b = semantic.binding(for: e), semantic.binding(b).kind == .const,
                          semantic.binding(b).declaration != fn, tree.enclosingFunction(of: semantic.binding(b).declarationNode) == fn,
                          let initial = semantic.binding(b).initializer, initial.path.isEmpty,
                          tree.kind(tree.unwrap(initial.expression)) == .objectExpression {
                    found = tree.unwrap(initial.expression)
                    if local == nil { local = b; localType = typeName(annotationOf: semantic.binding(b).declarationNode) }
                    if local != b { consistent = false }
                }
                guard let f = found, literal == nil || literal == f else { consistent = false; break }
                literal = f
            }
            guard consistent, let handle = literal, let type = declared ?? localType else { continue }
            if exported == nil { exported = Set(LeakScopes.exportedNames(tree)) }
            guard exported?.contains(name) == true, case .objectExpression(let props) = tree[handle] else { continue }
            var fields = 0
            for prop in tree.list(props) {
                guard case .property(let key, let value, _, let flags) = tree[prop], !flags.contains(.computed),
                      let k = scopes.propertyName(key, computed: false), let kind = scopes.containerKind(created: value) else { continue }
                let ref = LeakRef(root: .held(fn), path: [k])
                if kinds[ref] == nil { kinds[ref] = kind; creations[ref] = prop; fields += 1 }
            }
            guard fields > 0 else { continue }
            handleLiterals[fn] = handle
            if let local { handleLocals[local] = fn }
            if handleTypes[type] == nil { handleTypes[type] = .some(fn) } else { handleTypes[type] = .some(nil) }
        }
    }

    /// The declared return type of a function when it is a plain type name (`): RendererContext`).
    private func returnTypeName(_ fn: NodeID) -> String? {
        let annotation: NodeID?
        switch tree[fn] {
        case .functionDeclaration(_, _, _, let r, _, _), .functionExpression(_, _, _, let r, _, _), .arrowFunction(_, _, let r, _, _): annotation = r
        default: annotation = nil
        }
        return annotation.flatMap(typeName(of:))
    }

    /// The plain type name an identifier is declared with (`context: RendererContext`), or nil.
    private func typeName(annotationOf declared: NodeID) -> String? {
        guard case .identifier(let annotation?, _) = tree[declared] else { return nil }
        return typeName(of: annotation)
    }

    private func typeName(of annotation: NodeID) -> String? {
        var type = annotation
        if case .tsTypeAnnotation(let inner) = tree[type] { type = inner }
        guard case .tsTypeReference(let name, nil) = tree[type], tree.kind(name) == .identifier else { return nil }
        return tree.name(of: name)
    }

    /// The handle factory an identifier stands for: the local the factory keeps its handle in, or a parameter
    /// (never reassigned) declared with the handle's type.
    func handleOwner(_ ident: NodeID) -> NodeID? {
        guard !handleLiterals.isEmpty, tree.kind(ident) == .identifier, let b = scopes.semantic.binding(for: ident) else { return nil }
        if let f = handleLocals[b] { return f }
        let binding = scopes.semantic.binding(b)
        guard binding.kind == .parameter, let type = typeName(annotationOf: binding.declarationNode),
              let f = handleTypes[type] ?? nil, !scopes.semantic.isWritten(b) else { return nil }
        return f
    }

    /// The helpers of `InstanceHelpers`: module-level function declarations, never reassigned, every reference to
    /// which in the file is a direct call passing, at one position, `this` (or a local set once to it) of the
    /// same class or constructor function (`getPositionalPath(this, path)` in `Schema.prototype.path`), or that
    /// parameter of another such helper (`getPositionalPathType(self, path)` in `getPositionalPath`), or its own
    /// (a recursive call). The parameter, never reassigned, stands for the instance there as `this` does in
    /// the methods. Read over the file's function declarations and their references, in a few rounds.
    private func findInstanceHelpers() -> InstanceHelpers {
        var table = InstanceHelpers()
        guard !constructorFunctions.isEmpty || !scopes.classes.isEmpty else { return table }
        let semantic = scopes.semantic
        var candidates: [(fn: NodeID, params: [BindingID?], calls: [NodeID])] = []
        for fn in tree.nodes(ofKind: .functionDeclaration) {
            guard case .functionDeclaration(let id?, _, let params, _, _, _) = tree[fn], let b = semantic.binding(for: id),
                  semantic.isModuleLevel(b) else { continue }
            let list = tree.list(params)
            guard !list.isEmpty, let calls = helperCalls(of: fn) else { continue }
            let bindings = semantic.parameterBindings(of: fn)
            let declared = list.map { p -> BindingID? in
                guard tree.kind(p) == .identifier else { return nil }
                return bindings.first { semantic.binding($0).declarationNode == p }.flatMap { semantic.isWritten($0) ? nil : $0 }
            }
            guard declared.contains(where: { $0 != nil }) else { continue }
            candidates.append((fn, declared, calls))
        }
        var changed = !candidates.isEmpty
        var rounds = 0
        while changed, rounds < 8 {
            changed = false
            rounds += 1
            for c in candidates where table.helpers[c.fn] == nil {
                for (index, parameter) in c.params.enumerated() {
                    guard let own = parameter else { continue }
                    var owner: NodeID?
                    var every = true
                    for call in c.calls {
                        guard case .call(_, _, let args, _) = tree[call], case let list = Array(tree.list(args)), index < list.count else { every = false; break }
                        let a = tree.unwrap(list[index])
                        if tree.kind(a) == .identifier, let b = semantic.binding(for: a) {
                            if b == own { continue }
                            if let o = table.parameters[b], owner == nil || owner == o { owner = o; continue }
                        }
                        guard tree.kind(a) == .thisExpression || tree.kind(a) == .identifier, let o = self.owner(ofThis: a),
                              owner == nil || owner == o else { every = false; break }
                        owner = o
                    }
                    guard every, let owner else { continue }
                    table.helpers[c.fn] = (owner, index)
                    table.parameters[own] = owner
                    changed = true
                    break
                }
            }
        }
        return table
    }

    private var instanceHelpers: InstanceHelpers {
        if let known = helperTable { return known }
        let table = findInstanceHelpers()
        helperTable = table
        return table
    }

    /// The class or constructor function a module-level helper works on an instance of, with the position of the
    /// parameter standing for it (`InstanceHelpers`); nil for any other function.
    func instanceHelper(_ fn: NodeID) -> (owner: NodeID, index: Int)? {
        guard tree.kind(fn) == .functionDeclaration else { return nil }
        return instanceHelpers.helpers[fn]
    }

    /// The class or constructor function whose instance an identifier stands for as a helper's instance parameter
    /// (`self` in `function getPositionalPath(self, path)`), or nil.
    func instanceOwner(_ ident: NodeID) -> NodeID? {
        guard tree.kind(ident) == .identifier, let b = scopes.semantic.binding(for: ident),
              scopes.semantic.binding(b).kind == .parameter else { return nil }
        return instanceHelpers.parameters[b]
    }

    /// The handle factory a function is a method of: a function the factory declares and puts on the handle
    /// (`{ updateManifest }`, `{ update: updateManifest }`), or a function taking the handle as a parameter.
    func handleOwner(ofFunction fn: NodeID) -> NodeID? {
        guard !handleLiterals.isEmpty else { return nil }
        if let outer = tree.enclosingFunction(of: fn), let literal = handleLiterals[outer], exposes(literal, fn) { return outer }
        for b in scopes.semantic.parameterBindings(of: fn) {
            let declared = scopes.semantic.binding(b).declarationNode
            if let f = handleOwner(declared), f != fn { return f }
        }
        return nil
    }

    /// Whether a handle literal has a property whose value is the function `fn` (by its name's binding).
    private func exposes(_ literal: NodeID, _ fn: NodeID) -> Bool {
        guard case .functionDeclaration(let id?, _, _, _, _, _) = tree[fn], let b = scopes.semantic.binding(for: id),
              case .objectExpression(let props) = tree[literal] else { return false }
        return tree.list(props).contains { prop in
            guard case .property(_, let value, _, _) = tree[prop] else { return false }
            let v = tree.unwrap(value)
            return tree.kind(v) == .identifier && scopes.semantic.binding(for: v) == b
        }
    }

    /// Whether a function a handle factory declares is only called by the factory itself, while it builds the
    /// handle (`updateManifest(manifest)` in its body), besides being put on the handle: nothing in the module
    /// calls it later or hands it on (`setInterval(flush, ms)`), so it runs when the handle's caller calls it.
    func calledOnlyByFactory(_ fn: NodeID) -> Bool {
        guard let factory = tree.enclosingFunction(of: fn), let literal = handleLiterals[factory],
              case .functionDeclaration(let id?, _, _, _, _, _) = tree[fn], let b = scopes.semantic.binding(for: id) else { return false }
        let range = tree.range(literal)
        for r in scopes.semantic.references(of: b) {
            let at = tree.range(r.node)
            if at.start >= range.start, at.end <= range.end { continue }
            if let p = tree.parent(r.node), case .call(let callee, _, _, _) = tree[p], tree.unwrap(callee) == r.node,
               tree.enclosingFunction(of: p) == factory { continue }
            return false
        }
        return true
    }

    /// The long-lived value an expression denotes: what `LeakScopes.resolve` knows, else a held field
    /// (`this.cache`, `self[kPools]`) or a factory's closed-over container read inside the function it returns.
    func resolve(_ expr: NodeID) -> LeakRef? {
        if let ref = scopes.resolve(expr) { return ref }
        return resolveHeld(expr)
    }

    /// Whether `resolveHeld` may give a value for an expression: its member chain starts at `this`, at a local
    /// set once to `this`, or at a factory's closed-over container. False only where it gives none; read
    /// without resolving anything, so a walk can skip the other expressions.
    func mayResolveHeld(_ expr: NodeID) -> Bool {
        mayResolveHeld(root: chainRoot(expr))
    }

    /// Where an expression's member chain starts (`a` of `a.b[c].d`, unwrapped; the expression itself when it
    /// is no member).
    func chainRoot(_ expr: NodeID) -> NodeID {
        var e = tree.unwrap(expr)
        var steps = 0
        while steps < 10_000, tree.kind(e) == .member, case .member(let object, _, _, _) = tree[e] {
            e = tree.unwrap(object)
            steps += 1
        }
        return e
    }

    /// `mayResolveHeld` of an expression whose chain starts at `e` (`chainRoot`). For an identifier the answer
    /// depends on its binding alone.
    func mayResolveHeld(root e: NodeID) -> Bool {
        switch tree.kind(e) {
        case .thisExpression:
            return true
        case .identifier:
            guard let b = scopes.semantic.binding(for: e) else { return false }
            if handleOwner(e) != nil || instanceOwner(e) != nil { return true }
            let binding = scopes.semantic.binding(b)
            if let decl = tree.parent(binding.declarationNode), tree.kind(decl) == .variableDeclarator,
               kinds[LeakRef(root: .closure(decl), path: [])] != nil { return true }
            if kinds[LeakRef(root: .closure(binding.declarationNode), path: [])] != nil { return true }
            // `isWritten` last: it reads the binding's references, and most locals are set to something else
            guard let initial = binding.initializer, initial.path.isEmpty else { return false }
            let value = tree.unwrap(initial.expression)
            if tree.kind(value) == .thisExpression { return !scopes.semantic.isWritten(b) }
            // `var cache = this.cache`: a local standing for a field
            return fieldAlias(e) != nil
        default:
            return false
        }
    }

    /// A held field or closed-over container an expression denotes (`resolve` without `LeakScopes.resolve`).
    func resolveHeld(_ expr: NodeID) -> LeakRef? {
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .identifier:
            guard let b = scopes.semantic.binding(for: e) else { return nil }
            // a container an options object defaults to (`const { cache } = options`): the pattern's identifier
            let declared = scopes.semantic.binding(b).declarationNode
            if kinds[LeakRef(root: .closure(declared), path: [])] != nil { return LeakRef(root: .closure(declared), path: []) }
            guard let decl = tree.parent(declared), tree.kind(decl) == .variableDeclarator else { return nil }
            let ref = LeakRef(root: .closure(decl), path: [])
            if kinds[ref] != nil { return ref }
            // `var cache = this.cache; cache[key] = v`: the field itself
            guard let field = fieldAlias(e), scopes.resolve(field) == nil, let target = resolveHeld(field), kinds[target] != nil else { return nil }
            return target
        case .member(let object, let property, let computed, _):
            guard let key = key(property, computed: computed) else { return nil }
            let o = tree.unwrap(object)
            if let owner = owner(ofThis: o) ?? handleOwner(o) ?? instanceOwner(o) { return LeakRef(root: .held(owner), path: [key]) }
            guard let base = resolveHeld(o) else { return nil }
            return base.appending(key)
        default:
            return nil
        }
    }

    /// The field a function's local stands for: `var cache = this.cache` (also `self.cache`, `this[kCache]`),
    /// declared in a function with the field as its whole initializer and never reassigned. Writes through the
    /// local are writes to the field.
    func fieldAlias(_ ident: NodeID) -> NodeID? {
        guard let b = scopes.semantic.binding(for: ident), !scopes.semantic.isModuleLevel(b) else { return nil }
        let binding = scopes.semantic.binding(b)
        guard binding.kind.isVariable, let initial = binding.initializer, initial.path.isEmpty,
              case .member(let object, _, _, _) = tree[tree.unwrap(initial.expression)] else { return nil }
        // one step: the field's object is `this` or a local set to it, not another alias
        let o = tree.unwrap(object)
        guard tree.kind(o) == .thisExpression || (tree.kind(o) == .identifier && (owner(ofThis: o) ?? instanceOwner(o)) != nil),
              !scopes.semantic.isWritten(b) else { return nil }
        return tree.unwrap(initial.expression)
    }

    /// A property name, or `[k]` for a computed key that is a module-level constant (`this[kClients]`), declared
    /// in the file or imported (`const { kClients } = require('../core/symbols')`: undici keeps its symbols in one
    /// module).
    private func key(_ property: NodeID, computed: Bool) -> String? {
        if let name = scopes.propertyName(property, computed: computed) { return name }
        guard computed, tree.kind(property) == .identifier, let d = scopes.declaration(of: property) else { return nil }
        switch d.kind {
        case .const, .import(_, _?): return "[\(tree.name(of: property))]"
        default: return nil
        }
    }

    /// The class or constructor function whose instance `this` (or a local set once to `this`) is, when
    /// that is not a singleton (`LeakScopes.resolve` covers those).
    func owner(ofThis node: NodeID) -> NodeID? {
        var at = node
        if tree.kind(node) == .identifier {
            guard let b = scopes.semantic.binding(for: node), let initial = scopes.semantic.binding(b).initializer,
                  initial.path.isEmpty, !scopes.semantic.isWritten(b),
                  tree.kind(tree.unwrap(initial.expression)) == .thisExpression else { return nil }
            at = tree.unwrap(initial.expression)
        } else if tree.kind(node) != .thisExpression {
            return nil
        }
        if let (cls, isStatic) = scopes.thisClass(at: at) {
            return isStatic || scopes.singletons.contains(cls) ? nil : cls
        }
        // a constructor function, or `X.prototype.m = function () { ... this ... }`
        return scopes.constructorFunction(ofThis: at)
    }

    /// The class or constructor function a function is an instance method of (`handle(req, res) {}` in a
    /// class body, `Server.prototype.handle = function`); nil for constructors, static methods and the rest.
    func owner(ofMethod fn: NodeID) -> NodeID? {
        guard let p = tree.parent(fn) else { return nil }
        if case .methodDefinition(_, _, _, let kind, let modifiers) = tree[p] {
            guard kind == .method, !modifiers.contains(.static), let body = tree.parent(p), let cls = tree.parent(body),
                  !scopes.singletons.contains(cls) else { return nil }
            return cls
        }
        return scopes.prototypeOwner(of: fn) ?? handleOwner(ofFunction: fn)
    }

    /// The nearest enclosing function that has its own `this` (not an arrow function).
    private func perCallFunction(of node: NodeID) -> NodeID? {
        var fn = tree.enclosingFunction(of: node)
        var steps = 0
        while let f = fn, tree.kind(f) == .arrowFunction, steps < 64 {
            steps += 1
            fn = tree.enclosingFunction(of: f)
        }
        return fn
    }

    /// Whether `fn` builds the instance: the class's constructor or the constructor function itself, or a
    /// method only the constructor calls (`builders`).
    func isConstructor(_ fn: NodeID, of owner: NodeID) -> Bool {
        if fn == owner { return constructorFunctions.contains(fn) }
        if builders.contains(fn) { return self.owner(ofMethod: fn) == owner }
        return scopes.isConstructor(fn) && tree.enclosingClass(of: fn) == owner
    }

    /// Whether `fn` runs only while an instance is built (a class constructor or a constructor function, or a
    /// method only the constructor calls).
    func isConstructor(_ fn: NodeID) -> Bool {
        scopes.isConstructor(fn) || constructorFunctions.contains(fn) || handleLiterals[fn] != nil || builders.contains(fn)
    }

    /// The class or constructor function a constructor builds (a builder method's class too); nil for a
    /// factory's.
    func constructorOwner(of fn: NodeID) -> NodeID? {
        if constructorFunctions.contains(fn) { return fn }
        if builders.contains(fn) { return owner(ofMethod: fn) }
        guard scopes.isConstructor(fn), let cls = tree.enclosingClass(of: fn), !scopes.singletons.contains(cls) else { return nil }
        return cls
    }

    /// Finds `builders`: the names the file calls as `this.name()` in a constructor, and nowhere else refers
    /// to, then the instance methods of those names on the same class. The constructors' calls come first;
    /// only member names of their lengths are read after that.
    private func findBuilders() {
        guard !constructorFunctions.isEmpty || !scopes.classes.isEmpty else { return }
        // per name: the constructors calling it on `this`
        var callers: [String: [NodeID]] = [:]
        var calls: Set<NodeID> = []
        for id in tree.nodes(ofKind: .call) {
            guard case .call(let callee, _, _, _) = tree[id], case let c = tree.unwrap(callee), tree.kind(c) == .member,
                  case .member(let object, let property, false, _) = tree[c], tree.kind(property) == .identifier,
                  case let o = tree.unwrap(object), tree.kind(o) == .thisExpression || tree.kind(o) == .identifier,
                  owner(ofThis: o) != nil, let fn = perCallFunction(of: id), isConstructor(fn) else { continue }
            callers[tree.name(of: property), default: []].append(fn)
            calls.insert(c)
        }
        guard !callers.isEmpty else { return }
        // whether anything else refers to such a name: another call, a read, a method value handed on
        let lengths = Set(callers.keys.map { $0.utf8.count })
        var elsewhere: Set<String> = []
        for id in tree.nodes(ofKind: .member) where !calls.contains(id) {
            guard case .member(_, let property, false, _) = tree[id], tree.kind(property) == .identifier,
                  case let r = tree.range(property), lengths.contains(Int(r.end) - Int(r.start)) else { continue }
            let name = tree.name(of: property)
            guard callers[name] != nil else { continue }
            // `X.prototype.name = function`: the method's own definition
            if let p = tree.parent(id), case .assignment(.assign, let left, let right) = tree[p], left == id,
               tree.kind(tree.unwrap(right)).isFunction { continue }
            elsewhere.insert(name)
        }
        var found: Set<NodeID> = []
        for fn in scopes.semantic.functions {
            guard let name = methodName(fn), let constructors = callers[name], !elsewhere.contains(name),
                  let cls = owner(ofMethod: fn), constructors.allSatisfy({ isConstructor($0, of: cls) }) else { continue }
            found.insert(fn)
        }
        builders = found
    }

    /// An instance method's name: `name() {}` in a class body, `X.prototype.name = function`, or a property
    /// of the object assigned to `X.prototype`.
    private func methodName(_ fn: NodeID) -> String? {
        guard let p = tree.parent(fn) else { return nil }
        switch tree[p] {
        case .methodDefinition(_, let key, _, .method, let modifiers) where !modifiers.contains(.computed):
            return tree.kind(key) == .identifier ? tree.name(of: key) : nil
        case .assignment(.assign, let left, _):
            guard case .member(_, let property, false, _) = tree[tree.unwrap(left)], tree.kind(property) == .identifier else { return nil }
            return tree.name(of: property)
        case .property(let key, _, _, let flags) where !flags.contains(.computed):
            return tree.kind(key) == .identifier ? tree.name(of: key) : nil
        default:
            return nil
        }
    }

    private func returnedFunctions(of factory: NodeID) -> [NodeID] {
        if let known = returned[factory] { return known }
        let fns = scopes.semantic.returnedFunctions(of: factory)
        returned[factory] = fns
        return fns
    }

    /// Outside entry points: the function a factory returns, with a name for messages, when the file alone
    /// shows it outlives a call: the factory is exported, called at the module's top level, or called by a
    /// class constructor that keeps the result on the instance; and the add runs in the function it returns.
    /// The add may also sit in a helper the factory declares and only the returned function calls
    /// (`const setData = (key, data) => cache.set(key, ...)`): it runs on the same calls.
    func perCallSite(of ref: LeakRef, at node: NodeID) -> (function: NodeID, name: String)? {
        guard case .closure(let decl) = ref.root, let factory = tree.enclosingFunction(of: decl) else { return nil }
        let label: String
        if let factoryName = functionName(factory), LeakScopes.exportedNames(tree).contains(factoryName) || resultIsKept(factory) {
            label = "the function \(factoryName)() returns"
        } else if let exported = exportedValueName(factory) {
            label = exported == "module.exports" ? "the function the module's export returns" : "the function \(exported)() returns"
        } else {
            return nil
        }
        let returned = returnedFunctions(of: factory)
        if let inner = returned.first(where: { scopes.contains($0, node) }) { return (inner, label) }
        guard let helper = tree.enclosingFunction(of: node), tree.enclosingFunction(of: helper) == factory,
              let calls = helperCalls(of: helper), let first = calls.first,
              let inner = returned.first(where: { scopes.contains($0, first) }),
              calls.allSatisfy({ scopes.contains(inner, $0) }) else { return nil }
        return (inner, label)
    }

    /// The calls of a helper a factory declares (`const setData = (k, v) => ...`, `function setData(k, v) {}`),
    /// when every reference to it is the callee of a call in a function nested in the factory; nil otherwise.
    func helperCalls(of helper: NodeID) -> [NodeID]? {
        let semantic = scopes.semantic
        let name: NodeID
        switch tree[helper] {
        case .functionDeclaration(let id?, _, _, _, _, _):
            name = id
        default:
            guard let p = tree.parent(helper), case .variableDeclarator(let target, let initial?, _) = tree[p],
                  tree.unwrap(initial) == helper, tree.kind(target) == .identifier else { return nil }
            name = target
        }
        guard let b = semantic.binding(for: name), !semantic.isWritten(b) else { return nil }
        var calls: [NodeID] = []
        for r in semantic.references(of: b) {
            guard let p = tree.parent(r.node), case .call(let callee, _, _, _) = tree[p], tree.unwrap(callee) == r.node else { return nil }
            calls.append(p)
        }
        return calls.isEmpty ? nil : calls
    }

    /// The name a function is exported under when it is the exported value itself (`module.exports = (fn,
    /// options) => {}`, `exports.memo = function () {}`, `export default function () {}`): "module.exports",
    /// "default" or the property's name.
    func exportedValueName(_ fn: NodeID) -> String? {
        guard let p = tree.parent(fn) else { return nil }
        switch tree[p] {
        case .exportDefaultDeclaration:
            return "default"
        case .assignment(.assign, let left, let right) where tree.unwrap(right) == fn:
            guard let statement = tree.parent(p), tree.kind(statement) == .expressionStatement, tree.parent(statement) == tree.root,
                  case .member(let object, let property, false, _) = tree[tree.unwrap(left)] else { return nil }
            let o = tree.unwrap(object)
            if tree.kind(o) == .identifier, tree.nameIs(o, "module"), tree.nameIs(property, "exports") { return "module.exports" }
            if tree.kind(o) == .identifier, tree.nameIs(o, "exports") { return tree.name(of: property) }
            if case .member(let mo, let mp, false, _) = tree[o], tree.kind(tree.unwrap(mo)) == .identifier,
               tree.nameIs(tree.unwrap(mo), "module"), tree.nameIs(mp, "exports") { return tree.name(of: property) }
            return nil
        default:
            return nil
        }
    }

    /// A function's name: declared, or the variable it initialises.
    private func functionName(_ fn: NodeID) -> String? {
        if case .functionDeclaration(let id?, _, _, _, _, _) = tree[fn] { return tree.name(of: id) }
        if let p = tree.parent(fn), case .variableDeclarator(let target, _, _) = tree[p], tree.kind(target) == .identifier {
            return tree.name(of: target)
        }
        return nil
    }

    /// Whether a call of the factory is kept: made at the module's top level (`const sign = withCache(hmac)`) or
    /// stored on an instance by its constructor.
    private func resultIsKept(_ factory: NodeID) -> Bool {
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            guard tree.kind(id) == .call, case .call(let callee, _, _, _) = tree[id], tree.kind(tree.unwrap(callee)) == .identifier,
                  let b = scopes.semantic.binding(for: tree.unwrap(callee)) else { continue }
            let declared = scopes.semantic.binding(b).declaration
            guard declared == factory || tree.parent(factory) == declared else { continue }
            if scopes.semantic.isModuleLevel(id) || storedByConstructor(id) { return true }
        }
        return false
    }

    /// Whether a call's value is kept on an instance by its class's constructor (`this.format = f(...)`,
    /// `this.formats = { number: f(...) }`): it lives as long as the instance, like the object's own fields.
    private func storedByConstructor(_ call: NodeID) -> Bool {
        var value = call
        if let p = tree.parent(call), case .property(_, let v, _, _) = tree[p], tree.unwrap(v) == call,
           let object = tree.parent(p), tree.kind(object) == .objectExpression {
            value = object
        }
        guard let a = tree.parent(value), case .assignment(.assign, let left, let right) = tree[a], tree.unwrap(right) == value,
              case .member(let target, _, _, _) = tree[tree.unwrap(left)], tree.kind(tree.unwrap(target)) == .thisExpression,
              let fn = perCallFunction(of: a) else { return false }
        return scopes.isConstructor(fn)
    }

    /// Method names that end an object's life: what they clear, the object no longer serves.
    static let teardownWords = ["close", "destroy", "dispose", "terminate", "shutdown", "teardown", "disconnect"]

    /// Whether `node` runs in a method that ends the instance (`close()`, `[kDestroy]()`, `X.prototype.end`)
    /// and empties the container there: a delete of one key (`this[kClients].delete(origin)` in an
    /// `onDisconnect` handler) drops that entry while the instance goes on serving.
    func isInTeardown(_ node: NodeID) -> Bool {
        switch tree[node] {
        case .unary(.delete, _): return false
        case .call(_, _, let args, _) where !tree.list(args).isEmpty: return false
        default: break
        }
        guard let fn = perCallFunction(of: node), let p = tree.parent(fn) else { return false }
        var name: String
        switch tree[p] {
        case .methodDefinition(_, let key, _, _, _):
            name = tree.text(key)
        case .assignment(_, let left, _):
            guard case .member(_, let property, _, _) = tree[left] else { return false }
            name = tree.text(property)
        case .property(let key, _, _, _):
            name = tree.text(key)
        default:
            return false
        }
        name = name.lowercased()
        return ["end", "quit", "stop"].contains(name) || LeakHeldContainers.teardownWords.contains { name.contains($0) }
    }
}
