// Module facts: what a file imports and exports, in both module systems.
//
// ES `import`/`export` and TypeScript `import x = require()` / `export =` are read from the top-level
// statements. `require('m')` calls were collected by the Binder wherever they occur and are kept only
// when `require` is the real one (an unshadowed global, or a `createRequire(...)` result).
// CommonJS exports are the assignments to `module.exports...` / `exports.x` seen by the Binder, kept
// when `module`/`exports` are not local names.

import JSSyntax
import SourceText

extension FileSemantics {
    /// Helpers that compilers wrap around `require(...)` (TypeScript, Babel, esbuild); they return the
    /// module object (or a wrapper whose `.default` is it).
    static let interopHelpers: Set<String> = [
        "__importStar", "__importDefault", "_interopRequireDefault", "_interopRequireWildcard", "__toESM",
        "__toCommonJS", "_interop_require_default", "_interop_require_wildcard",
    ]

    /// Package functions that take a function and return one that runs it on every call: bluebird's
    /// `coroutine` and `method`, co's `wrap`, express-async-handler, and node:util's `promisify` and
    /// `callbackify`. A call of the result is a call of the function given (module -> export paths).
    /// Wrappers that skip calls (`once`, `memoize`, `debounce`) are not among them.
    public static let functionWrappers: [String: Set<[String]>] = [
        "bluebird": [["coroutine"], ["method"], ["Promise", "coroutine"], ["Promise", "method"]],
        "co": [["wrap"], ["default", "wrap"]],
        "express-async-handler": [[], ["default"]],
        "util": [["promisify"], ["callbackify"]],
    ]

    /// Local names under which `functionWrappers` are called; any other callee is not resolved (cheap).
    static let functionWrapperNames: Set<String> = [
        "coroutine", "method", "wrap", "promisify", "callbackify", "asyncHandler", "expressAsyncHandler",
    ]

    /// Whether `callee` is one of `functionWrappers`.
    public func isFunctionWrapper(_ callee: NodeID) -> Bool {
        let c = tree.unwrap(callee)
        let name: String?
        switch tree[c] {
        case .identifier: name = tree.name(of: c)
        case .member: name = memberName(c)
        default: name = nil
        }
        guard let name, Self.functionWrapperNames.contains(name), let symbol = resolveExport(c),
              let paths = Self.functionWrappers[symbol.module] else { return false }
        return paths.contains(symbol.path)
    }

    func collectModuleFacts() {
        var imports: [ImportRecord] = []
        var exports: [ExportRecord] = []

        // ES modules and TypeScript import/export forms
        if case .program(let body) = tree[tree.root] {
            // imports first: `export { x }` may come before `import { x } from 'm'`
            for s in tree.list(body) where isImport(s) { topLevel(s, &imports, &exports) }
            for s in tree.list(body) where !isImport(s) { topLevel(s, &imports, &exports) }
        }

        // real require calls: the global first, then names bound to createRequire(...)
        var real = Set<NodeID>()
        var deferred: [NodeID] = []
        for c in requireCandidates {
            guard case .call(let callee, _, _, _) = tree[c] else { continue }
            if isGlobalReference(callee) { real.insert(c) } else { deferred.append(c) }
        }
        requireCalls = real
        for c in deferred {
            guard case .call(let callee, _, _, _) = tree[c], let b = binding(for: callee),
                  let v = constantValue(of: b), v.path.isEmpty,
                  case .call(let creator, _, _, _) = tree[tree.unwrap(v.expression)] else { continue }
            var budget = 32
            if case .module(let m, let p)? = origin(creator, budget: &budget), m == "module" || m == "node:module",
               p == ["createRequire"] {
                real.insert(c)
            }
        }
        requireCalls = real


        // require(...) and import(...)
        for c in requireCandidates where real.contains(c) {
            guard case .call(_, _, let args, _) = tree[c], let first = tree.list(args).first,
                  let spec = literalString(first) else { continue }
            recordUse(of: c, specifier: spec, kind: .require, &imports)
        }
        for i in dynamicImports {
            guard case .importExpression(let source, _) = tree[i], let spec = literalString(source) else { continue }
            var use = i
            if let p = tree.parent(i), case .await = tree[p] { use = p }
            recordUse(of: use, specifier: spec, kind: .dynamic, &imports)
        }

        for a in commonJSAssignments { commonJSExport(a, &exports) }
        for c in defineProperties { definedExport(c, &exports) }

        imports.sort { lhs, rhs in
            let l = tree.range(lhs.node).start, r = tree.range(rhs.node).start
            return l != r ? l < r : (lhs.local?.raw ?? -1) < (rhs.local?.raw ?? -1)
        }
        exports.sort { lhs, rhs in
            let l = tree.range(lhs.node).start, r = tree.range(rhs.node).start
            return l != r ? l < r : lhs.name < rhs.name
        }
        self.imports = imports.exactSize()
        self.exports = exports.exactSize()
        keepImportsOfBindings()
        keepRequireSpecifiers()
    }

    /// Fills `requireCallNodes` / `requireCallRecords`: every real require call with a literal specifier
    /// has an import record of its own node (`recordUse`), whose specifier is that literal.
    private func keepRequireSpecifiers() {
        guard !requireCalls.isEmpty else { return }
        var pairs: [(node: Int32, record: Int32)] = []
        for (i, r) in imports.enumerated() where requireCalls.contains(r.node) {
            if r.kind == .require || r.kind == .sideEffect { pairs.append((r.node.raw, Int32(i))) }
        }
        pairs.sort { $0.node != $1.node ? $0.node < $1.node : $0.record < $1.record }
        var nodes: [Int32] = [], records: [Int32] = []
        for p in pairs where nodes.last != p.node {
            nodes.append(p.node)
            records.append(p.record)
        }
        requireCallNodes = CompactIndexes(nodes)
        requireCallRecords = CompactIndexes(records)
    }

    /// The specifier of a real require call, when its first argument is a string literal: read from its
    /// import record once the module facts are collected, decoded from the literal before.
    func requireSpecifier(of call: NodeID, _ args: NodeList) -> String? {
        var lo = 0, hi = requireCallNodes.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if requireCallNodes[mid] < call.raw { lo = mid + 1 } else { hi = mid }
        }
        if lo < requireCallNodes.count, requireCallNodes[lo] == call.raw {
            return imports[Int(requireCallRecords[lo])].specifier
        }
        guard let first = tree.list(args).first else { return nil }
        return literalString(first)
    }

    /// Replaces `importOfBinding` by its sorted binding ids and, for each, the index of an import record
    /// of that binding with the same specifier and path (a few bytes an entry against a hash table's
    /// tens, for every file of the scan).
    private func keepImportsOfBindings() {
        guard !importOfBinding.isEmpty else { return }
        var recordsOf: [Int32: [Int]] = [:]
        for (i, r) in imports.enumerated() {
            guard let local = r.local else { continue }
            switch r.kind {
            case .named, .default, .namespace, .importEquals: recordsOf[local.raw, default: []].append(i)
            default: continue
            }
        }
        var keys: [Int32] = [], records: [Int32] = []
        keys.reserveCapacity(importOfBinding.count)
        records.reserveCapacity(importOfBinding.count)
        for b in importOfBinding.keys.sorted() {
            guard let (spec, path) = importOfBinding[b],
                  let i = recordsOf[b.raw]?.first(where: { imports[$0].specifier == spec && imports[$0].path == path })
            else { return }  // not expected: then the dictionary is kept as it is
            keys.append(b.raw)
            records.append(Int32(i))
        }
        importBindings = CompactIndexes(keys)
        importRecordOfBinding = CompactIndexes(records)
        importOfBinding = [:]
    }

    /// A require/import call: bound through a declarator (with its destructuring paths), used inline
    /// through a member chain, or a bare statement.
    private func recordUse(of call: NodeID, specifier: String, kind: ImportKind, _ out: inout [ImportRecord]) {
        var cur = call
        var path: [String] = []
        var steps = 0
        while let p = tree.parent(cur), steps < 64 {
            steps += 1
            switch tree[p] {
            case .member(let object, _, _, _) where object == cur:
                guard let name = memberName(p) else { break }
                path.append(name)
                cur = p
                continue
            case .call(let callee, _, let args, _) where callee != cur && tree.list(args).first == cur:
                if case .identifier = tree[callee], Self.interopHelpers.contains(tree.name(of: callee)) {
                    cur = p
                    continue
                }
            case .tsAsExpression, .tsNonNullExpression, .tsSatisfiesExpression, .tsTypeAssertion, .chain:
                cur = p
                continue
            default:
                break
            }
            break
        }
        if let bound = bindingsByInitializer[cur] {
            for b in bound {
                let sub = binding(b).initializer?.path ?? []
                out.append(ImportRecord(kind: kind, specifier: specifier, path: path + sub, local: b, node: call,
                                        typeOnly: false))
            }
            return
        }
        if let p = tree.parent(cur), case .expressionStatement = tree[p], path.isEmpty {
            out.append(ImportRecord(kind: .sideEffect, specifier: specifier, path: [], local: nil, node: call,
                                    typeOnly: false))
            return
        }
        out.append(ImportRecord(kind: kind, specifier: specifier, path: path, local: nil, node: call, typeOnly: false))
    }

    private func isImport(_ s: NodeID) -> Bool {
        switch tree[s] {
        case .importDeclaration, .tsImportEqualsDeclaration: return true
        default: return false
        }
    }

    private func topLevel(_ s: NodeID, _ imports: inout [ImportRecord], _ exports: inout [ExportRecord]) {
        switch tree[s] {
        case .importDeclaration(let specifiers, let source, _, let typeOnly):
            guard let spec = literalString(source) else { return }
            let list = tree.list(specifiers)
            if list.isEmpty {
                imports.append(ImportRecord(kind: .sideEffect, specifier: spec, path: [], local: nil, node: s,
                                            typeOnly: typeOnly))
            }
            for sp in list {
                var kind = ImportKind.named
                var path: [String] = []
                var local: NodeID
                var only = typeOnly
                switch tree[sp] {
                case .importSpecifier(let imported, let l, let t):
                    path = [propertyName(imported) ?? tree.name(of: imported)]
                    local = l
                    only = only || t
                case .importDefaultSpecifier(let l):
                    kind = .default
                    path = ["default"]
                    local = l
                case .importNamespaceSpecifier(let l):
                    kind = .namespace
                    local = l
                default:
                    continue
                }
                let b = binding(for: local)
                if let b { importOfBinding[b] = (spec, path) }
                imports.append(ImportRecord(kind: kind, specifier: spec, path: path, local: b, node: sp, typeOnly: only))
            }
        case .tsImportEqualsDeclaration(let id, let reference, let isExport, let typeOnly):
            let b = binding(for: id)
            if case .tsExternalModuleReference(let e) = tree[reference], let spec = literalString(e) {
                if let b { importOfBinding[b] = (spec, []) }
                imports.append(ImportRecord(kind: .importEquals, specifier: spec, path: [], local: b, node: s,
                                            typeOnly: typeOnly))
            }
            if isExport {
                exports.append(ExportRecord(name: tree.name(of: id), kind: .named, node: s, value: nil, binding: b,
                                            source: b.flatMap { importOf($0)?.0 }, importedName: nil,
                                            typeOnly: typeOnly))
            }
        case .exportNamedDeclaration(let declaration, let specifiers, let source, _, let typeOnly):
            if let declaration {
                exportDeclaration(declaration, statement: s, &exports)
                if case .tsImportEqualsDeclaration = tree[declaration] { topLevel(declaration, &imports, &exports) }
            }
            let from = source.flatMap { literalString($0) }
            for sp in tree.list(specifiers) {
                guard case .exportSpecifier(let local, let exported, let t) = tree[sp] else { continue }
                let name = propertyName(exported) ?? tree.name(of: exported)
                let localName = propertyName(local) ?? tree.name(of: local)
                if let from {
                    exports.append(ExportRecord(name: name, kind: .reexport, node: sp, value: nil, binding: nil,
                                                source: from, importedName: localName, typeOnly: typeOnly || t))
                } else {
                    exports.append(exportOfLocal(local, name: name, kind: .named, node: sp, typeOnly: typeOnly || t))
                }
            }
        case .exportDefaultDeclaration(let declaration):
            switch tree[declaration] {
            case .functionDeclaration(let id, _, _, _, _, _), .classDeclaration(_, let id, _, _, _, _, _, _):
                exports.append(ExportRecord(name: "default", kind: .default, node: s, value: declaration,
                                            binding: id.flatMap { binding(for: $0) }, source: nil, importedName: nil,
                                            typeOnly: false))
            default:
                let e = tree.unwrap(declaration)
                if case .identifier = tree[e] {
                    exports.append(exportOfLocal(e, name: "default", kind: .default, node: s, typeOnly: false))
                } else {
                    exports.append(ExportRecord(name: "default", kind: .default, node: s, value: e, binding: nil,
                                                source: nil, importedName: nil, typeOnly: false))
                }
            }
        case .exportAllDeclaration(let exported, let source, _, let typeOnly):
            guard let from = literalString(source) else { return }
            if let exported {
                exports.append(ExportRecord(name: propertyName(exported) ?? tree.name(of: exported), kind: .reexport,
                                            node: s, value: nil, binding: nil, source: from, importedName: nil,
                                            typeOnly: typeOnly))
            } else {
                exports.append(ExportRecord(name: "*", kind: .reexportAll, node: s, value: nil, binding: nil,
                                            source: from, importedName: nil, typeOnly: typeOnly))
            }
        case .tsExportAssignment(let expression):
            let e = tree.unwrap(expression)
            if case .identifier = tree[e] {
                exports.append(exportOfLocal(e, name: "", kind: .moduleObject, node: s, typeOnly: false))
            } else {
                exports.append(ExportRecord(name: "", kind: .moduleObject, node: s, value: e, binding: nil, source: nil,
                                            importedName: nil, typeOnly: false))
            }
        default:
            break
        }
    }

    /// An export of a local name; names bound by an import become re-exports of that import.
    private func exportOfLocal(_ local: NodeID, name: String, kind: ExportKind, node: NodeID,
                               typeOnly: Bool) -> ExportRecord {
        let b = binding(for: local)
        if let b, let (spec, path) = importOf(b) {
            return ExportRecord(name: name, kind: kind, node: node, value: nil, binding: b, source: spec,
                                importedName: path.first, typeOnly: typeOnly)
        }
        return ExportRecord(name: name, kind: kind, node: node, value: b.flatMap { valueNode(of: $0) }, binding: b,
                            source: nil, importedName: nil, typeOnly: typeOnly)
    }

    private func exportDeclaration(_ d: NodeID, statement: NodeID, _ exports: inout [ExportRecord]) {
        switch tree[d] {
        case .functionDeclaration(let id?, _, _, _, _, _), .classDeclaration(_, let id?, _, _, _, _, _, _),
             .tsEnumDeclaration(let id, _, _, _), .tsModuleDeclaration(let id, _, _, _):
            guard case .identifier = tree[id] else { return }
            exports.append(ExportRecord(name: tree.name(of: id), kind: .named, node: statement, value: d,
                                        binding: binding(for: id), source: nil, importedName: nil, typeOnly: false))
        case .variableDeclaration(_, let declarations, _):
            let top = scopes.isEmpty ? [] : bindings(declaredIn: ScopeID(0))
            for declarator in tree.list(declarations) {
                for b in top where storedBindings.declaration(b.index) == declarator.raw {
                    exports.append(ExportRecord(name: name(of: b), kind: .named, node: statement,
                                                value: valueNode(of: b), binding: b, source: nil, importedName: nil,
                                                typeOnly: false))
                }
            }
        default:
            break
        }
    }

    /// `Object.defineProperty(exports, 'x', { get: function () { return m.x } })` or `{ value: v }`.
    private func definedExport(_ call: NodeID, _ exports: inout [ExportRecord]) {
        guard case .call(let callee, _, let args, _) = tree[call], case .member(let object, _, _, _) = tree[callee],
              isGlobalReference(object) else { return }
        let list = Array(tree.list(args))
        guard list.count == 3, let name = literalString(list[1]), name != "__esModule",
              case .objectExpression(let properties) = tree[tree.unwrap(list[2])] else { return }
        let target = tree.unwrap(list[0])
        switch tree[target] {
        case .identifier:
            guard tree.nameIs(target, "exports"), isGlobalReference(target) else { return }
        case .member(let root, _, _, _):
            guard case .identifier = tree[root], tree.nameIs(root, "module"), isGlobalReference(root),
                  memberName(target) == "exports" else { return }
        default:
            return
        }
        var value: NodeID?
        for p in tree.list(properties) {
            guard case .property(let key, let v, let kind, _) = tree[p], let k = propertyName(key) else { continue }
            if k == "value", kind == .initializer {
                value = tree.unwrap(v)
            } else if k == "get", let fn = function(tree.unwrap(v)), let body = fn.body {
                if case .blockStatement(let statements) = tree[body] {
                    if statements.count == 1, case .returnStatement(let r?) = tree[tree.list(statements)[tree.list(statements).startIndex]] {
                        value = tree.unwrap(r)
                    }
                } else {
                    value = tree.unwrap(body)
                }
            }
        }
        guard let value else { return }
        let b: BindingID? = tree.kind(value) == .identifier ? binding(for: value) : nil
        exports.append(ExportRecord(name: name, kind: .commonJSProperty, node: call,
                                    value: b.flatMap { valueNode(of: $0) } ?? value, binding: b, source: nil,
                                    importedName: nil, typeOnly: false))
    }

    /// A module-level constant holding the module object: `const api = module.exports` (or `= exports`).
    public func isModuleExportsAlias(_ identifier: NodeID) -> Bool {
        guard let b = binding(for: identifier), isModuleLevel(b), let v = constantValue(of: b), v.path.isEmpty else {
            return false
        }
        let e = tree.unwrap(v.expression)
        switch tree[e] {
        case .identifier:
            return tree.name(of: e) == "exports" && isGlobalReference(e)
        case .member(let object, _, false, _):
            let o = tree.unwrap(object)
            return tree.kind(o) == .identifier && tree.name(of: o) == "module" && isGlobalReference(o)
                && memberName(e) == "exports"
        default:
            return false
        }
    }

    private func commonJSExport(_ assignment: NodeID, _ exports: inout [ExportRecord]) {
        guard case .assignment(.assign, let left, let right) = tree[assignment] else { return }
        var names: [String] = []
        var cur = left
        while case .member(let object, _, _, _) = tree[cur] {
            guard let n = memberName(cur) else { return }
            names.append(n)
            cur = object
        }
        guard case .identifier = tree[cur] else { return }
        names.reverse()
        if !isGlobalReference(cur) {
            // `const api = module.exports; api.list = ...`: a property of the module object through an alias
            guard !names.isEmpty, isModuleExportsAlias(cur) else { return }
        } else if tree.name(of: cur) == "module" {
            guard names.first == "exports" else { return }
            names.removeFirst()
        } else if tree.name(of: cur) != "exports" {
            return
        }
        var value = tree.unwrap(right)
        var steps = 0
        while case .assignment(.assign, _, let r) = tree[value], steps < 8 {
            value = tree.unwrap(r)
            steps += 1
        }
        let valueBinding: BindingID? = tree.kind(value) == .identifier ? binding(for: value) : nil
        if names.isEmpty {
            exports.append(ExportRecord(name: "", kind: .moduleObject, node: assignment,
                                        value: valueBinding.flatMap { valueNode(of: $0) } ?? value,
                                        binding: valueBinding, source: nil, importedName: nil, typeOnly: false))
            if case .objectExpression(let properties) = tree[valueBinding.flatMap { valueNode(of: $0) } ?? value] {
                for p in tree.list(properties) {
                    guard case .property(let key, let v, _, let flags) = tree[p], !flags.contains(.computed),
                          let name = propertyName(key) else { continue }
                    let pv = tree.unwrap(v)
                    let pb: BindingID? = tree.kind(pv) == .identifier ? binding(for: pv) : nil
                    exports.append(ExportRecord(name: name, kind: .commonJSProperty, node: p,
                                                value: pb.flatMap { valueNode(of: $0) } ?? pv, binding: pb,
                                                source: nil, importedName: nil, typeOnly: false))
                }
            }
        } else if names.count == 1 {
            exports.append(ExportRecord(name: names[0], kind: .commonJSProperty, node: assignment,
                                        value: valueBinding.flatMap { valueNode(of: $0) } ?? value,
                                        binding: valueBinding, source: nil, importedName: nil, typeOnly: false))
        }
    }
}

/// What a file loads, read from its syntax alone, without scopes: every `require('m')` counts as the real one
/// and every pattern a `require` initialises as the names it takes. For files outside the project pass
/// (tests, examples, generated copies: `FileRole.isNeutral`), where an import is only a sign of what the file
/// uses and a semantic model would cost far more than the answer is worth; the project's own files take their
/// imports from their semantic model (`FileSemantics.imports`).
public enum ModuleLoads {
    /// Each import that loads code: the specifier as written and the name taken ("default"; "*" for the module
    /// object, a namespace, a dynamic `import()` or a `require` whose use is not a name). Type-only imports and
    /// bare side-effect loads are left out.
    public static func read(_ tree: SyntaxTree) -> [(specifier: String, name: String)] {
        var out: [(specifier: String, name: String)] = []
        let literal = tree.literalString
        func key(_ k: NodeID) -> String? {
            switch tree[k] {
            case .identifier: return tree.name(of: k)
            case .stringLiteral: return tree.stringValue(of: k)
            default: return nil
            }
        }
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            switch tree.kind(id) {
            case .importDeclaration:
                guard case .importDeclaration(let specifiers, let source, _, let typeOnly) = tree[id], !typeOnly,
                      let spec = literal(source) else { continue }
                for s in tree.list(specifiers) {
                    switch tree[s] {
                    case .importSpecifier(let imported, _, let t) where !t:
                        if let name = key(imported) { out.append((spec, name)) }
                    case .importDefaultSpecifier: out.append((spec, "default"))
                    case .importNamespaceSpecifier: out.append((spec, "*"))
                    default: continue
                    }
                }
            case .tsImportEqualsDeclaration:
                guard case .tsImportEqualsDeclaration(_, let reference, _, let typeOnly) = tree[id], !typeOnly,
                      case .tsExternalModuleReference(let e) = tree[reference], let spec = literal(e) else { continue }
                out.append((spec, "*"))
            case .importExpression:
                guard case .importExpression(let source, _) = tree[id], let spec = literal(source) else { continue }
                out.append((spec, "*"))
            case .call:
                guard case .call(let callee, _, let args, _) = tree[id], tree.kind(callee) == .identifier,
                      tree.nameIs(callee, "require"), let first = tree.list(args).first, let spec = literal(first),
                      let parent = tree.parent(id) else { continue }
                switch tree[parent] {
                case .expressionStatement:
                    continue
                case .member(let object, let property, let computed, _) where object == id:
                    out.append((spec, (computed ? literal(property) : key(property)) ?? "*"))
                case .variableDeclarator(let target, _, _) where tree.kind(target) == .objectPattern:
                    guard case .objectPattern(let properties, _) = tree[target] else { continue }
                    for p in tree.list(properties) {
                        if case .property(let k, _, _, _) = tree[p], let name = key(k) {
                            out.append((spec, name))
                        } else {
                            out.append((spec, "*"))
                        }
                    }
                default:
                    out.append((spec, "*"))
                }
            default:
                continue
            }
        }
        return out
    }
}
