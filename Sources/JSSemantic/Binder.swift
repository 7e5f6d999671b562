// Binder: one pass over a SyntaxTree that builds scopes, declares bindings and resolves every
// identifier reference.
//
// Technique: an explicit work stack (never recursion: trees from real code can be tens of thousands of
// levels deep, e.g. long `a + b + ...` chains). Each work item says how to read a node: as code, as a
// binding pattern, or as a type. Children are pushed in reverse so they come off in source order, and a
// scope is opened/closed by items pushed around its children. References are not looked up when met:
// each scope collects the names used inside it and, when it closes (all its declarations now known,
// hoisting included), resolves those it declares and hands the rest to its parent. What the program
// scope cannot resolve is a global. Names are compared as per-file integer ids.

import JSSyntax

struct Binder {
    let tree: SyntaxTree

    var scopes: [Scope] = []
    var bindings: [Binding] = []
    /// Per node: binding id (declarations and references), -1 if none.
    var nodeBinding: [Int32]
    /// Per node: ReferenceFlags raw value.
    var nodeFlags: [UInt8]
    /// Per visited node: the innermost scope it is in; -1 for nodes the walk did not visit.
    var nodeScope: [Int32]
    var functions: [NodeID] = []
    /// Calls of an identifier named `require` with a literal first argument (resolved after the walk).
    var requireCandidates: [NodeID] = []
    /// `import('m')` with a literal source.
    var dynamicImports: [NodeID] = []
    /// Assignments whose target is rooted at an identifier named `module` or `exports`.
    var commonJSAssignments: [NodeID] = []
    /// Calls of `Object.defineProperty(...)` (CommonJS exports written by compilers).
    var defineProperties: [NodeID] = []

    private var open: [ScopeID] = []
    /// References not resolved yet, the identifier and its name's id: one run per open scope, in the
    /// order the scopes were opened (the innermost scope's run is the last, and what it leaves unresolved
    /// becomes the end of its parent's run), in one array rather than one array per scope.
    private var pending: [(node: Int32, name: Int32)] = []
    /// Where each open scope's run of `pending` starts.
    private var pendingStart: [Int] = []
    /// Each distinct name of the file as a small integer, so scope tables and pending references hold
    /// no Strings and resolving a reference in each enclosing scope hashes no String.
    private var nameIDs = NameIDs()
    /// Per scope: the names it declares and their bindings.
    private var scopeNames: [ScopeNames] = []

    /// A scope's name table: a short list while the scope declares few names, a dictionary beyond.
    struct ScopeNames {
        var pairs: [(name: Int32, binding: BindingID)] = []
        var map: [Int32: BindingID]?

        var isEmpty: Bool { pairs.isEmpty && map == nil }

        func binding(_ name: Int32) -> BindingID? {
            if let map { return map[name] }
            for p in pairs where p.name == name { return p.binding }
            return nil
        }

        mutating func set(_ name: Int32, _ binding: BindingID) {
            if map != nil {
                map?[name] = binding
                return
            }
            if let i = pairs.firstIndex(where: { $0.name == name }) {
                pairs[i].binding = binding
                return
            }
            pairs.append((name, binding))
            if pairs.count > 8 {
                var m: [Int32: BindingID] = [:]
                for p in pairs { m[p.name] = p.binding }
                map = m
                pairs = []
            }
        }
    }
    /// The contexts of the pattern work items (`Work.pattern`).
    private var contexts: [PatternContext] = []

    struct PatternContext {
        /// The kind to declare; nil for an assignment target (existing bindings are written).
        var kind: BindingKind?
        var declaration: NodeID
        var initializer: NodeID?
        /// Nil once the path is unknown (computed key, array rest, too deep).
        var path: [String]?
        var defaultValue: NodeID?
        /// `x += 1`, `x++`: the target is read too.
        var alsoRead: Bool
    }

    enum Work {
        case code(NodeID)
        /// A binding pattern, with the index of its context in `contexts` (so that a work item holds no
        /// reference-counted payload: the stack's items are copied and destroyed as plain bytes).
        case pattern(NodeID, Int32)
        case type(NodeID)
        case openScope(ScopeKind, NodeID)
        case closeScope
        /// Records the current scope for a node that has no work of its own (a function's body block).
        case mark(NodeID)
    }

    /// The work items still to do, or those one node adds (in order): a buffer the walk owns (freed when it
    /// ends), so a push is a store and a pop a load, with no uniqueness or capacity check of an array's for
    /// every node. `Work` holds no reference-counted payload, so its items are moved as plain bytes.
    struct WorkStack {
        private var base: UnsafeMutablePointer<Work>
        private(set) var count = 0
        private var capacity: Int

        init(capacity: Int) {
            assert(_isPOD(Work.self), "work items are moved and dropped as plain bytes")
            self.capacity = max(capacity, 1)
            base = .allocate(capacity: self.capacity)
        }

        func deallocate() { base.deallocate() }

        @inline(__always) mutating func append(_ work: Work) {
            if count == capacity { grow() }
            (base + count).initialize(to: work)
            count += 1
        }

        @inline(__always) mutating func popLast() -> Work? {
            guard count > 0 else { return nil }
            count -= 1
            return (base + count).move()
        }

        /// Drops every item (kept as plain bytes: nothing to release).
        @inline(__always) mutating func removeAll() { count = 0 }

        @inline(__always) subscript(i: Int) -> Work {
            precondition(i >= 0 && i < count)
            return base[i]
        }

        @inline(never) mutating func grow() {
            let bigger = UnsafeMutablePointer<Work>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }
    }

    init(tree: SyntaxTree) {
        self.tree = tree
        nodeBinding = [Int32](repeating: -1, count: tree.count)
        nodeFlags = [UInt8](repeating: 0, count: tree.count)
        nodeScope = [Int32](repeating: -1, count: tree.count)
    }

    mutating func run() {
        var stack = WorkStack(capacity: 256)
        var batch = WorkStack(capacity: 64)
        defer {
            stack.deallocate()
            batch.deallocate()
        }
        stack.append(.code(tree.root))
        while let work = stack.popLast() {
            batch.removeAll()
            switch work {
            case .code(let id):
                mark(id)
                code(id, &batch)
            case .pattern(let id, let c):
                mark(id)
                pattern(id, contexts[Int(c)], c, &batch)
            case .type(let id):
                mark(id)
                type(id, &batch)
            case .openScope(let kind, let node):
                openScope(kind, node)
            case .closeScope:
                closeScope()
            case .mark(let id):
                mark(id)
            }
            // the batch's first work on top
            var i = batch.count
            while i > 0 {
                i -= 1
                stack.append(batch[i])
            }
        }
        while !open.isEmpty { closeScope() }
    }

    @inline(__always) private mutating func mark(_ id: NodeID) {
        if let s = open.last { nodeScope[id.index] = s.raw }
    }

    // MARK: - Scopes

    private mutating func openScope(_ kind: ScopeKind, _ node: NodeID) {
        let id = ScopeID(Int32(scopes.count))
        scopes.append(Scope(kind: kind, node: node, parent: open.last))
        scopeNames.append(ScopeNames())
        open.append(id)
        pendingStart.append(pending.count)
    }

    private mutating func closeScope() {
        guard let id = open.popLast(), let start = pendingStart.popLast() else { return }
        // the references this scope declares are resolved; the others stay, in order, for the parent
        var kept = pending.count
        let names = scopeNames[id.index]
        if !names.isEmpty {
            kept = start
            for i in start..<pending.count {
                let ref = pending[i]
                if let b = names.binding(ref.name) {
                    nodeBinding[Int(ref.node)] = b.raw
                } else {
                    pending[kept] = ref
                    kept += 1
                }
            }
        }
        if pendingStart.isEmpty {
            for i in start..<kept { nodeFlags[Int(pending[i].node)] |= ReferenceFlags.global.rawValue }
            kept = start
        }
        pending.removeLast(pending.count - kept)
    }

    private mutating func reference(_ id: NodeID, _ flags: ReferenceFlags) {
        nodeFlags[id.index] |= flags.rawValue
        guard !pendingStart.isEmpty else { return }
        let key = nameIDs.id(of: id, in: tree)
        pending.append((id.raw, key))
    }

    private mutating func declare(_ id: NodeID, _ ctx: PatternContext, kind: BindingKind) {
        guard var target = open.last else { return }
        if kind == .var {
            var i = open.count - 1
            while i > 0, !scopes[open[i].index].kind.isVarScope { i -= 1 }
            target = open[i]
        }
        let key = nameIDs.id(of: id, in: tree)
        nodeFlags[id.index] |= ReferenceFlags.declaration.rawValue
        if let existing = scopeNames[target.index].binding(key) {
            let old = bindings[existing.index].kind
            if old != .functionExpressionName && old != .classExpressionName {
                nodeBinding[id.index] = existing.raw
                if ctx.initializer != nil || kind == .function {
                    nodeFlags[id.index] |= ReferenceFlags.redeclaration.rawValue | ReferenceFlags.write.rawValue
                }
                return
            }
        }
        let b = BindingID(Int32(bindings.count))
        var initializer: BindingInitializer?
        if let e = ctx.initializer, let path = ctx.path { initializer = BindingInitializer(expression: e, path: path) }
        bindings.append(Binding(kind: kind, scope: target, declarationNode: id,
                                declaration: ctx.declaration, initializer: initializer,
                                defaultValue: ctx.defaultValue))
        scopeNames[target.index].set(key, b)
        nodeBinding[id.index] = b.raw
    }

    // MARK: - Code

    private func hasLexicalDeclaration(_ statements: NodeIDs) -> Bool {
        for s in statements {
            switch tree[s] {
            case .variableDeclaration(let kind, _, _) where kind != .var: return true
            case .functionDeclaration, .classDeclaration, .tsEnumDeclaration, .tsModuleDeclaration,
                 .tsImportEqualsDeclaration:
                return true
            default: continue
            }
        }
        return false
    }

    private func bindingKind(_ kind: VariableKind) -> BindingKind {
        switch kind {
        case .var: return .var
        case .let: return .let
        case .const: return .const
        case .using, .awaitUsing: return .using
        }
    }

    /// Work items for a function's parameters and body, inside its scope.
    private mutating func functionParts(_ id: NodeID, name: NodeID?, nameKind: BindingKind?, typeParameters: NodeID?,
                                        params: NodeList, returnType: NodeID?, body: NodeID?, expressionBody: Bool,
                                        _ out: inout WorkStack) {
        functions.append(id)
        if let name, nameKind == .function {
            out.append(pat(name, PatternContext(kind: .function, declaration: id, path: nil, alsoRead: false)))
        }
        out.append(.openScope(.function, id))
        if let name, let nameKind, nameKind != .function {
            out.append(pat(name, PatternContext(kind: nameKind, declaration: id, path: nil, alsoRead: false)))
        }
        if let typeParameters { out.append(.type(typeParameters)) }
        for p in tree.list(params) {
            out.append(pat(p, PatternContext(kind: .parameter, declaration: id, path: nil, alsoRead: false)))
        }
        if let returnType { out.append(.type(returnType)) }
        if let body {
            if !expressionBody, case .blockStatement(let statements) = tree[body] {
                out.append(.mark(body))
                for s in tree.list(statements) { out.append(.code(s)) }
            } else {
                out.append(.code(body))
            }
        }
        out.append(.closeScope)
    }

    private mutating func classParts(_ id: NodeID, decorators: NodeList, name: NodeID?, isDeclaration: Bool,
                                     typeParameters: NodeID?, superClass: NodeID?, superTypeArguments: NodeID?,
                                     implements: NodeList, body: NodeID, _ out: inout WorkStack) {
        for d in tree.list(decorators) { out.append(.code(d)) }
        if let name, isDeclaration {
            out.append(pat(name, PatternContext(kind: .class, declaration: id, path: nil, alsoRead: false)))
        }
        if let superClass { out.append(.code(superClass)) }
        if let superTypeArguments { out.append(.type(superTypeArguments)) }
        for i in tree.list(implements) { out.append(.type(i)) }
        out.append(.openScope(.classBody, id))
        if let name, !isDeclaration {
            out.append(pat(name, PatternContext(kind: .classExpressionName, declaration: id, path: nil,
                                                     alsoRead: false)))
        }
        if let typeParameters { out.append(.type(typeParameters)) }
        out.append(.code(body))
        out.append(.closeScope)
    }

    private mutating func code(_ id: NodeID, _ out: inout WorkStack) {
        // an identifier or a leaf (a third of the nodes coded): its kind is all the switch below reads of it
        switch tree.kind(id) {
        case .identifier:
            reference(id, .read)
            return
        case .stringLiteral, .numericLiteral, .bigIntLiteral, .booleanLiteral, .nullLiteral, .regExpLiteral,
             .thisExpression, .superExpression, .templateElement:
            return
        default:
            break
        }
        switch tree[id] {
        case .program(let body):
            openScope(tree.isModule ? .module : .program, id)
            for s in tree.list(body) { out.append(.code(s)) }
            out.append(.closeScope)
        case .identifier:
            reference(id, .read)
        case .blockStatement(let body):
            let statements = tree.list(body)
            let scoped = hasLexicalDeclaration(statements)
            if scoped { out.append(.openScope(.block, id)) }
            for s in statements { out.append(.code(s)) }
            if scoped { out.append(.closeScope) }
        case .staticBlock(let body):
            out.append(.openScope(.staticBlock, id))
            for s in tree.list(body) { out.append(.code(s)) }
            out.append(.closeScope)
        case .switchStatement(let discriminant, let cases):
            out.append(.code(discriminant))
            var scoped = false
            for c in tree.list(cases) {
                if case .switchCase(_, let consequent) = tree[c], hasLexicalDeclaration(tree.list(consequent)) {
                    scoped = true
                    break
                }
            }
            if scoped { out.append(.openScope(.block, id)) }
            for c in tree.list(cases) { out.append(.code(c)) }
            if scoped { out.append(.closeScope) }
        case .variableDeclaration(let kind, let declarations, _):
            let bk = bindingKind(kind)
            for d in tree.list(declarations) {
                mark(d)
                guard case .variableDeclarator(let target, let initializer, _) = tree[d] else {
                    out.append(.code(d))
                    continue
                }
                out.append(pat(target, PatternContext(kind: bk, declaration: d, initializer: initializer,
                                                           path: [], alsoRead: false)))
                if let initializer { out.append(.code(initializer)) }
            }
        case .forStatement(let initializer, let test, let update, let body):
            var scoped = false
            if let initializer, case .variableDeclaration(let kind, _, _) = tree[initializer], kind != .var {
                scoped = true
                out.append(.openScope(.forHead, id))
            }
            if let initializer { out.append(.code(initializer)) }
            if let test { out.append(.code(test)) }
            if let update { out.append(.code(update)) }
            out.append(.code(body))
            if scoped { out.append(.closeScope) }
        case .forInStatement(let left, let right, let body), .forOfStatement(let left, let right, let body, _):
            if case .variableDeclaration(let kind, let declarations, _) = tree[left] {
                let scoped = kind != .var
                if scoped { out.append(.openScope(.forHead, id)) }
                out.append(.mark(left))
                for d in tree.list(declarations) {
                    out.append(.mark(d))
                    if case .variableDeclarator(let target, let initializer, _) = tree[d] {
                        out.append(pat(target, PatternContext(kind: bindingKind(kind), declaration: d,
                                                                   path: nil, alsoRead: false)))
                        if let initializer { out.append(.code(initializer)) }
                    }
                }
                out.append(.code(right))
                out.append(.code(body))
                if scoped { out.append(.closeScope) }
            } else {
                out.append(pat(left, PatternContext(kind: nil, declaration: id, path: nil, alsoRead: false)))
                out.append(.code(right))
                out.append(.code(body))
            }
        case .catchClause(let param, let body):
            out.append(.openScope(.catchClause, id))
            if let param {
                out.append(pat(param, PatternContext(kind: .catchParameter, declaration: id, path: nil,
                                                          alsoRead: false)))
            }
            if case .blockStatement(let statements) = tree[body], !hasLexicalDeclaration(tree.list(statements)) {
                out.append(.mark(body))
                for s in tree.list(statements) { out.append(.code(s)) }
            } else {
                out.append(.code(body))
            }
            out.append(.closeScope)
        case .labeledStatement(_, let body):
            out.append(.code(body))
        case .breakStatement, .continueStatement, .metaProperty, .thisExpression, .superExpression,
             .privateIdentifier, .jsxClosingElement, .jsxIdentifier, .jsxText, .importAttribute,
             .exportAllDeclaration, .tsNamespaceExportDeclaration:
            break
        case .functionDeclaration(let name, let typeParameters, let params, let returnType, let body, _):
            functionParts(id, name: name, nameKind: .function, typeParameters: typeParameters, params: params,
                          returnType: returnType, body: body, expressionBody: false, &out)
        case .functionExpression(let name, let typeParameters, let params, let returnType, let body, _):
            functionParts(id, name: name, nameKind: .functionExpressionName, typeParameters: typeParameters,
                          params: params, returnType: returnType, body: body, expressionBody: false, &out)
        case .arrowFunction(let typeParameters, let params, let returnType, let body, let flags):
            functionParts(id, name: nil, nameKind: nil, typeParameters: typeParameters, params: params,
                          returnType: returnType, body: body, expressionBody: flags.contains(.expressionBody), &out)
        case .classDeclaration(let decorators, let name, let typeParameters, let superClass, let superTypeArguments,
                               let implements, let body, _):
            classParts(id, decorators: decorators, name: name, isDeclaration: true, typeParameters: typeParameters,
                       superClass: superClass, superTypeArguments: superTypeArguments, implements: implements,
                       body: body, &out)
        case .classExpression(let decorators, let name, let typeParameters, let superClass, let superTypeArguments,
                              let implements, let body, _):
            classParts(id, decorators: decorators, name: name, isDeclaration: false, typeParameters: typeParameters,
                       superClass: superClass, superTypeArguments: superTypeArguments, implements: implements,
                       body: body, &out)
        case .methodDefinition(let decorators, let key, let value, _, let modifiers):
            for d in tree.list(decorators) { out.append(.code(d)) }
            if modifiers.contains(.computed) { out.append(.code(key)) }
            out.append(.code(value))
        case .propertyDefinition(let decorators, let key, let typeAnnotation, let value, let modifiers):
            for d in tree.list(decorators) { out.append(.code(d)) }
            if modifiers.contains(.computed) { out.append(.code(key)) }
            if let typeAnnotation { out.append(.type(typeAnnotation)) }
            if let value { out.append(.code(value)) }
        case .property(let key, let value, _, let flags):
            if flags.contains(.computed) { out.append(.code(key)) }
            out.append(.code(value))
        case .member(let object, let property, let computed, _):
            out.append(.code(object))
            if computed { out.append(.code(property)) }
        case .assignment(let op, let left, let right):
            if op == .assign || op == .or || op == .and || op == .nullish {
                noteCommonJS(id, left)
            }
            let plain = op == .assign
            out.append(pat(left, PatternContext(kind: nil, declaration: id, initializer: plain ? right : nil,
                                                     path: plain ? [] : nil, alsoRead: !plain)))
            out.append(.code(right))
        case .update(_, _, let argument):
            out.append(pat(argument, PatternContext(kind: nil, declaration: id, path: nil, alsoRead: true)))
        case .call(let callee, let typeArguments, let arguments, _):
            if tree.kind(callee) == .identifier, let first = tree.list(arguments).first,
               literalString(first) != nil, tree.nameIs(callee, "require") {
                requireCandidates.append(id)
            }
            if tree.kind(callee) == .member, case .member(let object, let property, false, _) = tree[callee],
               tree.kind(object) == .identifier,
               tree.nameIs(property, "defineProperty"), tree.nameIs(object, "Object") {
                defineProperties.append(id)
            }
            out.append(.code(callee))
            if let typeArguments { out.append(.type(typeArguments)) }
            for a in tree.list(arguments) { out.append(.code(a)) }
        case .new(let callee, let typeArguments, let arguments):
            out.append(.code(callee))
            if let typeArguments { out.append(.type(typeArguments)) }
            for a in tree.list(arguments) { out.append(.code(a)) }
        case .taggedTemplate(let tag, let typeArguments, let quasi):
            out.append(.code(tag))
            if let typeArguments { out.append(.type(typeArguments)) }
            out.append(.code(quasi))
        case .importExpression(let source, let options):
            if literalString(source) != nil { dynamicImports.append(id) }
            out.append(.code(source))
            if let options { out.append(.code(options)) }
        case .importDeclaration(let specifiers, _, _, _):
            for s in tree.list(specifiers) {
                mark(s)
                switch tree[s] {
                case .importSpecifier(_, let local, _), .importDefaultSpecifier(let local),
                     .importNamespaceSpecifier(let local):
                    out.append(pat(local, PatternContext(kind: .import, declaration: s, path: nil, alsoRead: false)))
                default: break
                }
            }
        case .exportNamedDeclaration(let declaration, let specifiers, let source, _, _):
            if let declaration { out.append(.code(declaration)) }
            if source == nil {
                for s in tree.list(specifiers) {
                    mark(s)
                    if case .exportSpecifier(let local, _, _) = tree[s], case .identifier = tree[local] {
                        mark(local)
                        reference(local, .read)
                    }
                }
            }
        case .exportDefaultDeclaration(let declaration):
            out.append(.code(declaration))
        case .tsImportEqualsDeclaration(let name, let moduleReference, _, _):
            out.append(pat(name, PatternContext(kind: .importEquals, declaration: id, path: nil, alsoRead: false)))
            if case .tsExternalModuleReference = tree[moduleReference] {
                mark(moduleReference)
            } else {
                out.append(.type(moduleReference))
            }
        case .tsEnumDeclaration(let name, let members, _, _):
            out.append(pat(name, PatternContext(kind: .tsEnum, declaration: id, path: nil, alsoRead: false)))
            out.append(.openScope(.tsEnum, id))
            for m in tree.list(members) {
                mark(m)
                guard case .tsEnumMember(let memberName, let initializer) = tree[m] else { continue }
                if case .identifier = tree[memberName] {
                    out.append(pat(memberName, PatternContext(kind: .tsEnumMember, declaration: m, path: nil,
                                                                   alsoRead: false)))
                }
                if let initializer { out.append(.code(initializer)) }
            }
            out.append(.closeScope)
        case .tsModuleDeclaration(let name, let body, let kind, _):
            if kind != .global {
                var leftmost = name
                while case .tsQualifiedName(let left, _) = tree[leftmost] { leftmost = left }
                if case .identifier = tree[leftmost] {
                    out.append(pat(leftmost, PatternContext(kind: .tsNamespace, declaration: id, path: nil,
                                                                 alsoRead: false)))
                }
            }
            if let body {
                out.append(.openScope(.tsNamespace, id))
                if case .tsModuleBlock(let statements) = tree[body] {
                    out.append(.mark(body))
                    for s in tree.list(statements) { out.append(.code(s)) }
                } else {
                    out.append(.code(body))
                }
                out.append(.closeScope)
            }
        case .tsInterfaceDeclaration, .tsTypeAliasDeclaration, .tsTypeAnnotation, .tsTypeParameterDeclaration,
             .tsTypeParameterInstantiation:
            out.append(.type(id))
        case .tsAsExpression(let expression, let typeAnnotation),
             .tsSatisfiesExpression(let expression, let typeAnnotation),
             .tsTypeAssertion(let typeAnnotation, let expression):
            out.append(.code(expression))
            out.append(.type(typeAnnotation))
        case .tsInstantiationExpression(let expression, let typeArguments):
            out.append(.code(expression))
            out.append(.type(typeArguments))
        case .jsxOpeningElement(let name, let typeArguments, let attributes, _):
            jsxName(name)
            if let typeArguments { out.append(.type(typeArguments)) }
            for a in tree.list(attributes) { out.append(.code(a)) }
        case .jsxAttribute(_, let value):
            if let value { out.append(.code(value)) }
        default:
            tree.forEachChild(of: id) { out.append(.code($0)) }
        }
    }

    private mutating func jsxName(_ name: NodeID) {
        mark(name)
        switch tree[name] {
        case .jsxIdentifier:
            let n = tree.name(of: name)
            if let first = n.utf8.first, (first >= 0x41 && first <= 0x5A) || first == 0x5F || first == 0x24 {
                reference(name, .read)
            }
        case .jsxMemberExpression(let object, _):
            var o = object
            while case .jsxMemberExpression(let inner, _) = tree[o] { o = inner }
            if case .jsxIdentifier = tree[o] {
                mark(o)
                reference(o, .read)
            }
        default:
            break
        }
    }

    /// Records assignments to `module.exports...` / `exports.x` and to `name.x` (an alias of the module object
    /// perhaps); the export pass checks the names.
    private mutating func noteCommonJS(_ assignment: NodeID, _ left: NodeID) {
        guard case .member(let object, _, _, _) = tree[left] else { return }
        var root = object
        while case .member(let inner, _, _, _) = tree[root] { root = inner }
        guard case .identifier = tree[root] else { return }
        let name = tree.name(of: root)
        if name == "module" || name == "exports" {
            commonJSAssignments.append(assignment)
        } else if root == object {
            // `api.list = ...`: an export when `api` is an alias of the module object (checked by the export pass)
            commonJSAssignments.append(assignment)
        }
    }

    func literalString(_ id: NodeID) -> String? { tree.literalString(id) }

    // MARK: - Patterns

    /// The work item of a pattern read in context `ctx` (kept in `contexts`).
    private mutating func pat(_ id: NodeID, _ ctx: PatternContext) -> Work {
        contexts.append(ctx)
        return .pattern(id, Int32(truncatingIfNeeded: contexts.count - 1))
    }

    /// A pattern in context `ctx`, whose index in `contexts` is `c`.
    private mutating func pattern(_ id: NodeID, _ ctx: PatternContext, _ c: Int32, _ out: inout WorkStack) {
        switch tree[id] {
        case .identifier(let typeAnnotation, _):
            if let kind = ctx.kind {
                declare(id, ctx, kind: kind)
            } else {
                reference(id, ctx.alsoRead ? [.read, .write] : .write)
            }
            if let typeAnnotation { out.append(.type(typeAnnotation)) }
        case .objectPattern(let properties, let typeAnnotation):
            for p in tree.list(properties) {
                mark(p)
                switch tree[p] {
                case .property(let key, let value, _, let flags):
                    var sub = ctx
                    if flags.contains(.computed) {
                        out.append(.code(key))
                        if let s = literalString(key) { sub.path = extend(ctx.path, s) } else { sub.path = nil }
                    } else {
                        mark(key)
                        sub.path = extend(ctx.path, propertyKeyName(key))
                    }
                    out.append(pat(value, sub))
                case .restElement(let argument, let typeAnnotation):
                    out.append(.pattern(argument, c))
                    if let typeAnnotation { out.append(.type(typeAnnotation)) }
                default:
                    out.append(.pattern(p, c))
                }
            }
            if let typeAnnotation { out.append(.type(typeAnnotation)) }
        case .arrayPattern(let elements, let typeAnnotation):
            var index = 0
            for e in tree.list(elements) {
                var sub = ctx
                if case .restElement = tree[e] {
                    sub.path = nil
                } else {
                    sub.path = extend(ctx.path, String(index))
                }
                index += 1
                if case .elision = tree[e] { mark(e); continue }
                out.append(pat(e, sub))
            }
            if let typeAnnotation { out.append(.type(typeAnnotation)) }
        case .assignmentPattern(let left, let right):
            var sub = ctx
            sub.defaultValue = right
            out.append(pat(left, sub))
            out.append(.code(right))
        case .restElement(let argument, let typeAnnotation):
            var sub = ctx
            sub.path = nil
            out.append(pat(argument, sub))
            if let typeAnnotation { out.append(.type(typeAnnotation)) }
        case .tsParameterProperty(let decorators, let parameter, _):
            for d in tree.list(decorators) { out.append(.code(d)) }
            out.append(.pattern(parameter, c))
        case .decoratedParameter(let decorators, let parameter):
            for d in tree.list(decorators) { out.append(.code(d)) }
            out.append(.pattern(parameter, c))
        case .tsAsExpression(let expression, let typeAnnotation),
             .tsSatisfiesExpression(let expression, let typeAnnotation),
             .tsTypeAssertion(let typeAnnotation, let expression):
            out.append(.pattern(expression, c))
            out.append(.type(typeAnnotation))
        case .tsNonNullExpression(let expression):
            out.append(.pattern(expression, c))
        default:
            // member targets (`a.b = `), invalid nodes: ordinary code
            code(id, &out)
        }
    }

    private func extend(_ path: [String]?, _ name: String?) -> [String]? {
        guard var path, let name, path.count < 16 else { return nil }
        path.append(name)
        return path
    }

    func propertyKeyName(_ key: NodeID) -> String? {
        switch tree[key] {
        case .identifier, .privateIdentifier: return tree.name(of: key)
        case .stringLiteral: return tree.stringValue(of: key)
        case .numericLiteral: return tree.text(key)
        default: return nil
        }
    }

    // MARK: - Types

    private mutating func type(_ id: NodeID, _ out: inout WorkStack) {
        switch tree[id] {
        case .tsTypeReference(let typeName, let typeArguments):
            typeReference(typeName)
            if let typeArguments { out.append(.type(typeArguments)) }
        case .tsTypeQuery(let exprName, let typeArguments):
            typeReference(exprName)
            if let typeArguments { out.append(.type(typeArguments)) }
        case .tsExpressionWithTypeArguments(let expression, let typeArguments):
            typeReference(expression)
            if let typeArguments { out.append(.type(typeArguments)) }
        case .tsImportType, .identifier, .privateIdentifier:
            break
        case .tsPropertySignature(let key, let typeAnnotation, let modifiers):
            if modifiers.contains(.computed) { out.append(.code(key)) }
            if let typeAnnotation { out.append(.type(typeAnnotation)) }
        default:
            tree.forEachChild(of: id) { child in
                if case .identifier(let annotation, _) = tree[child] {
                    // parameter names in function types, keys: only their annotations matter
                    if let annotation { out.append(.type(annotation)) }
                } else {
                    out.append(.type(child))
                }
            }
        }
    }

    private mutating func typeReference(_ name: NodeID) {
        var leftmost = name
        while true {
            switch tree[leftmost] {
            case .tsQualifiedName(let left, _): leftmost = left
            case .member(let object, _, _, _): leftmost = object
            default:
                if case .identifier = tree[leftmost] {
                    mark(leftmost)
                    reference(leftmost, .type)
                }
                return
            }
        }
    }
}
