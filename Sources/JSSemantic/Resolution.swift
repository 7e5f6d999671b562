// Resolution: what an expression refers to.
//
// `origin` follows an expression back to where its value comes from: a module export (through imports,
// require calls, member chains, destructuring and constant aliases) or an unshadowed global. It stops at
// anything it cannot be sure of (a parameter, a reassigned variable, a computed property) and every
// query draws on a small step budget, so alias cycles end.
// `valueNode` follows an expression to the local node that produces its value (a function, class,
// object literal...), through constant aliases and static properties of object literals.

import JSSyntax

enum Origin: Hashable {
    case module(String, [String])
    case global([String])
}

extension FileSemantics {
    static let globalObjectNames: Set<String> = ["globalThis", "global", "window", "self"]

    /// The module export an expression denotes: `fs.readFileSync`, a named import, `require('fs').x`,
    /// `const { readFileSync: r } = require('node:fs')`, `const f = fs.readFileSync`. Nil for locals,
    /// shadowed names and globals.
    public func resolveExport(_ expr: NodeID) -> ExternalSymbol? {
        if rootsAtNoModule(expr) { return nil }
        var budget = 64
        guard case .module(let spec, let path)? = origin(expr, budget: &budget) else { return nil }
        return ExternalSymbol.normalised(specifier: spec, path: path)
    }

    /// The module export, without normalisation: the specifier as written and the path as imported
    /// (a default import keeps "default"). For resolving project files.
    public func resolveImport(_ expr: NodeID) -> (specifier: String, path: [String])? {
        if rootsAtNoModule(expr) { return nil }
        var budget = 64
        guard case .module(let spec, let path)? = origin(expr, budget: &budget) else { return nil }
        return (spec, path)
    }

    /// The origin `resolveImport` follows, and whether following it ran out of its budget (then a shorter
    /// chain's origin may differ from the one met on the way).
    func importOrigin(_ expr: NodeID) -> (origin: Origin?, exhausted: Bool) {
        // `req.body.user`, `this.db.query`, `console.log`, `process.env.PORT`: a chain rooted at a parameter,
        // at `this` or at a name the file binds nowhere has no module origin, at any budget
        if rootsAtNoModule(expr) { return (nil, false) }
        var budget = 64
        let found = origin(expr, budget: &budget)
        return (found, budget <= 0)
    }

    /// What a member chain's root (below its member objects and wrappers, as `origin` goes down) says of the
    /// chain's origin, read from node kinds and the root's binding, no origin followed.
    enum ChainRoot {
        /// `this` or a parameter (or catch parameter): neither `origin` nor `value` finds anything for
        /// any part of the chain.
        case thisOrParameter
        /// A name the file binds nowhere (a global such as `console` or `process`, CommonJS `exports`):
        /// `origin` finds at most a global (or nothing) for any part of the chain, never a module export,
        /// since the chain meets no import, require call or local binding on the way down, and `value`,
        /// asked for a local object literal where a member's object has no origin, finds none under an
        /// unbound root either.
        case unbound
        /// Anything else: only following the origin tells.
        case other
    }

    func chainRoot(_ expr: NodeID) -> ChainRoot {
        var e = tree.unwrap(expr)
        for _ in 0..<64 {
            switch tree.kind(e) {
            case .member:
                guard case .member(let object, _, _, _) = tree[e] else { return .other }
                e = tree.unwrap(object)
            case .thisExpression:
                return .thisOrParameter
            case .identifier:
                guard let b = binding(for: e) else { return .unbound }
                let k = kind(of: b)
                return k == .parameter || k == .catchParameter ? .thisOrParameter : .other
            default:
                return .other
            }
        }
        return .other
    }

    /// Whether `origin` finds no module export for any part of a chain, whatever its budget (`chainRoot`).
    func rootsAtNoModule(_ expr: NodeID) -> Bool { chainRoot(expr) != .other }

    /// The unshadowed global an expression denotes: `JSON.parse`, `process.env`, `setInterval`,
    /// `globalThis.fetch`, also through constant aliases (`const { parse } = JSON`).
    public func resolveGlobal(_ expr: NodeID) -> GlobalSymbol? {
        if chainRoot(expr) == .thisOrParameter { return nil }
        var budget = 64
        guard case .global(let path)? = origin(expr, budget: &budget), !path.isEmpty else { return nil }
        return GlobalSymbol(path: path)
    }

    /// True when a call is a real `require('...')` (not a local function called require).
    public func isRequireCall(_ call: NodeID) -> Bool { requireCalls.contains(call) }

    func origin(_ expr: NodeID, budget: inout Int) -> Origin? {
        guard budget > 0 else { return nil }
        budget -= 1
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .identifier:
            if isGlobalReference(e) {
                let name = tree.name(of: e)
                if name == "undefined" || name == "arguments" { return nil }
                return .global(Self.globalObjectNames.contains(name) ? [] : [name])
            }
            guard let b = binding(for: e) else { return nil }
            return origin(ofBinding: b, budget: &budget)
        case .member(let object, _, _, _):
            guard let name = memberName(e) else { return nil }
            guard let base = origin(object, budget: &budget) else {
                // a property of a local object literal: `const lib = { read: fs.readFileSync }; lib.read`
                guard let v = value(object, budget: &budget), v != tree.unwrap(object),
                      let member = staticMember(of: v, name) else { return nil }
                return origin(member, budget: &budget)
            }
            // (the path extended in place: no one-element array built to be concatenated)
            switch base {
            case .module(let m, var p):
                p.append(name)
                return .module(m, p)
            case .global(var p):
                p.append(name)
                return .global(p)
            }
        case .call(let callee, _, let args, _):
            if requireCalls.contains(e), let spec = requireSpecifier(of: e, args) {
                return .module(spec, [])
            }
            if case .identifier = tree[tree.unwrap(callee)], Self.interopHelpers.contains(tree.name(of: tree.unwrap(callee))),
               let first = tree.list(args).first {
                return origin(first, budget: &budget)
            }
            return nil
        case .await(let argument):
            if case .importExpression(let source, _) = tree[tree.unwrap(argument)], let spec = literalString(source) {
                return .module(spec, [])
            }
            return nil
        default:
            return nil
        }
    }

    func origin(ofBinding b: BindingID, budget: inout Int) -> Origin? {
        let binding = self.binding(b)
        switch binding.kind {
        case .import, .importEquals:
            guard let (spec, path) = importOf(b) else { return nil }
            return .module(spec, path)
        case .var, .let, .const, .using:
            guard let v = constantValue(of: b) else { return nil }
            guard let base = origin(v.expression, budget: &budget) else {
                // destructured from a local object literal
                guard !v.path.isEmpty, let node = select(v, budget: &budget) else { return nil }
                return origin(node, budget: &budget)
            }
            if v.path.isEmpty { return base }
            switch base {
            case .module(let m, let p): return .module(m, p + v.path)
            case .global(let p): return .global(p + v.path)
            }
        default:
            return nil
        }
    }

    // MARK: - Local values

    /// The local node that produces a binding's value: the function/class/enum/namespace declaration,
    /// or (for a never-reassigned variable) its initializer, looked into when destructured from an object
    /// or array literal. Nil for parameters, imports and anything not statically known.
    public func valueNode(of b: BindingID) -> NodeID? {
        var budget = 32
        return value(ofBinding: b, budget: &budget)
    }

    /// The local node an expression evaluates to, through constant aliases and static properties of
    /// object literals (`const api = { list }; api.list` gives the `list` function). The expression
    /// itself when it is not a name or member chain; nil when it cannot be known.
    public func valueNode(for expr: NodeID) -> NodeID? {
        var budget = 32
        return value(expr, budget: &budget)
    }

    func value(ofBinding b: BindingID, budget: inout Int) -> NodeID? {
        let binding = self.binding(b)
        switch binding.kind {
        case .function, .class, .tsEnum, .tsNamespace:
            return binding.declaration
        case .functionExpressionName, .classExpressionName:
            return binding.declaration
        case .var, .let, .const, .using:
            guard let v = constantValue(of: b), let node = select(v, budget: &budget) else { return nil }
            return value(node, budget: &budget)
        default:
            return nil
        }
    }

    /// The expression a destructuring path selects from a local literal: `{ a: x }` with path ["a"] gives `x`.
    func select(_ v: BindingInitializer, budget: inout Int) -> NodeID? {
        var node = v.expression
        for key in v.path {
            guard let base = value(node, budget: &budget), let next = staticMember(of: base, key) else { return nil }
            node = next
        }
        return node
    }

    func value(_ expr: NodeID, budget: inout Int) -> NodeID? {
        guard budget > 0 else { return nil }
        budget -= 1
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .identifier:
            guard let b = binding(for: e) else { return nil }
            return value(ofBinding: b, budget: &budget)
        case .member(let object, _, _, _):
            guard let key = memberName(e), let base = value(object, budget: &budget) else { return nil }
            return staticMember(of: base, key).flatMap { value($0, budget: &budget) }
        default:
            return e
        }
    }

    /// The value of a non-computed property of an object literal, an array element by index, or a static
    /// method of a class.
    public func staticMember(of node: NodeID, _ key: String) -> NodeID? {
        switch tree[node] {
        case .objectExpression(let properties):
            var found: NodeID?
            for p in tree.list(properties) {
                switch tree[p] {
                case .property(let k, let v, let kind, let flags):
                    if flags.contains(.computed) {
                        if literalString(k) == key { found = kind == .initializer ? v : nil }
                        continue
                    }
                    if propertyName(k) == key { found = kind == .initializer ? v : nil }
                case .spreadElement:
                    found = nil
                default:
                    continue
                }
            }
            return found
        case .arrayExpression(let elements):
            guard let i = Int(key), i >= 0 else { return nil }
            let list = tree.list(elements)
            guard i < list.count else { return nil }
            let el = list[list.startIndex + i]
            if case .spreadElement = tree[el] { return nil }
            return el
        case .classDeclaration(_, _, _, _, _, _, let body, _), .classExpression(_, _, _, _, _, _, let body, _):
            guard case .classBody(let members) = tree[body] else { return nil }
            for m in tree.list(members) {
                if case .methodDefinition(_, let k, let v, .method, let modifiers) = tree[m],
                   modifiers.contains(.static), !modifiers.contains(.computed), propertyName(k) == key {
                    return v
                }
            }
            return nil
        default:
            return nil
        }
    }
}

extension ExternalSymbol {
    /// Node builtins lose their `node:` prefix; bare specifiers treat a default import / leading
    /// `.default` as the module object.
    static func normalised(specifier: String, path: [String]) -> ExternalSymbol {
        var module = specifier
        if module.hasPrefix("node:") { module.removeFirst(5) }
        var p = path
        let relative = specifier.hasPrefix(".") || specifier.hasPrefix("/")
        if !relative, p.first == "default" { p.removeFirst() }
        return ExternalSymbol(module: module, path: p)
    }
}
