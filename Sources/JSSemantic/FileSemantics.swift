// FileSemantics: the semantic model of one file, built once from its SyntaxTree.
//
// Building is one pass of the Binder (scopes, bindings, references) and one pass over the module-level
// facts (imports, exports). Everything is stored in flat arrays indexed by NodeID / BindingID, so the
// queries below are array look-ups, and the object is immutable and safe to share between threads.

import JSSyntax
import SourceText

public final class FileSemantics: @unchecked Sendable {
    public let tree: SyntaxTree
    public let scopes: [Scope]
    /// Every binding, by `BindingID` (`binding(_:)` gives one with its initializer path, `name(of:)` its name).
    let storedBindings: StoredBindings
    /// The bindings with a destructuring path in their initializer, sorted, and beside each its path.
    let pathBindings: [Int32]
    let paths: [[String]]
    /// The bindings of each scope, in declaration order: `scopeBindings[scopeBindingStart[s] ..< scopeBindingStart[s+1]]`
    /// (one array for the file, not one per scope).
    let scopeBindings: [BindingID]
    let scopeBindingStart: [Int32]
    /// Every function-like node (declarations, expressions, arrows, methods), in source order of their start.
    public let functions: [NodeID]
    public internal(set) var imports: [ImportRecord] = []
    public internal(set) var exports: [ExportRecord] = []

    /// Per identifier: its binding and reference flags.
    let identifiers: IdentifierTable
    /// The innermost scope of the nodes where it changes: sorted node ids whose scope differs from
    /// their parent's, and that scope (see `scope(containing:)`). Two bytes an entry where they fit.
    let scopeChangeNodes: CompactIndexes
    let scopeChangeScopes: CompactIndexes
    /// The scope each scope-opening node opens: sorted node ids and, beside them, the scope (the last one
    /// opened when a node opens several); see `scope(openedBy:)`. Two bytes an entry where they fit.
    let scopeOpeners: CompactIndexes
    let scopeOpened: CompactIndexes
    /// References per binding (declarations excluded): `referenceNodes[referenceStart[b] ..< referenceStart[b+1]]`.
    let referenceStart: CompactIndexes
    let referenceNodes: CompactIndexes
    /// Per binding: the node of its only write, `noWrite` or `manyWrites` (what `constantValue` asks), plus
    /// one, so that every value is -1 or more and fits `CompactIndexes` (see `singleWrite(of:)`).
    let singleWrites: CompactIndexes
    static var noWrite: Int32 { -1 }
    static var manyWrites: Int32 { -2 }
    /// ES imports and import-equals: binding -> (specifier, path), filled while the module facts are
    /// collected, then emptied: afterwards `importOf` reads the same answers from the import records.
    var importOfBinding: [BindingID: (String, [String])] = [:]
    /// The bindings `importOfBinding` had, sorted, and beside each the index of its record in `imports`.
    var importBindings = CompactIndexes([])
    var importRecordOfBinding = CompactIndexes([])
    /// Require calls whose `require` is the real one.
    var requireCalls: Set<NodeID> = []
    /// Those of them with a literal specifier, sorted, and beside each the index of an import record of
    /// that call (whose specifier is the literal's): `origin` reads a require's specifier there instead of
    /// decoding the literal on every use of the module (see `requireSpecifier(of:)`).
    var requireCallNodes = CompactIndexes([])
    var requireCallRecords = CompactIndexes([])
    /// Call and assignment sites the module facts are collected from, emptied once they are.
    var requireCandidates: [NodeID]
    var dynamicImports: [NodeID]
    var commonJSAssignments: [NodeID]
    var defineProperties: [NodeID]
    /// Bindings by the initializer expression they were declared with: built for finding what a
    /// `require()` or `import()` is bound to while the module facts are collected, then emptied.
    var bindingsByInitializer: [NodeID: [BindingID]] = [:]
    /// Functions called once at module load (see `isModuleIIFE`).
    let moduleIIFEs: Set<NodeID>
    /// Each `return` of a value with the function whose own body holds it (not a nested function's, not
    /// a class body's), sorted by function and, within one, from the last in the source to the first:
    /// `returnedFunctions(of:)` reads them instead of walking the body (the call graph asks it for every
    /// call target).
    let ownReturns: [OwnReturn]

    struct OwnReturn {
        let function: Int32
        let statement: Int32
    }

    public init(_ tree: SyntaxTree) {
        self.tree = tree
        var binder = Binder(tree: tree)
        binder.run()
        // Each scope's name table served resolution while binding (the binder's); afterwards `lookup`
        // reads the scope's bindings.
        scopes = binder.scopes.exactSize()
        storedBindings = StoredBindings(binder.bindings)
        var pathBindings: [Int32] = [], paths: [[String]] = []
        for (i, b) in binder.bindings.enumerated() where !b.path.isEmpty {
            pathBindings.append(Int32(i))
            paths.append(b.path)
        }
        self.pathBindings = pathBindings.exactSize()
        self.paths = paths.exactSize()
        let bindings = binder.bindings
        identifiers = IdentifierTable(binding: binder.nodeBinding, flags: binder.nodeFlags)
        let nodeBinding = binder.nodeBinding, nodeFlags = binder.nodeFlags
        let (changeNodes, changeScopes) = FileSemantics.scopeChanges(binder.nodeScope, tree)
        scopeChangeNodes = CompactIndexes(changeNodes)
        scopeChangeScopes = CompactIndexes(changeScopes)
        let (openers, opened) = FileSemantics.scopeOpeners(scopes)
        scopeOpeners = CompactIndexes(openers)
        scopeOpened = CompactIndexes(opened)
        // a scope's bindings are those whose scope it is, in id order (the order they were declared in)
        var starts = [Int32](repeating: 0, count: scopes.count + 1)
        for b in bindings { starts[Int(b.scope.raw) + 1] += 1 }
        for i in 1..<starts.count { starts[i] += starts[i - 1] }
        var next = starts
        var inScope = [BindingID](repeating: BindingID(0), count: bindings.count)
        for (i, b) in bindings.enumerated() {
            inScope[Int(next[Int(b.scope.raw)])] = BindingID(Int32(i))
            next[Int(b.scope.raw)] += 1
        }
        scopeBindings = inScope
        scopeBindingStart = starts
        functions = binder.functions.sorted { tree.range($0).start < tree.range($1).start }
        requireCandidates = binder.requireCandidates
        dynamicImports = binder.dynamicImports
        commonJSAssignments = binder.commonJSAssignments
        defineProperties = binder.defineProperties

        // references per binding, counting sort by binding, each run in source order
        var counts = [Int32](repeating: 0, count: binder.bindings.count + 1)
        var total = 0
        for i in 0..<nodeBinding.count where FileSemantics.isListedReference(nodeBinding[i], nodeFlags[i]) {
            counts[Int(nodeBinding[i]) + 1] += 1
            total += 1
        }
        for i in 1..<counts.count { counts[i] += counts[i - 1] }
        var fill = counts
        var nodes = [NodeID](repeating: NodeID(0), count: total)
        for i in 0..<nodeBinding.count where FileSemantics.isListedReference(nodeBinding[i], nodeFlags[i]) {
            let b = Int(nodeBinding[i])
            nodes[Int(fill[b])] = NodeID(Int32(i))
            fill[b] += 1
        }
        for b in 0..<binder.bindings.count {
            let lo = Int(counts[b]), hi = Int(counts[b + 1])
            if hi - lo > 1 { nodes[lo..<hi].sort { tree.range($0).start < tree.range($1).start } }
        }
        referenceStart = CompactIndexes(counts)
        referenceNodes = CompactIndexes(nodes.map(\.raw))
        var single = [Int32](repeating: FileSemantics.noWrite, count: binder.bindings.count)
        for b in 0..<binder.bindings.count {
            for i in Int(counts[b])..<Int(counts[b + 1]) {
                let n = nodes[i]
                guard nodeFlags[n.index] & ReferenceFlags.write.rawValue != 0 else { continue }
                single[b] = single[b] == FileSemantics.noWrite ? n.raw : FileSemantics.manyWrites
                if single[b] == FileSemantics.manyWrites { break }
            }
        }
        singleWrites = CompactIndexes(single.map { $0 + 1 })

        moduleIIFEs = FileSemantics.findModuleIIFEs(tree, functions: functions)
        ownReturns = FileSemantics.ownReturns(tree)

        if !requireCandidates.isEmpty || !dynamicImports.isEmpty {
            var byInit: [NodeID: [BindingID]] = [:]
            for (i, b) in binder.bindings.enumerated() {
                if let e = b.initializer?.expression { byInit[e, default: []].append(BindingID(Int32(i))) }
            }
            bindingsByInitializer = byInit
        }
        collectModuleFacts()
        bindingsByInitializer = [:]
        requireCandidates = []
        dynamicImports = []
        commonJSAssignments = []
        defineProperties = []
    }

    // MARK: - Bindings and references

    /// References exclude declarations, except redeclarations that assign (`var x = 1; var x = 2`).
    static func isListedReference(_ binding: Int32, _ flags: UInt8) -> Bool {
        binding >= 0 && (flags & ReferenceFlags.declaration.rawValue == 0
                         || flags & ReferenceFlags.redeclaration.rawValue != 0)
    }

    public func binding(_ id: BindingID) -> Binding {
        let stored = storedBindings[id.index]
        guard stored.hasPath else { return Binding(stored, path: []) }
        var lo = 0, hi = pathBindings.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if pathBindings[mid] < id.raw { lo = mid + 1 } else { hi = mid }
        }
        return Binding(stored, path: lo < paths.count && pathBindings[lo] == id.raw ? paths[lo] : [])
    }

    /// How many bindings the file has (their ids are 0 ..< bindingCount).
    public var bindingCount: Int { storedBindings.count }

    /// Every binding id, in declaration order.
    public var bindingIDs: [BindingID] { (0..<storedBindings.count).map { BindingID(Int32($0)) } }

    /// The name a binding declares (that of its declaring identifier).
    public func name(of b: BindingID) -> String {
        tree.name(of: NodeID(storedBindings.declarationNode(b.index)))
    }

    /// The kind and scope of a binding, without building it.
    func kind(of b: BindingID) -> BindingKind { storedBindings.kind(b.index) }
    func scopeOf(_ b: BindingID) -> ScopeID { ScopeID(storedBindings.scope(b.index)) }
    func declarationNode(of b: BindingID) -> NodeID { NodeID(storedBindings.declarationNode(b.index)) }
    func declaration(of b: BindingID) -> NodeID { NodeID(storedBindings.declaration(b.index)) }

    /// The specifier and path an ES import or import-equals binding names; nil for other bindings.
    func importOf(_ b: BindingID) -> (String, [String])? {
        if !importOfBinding.isEmpty { return importOfBinding[b] }
        var lo = 0, hi = importBindings.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if importBindings[mid] < b.raw { lo = mid + 1 } else { hi = mid }
        }
        guard lo < importBindings.count, importBindings[lo] == b.raw else { return nil }
        let record = imports[Int(importRecordOfBinding[lo])]
        return (record.specifier, record.path)
    }

    /// The binding an identifier declares or refers to; nil for globals, property names, labels.
    public func binding(for node: NodeID) -> BindingID? {
        let b = identifiers.binding(node.index)
        return b < 0 ? nil : BindingID(b)
    }

    /// How an identifier is used; empty for identifiers that are not references (property keys, labels).
    public func referenceFlags(_ node: NodeID) -> ReferenceFlags {
        ReferenceFlags(rawValue: identifiers.flags(node.index))
    }

    /// True for an identifier that refers to a name declared nowhere in the file.
    public func isGlobalReference(_ node: NodeID) -> Bool { referenceFlags(node).contains(.global) }

    /// Every use of a binding (reads, writes, type uses), declarations excluded, in source order.
    public func references(of b: BindingID) -> [Reference] {
        let lo = Int(referenceStart[b.index]), hi = Int(referenceStart[b.index + 1])
        return (lo..<hi).map { i in
            let n = NodeID(referenceNodes[i])
            return Reference(node: n, flags: ReferenceFlags(rawValue: identifiers.flags(n.index)))
        }
    }

    /// The identifiers that assign the binding after its declaration (`x = `, `x++`, destructuring
    /// assignment, `for (x of ...)`, `var` redeclaration with a value), in source order.
    public func writes(of b: BindingID) -> [NodeID] {
        let lo = Int(referenceStart[b.index]), hi = Int(referenceStart[b.index + 1])
        var out: [NodeID] = []
        for i in lo..<hi {
            let n = NodeID(referenceNodes[i])
            if identifiers.flags(n.index) & ReferenceFlags.write.rawValue != 0 { out.append(n) }
        }
        return out
    }

    /// Whether some reference writes the binding (`writes(of:)` is not empty), without listing them.
    public func isWritten(_ b: BindingID) -> Bool {
        let lo = Int(referenceStart[b.index]), hi = Int(referenceStart[b.index + 1])
        for i in lo..<hi where identifiers.flags(Int(referenceNodes[i])) & ReferenceFlags.write.rawValue != 0 {
            return true
        }
        return false
    }

    /// The value assigned at a write reference, for a plain `x = value`; nil otherwise.
    public func assignedValue(at write: NodeID) -> NodeID? {
        guard let p = tree.parent(write), case .assignment(.assign, let left, let right) = tree[p], left == write else {
            return nil
        }
        return right
    }

    /// Every value a variable is given in this file: its initializer and the right side of each plain
    /// assignment (`x = value`). Nil when it is not a variable, when its initializer destructures, or when a
    /// write is anything else (`x += 1`, `[x] = pair`, `x++`), since its values are then not all known.
    public func assignedValues(of b: BindingID) -> [NodeID]? {
        let binding = self.binding(b)
        guard binding.kind.isVariable else { return nil }
        var values: [NodeID] = []
        if let i = binding.initializer {
            guard i.path.isEmpty else { return nil }
            values.append(i.expression)
        }
        for w in writes(of: b) {
            guard let v = assignedValue(at: w) else { return nil }
            values.append(v)
        }
        return values
    }

    /// The value a binding holds when it is never reassigned: its initializer (with the destructuring
    /// path), or the single plain assignment of an uninitialised `let`/`var`.
    public func constantValue(of b: BindingID) -> BindingInitializer? {
        let binding = self.binding(b)
        guard binding.kind.isVariable else { return nil }
        let write = singleWrite(of: b)
        if let i = binding.initializer { return write == FileSemantics.noWrite ? i : nil }
        if write >= 0, let v = assignedValue(at: NodeID(write)) {
            return BindingInitializer(expression: v, path: [])
        }
        return nil
    }

    /// The node of a binding's only write, `noWrite` or `manyWrites`.
    func singleWrite(of b: BindingID) -> Int32 { singleWrites[b.index] - 1 }

    // MARK: - Scopes

    public func scope(_ id: ScopeID) -> Scope { scopes[id.index] }

    /// The bindings declared directly in a scope, in declaration order.
    public func bindings(declaredIn s: ScopeID) -> ArraySlice<BindingID> {
        scopeBindings[Int(scopeBindingStart[s.index])..<Int(scopeBindingStart[s.index + 1])]
    }

    /// The scope a scope-creating node opens (function, block with lexical declarations, class, ...).
    public func scope(openedBy node: NodeID) -> ScopeID? {
        var lo = 0, hi = scopeOpeners.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if scopeOpeners[mid] < node.raw { lo = mid + 1 } else { hi = mid }
        }
        return lo < scopeOpeners.count && scopeOpeners[lo] == node.raw ? ScopeID(scopeOpened[lo]) : nil
    }

    /// The table of `scope(openedBy:)`: for each node that opens a scope, the last scope it opens.
    static func scopeOpeners(_ scopes: [Scope]) -> ([Int32], [Int32]) {
        var order = Array(0..<Int32(scopes.count))
        order.sort { a, b in
            let na = scopes[Int(a)].node.raw, nb = scopes[Int(b)].node.raw
            return na != nb ? na < nb : a < b
        }
        var nodes: [Int32] = [], opened: [Int32] = []
        nodes.reserveCapacity(order.count)
        opened.reserveCapacity(order.count)
        for s in order {
            let n = scopes[Int(s)].node.raw
            if let last = nodes.last, last == n {
                opened[opened.count - 1] = s
            } else {
                nodes.append(n)
                opened.append(s)
            }
        }
        return (nodes, opened)
    }

    /// The innermost scope a node is in (a function node itself is in its outer scope).
    public func scope(containing node: NodeID) -> ScopeID {
        var n: NodeID? = node
        var steps = 0
        while let id = n, steps < 100_000 {
            var lo = 0, hi = scopeChangeNodes.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if scopeChangeNodes[mid] < id.raw { lo = mid + 1 } else { hi = mid }
            }
            if lo < scopeChangeNodes.count, scopeChangeNodes[lo] == id.raw { return ScopeID(scopeChangeScopes[lo]) }
            n = tree.parent(id)
            steps += 1
        }
        return ScopeID(0)
    }

    /// From the binder's scope per visited node (-1 where it visited none): the nodes whose scope is
    /// not the one their parent has (the parent's own, else its parent's, ..., else the top scope), so
    /// the nearest such node up the parent chain gives a node's scope.
    static func scopeChanges(_ nodeScope: [Int32], _ tree: SyntaxTree) -> ([Int32], [Int32]) {
        var nodes: [Int32] = [], scopes: [Int32] = []
        for i in 0..<nodeScope.count where nodeScope[i] >= 0 {
            // the scope above: that of the nearest visited ancestor (nearly always the parent)
            var p = tree.parent(NodeID(Int32(i)))
            while let q = p, nodeScope[q.index] < 0 { p = tree.parent(q) }
            let above = p.map { nodeScope[$0.index] } ?? 0
            if nodeScope[i] != above {
                nodes.append(Int32(i))
                scopes.append(nodeScope[i])
            }
        }
        return (nodes, scopes)
    }

    /// The binding `name` resolves to at `node`, or nil for a global.
    public func lookup(_ name: String, at node: NodeID) -> BindingID? {
        var s: ScopeID? = scope(containing: node)
        while let id = s {
            // a later binding of the same name in one scope replaced the earlier one (a function
            // expression's own name shadowed by a declaration in its body)
            if let b = bindings(declaredIn: id).last(where: { self.name(of: $0) == name }) { return b }
            s = scopes[id.index].parent
        }
        return nil
    }

    // MARK: - Module level: what runs once, at load

    /// True for a long-lived binding: declared in the file's top scope, or in the function scope of a
    /// module-level IIFE (`const api = (() => { const cache = new Map(); ... })()`), which runs once.
    public func isModuleLevel(_ b: BindingID) -> Bool {
        let s = scopeOf(b)
        if s == ScopeID(0) { return true }
        let scope = scopes[s.index]
        return scope.kind == .function && moduleIIFEs.contains(scope.node)
    }

    /// True when `node` runs once, at module load: outside every function, or inside module-level IIFEs only.
    public func isModuleLevel(_ node: NodeID) -> Bool {
        var fn = tree.enclosingFunction(of: node)
        var steps = 0
        while let f = fn, steps < 100_000 {
            guard moduleIIFEs.contains(f) else { return false }
            fn = tree.enclosingFunction(of: f)
            steps += 1
        }
        return true
    }

    /// Whether `fn` is a module-level IIFE: a function with a block body called where it is written,
    /// by a call outside every function (`(function () { ... })()`, `(() => { ... })()`).
    public func isModuleIIFE(_ fn: NodeID) -> Bool { moduleIIFEs.contains(fn) }

    static func findModuleIIFEs(_ tree: SyntaxTree, functions: [NodeID]) -> Set<NodeID> {
        var out: Set<NodeID> = []
        for fn in functions where tree.kind(fn) != .functionDeclaration {
            // the call whose callee is this function, through wrappers
            var n = fn
            var call: NodeID?
            var steps = 0
            while let p = tree.parent(n), steps < 64 {
                steps += 1
                if case .call(let callee, _, _, _) = tree[p] {
                    if tree.unwrap(callee) == fn { call = p }
                    break
                }
                guard tree.unwrap(p) == fn else { break }
                n = p
            }
            guard let call, tree.enclosingFunction(of: call) == nil else { continue }
            let body: NodeID
            switch tree[fn] {
            case .functionExpression(_, _, _, _, let b?, _): body = b
            case .arrowFunction(_, _, _, let b, _): body = b
            default: continue
            }
            if tree.kind(body) == .blockStatement { out.insert(fn) }
        }
        return out
    }

    // MARK: - Functions

    public func function(_ node: NodeID) -> FunctionInfo? {
        guard let parts = tree.functionParts(node) else { return nil }
        let isArrow = tree.kind(node) == .arrowFunction
        return FunctionInfo(node: node, params: Array(parts.params), body: parts.body,
                            isAsync: parts.flags.contains(.async), isGenerator: !isArrow && parts.flags.contains(.generator),
                            isArrow: isArrow, scope: scope(openedBy: node))
    }

    /// The position of a plain parameter among `fn`'s parameters (`function f(a, b = 1)`: `b` is 1); nil for a
    /// destructured one or a binding that is not one of `fn`'s parameters.
    public func parameterPosition(of b: BindingID, in fn: NodeID) -> Int? {
        guard binding(b).kind == .parameter, let params = function(fn)?.params else { return nil }
        var declared = binding(b).declarationNode
        if let up = tree.parent(declared), tree.kind(up) == .assignmentPattern { declared = up }
        return params.firstIndex { $0 == declared || tree.unwrap($0) == declared }
    }

    /// `parameterPosition(of:in:)` of the binding an identifier names; nil for any other expression.
    public func parameterPosition(ofIdentifier e: NodeID, in fn: NodeID) -> Int? {
        guard tree.kind(e) == .identifier, let b = binding(for: e) else { return nil }
        return parameterPosition(of: b, in: fn)
    }

    /// The parameter bindings of a function, in order (destructured parameters give several).
    public func parameterBindings(of fn: NodeID) -> [BindingID] {
        guard let s = scope(openedBy: fn) else { return [] }
        return bindings(declaredIn: s).filter { kind(of: $0) == .parameter }
    }

    /// A readable name for a function: its own name, the variable, property, method or export it is
    /// assigned to (`const f = () => {}`, `{ f() {} }`, `exports.f = function () {}`); nil if anonymous.
    public func functionName(_ fn: NodeID) -> String? {
        switch tree[fn] {
        case .functionDeclaration(let id?, _, _, _, _, _), .functionExpression(let id?, _, _, _, _, _):
            return tree.name(of: id)
        default: break
        }
        var n = fn
        var steps = 0
        while let p = tree.parent(n), steps < 8 {
            steps += 1
            switch tree[p] {
            case .variableDeclarator(let id, _, _):
                if case .identifier = tree[id] { return tree.name(of: id) }
                return nil
            case .property(let key, _, _, _), .methodDefinition(_, let key, _, _, _),
                 .propertyDefinition(_, let key, _, _, _):
                return propertyName(key)
            case .assignment(_, let left, _):
                if case .member(_, let prop, let computed, _) = tree[left] {
                    return computed ? literalString(prop) : tree.name(of: prop)
                }
                if case .identifier = tree[left] { return tree.name(of: left) }
                return nil
            case .exportDefaultDeclaration:
                return "default"
            case .tsAsExpression, .tsSatisfiesExpression, .tsNonNullExpression, .tsTypeAssertion:
                n = p
            default:
                return nil
            }
        }
        return nil
    }

    /// The functions a function returns (`return (req, res) => ...`, `return handler` bound to one, an
    /// arrow's expression body), from any `return` of its own body (not of functions nested in it).
    public func returnedFunctions(of fn: NodeID) -> [NodeID] {
        returnedValues(of: fn).compactMap { expr in valueNode(for: expr).flatMap { tree.kind($0).isFunction ? $0 : nil } }
    }

    /// The expressions a function returns from its own body (not a nested function's), last in the source
    /// first; an arrow function's expression body alone.
    public func returnedValues(of fn: NodeID) -> [NodeID] {
        // (the body from the tree: `function(_:)` would also list the parameters and find the scope)
        guard let body = tree.functionParts(fn)?.body else { return [] }
        if tree.kind(body) != .blockStatement { return [body] }
        var lo = 0, hi = ownReturns.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if ownReturns[mid].function < fn.raw { lo = mid + 1 } else { hi = mid }
        }
        var out: [NodeID] = []
        while lo < ownReturns.count, ownReturns[lo].function == fn.raw {
            if case .returnStatement(let arg?) = tree[NodeID(ownReturns[lo].statement)] { out.append(arg) }
            lo += 1
        }
        return out
    }

    /// The `return`s of a value by the function whose own body holds them (see `ownReturns`).
    static func ownReturns(_ tree: SyntaxTree) -> [OwnReturn] {
        var out: [OwnReturn] = []
        for i in 0..<tree.count {
            let id = NodeID(Int32(i))
            guard tree.kind(id) == .returnStatement, case .returnStatement(_?) = tree[id] else { continue }
            var up = tree.parent(id)
            while let p = up, !tree.kind(p).isFunction, tree.kind(p) != .classBody { up = tree.parent(p) }
            if let p = up, tree.kind(p).isFunction { out.append(OwnReturn(function: p.raw, statement: id.raw)) }
        }
        out.sort {
            $0.function != $1.function ? $0.function < $1.function
                : tree.range(NodeID($0.statement)).start > tree.range(NodeID($1.statement)).start
        }
        return out.exactSize()
    }

    /// Whether the module top level imports or requires `specifier` (so a later `require` of it in a
    /// function is a cache hit).
    public func loadsAtTopLevel(_ specifier: String) -> Bool {
        imports.contains { $0.specifier == specifier && !$0.typeOnly && isModuleLevel($0.node) }
    }

    // MARK: - Small helpers

    public func literalString(_ id: NodeID) -> String? { tree.literalString(id) }

    /// The value of a numeric literal: decimal with `_` separators and exponents, and `0x`/`0o`/`0b` integers;
    /// nil for anything else (a BigInt, a non-literal).
    public func literalNumber(_ id: NodeID) -> Double? {
        guard case .numericLiteral = tree[id] else { return nil }
        let text = tree.text(id).replacingOccurrences(of: "_", with: "")
        let lower = text.lowercased()
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(prefix) {
            return UInt64(lower.dropFirst(2), radix: radix).map(Double.init)
        }
        return Double(text)
    }

    /// The static name of a property key (identifier, string, number); nil for computed names.
    public func propertyName(_ key: NodeID) -> String? {
        switch tree[key] {
        case .identifier, .privateIdentifier: return tree.name(of: key)
        case .stringLiteral: return tree.stringValue(of: key)
        case .numericLiteral: return tree.text(key)
        default: return nil
        }
    }

    /// The property name of a member expression: `a.b` and `a['b']` give "b"; nil when computed.
    public func memberName(_ member: NodeID) -> String? {
        guard case .member(_, let property, let computed, _) = tree[member] else { return nil }
        return computed ? literalString(property) : tree.name(of: property)
    }

}

extension Array {
    /// The elements in storage of their count when the spare capacity holds 64 bytes or more: for the
    /// model's arrays of large elements, kept for the whole scan (`trimmed` counts spare elements, and
    /// leaves up to 15 of them, 840 bytes of bindings, in every file's model).
    func exactSize() -> [Element] {
        if (capacity - count) * MemoryLayout<Element>.stride < 64 { return self }
        return withUnsafeBufferPointer { Array($0) }
    }
}
