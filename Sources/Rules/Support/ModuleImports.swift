// Top-level module imports of a file: which local names stand for a Node.js module or one of its
// exports, from `require` (plain, destructured, renamed) and ESM `import` (default, namespace, named).
// A small, single-file view used until rules move to JSSemantic's full resolution; it answers only for
// names bound at the top level and treats any inner declaration of the same name as shadowing.

import JSSyntax

struct ModuleImports {
    /// Local name -> (module without `node:`, export name or nil for the module object).
    private(set) var names: [String: (module: String, export: String?)] = [:]

    init(tree: SyntaxTree) {
        guard case .program(let body) = tree[tree.root] else { return }
        for stmt in tree.list(body) {
            switch tree[stmt] {
            case .importDeclaration(let specifiers, let source, _, let typeOnly) where !typeOnly:
                let module = ModuleImports.normalize(tree.stringValue(of: source))
                for s in tree.list(specifiers) {
                    switch tree[s] {
                    case .importDefaultSpecifier(let local), .importNamespaceSpecifier(let local):
                        names[tree.name(of: local)] = (module, nil)
                    case .importSpecifier(let imported, let local, let typeOnly) where !typeOnly:
                        let name = tree.name(of: imported)
                        names[tree.name(of: local)] = (module, name == "default" ? nil : name)
                    default: break
                    }
                }
            case .variableDeclaration(_, let declarations, _):
                for d in tree.list(declarations) {
                    guard case .variableDeclarator(let id, let initializer?, _) = tree[d],
                          let module = ModuleImports.requiredModule(initializer, tree) else { continue }
                    switch tree[id] {
                    case .identifier:
                        names[tree.name(of: id)] = (module, nil)
                    case .objectPattern(let properties, _):
                        for p in tree.list(properties) {
                            guard case .property(let key, let value, _, let flags) = tree[p],
                                  !flags.contains(.computed), tree.kind(key) == .identifier else { continue }
                            var target = value
                            if case .assignmentPattern(let left, _) = tree[value] { target = left }
                            if tree.kind(target) == .identifier {
                                names[tree.name(of: target)] = (module, tree.name(of: key))
                            }
                        }
                    default: break
                    }
                }
            default: break
            }
        }
    }

    static func normalize(_ specifier: String) -> String {
        specifier.hasPrefix("node:") ? String(specifier.dropFirst(5)) : specifier
    }

    /// `require('m')` -> "m".
    static func requiredModule(_ expr: NodeID, _ tree: SyntaxTree) -> String? {
        guard case .call(let callee, _, let args, _) = tree[expr], tree.kind(callee) == .identifier,
              tree.name(of: callee) == "require", args.count == 1,
              let arg = tree.list(args).first, tree.kind(arg) == .stringLiteral else { return nil }
        return normalize(tree.stringValue(of: arg))
    }

    /// The module export a callee names: `fs.readFileSync`, `readFileSync` (imported by name),
    /// `require('fs').readFileSync`. Nil when the name is shadowed at the call.
    func export(ofCallee callee: NodeID, _ tree: SyntaxTree) -> (module: String, export: String)? {
        switch tree[callee] {
        case .identifier:
            let name = tree.name(of: callee)
            guard let entry = names[name], let export = entry.export,
                  !ModuleImports.isShadowed(name, at: callee, tree) else { return nil }
            return (entry.module, export)
        case .member(let object, let property, let computed, _):
            guard !computed, tree.kind(property) == .identifier else { return nil }
            if let module = ModuleImports.requiredModule(object, tree) {
                return (module, tree.name(of: property))
            }
            guard tree.kind(object) == .identifier else { return nil }
            let name = tree.name(of: object)
            guard let entry = names[name], entry.export == nil,
                  !ModuleImports.isShadowed(name, at: callee, tree) else { return nil }
            return (entry.module, tree.name(of: property))
        default:
            return nil
        }
    }

    /// Whether a function between `node` and the top level declares `name` (parameter, inner function,
    /// variable). Conservative: a declaration anywhere in an enclosing function counts.
    static func isShadowed(_ name: String, at node: NodeID, _ tree: SyntaxTree) -> Bool {
        var current = tree.parent(node)
        while let n = current {
            switch tree[n] {
            case .functionDeclaration(_, _, let params, _, let body, _),
                 .functionExpression(_, _, let params, _, let body, _):
                if declares(name, params: params, body: body, tree) { return true }
            case .arrowFunction(_, let params, _, let body, _):
                if declares(name, params: params, body: body, tree) { return true }
            default: break
            }
            current = tree.parent(n)
        }
        return false
    }

    static func declares(_ name: String, params: NodeList, body: NodeID?, _ tree: SyntaxTree) -> Bool {
        var found = false
        func visitPattern(_ p: NodeID) {
            if found { return }
            switch tree[p] {
            case .identifier: if tree.name(of: p) == name { found = true }
            case .assignmentPattern(let left, _): visitPattern(left)
            case .restElement(let argument, _): visitPattern(argument)
            case .tsParameterProperty(_, let parameter, _): visitPattern(parameter)
            case .objectPattern, .arrayPattern, .property: tree.forEachChild(of: p) { visitPattern($0) }
            default: break
            }
        }
        for p in tree.list(params) { visitPattern(p) }
        if found { return true }
        guard let body else { return false }
        // Declarations in the body, not descending into nested functions.
        func visitBody(_ n: NodeID) {
            if found { return }
            switch tree[n] {
            case .functionDeclaration(let id?, _, _, _, _, _):
                if tree.name(of: id) == name { found = true }
                return
            case .functionExpression, .arrowFunction, .classExpression:
                return
            case .variableDeclarator(let id, _, _):
                visitPattern(id)
            default: break
            }
            tree.forEachChild(of: n) { visitBody($0) }
        }
        visitBody(body)
        return found
    }
}
